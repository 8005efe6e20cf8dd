"""What "Hồ sơ của tôi" shows: the citizen's open drafts, their dossiers
with status and due date, supplement requests, results to download,
payments and ratings; and claiming an earlier dossier."""

from dataclasses import dataclass

import structlog
from django.urls import reverse
from django.utils.translation import gettext as _

from eforms.citizens.models import CitizenDossier, CitizenDraft, LinkSource
from eforms.citizens.services import link_dossier, link_submitted_drafts
from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.models import Dossier
from eforms.submission.services import find_dossier
from eforms.submission.services.results import result_files

log = structlog.get_logger(__name__)


def drafts_of(citizen):
    rows = (
        CitizenDraft.objects.filter(citizen=citizen, draft__dossier__isnull=True)
        .select_related("draft__procedure")
        .order_by("-draft__updated_at")
    )
    return [
        {
            "procedure": row.draft.procedure,
            "updated_at": row.draft.updated_at,
            "url": reverse("eforms:step", args=[row.draft.procedure.code, row.draft.uuid, 1]),
            "uuid": row.draft.uuid,
        }
        for row in rows[:50]
    ]


def dossiers_of(citizen):
    link_submitted_drafts(citizen)
    ids = CitizenDossier.objects.filter(citizen=citizen).values("dossier_id")
    return (
        Dossier.objects.filter(pk__in=ids)
        .select_related("procedure", "agency")
        .prefetch_related("supplement_requests", "payments")
        .order_by("-received_at")
    )


def dossier_of(citizen, dossier_uuid):
    """One of the citizen's dossiers, or None (another citizen's is None too)."""
    link = CitizenDossier.objects.filter(citizen=citizen, dossier__uuid=dossier_uuid).select_related("dossier").first()
    return link.dossier if link else None


def summary(dossier):
    """The facts of one dossier for the citizen's pages."""
    secret = dossier.lookup_secret
    open_supplements = [s for s in dossier.supplement_requests.all() if s.is_open]
    rating = getattr(dossier, "satisfaction", None) if dossier.status == DossierStatus.RETURNED else None
    return {
        "dossier": dossier,
        "status_label": DossierStatus(dossier.status).label,
        "due_at": dossier.rescheduled_due_at or dossier.due_at,
        "detail_url": reverse("citizens:dossier", args=[dossier.uuid]),
        "tracking_url": f"{reverse('eforms:track')}?ma={dossier.code}&mtc={secret}",
        "supplements": open_supplements,
        "results": [
            {
                "name": attachment.original_name,
                "url": reverse("eforms:result_download", args=[dossier.uuid, secret, attachment.uuid]),
            }
            for attachment in result_files(dossier)
        ],
        "payments": list(dossier.payments.all()),
        "payment_url": reverse("eforms:payment_start", args=[dossier.uuid, secret])
        if dossier.payment_status == PaymentStatus.PENDING
        else "",
        "rating": rating,
        "rating_url": f"{reverse('ratings:rate')}?ma={dossier.code}&mtc={secret}"
        if dossier.status == DossierStatus.RETURNED and rating is None
        else "",
    }


@dataclass
class ClaimResult:
    ok: bool
    message: str
    dossier: Dossier | None = None


def claim(citizen, code, secret):
    """Link a dossier submitted without signing in, by code and secret. The
    dossier must carry the citizen's identification number (or none)."""
    dossier = find_dossier(code, secret)
    if dossier is None:
        log.warning("citizen_claim_refused", citizen=str(citizen.uuid), code=code[:40], reason="wrong_code_or_secret")
        return ClaimResult(False, _("Mã hồ sơ hoặc mã tra cứu không đúng. Vui lòng kiểm tra lại trên giấy tiếp nhận."))
    existing = CitizenDossier.objects.filter(dossier=dossier).select_related("citizen").first()
    if existing is not None:
        if existing.citizen_id == citizen.pk:
            return ClaimResult(
                True, _("Hồ sơ %(code)s đã có trong danh sách của Ông/Bà.") % {"code": dossier.code}, dossier
            )
        log.warning("citizen_claim_refused", citizen=str(citizen.uuid), dossier=dossier.code, reason="other_citizen")
        return ClaimResult(False, _("Hồ sơ này đã thuộc một tài khoản khác, không nhận về được."))
    if dossier.applicant_id_number and dossier.applicant_id_number != citizen.id_number:
        log.warning("citizen_claim_refused", citizen=str(citizen.uuid), dossier=dossier.code, reason="other_id_number")
        return ClaimResult(
            False,
            _(
                "Hồ sơ này được nộp với số định danh cá nhân khác với tài khoản của Ông/Bà, nên không nhận về được. "
                "Ông/Bà vẫn tra cứu được hồ sơ bằng mã hồ sơ và mã tra cứu."
            ),
        )
    link_dossier(citizen, dossier, LinkSource.CLAIMED)
    return ClaimResult(True, _("Đã thêm hồ sơ %(code)s vào danh sách của Ông/Bà.") % {"code": dossier.code}, dossier)
