from django.urls import path

from eforms.national.sandbox import views

app_name = "national_sandbox"
urlpatterns = [
    path("", views.home, name="home"),
    path("auth/", views.auth, name="auth"),
    path("integration/", views.integration, name="integration"),
]
