"""``/can-bo/phan-anh/`` (mounted by portal/urls.py)."""

from django.urls import path

from eforms.feedback import officer_views

app_name = "feedback_officer"
urlpatterns = [
    path("", officer_views.item_list, name="list"),
    path("<uuid:uuid>/", officer_views.detail, name="detail"),
    path("<uuid:uuid>/thao-tac/<slug:name>/", officer_views.action, name="action"),
]
