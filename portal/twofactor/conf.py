"""Two-factor settings with their defaults (override in settings)."""
from django.conf import settings

from .ratelimit import FailureCounter


def protected_paths():
    return tuple(getattr(settings, "TWOFACTOR_PROTECTED_PATHS", ("/admin/", "/can-bo/", "/django-admin/")))


def exempt_paths():
    """Paths under a protected prefix that a half-logged-in user may reach."""
    return tuple(
        getattr(settings, "TWOFACTOR_EXEMPT_PATHS", ("/admin/logout/", "/django-admin/logout/", "/admin/jsi18n/"))
    )


def login_limit():
    """Wrong passwords per (IP, user name), and per IP whatever the name."""
    limit, window = getattr(settings, "TWOFACTOR_LOGIN_RATE", (5, 900))
    ip_limit, ip_window = getattr(settings, "TWOFACTOR_LOGIN_IP_RATE", (50, 900))
    return FailureCounter("login", limit, window), FailureCounter("login-ip", ip_limit, ip_window)


def verify_limit():
    """Wrong second-factor codes per user (django-otp also throttles per device)."""
    limit, window = getattr(settings, "TWOFACTOR_VERIFY_RATE", (10, 900))
    return FailureCounter("verify", limit, window)


BACKUP_CODE_COUNT = 10
STATIC_DEVICE_NAME = "Mã dự phòng"
TOTP_DEVICE_NAME = "Ứng dụng xác thực"
# Session keys.
FRESH_CODES_SESSION_KEY = "twofactor_fresh_backup_codes"
