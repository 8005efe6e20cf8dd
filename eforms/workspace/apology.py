"""Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): for a dossier that
will not be finished in time, the officer sets a new date and a reason; the
letter is rendered as PDF, stored privately and e-mailed to the citizen.

The rules (Decree 61/2018/NĐ-CP art. 16 as amended):

- only while the dossier is not yet late, and at least one working day
  before its due date;
- once per dossier: a second re-scheduling needs a leader's approval, which
  this portal does not record yet, so it is refused with a message saying so;
- the ORIGINAL due date (``due_at``) never changes: the promised date is
  ``rescheduled_due_at``, and a dossier finished after ``due_at`` is late
  whatever letter was sent."""

import datetime as dt
from functools import partial

import structlog
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.calendar import AFTERNOON
from eforms.dossiers.deadlines import OPEN_STATUSES, add_working_days, working_days_between
from eforms.dossiers.documents.apology import apology_pdf
from eforms.dossiers.history import record_status
from eforms.dossiers.models import ApologyLetter
from eforms.workspace.services import MAX_REASON_LENGTH, TransitionError, guard, lock, require_text

log = structlog.get_logger(__name__)

SUGGESTED_EXTRA_WORKING_DAYS = 3
MIN_WORKING_DAYS_BEFORE_DUE = 1


def apology_refusal(dossier, now=None):
    """Why no letter may be issued now, in Vietnamese, or None when one may."""
    now = now or timezone.now()
    if dossier.apology_letters.exists():
        return _(
            "Hồ sơ %(code)s đã có phiếu xin lỗi và hẹn lại ngày trả kết quả. Mỗi hồ sơ chỉ được hẹn lại một lần; "
            "hẹn lại lần nữa phải được lãnh đạo cơ quan phê duyệt — vui lòng báo cáo lãnh đạo."
        ) % {"code": dossier.code}
    if dossier.due_at is None or dossier.status not in OPEN_STATUSES:
        return _("Hồ sơ %(code)s chưa có hạn giải quyết nên không lập phiếu xin lỗi.") % {"code": dossier.code}
    clock = dossier.clock_paused_at or now
    if dossier.due_at <= clock:
        return _(
            "Hồ sơ %(code)s đã quá hạn giải quyết (hẹn trả %(due)s): phiếu xin lỗi phải được gửi chậm nhất "
            "một ngày làm việc trước ngày hẹn trả, nên không thể lập phiếu lúc này. Hồ sơ vẫn được tính là trễ hạn."
        ) % {"code": dossier.code, "due": timezone.localtime(dossier.due_at).strftime("%H:%M ngày %d/%m/%Y")}
    if working_days_between(clock, dossier.due_at) < MIN_WORKING_DAYS_BEFORE_DUE:
        return _(
            "Phiếu xin lỗi phải được gửi chậm nhất một ngày làm việc trước ngày hẹn trả (%(due)s); "
            "hồ sơ %(code)s còn chưa đến một ngày làm việc."
        ) % {"code": dossier.code, "due": timezone.localtime(dossier.due_at).strftime("%H:%M ngày %d/%m/%Y")}
    return None


def apology_due(dossier):
    """True when a letter may be issued now (see ``apology_refusal``)."""
    return apology_refusal(dossier) is None


def suggested_date(dossier):
    """A first proposal: three working days after today or the due date."""
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
        refusal = apology_refusal(dossier)
        if refusal:
            raise TransitionError(refusal)
        if new_due_at <= dossier.due_at:
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
        # The original due date stays: "late" is measured against it.
        dossier.rescheduled_due_at = new_due_at
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
