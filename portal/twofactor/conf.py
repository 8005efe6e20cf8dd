"""Two-factor settings with their defaults (override in settings)."""

from django.conf import settings


def protected_paths():
    return tuple(getattr(settings, "TWOFACTOR_PROTECTED_PATHS", ("/admin/", "/can-bo/", "/django-admin/")))


def exempt_paths():
    """Paths under a protected prefix that a half-logged-in user may reach."""
    return tuple(
        getattr(settings, "TWOFACTOR_EXEMPT_PATHS", ("/admin/logout/", "/django-admin/logout/", "/admin/jsi18n/"))
    )


# Rate-limit scopes (portal.ratelimit; limits in settings.RATE_LIMITS).
LOGIN_SCOPE = "twofactor_login"  # wrong passwords per (address, user name)
LOGIN_IP_SCOPE = "twofactor_login_ip"  # wrong passwords per address, any name
VERIFY_SCOPE = "twofactor_verify"  # wrong second-factor codes per user (django-otp also throttles per device)

BACKUP_CODE_COUNT = 10
STATIC_DEVICE_NAME = "Mã dự phòng"
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
# Session keys.
FRESH_CODES_SESSION_KEY = "twofactor_fresh_backup_codes"
