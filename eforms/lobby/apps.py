from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LobbyConfig(AppConfig):
    """Kiosk, queue tickets (lấy số thứ tự) and the lobby board (issue 15)."""

    name = "eforms.lobby"
    label = "lobby"
    verbose_name = _("Kiosk, số thứ tự và bảng thông tin điện tử")
    default_auto_field = "django.db.models.BigAutoField"
