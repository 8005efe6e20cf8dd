"""The interface every payment provider implements."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass
class Notification:
    """A provider's verified message about one transaction."""

    valid_signature: bool
    txn_ref: str = ""
    amount_vnd: int | None = None
    success: bool = False
    response_code: str = ""
    provider_txn_no: str = ""
    bank_code: str = ""
    raw: dict = field(default_factory=dict)


class PaymentProvider(ABC):
    """A payment gateway.

    ``payment_url`` builds the signed redirect for the citizen's browser;
    ``parse_notification`` verifies the signature of what comes back (the
    browser's return and the server-to-server notification); ``ipn_response``
    renders the acknowledgement the gateway expects.
    """

    name = ""
    label = ""

    @abstractmethod
    def payment_url(self, *, txn_ref, amount_vnd, order_info, return_url, client_ip, created_at, expires_at): ...

    @abstractmethod
    def parse_notification(self, params) -> Notification: ...

    @abstractmethod
    def ipn_response(self, outcome):
        """``outcome`` is one of ``confirmed``, ``already_confirmed``,
        ``not_found``, ``invalid_amount``, ``invalid_signature``, ``error``;
        returns a JSON-serialisable dict."""
