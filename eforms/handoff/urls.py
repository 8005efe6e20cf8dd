from django.urls import path

from . import views

app_name = "handoff"
urlpatterns = [
    path("tep/<str:token>/", views.attachment, name="attachment"),
]
