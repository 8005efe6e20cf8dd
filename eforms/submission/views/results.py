"""The citizen downloads the result of a level-4 dossier
(``/tra-cuu-ho-so/<uuid>/<secret>/ket-qua/<file uuid>/``, linked from the
tracking page and the notification). Private (streamed from the private
store, never ``MEDIA_URL``), audited, rate-limited, served as an attachment
that is never sniffed."""

import structlog
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from eforms.dossiers.audit import audit
from eforms.dossiers.models import AuditAction
from eforms.dossiers.serving import attachment_response
from eforms.submission.services.results import download_limited, find_result
from eforms.submission.views.common import too_many, unavailable

log = structlog.get_logger(__name__)


def _not_found(request):
    return unavailable(
        request,
        _("Không tìm thấy kết quả giải quyết"),
        _(
            "Đường dẫn tải kết quả không đúng, hoặc kết quả chưa được trả trực tuyến. "
            "Vui lòng mở lại đường dẫn trong thư điện tử, tin nhắn, hoặc tra cứu hồ sơ bằng mã hồ sơ và mã tra cứu."
        ),
        status=404,
    )


@require_GET
def result_download(request, dossier_uuid, secret, file_uuid):
    if download_limited(request):
        return too_many(request)
    dossier, attachment = find_result(dossier_uuid, secret, file_uuid)
    target = f"result:{file_uuid}"
    if attachment is None:
        # a right link to a file that is not this dossier's returned result
        # is audited against the dossier; a wrong secret names none
        audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target=target, allowed=False)
        log.info("result_download_refused", dossier=dossier.code if dossier else "")
        return _not_found(request)
    try:
        response = attachment_response(attachment)
    except OSError:
        log.error("result_file_missing", dossier=dossier.code, file=str(attachment.uuid))
        return _not_found(request)
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target=target)
    log.info("result_downloaded", dossier=dossier.code, file=str(attachment.uuid))
    return response
