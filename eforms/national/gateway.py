"""``NationalPortalGateway``: what the portal asks of the national portal.

Two operations, both of the LGSP adapter of Cổng Dịch vụ công quốc gia:
``push_status`` (service ``DongBoHoSoMC``: one dossier record, its status
and dates) and ``fetch_catalogue`` (service ``LayDanhSachTTHC``: the
procedure records of the national procedure database). ``HttpGateway``
(``lgsp.py``) speaks it over HTTPS; the sandbox receiver (``sandbox/``)
answers the same requests. A failure raises ``GatewayError`` saying whether
trying again may help.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """A push or a fetch that failed; ``retryable`` False: the same request
    will never succeed (the portal refused the data)."""

    def __init__(self, message, *, retryable=True, response=""):
        super().__init__(message)
        self.retryable = retryable
        self.response = response


@dataclass(frozen=True)
class PushResult:
    duplicate: bool  # the portal had already received this idempotency key
    response: str  # its answer, as text (kept on the row)


class NationalPortalGateway:
    """The interface. Implementations must be safe to call again with the same
    idempotency key: the receiving side recognises a repeat."""

    name = "base"

    def configured(self):
        """``(ok, why_not)``: whether the settings this gateway needs are set."""
        raise NotImplementedError

    def push_status(self, record, idempotency_key, *, is_update):
        """Send one dossier record; ``PushResult`` or ``GatewayError``."""
        raise NotImplementedError

    def fetch_catalogue(self):
        """The national procedure records (a list of dicts) or ``GatewayError``."""
        raise NotImplementedError


def sync_enabled():
    """The status push is on when there is somewhere to push to."""
    return bool(settings.NATIONAL_PORTAL_URL)


def get_gateway():
    return import_string(getattr(settings, "NATIONAL_PORTAL_GATEWAY", "eforms.national.lgsp.HttpGateway"))()
