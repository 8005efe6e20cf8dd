"""``/phan-anh-kien-nghi/`` (mounted by portal/urls.py)."""

from django.urls import path

from eforms.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("tra-cuu/", views.status, name="status"),
    path("tra-loi/", views.answers, name="answers"),
    path("tra-loi/<str:code>/", views.answer_detail, name="answer_detail"),
]
