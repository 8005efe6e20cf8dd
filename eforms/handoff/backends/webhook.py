"""POST the dossier as JSON to an agency's back-office system.

Headers: ``X-Portal-Signature: sha256=<hex HMAC-SHA256 of the body>`` with
the target's secret (from the environment variable the target names),
``X-Portal-Timestamp`` (Unix seconds; also ``sent_at`` in the signed body)
and ``X-Portal-Delivery-Id`` (the branch's uuid, the same on every retry:
the receiver drops duplicates by it). Any answer but 2xx is a failure and
is retried; redirects are not followed.
"""

import hashlib
import hmac
import json
import os
import time

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _

from eforms.handoff.backends.base import BaseBackend, DeliveryError
from eforms.handoff.backends.registry import register
from eforms.handoff.constants import BackendKind
from eforms.handoff.payload import build_payload
from eforms.handoff.validators import validate_webhook_url

EXCERPT_CHARS = 500
USER_AGENT = "portal-handoff/1"


def sign(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode_body(payload):
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True).encode("utf-8")


@register
class WebhookBackend(BaseBackend):
    identifier = BackendKind.WEBHOOK.value
    label = _("Webhook HTTP")

    def deliver(self, handoff):
        target = getattr(handoff.agency, "handoff_target", None)
        if target is None or not target.webhook_url:
            raise DeliveryError("webhook target not configured")
        try:
            validate_webhook_url(target.webhook_url)
        except ValidationError as exc:
            raise DeliveryError(f"invalid webhook URL: {'; '.join(exc.messages)}") from None
        secret = os.environ.get(target.webhook_secret_env or "", "") if target.webhook_secret_env else ""
        if not target.webhook_secret_env or not secret:
            raise DeliveryError(f"signing secret {target.webhook_secret_env or '(none)'} is not set")

        body = encode_body(build_payload(handoff))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Portal-Delivery-Id": str(handoff.uuid),
            "X-Portal-Timestamp": str(int(time.time())),
            "X-Portal-Signature": sign(body, secret),
        }
        timeout = settings.HANDOFF_WEBHOOK_TIMEOUT
        try:
            response = requests.post(
                target.webhook_url,
                data=body,
                headers=headers,
                timeout=(min(5, timeout), timeout),
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from None
        excerpt = response.text[:EXCERPT_CHARS]
        if not 200 <= response.status_code < 300:
            raise DeliveryError(
                f"HTTP {response.status_code}", status_code=response.status_code, response_excerpt=excerpt
            )
        return {
            "backend": self.identifier,
            "url": target.webhook_url,
            "status_code": response.status_code,
            "response_excerpt": excerpt,
            "elapsed_ms": int(response.elapsed.total_seconds() * 1000),
        }
