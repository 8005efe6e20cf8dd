"""Receiving a feedback item: the dossier it names (only with its secret),
the agency responsible, the receipt number and the handling deadline in
working days, and the receipt sent to the sender."""

import secrets

import structlog
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from content.models import AgencyPage
from eforms.dossiers.calendar import add_working_days
from eforms.dossiers.codes import generate_lookup_secret, lookup_secret_matches
from eforms.dossiers.models import Dossier
from eforms.feedback import notify
from eforms.feedback.constants import CODE_ALPHABET, CODE_PREFIX, CODE_RANDOM_LENGTH, FeedbackState
from eforms.feedback.models import Feedback, FeedbackEvent

log = structlog.get_logger(__name__)


def find_dossier(code, secret):
    """The dossier of ``code`` when ``secret`` is its look-up secret, else
    None: an unknown code and a wrong secret are the same answer."""
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    dossier = Dossier.objects.filter(code=code).select_related("agency", "procedure").first()
    if dossier is None or not lookup_secret_matches(secret, dossier.lookup_secret):
        return None
    return dossier


def center_agency():
    """The agency standing for the service center (``FEEDBACK_CENTER_AGENCY``,
    an agency code), or None: the item then waits for a leader to assign it."""
    code = (getattr(settings, "FEEDBACK_CENTER_AGENCY", "") or "").strip()
    return AgencyPage.objects.filter(code=code).first() if code else None


def responsible_agency(dossier=None, procedure=None, agency=None):
    """The dossier's agency, else the procedure's, else the agency the sender
    chose, else the center."""
    if dossier is not None and dossier.agency_id:
        return dossier.agency
    if procedure is not None and procedure.agency_id:
        return procedure.agency
    if agency is not None:
        return agency
    return center_agency()


def answer_days():
    return settings.FEEDBACK_ANSWER_DAYS


def due_at(received_at, agency=None):
    return add_working_days(received_at, answer_days(), agency)


def _new_code(received_at):
    day = timezone.localtime(received_at).strftime("%y%m%d")
    tail = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))
    return f"{CODE_PREFIX}-{day}-{tail}"


def find_item(code, secret):
    """The item of ``code`` when ``secret`` is its look-up secret, else None."""
    code = (code or "").replace("\x00", "").strip().upper()  # PostgreSQL text refuses NUL
    if not code or len(code) > 24:
        return None
    item = Feedback.objects.filter(code=code).select_related("agency", "procedure").first()
    if item is None or not lookup_secret_matches(secret, item.lookup_secret):
        return None
    return item


def submit(*, kind, subject, content, dossier=None, dossier_code_given="", procedure=None, agency=None, contact):
    """Store a new item (state "mới tiếp nhận") routed to its agency, with
    its deadline, and queue the receipt to the sender (SMS and/or e-mail).
    ``contact``: ``name``, ``phone``, ``email``, ``address``, ``consent``."""
    received_at = timezone.now()
    routed = responsible_agency(dossier, procedure, agency)
    fields = {
        "kind": kind,
        "subject": subject,
        "content": content,
        "dossier": dossier,
        "dossier_code_given": "" if dossier else dossier_code_given[:40],
        "procedure": procedure or (dossier.procedure if dossier else None),
        "agency": routed,
        "sender_name": contact.get("name", ""),
        "sender_phone": contact.get("phone", ""),
        "sender_email": contact.get("email", ""),
        "sender_address": contact.get("address", ""),
        "consent_publish": bool(contact.get("consent")),
        "received_at": received_at,
        "due_at": due_at(received_at, routed),
        "lookup_secret": generate_lookup_secret(),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                item = Feedback.objects.create(code=_new_code(received_at), **fields)
                FeedbackEvent.objects.create(feedback=item, to_state=FeedbackState.NEW)
                notify.received(item)
            break
        except IntegrityError:  # the random code was taken: draw another
            continue
    else:  # pragma: no cover - 25**6 codes a day
        raise RuntimeError("no free feedback code")
    log.info("feedback_received", code=item.code, agency=routed.code if routed else "", kind=kind)
    return item
