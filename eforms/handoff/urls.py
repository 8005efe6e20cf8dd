from django.urls import path

from eforms.handoff import views

app_name = "handoff"
urlpatterns = [
    path("tep/<str:token>/", views.attachment, name="attachment"),
]
