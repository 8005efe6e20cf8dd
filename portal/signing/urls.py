from django.urls import path

from portal.signing import views

app_name = "signing"

urlpatterns = [
    path("xac-thuc-van-ban/", views.verify, name="verify"),
]
