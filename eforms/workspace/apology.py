"""Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04): for a dossier that
will not be finished in time, the officer sets a new date and a reason; the
letter is rendered as PDF, stored privately and e-mailed to the citizen.

The rules (Decree 61/2018/NĐ-CP art. 16 as amended):

- only while the dossier is not yet late, and at least one working day
  before its due date;
- once per dossier by the officer; a second re-scheduling needs a leader's
  approval: only a leader (lãnh đạo) of the dossier's agency may issue it,
  and the history row records that leader's approval. There is no third;
- the timing rules of a second letter run against the date the first one
  promised (``rescheduled_due_at``);
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
from eforms.dossiers.history import actor_label_for, record_status
from eforms.dossiers.models import ApologyLetter
from eforms.workspace.access import is_leader_of
from eforms.workspace.services import MAX_REASON_LENGTH, TransitionError, guard, lock, require_text

log = structlog.get_logger(__name__)

SUGGESTED_EXTRA_WORKING_DAYS = 3
MIN_WORKING_DAYS_BEFORE_DUE = 1
MAX_LETTERS = 2  # the officer's one, and one more approved by a leader


def promised_due_at(dossier):
    """The date the citizen was last promised: the re-scheduled one when a
    letter was sent, else the original due date."""
    return dossier.rescheduled_due_at or dossier.due_at


def apology_refusal(dossier, now=None, actor=None):
    """Why ``actor`` may not issue a letter now, in Vietnamese, or None when
    they may. ``actor`` None asks about the officer's first letter only."""
    now = now or timezone.now()
    letters = dossier.apology_letters.count()
    if letters >= MAX_LETTERS:
        return _(
            "Hồ sơ %(code)s đã được hẹn lại ngày trả kết quả hai lần (lần thứ hai do lãnh đạo phê duyệt); "
            "không thể hẹn lại thêm."
        ) % {"code": dossier.code}
    if letters and not is_leader_of(actor, dossier.agency):
        return _(
            "Hồ sơ %(code)s đã có phiếu xin lỗi và hẹn lại ngày trả kết quả. Mỗi hồ sơ chỉ được hẹn lại một lần; "
            "hẹn lại lần nữa phải được lãnh đạo cơ quan phê duyệt — vui lòng báo cáo lãnh đạo: lãnh đạo lập phiếu "
            "thứ hai tại trang này và việc phê duyệt được ghi vào lịch sử hồ sơ."
        ) % {"code": dossier.code}
    due = promised_due_at(dossier)
    if due is None or dossier.status not in OPEN_STATUSES:
        return _("Hồ sơ %(code)s chưa có hạn giải quyết nên không lập phiếu xin lỗi.") % {"code": dossier.code}
    clock = dossier.clock_paused_at or now
    when = timezone.localtime(due).strftime("%H:%M ngày %d/%m/%Y")
    if due <= clock:
        return _(
            "Hồ sơ %(code)s đã quá hạn giải quyết (hẹn trả %(due)s): phiếu xin lỗi phải được gửi chậm nhất "
            "một ngày làm việc trước ngày hẹn trả, nên không thể lập phiếu lúc này. Hồ sơ vẫn được tính là trễ hạn."
        ) % {"code": dossier.code, "due": when}
    if working_days_between(clock, due) < MIN_WORKING_DAYS_BEFORE_DUE:
        return _(
            "Phiếu xin lỗi phải được gửi chậm nhất một ngày làm việc trước ngày hẹn trả (%(due)s); "
            "hồ sơ %(code)s còn chưa đến một ngày làm việc."
        ) % {"code": dossier.code, "due": when}
    return None


def apology_due(dossier, actor=None):
    """True when ``actor`` may issue a letter now (see ``apology_refusal``)."""
    return apology_refusal(dossier, actor=actor) is None


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
        refusal = apology_refusal(dossier, actor=actor)
        if refusal:
            raise TransitionError(refusal)
        previous = promised_due_at(dossier)
        if new_due_at <= previous:
            raise TransitionError(_("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại."))
        second = dossier.apology_letters.exists()
        letter = ApologyLetter.objects.create(
            dossier=dossier,
            officer=actor,
            previous_due_at=previous,
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
        if second:
            note = (
                _("Lãnh đạo %(leader)s phê duyệt hẹn lại ngày trả kết quả lần thứ hai.")
                % {"leader": actor_label_for(actor)}
                + " "
                + note
            )
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
