"""Settings for the test suite. Services come from the same env vars as in
production, so the suite runs on the embedded stack or on PostgreSQL, Redis and
RabbitMQ unchanged."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="portal-test-var-"))

from .base import *  # noqa: F403
from .env import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY", "test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
ALLOWED_HOSTS = ["*"]
# Unit tests run Celery eagerly unless they start a real worker themselves;
# a worker process started by a test gets CELERY_TASK_ALWAYS_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = env("CELERY_TASK_ALWAYS_EAGER", "1").strip().lower() in {"1", "true", "yes", "on"}
CELERY_TASK_EAGER_PROPAGATES = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
TEST_VAR_DIR = Path(os.environ["PORTAL_VAR_DIR"])
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: tests that start a real Celery worker share it.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(TEST_VAR_DIR / "test-db.sqlite3")  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

if WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] != "search.backends.database":  # noqa: F405
    # Tests wipe and rebuild their indices (tests/search/index_sync.py): never
    # those of a developer's portal on the same node.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = env("SEARCH_TEST_INDEX_PREFIX", "portal_test") + "_"  # noqa: F405

# Citizen sign-in: the sandbox identity provider at /sandbox-idp/ (tests point the issuer at the live server)
globals().update(citizen_settings(VAR_DIR, PORTAL_BASE_URL, SECRET_KEY, sandbox_default=True))  # noqa: F405

# National portal: the sandbox receiver on; pushes go to http://testserver (the
# national tests mount an in-process transport there, nothing else is reached)
globals().update(national_settings("http://testserver", SECRET_KEY, sandbox_default=True))  # noqa: F405
