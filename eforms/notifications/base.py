"""Gateway interface for SMS and Zalo (ZNS) messages.

A gateway receives a protocol-shaped message and either returns a
``SendResult`` or raises ``GatewayError``. ``retryable`` tells the caller
whether trying again later can help (network error, 5xx) or not (4xx,
invalid number).
"""

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class SMSMessage:
    """Body of a brandname-SMS API call."""

    to: str  # 84xxxxxxxxx
    brandname: str
    message: str  # at most 160 GSM-7 characters
    request_id: str  # idempotency key for the provider

    def payload(self):
        return asdict(self)


@dataclass(frozen=True)
class ZaloMessage:
    """Body of a Zalo Notification Service (ZNS) template message."""

    phone: str  # 84xxxxxxxxx
    template_id: str
    template_data: dict = field(default_factory=dict)
    tracking_id: str = ""

    def payload(self):
        return asdict(self)


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""
    raw: dict = field(default_factory=dict)


class GatewayError(Exception):
    def __init__(self, message, *, retryable=True):
        super().__init__(message)
        self.retryable = retryable


class SMSGateway(ABC):
    """Sends one SMS. Subclasses register themselves in ``registry``."""

    name = ""

    @abstractmethod
    def send_sms(self, message: SMSMessage) -> SendResult:
        raise NotImplementedError


class ZaloGateway(ABC):
    """Sends one Zalo ZNS template message."""

    name = ""

    @abstractmethod
    def send_zns(self, message: ZaloMessage) -> SendResult:
        raise NotImplementedError
