"""Private storage for dossiers: never served from a public URL."""

import secrets

from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files. ``url()`` refuses: these files are only served
    through views that check permission and scope (FileSystemStorage would
    otherwise fall back to ``MEDIA_URL``)."""

    def url(self, name):
        raise ValueError("private files have no public URL; serve them through a permission-checking view")


def private_storage():
    return storages["private"]


def random_upload_path(instance, filename):
    """Random name, no trace of the uploaded file name (kept in the row)."""
    now = timezone.now()
    return f"dossiers/{now:%Y/%m}/{secrets.token_hex(16)}"
