"""The result of a dossier as the citizen receives it online (level 4,
"Trả trực tuyến"): the result files the officer uploaded, once the result is
returned, found from the dossier's link (UUID + look-up secret) and the
file's own UUID. A wrong secret, another dossier's file, a file that is not
a result and a result not yet returned all look the same: not found."""

from django.core.exceptions import ImproperlyConfigured

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.submission.services.lookup import dossier_by_link
from portal import ratelimit

RATE_SCOPE = "result_download"
# Per client address, when RATE_LIMITS has no "result_download" entry.
DEFAULT_RATE = (20, 600)


def result_files(dossier):
    """The result files the citizen may download: none before status 10."""
    if dossier is None or dossier.status != DossierStatus.RETURNED:
        return []
    return list(dossier.attachments.filter(kind=AttachmentKind.RESULT).order_by("id"))


def find_result(dossier_uuid, secret, file_uuid):
    """``(dossier, attachment)``; ``(dossier or None, None)`` when the file
    is not one the holder of this link may download."""
    dossier = dossier_by_link(dossier_uuid, secret)
    if dossier is None:
        return None, None
    for attachment in result_files(dossier):
        if attachment.uuid == file_uuid:
            return dossier, attachment
    return dossier, None


def download_limited(request):
    """Count one download; ``True`` past the limit."""
    try:
        ratelimit.limit_for(RATE_SCOPE)
    except ImproperlyConfigured:
        limit, window = DEFAULT_RATE
        return ratelimit.hit(request, RATE_SCOPE, limit=limit, window=window)
    return ratelimit.hit(request, RATE_SCOPE)
