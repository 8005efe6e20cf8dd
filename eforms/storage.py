"""Private storage for dossiers: never served from a public URL."""
import secrets

from django.core.files.storage import storages
from django.utils import timezone


def private_storage():
    return storages["private"]


def random_upload_path(instance, filename):
    """Random name, no trace of the uploaded file name (kept in the row)."""
    now = timezone.now()
    return f"dossiers/{now:%Y/%m}/{secrets.token_hex(16)}"
