"""Signals of the catalogue for the layers above it (content imports
neither search nor eforms; they listen here)."""

from django.dispatch import Signal

#: Sent after procedures were written without per-page signals (bulk import):
#: ``sender`` is the model, ``ids`` the primary keys written.
catalogue_changed = Signal()
