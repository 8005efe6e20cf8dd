from django.apps import AppConfig


class ThemesConfig(AppConfig):
    """Templates and static files of the base theme and per-province themes.

    Theme directories are added to TEMPLATES/STATICFILES_DIRS by settings
    (``PORTAL_THEME``); this app only carries template tags.
    """

    name = "themes"
    verbose_name = "Giao diện"
