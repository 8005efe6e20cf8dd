"""What the sandbox does with a request: authenticate, misbehave when told
to, validate, record (once per idempotency key) and answer like the LGSP
adapter (``{"error_code": "00", …}``)."""

import hmac
import time

import structlog
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F

from eforms.national.constants import FaultMode
from eforms.national.models import SandboxFault, SandboxReceipt, SandboxRefusal
from eforms.national.sandbox.feed import catalogue_feed
from eforms.national.sandbox.validation import body_problems, record_problems

log = structlog.get_logger(__name__)
SESSION_SALT = "national-sandbox-session"
SESSION_MAX_AGE = 3600


class Answer:
    """An HTTP status and a JSON body (or raw text for the faults)."""

    def __init__(self, status, body=None, text=None):
        self.status, self.body, self.text = status, body, text


def issue_session(username, password):
    expected_id, expected_secret = settings.NATIONAL_PORTAL_CLIENT_ID, settings.NATIONAL_PORTAL_CLIENT_SECRET
    if not (expected_id and expected_secret):
        return Answer(401, {"error_code": 1, "message": "Sandbox không cấu hình đăng nhập bằng tài khoản kết nối"})
    if not (
        isinstance(username, str)
        and isinstance(password, str)
        and hmac.compare_digest(username, expected_id)
        and hmac.compare_digest(password, expected_secret)
    ):
        log.warning("national_sandbox_auth_refused")
        return Answer(401, {"error_code": 1, "message": "Sai tài khoản hoặc mật khẩu kết nối"})
    return Answer(200, {"error_code": 0, "session": signing.dumps({"u": username}, salt=SESSION_SALT)})


def authorised(token):
    if not token:
        return False
    if settings.NATIONAL_PORTAL_TOKEN and hmac.compare_digest(token, settings.NATIONAL_PORTAL_TOKEN):
        return True
    try:
        signing.loads(token, salt=SESSION_SALT, max_age=SESSION_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def take_fault():
    """The mode of the first fault still to play, one use consumed (or ``None``)."""
    with transaction.atomic():
        fault = SandboxFault.objects.select_for_update().filter(remaining__gt=0).order_by("id").first()
        if fault is None:
            return None
        SandboxFault.objects.filter(pk=fault.pk).update(remaining=F("remaining") - 1)
    log.info("national_sandbox_fault", mode=fault.mode)
    return fault.mode


def refuse(problems, body_text, key=""):
    # what was refused is kept as text; PostgreSQL text cannot hold NUL
    body_text = body_text.replace("\x00", "\\x00")
    problems = [str(problem).replace("\x00", "\\x00") for problem in problems]
    SandboxRefusal.objects.create(
        idempotency_key=str(key).replace("\x00", "")[:64], reasons=problems[:50], body=body_text[:20000]
    )
    log.warning("national_sandbox_refused", reasons=problems[:5])
    return Answer(400, {"error_code": "02", "message": "; ".join(problems[:10]), "errors": problems[:50]})


def _store(record):
    """``True`` when ``record`` was new, ``False`` for a repeat of its key."""
    key = str(record["MaDongBo"])
    try:
        with transaction.atomic():
            SandboxReceipt.objects.create(
                idempotency_key=key,
                unit_code=record["MaDonViTiepNhan"],
                dossier_code=record["MaHoSo"],
                procedure_code=record["MaTTHC"],
                status_code=int(record["TrangThaiHoSo"]),
                sequence=int(record.get("ThuTuThayDoi") or 0),
                payload=record,
            )
    except IntegrityError:
        SandboxReceipt.objects.filter(idempotency_key=key).update(duplicates=F("duplicates") + 1)
        return False
    return True


def sync_dossiers(body, body_text, header_key):
    records = body["data"]
    problems = []
    for position, record in enumerate(records, start=1):
        problems += [f"hồ sơ {position}: {p}" for p in record_problems(record)]
    if header_key and len(records) == 1 and isinstance(records[0], dict):
        if str(records[0].get("MaDongBo")) != header_key:
            problems.append("Idempotency-Key khác MaDongBo")
    if problems:
        return refuse(problems, body_text, header_key)
    new = [_store(record) for record in records]
    log.info("national_sandbox_received", records=len(records), new=sum(new))
    return Answer(
        200,
        {"error_code": "00", "message": "Thành công", "duplicate": not any(new), "received": sum(new)},
    )


def handle(body, body_text, header_key):
    problems = body_problems(body, settings.NATIONAL_PORTAL_UNIT_CODE)
    if problems:
        return refuse(problems, body_text, header_key)
    service = body.get("service")
    if service == "DongBoHoSoMC":
        return sync_dossiers(body, body_text, header_key)
    if service == "LayDanhSachTTHC":
        return Answer(200, {"error_code": "00", "result": catalogue_feed()})
    return refuse([f"service “{str(service)[:40]}” không được hỗ trợ"], body_text, header_key)


def play_fault(mode):
    """What a fault answers instead of the real work (``None``: go on, late)."""
    if mode == FaultMode.ERROR_500:
        return Answer(500, text="Internal Server Error (sandbox)")
    if mode == FaultMode.MALFORMED:
        return Answer(200, text="<html><body>502 Bad Gateway (sandbox)</body></html>")
    if mode == FaultMode.TIMEOUT:
        time.sleep(settings.NATIONAL_SANDBOX_DELAY_SECONDS)
    return None
