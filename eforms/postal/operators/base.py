"""The interface every postal operator implements."""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


class OperatorError(Exception):
    """The operator could not be reached or refused; ``retryable`` says
    whether the outbox should try again (a timeout: yes; a refused address:
    no)."""

    def __init__(self, message, *, retryable=True):
        super().__init__(message)
        self.retryable = retryable


@dataclass
class OrderRequest:
    """A parcel to carry: ``order_ref`` is our idempotency key (the same on
    every retry); ``service`` ``pickup`` (from the citizen to the center) or
    ``delivery`` (from the center to the citizen)."""

    order_ref: str
    service: str
    dossier_code: str
    sender: dict
    receiver: dict
    weight_g: int
    note: str = ""


@dataclass
class OrderResult:
    item_code: str
    fee_vnd: int
    status: str
    created: bool = True


@dataclass
class TrackingEvent:
    event_id: str
    item_code: str
    status: str
    occurred_at: object
    location: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)


class PostalOperator(ABC):
    name = ""
    label = ""
    sandbox = False

    @abstractmethod
    def quote(self, *, from_province, to_province, weight_g):
        """The postage in đồng of one parcel (an int)."""

    @abstractmethod
    def create_order(self, request):
        """Create the parcel; an ``OrderResult``. Creating the same
        ``order_ref`` again answers the parcel already made."""

    @abstractmethod
    def get_tracking(self, item_code):
        """The parcel's ``TrackingEvent`` list, oldest first."""

    @abstractmethod
    def verify_callback(self, body, headers, *, now=None):
        """Check a status callback's signature and freshness and parse it:
        ``(TrackingEvent, nonce)``; raises ``protocol.CallbackRejected``."""
