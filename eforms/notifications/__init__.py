"""Applicant notifications: e-mail, SMS and Zalo (ZNS) on every status change.

``services.notify_status_change(dossier, change)`` is the entry point; the
gateways for SMS and Zalo are plugins (``base.py``, ``registry.py``, one
module per implementation, ``sandbox.py`` writing protocol-shaped JSON files).
"""
