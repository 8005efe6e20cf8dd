"""Postal operators: the interface (``base``), the registry, the protocol
(``protocol``: JSON shapes, S10 item codes, HMAC-SHA256 callbacks), the
in-process sandbox and the HTTP client of a real operator."""
