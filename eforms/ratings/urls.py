"""``/danh-gia/`` (included at "" by portal/urls.py)."""

from django.urls import path

from eforms.ratings import views

app_name = "ratings"
urlpatterns = [path("danh-gia/", views.rate, name="rate")]
