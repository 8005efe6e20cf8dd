"""HTTP gateways: POST the protocol payload as JSON to a provider.

SMS: ``SMS_GATEWAY_URL`` receives the brandname-SMS body
(``{to, brandname, message, request_id}``) with the API key in the
``Authorization: Bearer`` and ``X-API-Key`` headers.
Zalo: ``ZALO_ZNS_URL`` (Zalo's ``/message/template`` endpoint) receives
``{phone, template_id, template_data, tracking_id}`` with the OA access
token in the ``access_token`` header, as Zalo's API expects.

2xx is success; 4xx (except 408 and 429) is a permanent failure; any other
answer or a network error is retried later.
"""

import requests
import structlog
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from eforms.notifications.base import GatewayError, SendResult, SMSGateway, ZaloGateway
from eforms.notifications.registry import register_sms, register_zalo

log = structlog.get_logger(__name__)
RETRYABLE_4XX = {408, 425, 429}


def post_json(url, payload, headers, timeout):
    try:
        response = requests.post(url, json=payload, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        raise GatewayError(f"{type(exc).__name__}: {exc}", retryable=True) from exc
    if 200 <= response.status_code < 300:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {"body": body}
        return body
    retryable = response.status_code >= 500 or response.status_code in RETRYABLE_4XX
    raise GatewayError(f"HTTP {response.status_code}: {response.text[:300]}", retryable=retryable)


def _message_id(body):
    data = body.get("data") if isinstance(body.get("data"), dict) else {}
    for source in (body, data):
        for key in ("message_id", "msg_id", "id"):
            if source.get(key):
                return str(source[key])
    return ""


@register_sms("http")
class HttpSMSGateway(SMSGateway):
    def __init__(self):
        self.url = getattr(settings, "SMS_GATEWAY_URL", "")
        self.key = getattr(settings, "SMS_GATEWAY_KEY", "")
        self.timeout = getattr(settings, "NOTIFICATION_HTTP_TIMEOUT", 10)
        if not self.url:
            raise ImproperlyConfigured("NOTIFICATION_SMS_BACKEND=http needs SMS_GATEWAY_URL")

    def send_sms(self, message):
        headers = {"Authorization": f"Bearer {self.key}", "X-API-Key": self.key}
        body = post_json(self.url, message.payload(), headers, self.timeout)
        log.info("sms_http_sent", request_id=message.request_id)
        return SendResult(provider_message_id=_message_id(body), raw=body)


@register_zalo("http")
class HttpZaloGateway(ZaloGateway):
    def __init__(self):
        self.url = getattr(settings, "ZALO_ZNS_URL", "")
        self.token = getattr(settings, "ZALO_ZNS_ACCESS_TOKEN", "")
        self.timeout = getattr(settings, "NOTIFICATION_HTTP_TIMEOUT", 10)
        if not self.url:
            raise ImproperlyConfigured("NOTIFICATION_ZALO_BACKEND=http needs ZALO_ZNS_URL")

    def send_zns(self, message):
        body = post_json(self.url, message.payload(), {"access_token": self.token}, self.timeout)
        # Zalo answers 200 with {"error": <non-zero>, "message": ...} on failure.
        error = body.get("error")
        if error not in (None, 0, "0"):
            raise GatewayError(f"Zalo error {error}: {body.get('message', '')}", retryable=False)
        log.info("zalo_http_sent", tracking_id=message.tracking_id)
        return SendResult(provider_message_id=_message_id(body), raw=body)
