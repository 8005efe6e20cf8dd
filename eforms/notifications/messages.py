"""What the applicant reads: e-mail, SMS text and Zalo template data.

Everything is composed in Vietnamese (the portal's language); the English
catalogue exists for deployments that switch ``LANGUAGE_CODE``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import urlencode

from eforms.dossiers.constants import DossierStatus
from eforms.notifications.text import fit_sms, to_gsm


def tracking_url(dossier):
    base = getattr(settings, "PORTAL_BASE_URL", "").rstrip("/")
    return f"{base}/tra-cuu-ho-so/?{urlencode({'code': dossier.code})}"


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
        "note": (change.note or "").strip(),
        "tracking_url": tracking_url(dossier),
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
    """At most 160 GSM-7 characters, unaccented; the link is dropped first
    and the note after it when the message would be longer."""
    with translation.override(settings.LANGUAGE_CODE):
        label = status_label(change.to_status)
        head = to_gsm(f"Ho so {dossier.code}: {label}.")
        note = to_gsm(change.note or "")
        if change.to_status == DossierStatus.SUPPLEMENT_REQUESTED and note:
            note = f"Can bo sung: {note}."
        elif note:
            note = f"{note}."
        link = f"Tra cuu: {tracking_url(dossier)}"
        for candidate in (f"{head} {note} {link}", f"{head} {link}", f"{head} {note}", head):
            candidate = " ".join(candidate.split())
            if len(candidate) <= 160:
                return fit_sms(candidate)
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
            "ghi_chu": (change.note or "")[:100],
            "ngay_cap_nhat": timezone.localtime(change.created_at).strftime("%d/%m/%Y %H:%M"),
        }
