"""The online payment window of a full-online dossier (WCAG 2.2.1 Timing
Adjustable): the citizen is warned once before it closes, sees the time
left on the payment page, and may extend it once.

- ``warn_expiring`` (periodic, with the expiry sweep): a dossier still
  unpaid ``PAYMENT_WARNING_MINUTES`` before its deadline gets one history
  row ("Nhắc thanh toán") announced with ``payment_window_closing``; the
  notifications turn it into an SMS and/or e-mail (whichever the citizen
  gave), once per channel. ``DossierFee.payment_warned_at`` makes it once.
- ``extend_window``: the citizen's button moves the deadline by
  ``PAYMENT_EXTENSION_MINUTES``, once (``payment_extended_at``), recorded in
  the history; a second request is refused with ``ExtensionRefused``.
"""

from datetime import timedelta

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.constants import PaymentStatus
from eforms.dossiers.documents.base import moment
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier, DossierFee
from eforms.payments.signals import payment_window_closing

log = structlog.get_logger(__name__)


class ExtensionRefused(Exception):
    """``str()`` is the Vietnamese reason shown to the citizen."""


def warning_lead():
    return timedelta(minutes=getattr(settings, "PAYMENT_WARNING_MINUTES", 10))


def extension_length():
    return timedelta(minutes=getattr(settings, "PAYMENT_EXTENSION_MINUTES", settings.PAYMENT_EXPIRY_MINUTES))


def _fee_record(dossier):
    record, _created = DossierFee.objects.get_or_create(
        dossier=dossier, defaults={"channel": "online", "total_vnd": dossier.fee_vnd}
    )
    return record


def window_state(dossier, now=None):
    """What the payment page shows: ``{"open", "seconds_left", "due_at",
    "can_extend", "extended"}``."""
    now = now or timezone.now()
    due = dossier.payment_due_at
    open_ = dossier.payment_status in (PaymentStatus.PENDING, PaymentStatus.FAILED) and due is not None and due > now
    record = DossierFee.objects.filter(dossier=dossier).first()
    extended = bool(record and record.payment_extended_at)
    return {
        "open": open_,
        "seconds_left": max(0, int((due - now).total_seconds())) if due else 0,
        "minutes_left": max(0, int((due - now).total_seconds()) // 60) if due else 0,
        "due_at": due,
        "can_extend": open_ and not extended,
        "extended": extended,
    }


def warn_expiring(now=None):
    """Warn every unpaid dossier whose window closes within the lead time,
    once. Returns the codes warned."""
    now = now or timezone.now()
    candidates = (
        Dossier.objects.filter(
            payment_status=PaymentStatus.PENDING, payment_due_at__gt=now, payment_due_at__lte=now + warning_lead()
        )
        .exclude(fee_record__payment_warned_at__isnull=False)
        .values_list("pk", flat=True)
    )
    warned = []
    for pk in list(candidates):
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().get(pk=pk)
            record = _fee_record(dossier)
            record = DossierFee.objects.select_for_update().get(pk=record.pk)
            if record.payment_warned_at or dossier.payment_status != PaymentStatus.PENDING:
                continue
            record.payment_warned_at = now
            record.save(update_fields=["payment_warned_at"])
            note = (
                "Nhắc thanh toán: hồ sơ chưa được thanh toán phí, lệ phí trực tuyến; hạn thanh toán đến "
                f"{moment(dossier.payment_due_at)}."
            )
            if not record.payment_extended_at:
                note += " Ông/Bà có thể gia hạn một lần trên trang thanh toán."
            change = record_status(dossier, dossier.status, actor_label="Hệ thống", note=note, at=now)
            payment_window_closing.send(sender=Dossier, dossier=dossier, change=change)
            warned.append(dossier.code)
    if warned:
        log.info("payment_window_warned", count=len(warned))
    return warned


def extend_window(dossier_pk, now=None):
    """Extend the window of an unpaid dossier once; returns the new
    deadline or raises ``ExtensionRefused``."""
    now = now or timezone.now()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier_pk)
        if dossier.payment_status not in (PaymentStatus.PENDING, PaymentStatus.FAILED):
            raise ExtensionRefused(_("Hồ sơ này không còn chờ thanh toán nên không gia hạn được."))
        if dossier.payment_due_at is None or dossier.payment_due_at <= now:
            raise ExtensionRefused(_("Đã hết thời gian thanh toán; không thể gia hạn."))
        record = DossierFee.objects.select_for_update().get(pk=_fee_record(dossier).pk)
        if record.payment_extended_at:
            raise ExtensionRefused(
                _("Ông/Bà đã gia hạn thời gian thanh toán một lần; mỗi hồ sơ chỉ được gia hạn một lần.")
            )
        dossier.payment_due_at = dossier.payment_due_at + extension_length()
        dossier.save(update_fields=["payment_due_at", "updated_at"])
        record.payment_extended_at = now
        record.save(update_fields=["payment_extended_at"])
        record_status(
            dossier,
            dossier.status,
            actor_label="Công dân",
            note=f"Gia hạn thời gian thanh toán phí, lệ phí đến {moment(dossier.payment_due_at)}",
            at=now,
            save=False,
        )
    log.info("payment_window_extended", dossier=dossier.code, due=dossier.payment_due_at.isoformat())
    return dossier.payment_due_at
