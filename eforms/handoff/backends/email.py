"""E-mail the dossier to the agency's mailbox (Django mail).

The ZIP is attached when it is at most ``HANDOFF_EMAIL_MAX_ATTACHMENT_BYTES``
(10 MB by default; mail servers refuse bigger messages); above that the
message carries a signed link to the ZIP instead, expiring after
``HANDOFF_LINK_MAX_AGE`` (``eforms.handoff.payload``; every download is
audited). The ZIP is built in a temporary file, never whole in memory
unless it is attached.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.documents.archive import dossier_zip_file, zip_size
from eforms.handoff.backends.base import BaseBackend, DeliveryError
from eforms.handoff.backends.registry import register
from eforms.handoff.constants import BackendKind
from eforms.handoff.payload import link_expiry, zip_url

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def max_attachment_bytes():
    return int(getattr(settings, "HANDOFF_EMAIL_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


@register
class EmailBackend(BaseBackend):
    identifier = BackendKind.EMAIL.value
    label = _("Thư điện tử")

    def deliver(self, handoff):
        target = getattr(handoff.agency, "handoff_target", None)
        recipient = (target.recipient if target else "") or handoff.agency.email
        if not recipient:
            raise DeliveryError("agency has no mailbox")
        dossier = handoff.dossier
        with dossier_zip_file(dossier) as archive:
            size = zip_size(archive)
            attached = size <= max_attachment_bytes()
            content = archive.read() if attached else None
        with override(settings.LANGUAGE_CODE):
            subject = gettext("[Hồ sơ mới] %(code)s — %(procedure)s") % {
                "code": dossier.code,
                "procedure": dossier.procedure_name,
            }
            fields = {
                "agency": handoff.agency.title,
                "code": dossier.code,
                "procedure_code": dossier.procedure_code,
                "procedure": dossier.procedure_name,
                "applicant": dossier.applicant_name,
                "received": dossier.received_at.isoformat() if dossier.received_at else "",
                "due": dossier.due_at.isoformat() if dossier.due_at else "",
                "delivery": handoff.uuid,
            }
            if attached:
                body = (
                    gettext(
                        "Kính gửi %(agency)s,\n\n"
                        "Cổng dịch vụ công chuyển đến quý cơ quan hồ sơ %(code)s\n"
                        "Thủ tục: %(procedure_code)s %(procedure)s\n"
                        "Người nộp: %(applicant)s\n"
                        "Tiếp nhận lúc: %(received)s\n"
                        "Hẹn trả kết quả: %(due)s\n\n"
                        "Toàn bộ hồ sơ (dữ liệu tờ khai, bản PDF, các tệp đính kèm) ở tệp %(code)s.zip đính kèm.\n"
                        "Mã lần chuyển: %(delivery)s\n"
                    )
                    % fields
                )
            else:
                body = gettext(
                    "Kính gửi %(agency)s,\n\n"
                    "Cổng dịch vụ công chuyển đến quý cơ quan hồ sơ %(code)s\n"
                    "Thủ tục: %(procedure_code)s %(procedure)s\n"
                    "Người nộp: %(applicant)s\n"
                    "Tiếp nhận lúc: %(received)s\n"
                    "Hẹn trả kết quả: %(due)s\n\n"
                    "Toàn bộ hồ sơ (dữ liệu tờ khai, bản PDF, các tệp đính kèm) nặng %(mb)s MB, "
                    "quá lớn để đính kèm thư. Tải tệp %(code)s.zip tại liên kết sau "
                    "(dùng được đến %(expires)s):\n%(url)s\n\n"
                    "Mã lần chuyển: %(delivery)s\n"
                ) % {
                    **fields,
                    "mb": f"{size / (1024 * 1024):.1f}",
                    "expires": timezone.localtime(link_expiry()).strftime("%d/%m/%Y %H:%M"),
                    "url": zip_url(handoff),
                }
        message = EmailMessage(
            subject=subject,
            body=body,
            to=[recipient],
            headers={
                # Same id on every retry: mail clients show one message.
                "Message-ID": f"<handoff-{handoff.uuid}@portal>",
                "X-Portal-Delivery-Id": str(handoff.uuid),
            },
        )
        if attached:
            message.attach(f"{dossier.code}.zip", content, "application/zip")
        try:
            sent = message.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any mail backend error is a failed attempt, retried
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from None
        return {
            "backend": self.identifier,
            "to": recipient,
            "sent": sent,
            "zip_bytes": size,
            "zip": "attached" if attached else "link",
        }
