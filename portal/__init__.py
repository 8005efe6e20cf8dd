"""The Django project of the provincial public-service portal."""

from .celery import app as celery_app

__all__ = ("celery_app",)
