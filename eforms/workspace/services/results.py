"""The result of a dossier: the file(s) the agency issues, and handing them
back (đã trả kết quả) at the counter, by post or online."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eforms.dossiers.constants import AttachmentKind, DossierStatus
from eforms.dossiers.documents.results import sign_results
from eforms.postal.services import request_result_delivery
from eforms.workspace.files import store_attachment, validate_uploads
from eforms.workspace.services.base import TransitionError, guard, lock, record, short_note
from eforms.workspace.services.steps import require_steps_done

S = DossierStatus


class ReturnMethod:
    COUNTER = "counter"
    POST = "post"
    ONLINE = "online"
    CHOICES = [
        (COUNTER, gettext_lazy("Trả trực tiếp tại quầy")),
        (POST, gettext_lazy("Trả qua dịch vụ bưu chính")),
        (ONLINE, gettext_lazy("Trả trực tuyến")),
    ]
    LABELS = dict(CHOICES)


def upload_result(dossier, actor, files):
    """Attach the result file(s) (AttachmentKind.RESULT)."""
    if not files:
        raise TransitionError(_("Vui lòng chọn tệp kết quả giải quyết."))
    try:
        checked = validate_uploads(files)
    except ValidationError as error:
        raise TransitionError(" ".join(error.messages)) from error
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "upload_result")
        attachments = [
            store_attachment(
                dossier, uploaded, content_type, kind=AttachmentKind.RESULT, component_name=_("Kết quả giải quyết")
            )
            for uploaded, content_type in checked
        ]
    return attachments


def mark_returned(dossier, actor, how, note=""):
    """Đã trả kết quả (9→10): at the counter, by post or online; with an
    internal process, once all its steps are done."""
    if how not in ReturnMethod.LABELS:
        raise TransitionError(_("Vui lòng chọn hình thức trả kết quả."))
    note = short_note(note)
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "mark_returned")
        require_steps_done(dossier, but_last=False)
        if how == ReturnMethod.ONLINE and not dossier.attachments.filter(kind=AttachmentKind.RESULT).exists():
            raise TransitionError(_("Trả kết quả trực tuyến cần có tệp kết quả giải quyết; vui lòng tải lên trước."))
        # the agency's digital signature on each PDF result, before it is handed back
        sign_results(dossier)
        dossier.returned_at = timezone.now()
        dossier.result_place = str(ReturnMethod.LABELS[how])
        text = "\n".join(filter(None, [str(ReturnMethod.LABELS[how]) + ".", note]))
        record(dossier, S.RETURNED, actor, note=text)
        if how == ReturnMethod.POST:
            # the delivery order at the postal operator, sent after commit (``eforms.postal``)
            request_result_delivery(dossier)
    return dossier
