"""The secret resume link of a draft ("Lưu và tiếp tục sau"): by e-mail,
by SMS (on the notifications' outbox, through ``citizen_sms_requested``), or
both; and "Tiếp tục hồ sơ đang soạn" from a phone number or an e-mail
address, which answers the same whether a draft matches or not."""

import hashlib
import secrets
from dataclasses import dataclass

import structlog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from eforms.dossiers.signals import request_sms
from eforms.submission.emails import send_resume_email
from eforms.submission.models import SubmissionDraft

log = structlog.get_logger(__name__)
# Drafts of one procedure a contact request reaches (the most recent).
DRAFTS_PER_CONTACT = 3
# Earlier resume links of a draft that stay valid besides the newest one.
MAX_EARLIER_RESUME_LINKS = 4


@dataclass(frozen=True)
class ResumeLinkSent:
    """What really went out: the e-mail, the SMS (``False`` when SMS is
    switched off or the number cannot receive one)."""

    email: bool = False
    sms: bool = False


def issue_resume_token(draft, email="", phone=""):
    """A new secret resume link token (only its hash is stored). The links
    sent before stay valid (the last ``MAX_EARLIER_RESUME_LINKS``), so that
    someone who knows the applicant's number or address and asks for new
    links cannot break the one the applicant already has."""
    token = secrets.token_urlsafe(24)
    if draft.resume_token_hash:
        earlier = [draft.resume_token_hash, *(draft.earlier_resume_token_hashes or [])]
        draft.earlier_resume_token_hashes = earlier[:MAX_EARLIER_RESUME_LINKS]
    draft.resume_token_hash = _token_hash(token)
    draft.email = email or ""
    draft.phone = phone or ""
    draft.save(update_fields=["resume_token_hash", "earlier_resume_token_hashes", "email", "phone", "updated_at"])
    return token


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def check_resume_token(draft, token):
    if not draft.resume_token_hash or not token or not isinstance(token, str):
        return False
    given = _token_hash(token).encode()
    hashes = [draft.resume_token_hash, *(draft.earlier_resume_token_hashes or [])]
    # every hash is compared (no early exit): the time does not tell which matched
    return sum(secrets.compare_digest(str(known).encode(), given) for known in hashes) > 0


def resume_url(draft, token):
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("eforms:resume", args=[draft.uuid, token])


def send_resume_link(draft, email="", phone=""):
    """Send a new secret link that reopens the draft from any browser: by
    e-mail to ``email``, by SMS to ``phone`` (``0xxxxxxxxx``), or both.
    Returns the ``ResumeLinkSent`` of what was really sent."""
    sms = False
    with transaction.atomic():
        token = issue_resume_token(draft, email, phone)
        url = resume_url(draft, token)
        if phone:
            # One SMS per link: the key is the new token's hash.
            responses = request_sms(
                phone, f"Tiep tuc nop ho so truc tuyen: {url}", key=f"resume:{draft.resume_token_hash[:32]}"
            )
            sms = any(queued is not None for _receiver, queued in responses)
    if email:
        send_resume_email(draft, url)
    log.info("resume_link_sent", draft=str(draft.uuid), email=bool(email), sms=sms, sms_asked=bool(phone))
    return ResumeLinkSent(email=bool(email), sms=sms)


def resend_resume_links(procedure, email="", phone=""):
    """ "Tiếp tục hồ sơ đang soạn": a new link to each open draft of
    ``procedure`` saved earlier for this e-mail address or phone number.
    Returns how many were sent; the caller's answer never depends on it."""
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    if not match:
        return 0
    drafts = list(
        SubmissionDraft.objects.filter(match, procedure=procedure, dossier__isnull=True)
        .exclude(resume_token_hash="")
        .order_by("-updated_at")[:DRAFTS_PER_CONTACT]
    )
    for draft in drafts:
        send_resume_link(
            draft,
            email=draft.email if email and draft.email.lower() == email.lower() else "",
            phone=draft.phone if phone and draft.phone == phone else "",
        )
    log.info("resume_links_requested", procedure=procedure.code, found=len(drafts))
    return len(drafts)


def draft_for_resume(draft_uuid, token):
    """The draft a resume link opens, or None when the link is wrong."""
    draft = SubmissionDraft.objects.filter(uuid=draft_uuid).select_related("procedure").first()
    if draft is None or not check_resume_token(draft, token):
        return None
    return draft
