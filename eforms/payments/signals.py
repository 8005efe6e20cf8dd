"""Signals of payments."""

from django.dispatch import Signal

payment_confirmed = Signal()
"""Sent with ``dossier=`` and ``transaction=`` after the payment of a
dossier is confirmed and committed (the receipt e-mail listens)."""

payment_window_closing = Signal()
"""Sent with ``dossier=`` and ``change=`` (the "Nhắc thanh toán" history row)
inside the transaction that records the warning; the ``eforms`` app wires
it to the notifications (``notify_receiver``), which send after commit."""
