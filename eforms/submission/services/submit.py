"""From a draft to a dossier: final validation and submit.

``submit_draft`` creates the dossier, its history row, its attachments,
its payment state and (when nothing is to be paid) the hand-off intent in
ONE transaction, with the draft row locked: a second click, a second tab
or a replayed POST finds the dossier already made and gets it back.

The dossier has no due date yet: the clock starts when an officer accepts it
(status 2). The applicant is sent a "đã nhận hồ sơ, chờ tiếp nhận"
confirmation when the transaction commits; the receipt (Mẫu 01, with the due
date) follows at acceptance (``services.receipts``).
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

import structlog
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.constants import OnlineLevel
from eforms.dossiers.codes import allocate_dossier_code, generate_lookup_secret
from eforms.dossiers.constants import Channel, DossierStatus, PaymentStatus
from eforms.dossiers.deadlines import published_time_limit
from eforms.dossiers.documents.applications.attach import attach_application_form
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier, DossierAttachment
from eforms.dossiers.signals import release
from eforms.formdefs.forms import StepForm, answers_as_post
from eforms.formdefs.schema import condition_met, iter_fields
from eforms.postal.constants import OrderKind
from eforms.postal.services import PostalError, choice_of, orders_at_submission, quote_choice
from eforms.submission.identity import with_identity
from eforms.submission.models import SubmissionDraft
from eforms.submission.services.fees import draft_fee, record_fee
from eforms.submission.services.files import missing_uploads, uploads_by_field
from eforms.submission.services.receipts import queue_submitted_email

log = structlog.get_logger(__name__)


class SubmissionError(Exception):
    """A submission refused with a message for the citizen."""

    def __init__(self, message, code, step_errors=None):
        super().__init__(message)
        self.message, self.code = message, code
        self.step_errors = step_errors or {}


@dataclass
class SubmitResult:
    dossier: Dossier
    created: bool
    warnings: list = field(default_factory=list)


# --- procedures -------------------------------------------------------------


def needs_online_payment(procedure):
    """Full online service with a fee: paid online before hand-off. A partial
    online procedure's fee is paid at the counter when the result is
    returned, so its dossier is handed off at once."""
    return procedure.online_level == OnlineLevel.FULL and procedure.fees.filter(amount_vnd__gt=0).exists()


def receiving_unit_code(procedure):
    agency = procedure.agency
    return (agency.receiving_unit_code if agency and agency.receiving_unit_code else "") or (
        settings.PORTAL_RECEIVING_UNIT_CODE
    )


# --- submission -------------------------------------------------------------


def validate_draft(draft, identity=None):
    """Re-validate every step from the stored answers (the identity
    provider's locked answers put back, its skipped uploads not asked).
    Returns ``(answers, {step_key: [messages]})``."""
    schema = draft.form_version.schema
    answers = with_identity(draft.data, identity)
    skip = identity.skip_uploads if identity else ()
    grouped = uploads_by_field(draft)
    step_errors = {}
    cleaned_all = {}
    for step in schema["steps"]:
        form = StepForm(step, data=answers_as_post(step, answers), answers=answers)
        messages = []
        if form.is_valid():
            cleaned_all.update(form.answers_to_store())
        else:
            for errors in form.errors.values():
                messages.extend(errors)
        messages.extend(missing_uploads(schema, step, answers, grouped, skip=skip).values())
        if messages:
            step_errors[step["key"]] = messages
    return cleaned_all, step_errors


def _same_token(given, expected):
    """Constant time, as bytes: a non-ASCII token is a wrong token, not a 500."""
    return bool(given) and secrets.compare_digest(str(given).encode(), expected.encode())


def _existing_result(draft):
    return SubmitResult(dossier=Dossier.objects.get(pk=draft.dossier_id), created=False)


def submit_draft(draft_pk, *, submit_token, form_version_id, declaration, now=None, identity=None):
    """Turn the draft into a dossier (see the module docstring)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Lock the draft row only: FOR UPDATE over the joined procedure
            # and form version rows would serialise (and on PostgreSQL
            # deadlock) every submission of the same procedure.
            draft = (
                SubmissionDraft.objects.select_for_update(of=("self",))
                .select_related("procedure", "form_version")
                .get(pk=draft_pk)
            )
            if draft.dossier_id:
                return _existing_result(draft)
            if not _same_token(submit_token, draft.submit_token):
                raise SubmissionError(
                    _(
                        "Dữ liệu gửi lên không hợp lệ (mã xác nhận nộp hồ sơ không khớp). "
                        "Vui lòng mở lại trang xem lại hồ sơ và nộp lại."
                    ),
                    "bad_token",
                )
            if str(form_version_id) != str(draft.form_version_id):
                raise SubmissionError(
                    _(
                        "Phiên bản tờ khai gửi lên không khớp với hồ sơ đang soạn. "
                        "Vui lòng mở lại trang xem lại hồ sơ và nộp lại."
                    ),
                    "bad_version",
                )
            if not declaration:
                raise SubmissionError(_("Vui lòng đánh dấu vào ô cam đoan trước khi nộp hồ sơ."), "declaration")
            procedure = draft.procedure
            answers, step_errors = validate_draft(draft, identity)
            if step_errors:
                raise SubmissionError(
                    _("Hồ sơ còn thông tin chưa hợp lệ hoặc còn thiếu thành phần hồ sơ bắt buộc."),
                    "invalid",
                    step_errors=step_errors,
                )
            dossier = _create_dossier(draft, procedure, answers, now)
            draft.dossier = dossier
            draft.save(update_fields=["dossier", "updated_at"])
            if dossier.payment_status != PaymentStatus.PENDING:
                release(dossier)
                # A dossier waiting for its online payment gets the
                # confirmation once paid (``receipts.receipt_on_payment``).
                queue_submitted_email(dossier)
    except IntegrityError:
        # A concurrent request with the same submit token won the race.
        draft = SubmissionDraft.objects.get(pk=draft_pk)
        existing = Dossier.objects.filter(submission_key=draft.submit_token).first()
        if existing is None:
            raise
        return SubmitResult(dossier=existing, created=False)
    log.info("dossier_submitted", dossier=dossier.code, procedure=procedure.code, payment=dossier.payment_status)
    return SubmitResult(dossier=dossier, created=True)


def _create_dossier(draft, procedure, answers, now):
    fee = draft_fee(draft, answers)
    if fee.quote is None:
        raise SubmissionError(fee.error, "invalid", step_errors={fee.step_key: [fee.error]} if fee.step_key else {})
    postage = _postage(draft)
    # the postage is paid online, with the fee, on its own lines (``eforms.postal``)
    pay_online = (needs_online_payment(procedure) and fee.quote.total > 0) or any(line.amount for line in postage)
    channel = Channel.POSTAL if any(line.kind == OrderKind.PICKUP for line in postage) else Channel.ONLINE
    days = published_time_limit(procedure, channel)
    agency = procedure.agency
    dossier = Dossier(
        code=allocate_dossier_code(receiving_unit_code(procedure), now),
        lookup_secret=generate_lookup_secret(),
        procedure=procedure,
        procedure_code=procedure.code,
        procedure_name=procedure.title[:500],
        agency=agency,
        channel=channel,
        applicant_name=(answers.get("applicant_name") or "")[:200],
        applicant_id_number=answers.get("applicant_id_number") or "",
        applicant_phone=answers.get("applicant_phone") or "",
        applicant_email=answers.get("applicant_email") or draft.email or "",
        applicant_address=(answers.get("applicant_address") or "")[:500],
        form_data=answers,
        form_version=draft.form_version,
        submission_key=draft.submit_token,
        received_at=now,
        processing_days=days,
        due_at=None,  # set at acceptance (``eforms.dossiers.deadlines.start_clock``)
        fee_vnd=fee.quote.total,
        result_place=_result_place(procedure),
        payment_status=PaymentStatus.PENDING if pay_online else PaymentStatus.NOT_REQUIRED,
    )
    if pay_online:
        dossier.payment_due_at = now + timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)
    how = "Nộp hồ sơ qua dịch vụ bưu chính công ích" if channel == Channel.POSTAL else "Nộp hồ sơ trực tuyến"
    record_status(
        dossier,
        DossierStatus.NEW,
        actor_label="Công dân",
        note=how + ("; chờ thanh toán phí, lệ phí" if pay_online else ""),
        at=now,
    )
    record_fee(dossier, fee.quote)
    orders_at_submission(draft, dossier, postage)
    # Only the uploads of fields the citizen's answers still show: a case
    # the citizen un-chose after uploading leaves its files with the draft
    # (purged with it), not in the dossier.
    shown = _shown_upload_fields(draft.form_version.schema, answers)
    for upload in draft.uploads.all():
        if upload.field_name not in shown:
            continue
        DossierAttachment.objects.create(
            dossier=dossier,
            component_id=upload.component_id,
            component_name=_component_name(draft.form_version.schema, upload.field_name)[:500],
            file=upload.file.name,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
        )
    # the procedure's own application form, made from the answers (never uploaded)
    attach_application_form(dossier)
    return dossier


def _postage(draft):
    """The postage lines of the citizen's postal choice, quoted again here
    (the review page's quote is only shown, never trusted)."""
    try:
        return quote_choice(choice_of(draft))
    except PostalError as error:
        raise SubmissionError(str(error), "postal") from error


def _shown_upload_fields(schema, answers):
    return {spec.get("name") for _step, spec in iter_fields(schema, types={"file"}) if condition_met(spec, answers)}


def _component_name(schema, field_name):
    for _step, spec in iter_fields(schema, types={"file"}):
        if spec["name"] == field_name:
            return spec.get("component_name") or spec["label"]
    return field_name


def _result_place(procedure):
    agency = procedure.agency
    counter = procedure.receiving_address or (agency.address if agency else "") or settings.PORTAL_CENTER_ADDRESS
    if procedure.online_level == OnlineLevel.FULL:
        return f"Trực tuyến trên Cổng dịch vụ công; hoặc tại: {counter}"[:500]
    return counter[:500]
