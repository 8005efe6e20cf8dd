"""Settings for ``make run`` on a developer's machine: embedded defaults."""

from .base import *  # noqa: F403
from .env import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
# ``make run`` serves collected static files through WhiteNoise, as in
# production; when DEBUG is on, WhiteNoise also finds files not collected yet.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Citizen sign-in: the sandbox identity provider at /sandbox-idp/ (CITIZEN_OIDC_SANDBOX=0 turns it off)
globals().update(citizen_settings(VAR_DIR, PORTAL_BASE_URL, SECRET_KEY, sandbox_default=True))  # noqa: F405

# National portal: the sandbox receiver at /dvcqg-sandbox/ (NATIONAL_PORTAL_SANDBOX=0 turns it off)
globals().update(national_settings(PORTAL_BASE_URL, SECRET_KEY, sandbox_default=True))  # noqa: F405
