"""Signals of payments."""

from django.dispatch import Signal

payment_confirmed = Signal()
"""Sent with ``dossier=`` and ``transaction=`` after the payment of a
dossier is confirmed and committed (the receipt e-mail listens)."""
