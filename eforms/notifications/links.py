"""Every link a notification carries, built from the URL configuration.

One helper per destination, all absolute (``PORTAL_BASE_URL``) and all
carrying what the citizen needs to open them without typing: the dossier
code and its look-up secret. The tracking page is the one place a citizen
goes: status, what is missing (supplement, ``#bo-sung``) and the result
files (``#ket-qua``); a result file also has its own download link.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.documents.receipt import tracking_url as _tracking_url

SUPPLEMENT_ANCHOR = "bo-sung"
RESULT_ANCHOR = "ket-qua"


def absolute(path):
    return getattr(settings, "PORTAL_BASE_URL", "").rstrip("/") + path


def tracking_url(dossier, anchor=""):
    """``<base>/tra-cuu-ho-so/?ma=<code>&mtc=<secret>`` (+ ``#anchor``)."""
    url = _tracking_url(dossier)
    return f"{url}#{anchor}" if anchor else url


def supplement_url(dossier):
    """Where the citizen reads what is missing and uploads it."""
    return tracking_url(dossier, SUPPLEMENT_ANCHOR)


def result_download_url(dossier, attachment):
    return absolute(
        reverse(
            "eforms:result_download",
            kwargs={"dossier_uuid": dossier.uuid, "secret": dossier.lookup_secret, "file_uuid": attachment.uuid},
        )
    )


def rating_url(dossier):
    """``<base>/danh-gia/?ma=<code>&mtc=<secret>``: where the citizen rates a
    returned dossier (eforms.ratings); empty before status 10."""
    if dossier.status != DossierStatus.RETURNED:
        return ""
    return absolute(f"{reverse('ratings:rate')}?{urlencode({'ma': dossier.code, 'mtc': dossier.lookup_secret})}")


def result_links(dossier):
    """``[(name, url)]`` of the result files once the result is returned."""
    if dossier.status != DossierStatus.RETURNED:
        return []
    return [
        (attachment.original_name, result_download_url(dossier, attachment))
        for attachment in dossier.attachments.filter(kind=AttachmentKind.RESULT).order_by("id")
    ]


def link_for(dossier, status):
    """The one link of a short message (SMS, Zalo) about ``status``."""
    if status == DossierStatus.SUPPLEMENT_REQUESTED:
        return supplement_url(dossier)
    if status == DossierStatus.RETURNED and result_links(dossier):
        return tracking_url(dossier, RESULT_ANCHOR)
    return tracking_url(dossier)
