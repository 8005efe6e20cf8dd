"""Production settings: nothing insecure by default, everything from env."""

from portal.logging import formatter as structlog_formatter

from .base import *  # noqa: F403
from .env import env, env_bool, env_list, env_required

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_required(
    "SECRET_KEY",
    "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'",
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# The public postal service is off until an operator is configured (README, "Public postal service").
POSTAL_BACKEND = env("POSTAL_BACKEND", "none")
# One JSON object per log line for the log collector (LOG_FORMAT=console to read by eye).
LOG_FORMAT = env("LOG_FORMAT", "json")
# Documents are signed only with keys the deployment configures (README, "Digital signatures").
DOCUMENT_SIGNING_BACKEND = env("SIGNING_BACKEND", "none")
LOGGING["formatters"]["structured"] = structlog_formatter(LOG_FORMAT)  # noqa: F405
