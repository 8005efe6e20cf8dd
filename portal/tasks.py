"""Site-wide tasks."""

import socket

from celery import shared_task
from django.db import connection
from django.utils import timezone


@shared_task(name="portal.health_check")
def health_check(token=""):
    """Prove a worker is alive and can reach the database; echo ``token``."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {
        "token": token,
        "host": socket.gethostname(),
        "database": connection.vendor,
        "at": timezone.now().isoformat(),
    }
