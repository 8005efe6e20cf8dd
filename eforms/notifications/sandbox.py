"""Sandbox gateways: each message becomes a JSON file under the outbox.

``OUTBOX_DIR/sms/<request_id>.json`` and ``OUTBOX_DIR/zalo/<tracking_id>.json``
hold exactly the body the real provider would receive, so that a developer
(or a test) can read what would have been sent.
"""

import json
import os
import tempfile
from pathlib import Path

import structlog
from django.conf import settings

from eforms.notifications.base import SendResult, SMSGateway, ZaloGateway
from eforms.notifications.registry import register_sms, register_zalo

log = structlog.get_logger(__name__)


def _write(kind, name, payload):
    directory = Path(settings.OUTBOX_DIR) / kind
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{name}.json"
    # Write then rename: a reader never sees half a message.
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, target)
    return target


@register_sms("sandbox")
class SandboxSMSGateway(SMSGateway):
    def send_sms(self, message):
        path = _write("sms", message.request_id, message.payload())
        log.info("sms_sandbox_written", request_id=message.request_id, path=str(path))
        return SendResult(provider_message_id=f"sandbox-{message.request_id}", raw={"path": str(path)})


@register_zalo("sandbox")
class SandboxZaloGateway(ZaloGateway):
    def send_zns(self, message):
        path = _write("zalo", message.tracking_id, message.payload())
        log.info("zalo_sandbox_written", tracking_id=message.tracking_id, path=str(path))
        return SendResult(provider_message_id=f"sandbox-{message.tracking_id}", raw={"path": str(path)})
