"""The citizens' answer to the e-form's questions (``eforms.submission.identity``):
who is applying, what is locked, which uploads are skipped, who may submit."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from eforms.citizens.models import AssuranceLevel, LinkSource
from eforms.citizens.reuse import reusable, reuse
from eforms.citizens.services import (
    draft_owner,
    identity_upload_fields,
    link_dossier,
    link_draft,
    prefill_answers,
    required_level,
)
from eforms.citizens.session import current_citizen
from eforms.submission.identity import ApplicantIdentity


def sign_in_url(next_url):
    return f"{reverse('citizens:sign_in')}?{urlencode({'next': next_url})}"


class CitizenIdentityProvider:
    def identity(self, request, draft):
        citizen = current_citizen(request)
        if citizen is None:
            return None
        owner = draft_owner(draft)
        if owner is None:
            if not link_draft(citizen, draft):
                return None
        elif owner.pk != citizen.pk:
            return None  # another citizen's draft (an old resume link): no prefill, no level
        schema = draft.form_version.schema
        skip = identity_upload_fields(schema)
        earlier = {
            name: [{"uuid": str(a.uuid), "label": f"{a.original_name} — {a.dossier.code}"} for a in found]
            for name, found in reusable(citizen, draft, skip).items()
        }
        return ApplicantIdentity(
            answers=prefill_answers(citizen, schema),
            skip_uploads=skip,
            reusable=earlier,
            level=citizen.level,
            source=_("Tài khoản định danh điện tử (VNeID), mức độ %(level)s") % {"level": citizen.level},
        )

    def required_level(self, procedure):
        return required_level(procedure)

    def refusal(self, request, procedure, draft=None):
        """``None``, or ``(message, sign-in URL)`` when this request may not
        submit the procedure."""
        level = required_level(procedure)
        if not level:
            return None
        citizen = current_citizen(request)
        if draft is not None and citizen is not None:
            owner = draft_owner(draft)
            if owner is not None and owner.pk != citizen.pk:
                citizen = None
        if citizen is not None and citizen.level >= level:
            return None
        label = AssuranceLevel(level).label
        if citizen is None:
            message = _(
                "Thủ tục này chỉ nhận hồ sơ của công dân đã đăng nhập bằng tài khoản định danh điện tử "
                "(VNeID) %(level)s. Vui lòng đăng nhập rồi nộp hồ sơ."
            ) % {"level": label.lower()}
        else:
            message = _(
                "Thủ tục này yêu cầu tài khoản định danh điện tử %(level)s; tài khoản của Ông/Bà đang ở "
                "mức độ %(current)s. Vui lòng nâng mức tài khoản trên ứng dụng VNeID rồi đăng nhập lại."
            ) % {"level": label.lower(), "current": citizen.level}
        return message, sign_in_url(request.get_full_path())

    def draft_started(self, request, draft):
        citizen = current_citizen(request)
        if citizen is not None:
            link_draft(citizen, draft)

    def dossier_submitted(self, request, draft, dossier):
        owner = draft_owner(draft)
        if owner is not None:
            link_dossier(owner, dossier, LinkSource.SIGNED_IN)

    def reuse(self, request, draft, field_name, upload_key):
        citizen = current_citizen(request)
        owner = draft_owner(draft)
        if citizen is None or owner is None or owner.pk != citizen.pk:
            return _("Không dùng lại được giấy tờ này. Vui lòng tải tệp lên.")
        return reuse(citizen, draft, field_name, upload_key, identity_upload_fields(draft.form_version.schema))
