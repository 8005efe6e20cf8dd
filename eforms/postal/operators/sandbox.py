"""The sandbox operator: the protocol's requests and answers, served
in-process by ``sandbox_server`` (the same code answers over HTTP at
``/sandbox/buu-chinh/api/``). ``make run`` and the tests use it."""

import json

from django.utils.translation import gettext_lazy as _

from eforms.postal.operators import client, sandbox_server
from eforms.postal.operators.base import PostalOperator
from eforms.postal.operators.protocol import SignedCallbacks
from eforms.postal.operators.registry import register


def _wire(payload):
    """Through JSON and back, as over the wire (no Python object leaks)."""
    return json.loads(json.dumps(payload, ensure_ascii=False))


@register
class SandboxOperator(SignedCallbacks, PostalOperator):
    name = "sandbox"
    label = _("Bưu điện thử nghiệm (sandbox)")
    sandbox = True

    def quote(self, *, from_province, to_province, weight_g):
        return client.fee_result(*sandbox_server.fees(_wire(client.fee_payload(from_province, to_province, weight_g))))

    def create_order(self, request):
        return client.order_result(*sandbox_server.create(_wire(client.order_payload(request))))

    def get_tracking(self, item_code):
        return client.tracking_result(*sandbox_server.tracking(item_code))
