"""Phiếu xin lỗi và hẹn lại ngày trả kết quả: for a dossier that is (or is
about to be) late, the officer sets a new date and a reason; the letter is
rendered as PDF, stored privately, e-mailed to the citizen, and the
dossier's due date moves (recorded in its history)."""

import datetime as dt
from functools import partial

import structlog
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.calendar import AFTERNOON
from eforms.dossiers.deadlines import add_working_days, deadline_state
from eforms.dossiers.documents.apology import apology_pdf
from eforms.dossiers.history import record_status
from eforms.dossiers.models import ApologyLetter
from eforms.workspace.services import MAX_REASON_LENGTH, TransitionError, guard, lock, require_text

log = structlog.get_logger(__name__)

SUGGESTED_EXTRA_WORKING_DAYS = 3
APOLOGY_DEADLINES = ("overdue", "soon")


def apology_due(dossier):
    """True when the dossier is late or about to be: the only time a letter
    may be issued."""
    return deadline_state(dossier) in APOLOGY_DEADLINES


def suggested_date(dossier):
    """A first proposal: three working days after today or the current due date."""
    start = max(filter(None, [timezone.now(), dossier.due_at]))
    return timezone.localtime(add_working_days(start, SUGGESTED_EXTRA_WORKING_DAYS)).date()


def issue_apology(dossier, actor, new_date, reason):
    reason = require_text(reason, _("lý do chậm trễ"), MAX_REASON_LENGTH)
    if not isinstance(new_date, dt.date):
        raise TransitionError(_("Ngày hẹn trả mới không hợp lệ."))
    new_due_at = timezone.make_aware(dt.datetime.combine(new_date, AFTERNOON[1]))
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "apology")
        if not apology_due(dossier):
            raise TransitionError(_("Chỉ lập phiếu xin lỗi cho hồ sơ quá hạn hoặc sắp đến hạn."))
        if dossier.due_at and new_due_at <= dossier.due_at:
            raise TransitionError(_("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại."))
        letter = ApologyLetter.objects.create(
            dossier=dossier,
            officer=actor,
            previous_due_at=dossier.due_at,
            new_due_at=new_due_at,
            reason=reason,
            sent_to=dossier.applicant_email,
        )
        letter.pdf.save("apology.pdf", ContentFile(apology_pdf(letter)), save=True)
        dossier.due_at = new_due_at
        note = _("Phiếu xin lỗi và hẹn lại ngày trả kết quả: hẹn trả mới ngày %(date)s. Lý do: %(reason)s") % {
            "date": new_date.strftime("%d/%m/%Y"),
            "reason": reason,
        }
        record_status(dossier, dossier.status, actor=actor, note=note)
        transaction.on_commit(partial(send_apology, letter.pk))
    log.info("apology_issued", dossier=dossier.code, new_due=new_date.isoformat())
    return letter


def send_apology(letter_pk):
    """E-mail the letter to the citizen, once (guarded by ``sent_at``)."""
    with transaction.atomic():
        letter = ApologyLetter.objects.select_for_update().select_related("dossier").get(pk=letter_pk)
        if letter.sent_at is not None or not letter.sent_to:
            return False
        dossier = letter.dossier
        message = EmailMessage(
            subject=_("[%(code)s] Phiếu xin lỗi và hẹn lại ngày trả kết quả") % {"code": dossier.code},
            body=_(
                "Kính gửi Ông/Bà %(name)s,\n\n"
                "Hồ sơ %(code)s (%(procedure)s) chưa được giải quyết đúng hạn. Cơ quan xin lỗi Ông/Bà "
                "và hẹn trả kết quả vào ngày %(date)s.\n\nLý do: %(reason)s\n\n"
                "Phiếu xin lỗi đính kèm thư này.\n"
            )
            % {
                "name": dossier.applicant_name,
                "code": dossier.code,
                "procedure": dossier.procedure_name,
                "date": timezone.localtime(letter.new_due_at).strftime("%d/%m/%Y"),
                "reason": letter.reason,
            },
            to=[letter.sent_to],
        )
        with letter.pdf.open("rb") as handle:
            message.attach(f"phieu-xin-loi-{dossier.code}.pdf", handle.read(), "application/pdf")
        message.send()
        letter.sent_at = timezone.now()
        letter.save(update_fields=["sent_at"])
    log.info("apology_sent", dossier=dossier.code)
    return True
