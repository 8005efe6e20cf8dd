"""Counter mode: a paper dossier received in person (channel 1) enters the
same queues as online ones (national code, history, hand-off outbox)."""

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import ProcedurePage
from eforms.dossiers.codes import allocate_dossier_code, generate_lookup_secret
from eforms.dossiers.constants import AttachmentKind, Channel, DossierStatus, PaymentStatus
from eforms.dossiers.deadlines import published_time_limit, start_clock, time_limit_words
from eforms.dossiers.history import actor_label_for, record_status
from eforms.dossiers.models import Dossier
from eforms.dossiers.signals import accepted, release
from eforms.postal.services import record_counter_intake
from eforms.workspace.files import store_attachment, validate_uploads
from eforms.workspace.services import TransitionError

log = structlog.get_logger(__name__)

MAX_COPIES = 20


def counter_procedures(agencies):
    """The live procedures the officer's agencies receive at the counter."""
    return ProcedurePage.objects.live().filter(agency__in=agencies).select_related("agency").order_by("title")


def check_components(rows):
    """``(chosen, errors)`` from the ticked rows of the counter form: each
    row ``{"component", "received", "originals", "copies"}`` (counts as
    typed); ``chosen`` is ``[(component, originals, copies)]``."""
    chosen, errors = [], []
    for row in rows:
        if not row["received"]:
            continue
        name = row["component"].name[:80]
        try:
            originals, copies = int(row["originals"] or 0), int(row["copies"] or 0)
        except (TypeError, ValueError):
            errors.append(_("Số bản của “%(name)s” không hợp lệ.") % {"name": name})
            continue
        if not (0 <= originals <= MAX_COPIES and 0 <= copies <= MAX_COPIES) or originals + copies == 0:
            errors.append(
                _("Số bản của “%(name)s” phải từ 0 đến %(n)s và có ít nhất một bản.") % {"name": name, "n": MAX_COPIES}
            )
            continue
        chosen.append((row["component"], originals, copies))
    return chosen, errors


def receiving_unit(procedure, agency):
    return (agency.receiving_unit_code if agency and agency.receiving_unit_code else "") or (
        settings.PORTAL_RECEIVING_UNIT_CODE
    )


def create_counter_dossier(
    *,
    officer,
    agency,
    procedure,
    applicant,
    components,
    scans,
    processing_days,
    time_limit_reason="",
    note="",
    postal_item_code="",
):
    """``components``: [(component, originals, copies)] received on paper;
    ``scans``: {component_id: [UploadedFile]} (validated here).

    Returns the dossier, status "Được tiếp nhận" at once (the clock starts
    now: ``start_clock``; ``processing_days`` None means the time limit the
    procedure publishes for the counter), handed off in the same transaction
    through ``release`` (the hand-off listens) and announced through
    ``dossier_accepted``. ``time_limit_reason`` non-empty means a leader set
    ``processing_days`` instead of the published limit (the views check who
    may); the reason goes into the acceptance history row.

    ``postal_item_code`` (checked by ``eforms.postal.services.clean_item_code``):
    the paper dossier came by post (channel 3, "Bưu chính công ích"); its
    parcel is recorded with the dossier and shown on the tracking page."""
    channel = Channel.POSTAL if postal_item_code else Channel.IN_PERSON
    if not components:
        raise TransitionError(_("Vui lòng đánh dấu ít nhất một giấy tờ đã nhận."))
    checked = {}
    errors = []
    for component_id, files in scans.items():
        try:
            checked[component_id] = validate_uploads(files)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise TransitionError(" ".join(errors))
    now = timezone.now()
    received = [
        f"{component.name} — {originals} {_('bản chính')}, {copies} {_('bản sao')}"
        for component, originals, copies in components
    ]
    form_data = {
        "thanh_phan_da_nhan": {
            "label": _("Giấy tờ đã nhận (bản giấy)"),
            "value": received,
            # machine-readable, for the receipt and the back office
            "items": [
                {"component_id": component.pk, "name": component.name, "originals": originals, "copies": copies}
                for component, originals, copies in components
            ],
        },
        "ghi_chu": {"label": _("Ghi chú tiếp nhận"), "value": note},
    }

    with transaction.atomic():
        dossier = Dossier(
            code=allocate_dossier_code(receiving_unit(procedure, agency), now),
            lookup_secret=generate_lookup_secret(),
            procedure=procedure,
            procedure_code=procedure.code,
            procedure_name=procedure.title[:500],
            agency=agency,
            channel=channel,
            applicant_name=applicant["applicant_name"],
            applicant_id_number=applicant.get("applicant_id_number") or "",
            applicant_phone=applicant.get("applicant_phone") or "",
            applicant_email=applicant.get("applicant_email") or "",
            applicant_address=applicant.get("applicant_address") or "",
            sets_count=applicant.get("sets_count") or 1,
            form_data=form_data,
            received_at=now,
            processing_days=(
                processing_days if processing_days is not None else published_time_limit(procedure, channel)
            ),
            assigned_officer=officer,
            fee_vnd=procedure.fee_vnd or 0,
            payment_status=PaymentStatus.NOT_REQUIRED,
            result_place=(agency.address or "")[:500],
        )
        start_clock(dossier, now)
        history_note = _("Tiếp nhận trực tiếp tại quầy.")
        if postal_item_code:
            history_note = _("Tiếp nhận hồ sơ gửi qua dịch vụ bưu chính công ích (số hiệu bưu gửi %(code)s).") % {
                "code": postal_item_code
            }
        if time_limit_reason:
            history_note += " " + _(
                "Lãnh đạo %(leader)s quyết định thời hạn giải quyết %(days)s (thời hạn đã công bố: %(published)s). "
                "Lý do: %(reason)s"
            ) % {
                "leader": actor_label_for(officer),
                "days": time_limit_words(dossier.processing_days),
                "published": time_limit_words(published_time_limit(procedure, Channel.IN_PERSON)),
                "reason": time_limit_reason,
            }
        record_status(dossier, DossierStatus.ACCEPTED, actor=officer, note=history_note, at=now)
        if postal_item_code:
            record_counter_intake(dossier, postal_item_code, at=now)
        by_id = {component.pk: component for component, _o, _c in components}
        for component_id, files in checked.items():
            component = by_id.get(component_id)
            for uploaded, content_type in files:
                store_attachment(
                    dossier,
                    uploaded,
                    content_type,
                    kind=AttachmentKind.COUNTER_SCAN,
                    component=component,
                    component_name=component.name if component else _("Bản quét tại quầy"),
                )
        release(dossier)
        accepted(dossier)
    log.info("counter_dossier_created", dossier=dossier.code, agency=agency.code, channel=channel)
    return dossier
