"""Values every page template needs: the province and the center."""
from django.conf import settings


def portal(request):
    return {
        "portal": {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "province_name": settings.PORTAL_PROVINCE_NAME,
            "center_name": settings.PORTAL_CENTER_NAME,
            "center_address": settings.PORTAL_CENTER_ADDRESS,
            "hotline": settings.PORTAL_HOTLINE,
            "email": settings.PORTAL_EMAIL,
            "theme": settings.PORTAL_THEME,
        }
    }
