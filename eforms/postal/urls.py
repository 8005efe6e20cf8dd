from django.urls import path

from eforms.postal import views

app_name = "postal"

urlpatterns = [
    path("trang-thai/", views.status_callback, name="callback"),
]
