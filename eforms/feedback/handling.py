"""What officers and leaders do with an item, each step one transaction on
the locked row with its history row:

mới tiếp nhận → đang xử lý (a draft answer saved) → chờ duyệt (sent to the
leader) → đã trả lời (approved by a leader of the agency; the sender is
notified) → công khai (a scrubbed public version, moderated by the leader);
a leader may return the draft (→ đang xử lý); an open item may be refused
(không thụ lý, with its reason, the sender notified)."""

import structlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.text import fold
from eforms.feedback import notify
from eforms.feedback.access import can_approve
from eforms.feedback.constants import FeedbackState
from eforms.feedback.models import Feedback, FeedbackEvent, FeedbackNote
from eforms.feedback.text import scrub

log = structlog.get_logger(__name__)
S = FeedbackState


class NotAllowed(Exception):
    """The step is not possible now, or not for this user; ``message`` (Vietnamese) says why."""

    def __init__(self, message, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


def _locked(item):
    return Feedback.objects.select_for_update(of=("self",)).select_related("agency", "dossier").get(pk=item.pk)


def _move(item, to_state, user, note=""):
    FeedbackEvent.objects.create(feedback=item, from_state=item.state, to_state=to_state, actor=user, note=note)
    item.state = to_state


def _require(item, states, message):
    if item.state not in states:
        raise NotAllowed(message)


def _leader(user, item):
    if not can_approve(user, item):
        raise NotAllowed(_("Chỉ lãnh đạo của cơ quan xử lý mới được thực hiện thao tác này."), status=403)


def add_note(item, user, text):
    note = FeedbackNote.objects.create(feedback=item, author=user, text=text)
    log.info("feedback_note_added", code=item.code, user=user.pk)
    return note


def save_answer(item, user, text, *, send_for_approval=False):
    """Save the draft answer; with ``send_for_approval`` hand it to the leader."""
    with transaction.atomic():
        item = _locked(item)
        _require(
            item,
            (S.NEW, S.PROCESSING),
            _("Phản ánh đang chờ lãnh đạo duyệt hoặc đã kết thúc; không sửa được dự thảo trả lời."),
        )
        item.answer, item.answer_by = text, user
        if item.state == S.NEW:
            _move(item, S.PROCESSING, user)
        if send_for_approval:
            _move(item, S.AWAITING_APPROVAL, user)
        item.save()
    log.info("feedback_answer_saved", code=item.code, user=user.pk, state=item.state)
    return item


def approve(item, user):
    """The leader approves the answer: "đã trả lời", the sender notified."""
    with transaction.atomic():
        item = _locked(item)
        _leader(user, item)
        _require(item, (S.AWAITING_APPROVAL,), _("Không có dự thảo trả lời đang chờ duyệt."))
        item.approved_by, item.answered_at = user, timezone.now()
        _move(item, S.ANSWERED, user)
        _prefill_public(item)
        item.save()
        notify.answered(item)
    log.info("feedback_answer_approved", code=item.code, user=user.pk, late=item.answered_at > item.due_at)
    return item


def return_answer(item, user, note):
    """The leader sends the draft back to the officers, saying why."""
    with transaction.atomic():
        item = _locked(item)
        _leader(user, item)
        _require(item, (S.AWAITING_APPROVAL,), _("Không có dự thảo trả lời đang chờ duyệt."))
        _move(item, S.PROCESSING, user, note)
        item.save()
    log.info("feedback_answer_returned", code=item.code, user=user.pk)
    return item


def refuse(item, user, reason):
    """Không thụ lý (e.g. not within the decree's scope, anonymous insult):
    closed with its reason, the sender notified."""
    with transaction.atomic():
        item = _locked(item)
        _require(item, (S.NEW, S.PROCESSING), _("Chỉ phản ánh đang xử lý mới có thể chuyển sang không thụ lý."))
        item.refusal_reason = reason
        _move(item, S.REJECTED, user, reason)
        item.save()
        notify.rejected(item)
    log.info("feedback_refused", code=item.code, user=user.pk)
    return item


def assign(item, user, agency):
    """A leader routes an unassigned item to one of their agencies."""
    with transaction.atomic():
        item = _locked(item)
        if item.agency_id is not None:
            raise NotAllowed(_("Phản ánh đã có cơ quan xử lý."))
        _leader(user, item)
        item.agency = agency
        FeedbackEvent.objects.create(
            feedback=item, from_state=item.state, to_state=item.state, actor=user, note=agency.title
        )
        item.save()
    return item


def public_secrets(item):
    """What must never appear in public: the sender's identity and the dossier."""
    names = (item.sender_name, item.sender_address)
    secrets = [item.lookup_secret, item.dossier_code_given]
    if item.dossier_id:
        secrets += [item.dossier.code, item.dossier.lookup_secret, item.dossier.applicant_name]
    return names, secrets


def scrubbed(item, text):
    names, secrets = public_secrets(item)
    return scrub(text, names=names, secrets=secrets)


def _prefill_public(item):
    if not item.public_question:
        item.public_subject = scrubbed(item, item.subject)
        item.public_question = scrubbed(item, item.content)
        item.public_answer = scrubbed(item, item.answer)


def publish(item, user, *, subject, question, answer):
    """Publish the moderated public version (scrubbed once more)."""
    with transaction.atomic():
        item = _locked(item)
        _leader(user, item)
        _require(item, (S.ANSWERED,), _("Chỉ phản ánh đã được trả lời mới có thể công khai."))
        if not item.consent_publish:
            raise NotAllowed(_("Người gửi không đồng ý công khai nội dung phản ánh."))
        item.public_subject = scrubbed(item, subject)
        item.public_question = scrubbed(item, question)
        item.public_answer = scrubbed(item, answer)
        item.public_folded = fold(f"{item.public_subject} {item.public_question} {item.public_answer}")
        item.published_at, item.published_by = timezone.now(), user
        _move(item, S.PUBLISHED, user)
        item.save()
    log.info("feedback_published", code=item.code, user=user.pk)
    return item


def unpublish(item, user):
    with transaction.atomic():
        item = _locked(item)
        _leader(user, item)
        _require(item, (S.PUBLISHED,), _("Phản ánh này chưa được công khai."))
        item.published_at = None
        _move(item, S.ANSWERED, user)
        item.save()
    log.info("feedback_unpublished", code=item.code, user=user.pk)
    return item
