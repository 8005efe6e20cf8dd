"""What the applicant reads: e-mail, SMS text and Zalo template data.

Everything is composed in Vietnamese (the portal's language); the English
catalogue exists for deployments that switch ``LANGUAGE_CODE``.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from eforms.dossiers.constants import DossierStatus
from eforms.notifications.links import link_for, rating_url, result_links, supplement_url, tracking_url
from eforms.notifications.text import SMS_MAX, fit_sms, gsm_length, to_gsm

__all__ = ["EmailContent", "compose_email", "compose_sms", "compose_zalo_data", "public_note", "tracking_url"]

# A line of a note that carries a link of its own (the old supplement page,
# with a token officers must not reuse): never repeated to the citizen, the
# message has its own link built from the URL configuration.
_LINK_LINE = re.compile(r"^.*https?://\S+.*$", re.MULTILINE)


def public_note(note):
    """The officer's note as the citizen reads it: stripped, without link lines."""
    text = _LINK_LINE.sub("", note or "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def message_note(dossier, change):
    """What the message says under the status: for a supplement request,
    the items the officer asked for (the open request), else the note."""
    if change.to_status == DossierStatus.SUPPLEMENT_REQUESTED:
        request = dossier.supplement_requests.filter(fulfilled_at__isnull=True).order_by("-requested_at").first()
        if request is not None and request.items.strip():
            return request.items.strip()
    return public_note(change.note)


def status_label(status):
    try:
        return str(DossierStatus(status).label)
    except ValueError:
        return str(status)


@dataclass(frozen=True)
class EmailContent:
    subject: str
    body: str


def context_for(dossier, change):
    return {
        "dossier": dossier,
        "change": change,
        "status_label": status_label(change.to_status),
        "changed_at": timezone.localtime(change.created_at),
        "is_supplement": change.to_status == DossierStatus.SUPPLEMENT_REQUESTED,
        "is_payment": change.to_status == DossierStatus.PAYMENT_REQUESTED,
        "is_refusal": change.to_status in (DossierStatus.NOT_ACCEPTED, DossierStatus.STOPPED),
        "note": message_note(dossier, change),
        "tracking_url": tracking_url(dossier),
        "supplement_url": supplement_url(dossier),
        "result_links": result_links(dossier) if change.to_status == DossierStatus.RETURNED else [],
        "rating_url": rating_url(dossier) if change.to_status == DossierStatus.RETURNED else "",
        "site_name": settings.WAGTAIL_SITE_NAME,
        "center_name": settings.PORTAL_CENTER_NAME,
        "hotline": settings.PORTAL_HOTLINE,
        "portal_email": settings.PORTAL_EMAIL,
    }


def compose_email(dossier, change):
    with translation.override(settings.LANGUAGE_CODE):
        context = context_for(dossier, change)
        subject = render_to_string("notifications/status_email_subject.txt", context)
        body = render_to_string("notifications/status_email_body.txt", context)
    return EmailContent(subject=" ".join(subject.split()), body=body.strip() + "\n")


def compose_sms(dossier, change):
    """At most 160 GSM-7 characters, unaccented, and always the link (the
    note goes first, then the words around the link, then the status label)."""
    with translation.override(settings.LANGUAGE_CODE):
        label = status_label(change.to_status)
        head = to_gsm(f"Ho so {dossier.code}: {label}.")
        if change.to_status == DossierStatus.NEW:
            # Submitted online, not yet accepted (the receipt comes then).
            head = to_gsm(f"Da gui ho so {dossier.code}, dang cho tiep nhan.")
        note = to_gsm(message_note(dossier, change))
        if change.to_status == DossierStatus.SUPPLEMENT_REQUESTED and note:
            note = f"Can bo sung: {note}."
        elif note:
            note = f"{note}."
        # No anchor in an SMS: the tracking page opens on what the status needs.
        link = link_for(dossier, change.to_status).split("#", 1)[0]
        candidates = (
            f"{head} {note} Tra cuu: {link}",
            f"{head} Tra cuu: {link}",
            f"{head} {link}",
            f"Ho so {dossier.code}: {link}",
            f"{head} {note}",
            head,
        )
        for candidate in candidates:
            candidate = " ".join(candidate.split())
            if gsm_length(to_gsm(candidate)) <= SMS_MAX:
                return to_gsm(candidate)
        return fit_sms(f"{head} {note}")


def compose_zalo_data(dossier, change):
    """``template_data`` of the ZNS status template: keys are the template's
    parameters as registered with Zalo (ASCII, snake case, values ≤ 100)."""
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "customer_name": dossier.applicant_name[:100],
            "ma_ho_so": dossier.code,
            "thu_tuc": dossier.procedure_name[:100],
            "trang_thai": status_label(change.to_status)[:100],
            "ghi_chu": message_note(dossier, change)[:100],
            "ngay_cap_nhat": timezone.localtime(change.created_at).strftime("%d/%m/%Y %H:%M"),
            # the button of the template (a URL parameter: never cut)
            "duong_dan": link_for(dossier, change.to_status),
        }
