"""Mounted at ``/sandbox/buu-chinh/`` only when ``POSTAL_BACKEND=sandbox``."""

from django.urls import path

from eforms.postal import views

app_name = "postal_sandbox"

urlpatterns = [
    path("", views.sandbox_console, name="console"),
    path("api/orders", views.sandbox_create, name="create"),
    path("api/fees", views.sandbox_fees, name="fees"),
    path("api/orders/<str:item_code>/tracking", views.sandbox_tracking, name="tracking"),
]
