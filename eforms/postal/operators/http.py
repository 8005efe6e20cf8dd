"""A real operator over HTTPS: the protocol's JSON to ``POSTAL_API_URL``
with ``X-Api-Key: POSTAL_API_KEY``; a timeout or a 5xx is retryable."""

import json
import urllib.error
import urllib.request
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from eforms.postal.operators import client
from eforms.postal.operators.base import OperatorError, PostalOperator
from eforms.postal.operators.protocol import SignedCallbacks
from eforms.postal.operators.registry import register

MAX_ANSWER_BYTES = 256 * 1024


@register
class HttpOperator(SignedCallbacks, PostalOperator):
    name = "http"
    label = _("Doanh nghiệp bưu chính (API)")

    def _call(self, method, path, payload=None):
        base = settings.POSTAL_API_URL.rstrip("/")
        if not base or not settings.POSTAL_API_KEY:
            raise ImproperlyConfigured("POSTAL_BACKEND=http needs POSTAL_API_URL and POSTAL_API_KEY")
        data = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else None
        request = urllib.request.Request(
            base + path,
            data=data,
            method=method,
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-Api-Key": settings.POSTAL_API_KEY,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.POSTAL_HTTP_TIMEOUT) as response:
                status, raw = response.status, response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read(MAX_ANSWER_BYTES)
        except (TimeoutError, urllib.error.URLError, OSError) as error:
            raise OperatorError(f"{type(error).__name__}: {error}", retryable=True) from error
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise OperatorError(f"HTTP {status}: not JSON", retryable=status >= 500) from None
        return status, answer

    def quote(self, *, from_province, to_province, weight_g):
        return client.fee_result(*self._call("POST", "/fees", client.fee_payload(from_province, to_province, weight_g)))

    def create_order(self, request):
        return client.order_result(*self._call("POST", "/orders", client.order_payload(request)))

    def get_tracking(self, item_code):
        return client.tracking_result(*self._call("GET", f"/orders/{quote(item_code)}/tracking"))
