"""One status change of one dossier: rows for the notification outbox."""

from ..notifications.conftest import dossier, procedure, supplement_change  # noqa: F401
