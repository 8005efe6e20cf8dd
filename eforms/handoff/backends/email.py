"""E-mail the dossier ZIP to the agency's mailbox (Django mail)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from eforms.dossiers.documents.archive import build_dossier_zip
from eforms.handoff.backends.base import BaseBackend, DeliveryError
from eforms.handoff.backends.registry import register
from eforms.handoff.constants import BackendKind


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
        archive = build_dossier_zip(dossier)
        with override(settings.LANGUAGE_CODE):
            subject = gettext("[Hồ sơ mới] %(code)s — %(procedure)s") % {
                "code": dossier.code,
                "procedure": dossier.procedure_name,
            }
            body = gettext(
                "Kính gửi %(agency)s,\n\n"
                "Cổng dịch vụ công chuyển đến quý cơ quan hồ sơ %(code)s\n"
                "Thủ tục: %(procedure_code)s %(procedure)s\n"
                "Người nộp: %(applicant)s\n"
                "Tiếp nhận lúc: %(received)s\n"
                "Hẹn trả kết quả: %(due)s\n\n"
                "Toàn bộ hồ sơ (dữ liệu tờ khai, bản PDF, các tệp đính kèm) ở tệp %(code)s.zip đính kèm.\n"
                "Mã lần chuyển: %(delivery)s\n"
            ) % {
                "agency": handoff.agency.title,
                "code": dossier.code,
                "procedure_code": dossier.procedure_code,
                "procedure": dossier.procedure_name,
                "applicant": dossier.applicant_name,
                "received": dossier.received_at.isoformat() if dossier.received_at else "",
                "due": dossier.due_at.isoformat() if dossier.due_at else "",
                "delivery": handoff.uuid,
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
        message.attach(f"{dossier.code}.zip", archive, "application/zip")
        try:
            sent = message.send(fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any mail backend error is a failed attempt, retried
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from None
        return {"backend": self.identifier, "to": recipient, "sent": sent, "zip_bytes": len(archive)}
