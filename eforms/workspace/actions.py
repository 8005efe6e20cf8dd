"""The officer's actions on a dossier, as data: for each, the form that
parses its input, who may perform it, the service it calls and the message
shown when it is done.

``authorize`` answers "may this user perform this action on this dossier"
(raising a clear refusal); ``perform`` checks that again and runs the
service. Views only look the action up, bind its form and call ``perform``.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from eforms.dossiers.models import AuditAction
from eforms.workspace import forms, services
from eforms.workspace.access import DossierHidden, NotLeadAgency, Refused, can_see, leads
from eforms.workspace.apology import apology_due, issue_apology
from eforms.workspace.step_forms import StepForm
from eforms.workspace.steps import check_step_role

LEAD_ONLY_MESSAGE = _(
    "Cơ quan của bạn phối hợp giải quyết hồ sơ này; chỉ cơ quan chủ trì (%(agency)s) được xử lý, trả kết quả."
)


@dataclass(frozen=True)
class Action:
    """One thing an officer does to a dossier.

    ``service(dossier, actor=user, **fields, files=…)`` is called with the
    form's cleaned ``fields`` (and the uploaded ``files`` when ``files``).
    ``coordinators``: an officer of an agency that only coordinates (liên
    thông, forwarded to) may perform it too; otherwise the lead agency only.
    """

    name: str
    form_class: type
    service: object
    message: str
    fields: tuple = ()
    files: bool = False
    coordinators: bool = False
    refusal: str = LEAD_ONLY_MESSAGE
    audit: str = AuditAction.TRANSITION
    tone: str = ""  # "primary" or "danger": how the button looks
    on_detail_page: bool = True  # the apology has a page of its own
    binds_dossier: bool = False  # the form takes the dossier (choices, dates)
    # ``permits(user, dossier)`` raises a ``Refused`` when the user may not
    # (beyond the lead-agency rule): the role of an internal process step
    permits: object = None

    @property
    def label(self):
        return services.ACTION_LABELS[self.name]

    def form(self, data=None, *, dossier, **kwargs):
        if self.binds_dossier:
            kwargs["dossier"] = dossier
        return self.form_class(data, prefix=self.name if self.on_detail_page else None, **kwargs)

    def run(self, dossier, actor, cleaned, files=()):
        kwargs = {name: cleaned[name] for name in self.fields}
        if self.files:
            kwargs["files"] = list(files)
        return self.service(dossier, actor=actor, **kwargs)


_REGISTRY = (
    Action(
        "accept",
        forms.AcceptForm,
        services.accept,
        _("Đã tiếp nhận hồ sơ."),
        fields=("start_processing", "note"),
        tone="primary",
    ),
    Action("start", forms.NoteForm, services.start, _("Đã chuyển hồ sơ sang “Đang xử lý”."), tone="primary"),
    Action(
        "complete_step",
        StepForm,
        services.complete_step,
        _("Đã hoàn thành bước xử lý; hồ sơ chuyển sang bước tiếp theo."),
        fields=("note", "step"),
        binds_dossier=True,
        tone="primary",
        permits=check_step_role,
    ),
    Action(
        "request_supplement",
        forms.SupplementForm,
        services.request_supplement,
        _("Đã gửi yêu cầu bổ sung; thời hạn giải quyết tạm dừng."),
        fields=("items",),
    ),
    Action(
        "receive_supplement",
        forms.NoteForm,
        services.receive_supplement,
        _("Đã nhận hồ sơ bổ sung; thời hạn tiếp tục được tính."),
        fields=("note",),
        files=True,
        tone="primary",
    ),
    Action(
        "request_payment",
        forms.PaymentForm,
        services.request_payment,
        _("Đã gửi yêu cầu thực hiện nghĩa vụ tài chính."),
        fields=("amount", "note"),
    ),
    Action(
        "confirm_payment",
        forms.NoteForm,
        services.confirm_payment,
        _("Đã xác nhận nghĩa vụ tài chính; thời hạn tiếp tục được tính."),
        fields=("note",),
        tone="primary",
    ),
    Action("approve", forms.NoteForm, services.approve, _("Hồ sơ đã xử lý xong."), fields=("note",), tone="primary"),
    Action(
        "upload_result",
        forms.NoteForm,
        services.upload_result,
        _("Đã tải lên kết quả giải quyết."),
        files=True,
        audit=AuditAction.UPLOAD_RESULT,
    ),
    Action(
        "mark_returned",
        forms.ReturnForm,
        services.mark_returned,
        _("Đã trả kết quả."),
        fields=("how", "note"),
        tone="primary",
    ),
    Action(
        "forward",
        forms.ForwardForm,
        services.forward,
        _("Đã chuyển hồ sơ đến cơ quan khác."),
        fields=("to_agency", "note"),
        coordinators=True,
        binds_dossier=True,
    ),
    Action(
        "refuse",
        forms.ReasonForm,
        services.refuse,
        _("Đã từ chối tiếp nhận hồ sơ; công dân được thông báo lý do."),
        fields=("reason",),
        tone="danger",
    ),
    Action("reject", forms.ReasonForm, services.reject, _("Đã dừng xử lý hồ sơ."), fields=("reason",), tone="danger"),
    Action(
        "withdraw",
        forms.ReasonForm,
        services.withdraw,
        _("Đã ghi nhận yêu cầu rút hồ sơ."),
        fields=("reason",),
        tone="danger",
    ),
    Action(
        "apology",
        forms.ApologyForm,
        issue_apology,
        _("Đã lập phiếu xin lỗi, gửi cho công dân và cập nhật ngày hẹn trả mới."),
        fields=("new_date", "reason"),
        refusal=_("Chỉ cơ quan chủ trì giải quyết hồ sơ được lập phiếu xin lỗi."),
        audit=AuditAction.APOLOGY,
        on_detail_page=False,
        binds_dossier=True,
    ),
)
ACTIONS = {action.name: action for action in _REGISTRY}
COORDINATOR_ACTIONS = frozenset(action.name for action in _REGISTRY if action.coordinators)


def authorize(user, dossier, name):
    """Return the action ``name`` if ``user`` may perform it on ``dossier``.

    Raises ``KeyError`` for an unknown action, ``DossierHidden`` when the
    dossier was not handed off to the user's agencies, ``NotLeadAgency``
    (with the message to show) when the user's agency only coordinates and
    the action belongs to the lead agency, ``WrongStepRole`` when the user
    does not hold the role of the dossier's current step. The status is not checked here:
    the service's guard does that inside its transaction.
    """
    action = ACTIONS[name]
    if not can_see(user, dossier):
        raise DossierHidden(dossier)
    if not action.coordinators and not leads(user, dossier):
        agency = dossier.agency.title if dossier.agency_id else ""
        raise NotLeadAgency(dossier, str(action.refusal) % {"agency": agency})
    if action.permits is not None:
        action.permits(user, dossier)
    return action


def perform(name, dossier, user, cleaned, files=()):
    """Authorize, then run the action's service with the form's cleaned
    data. Raises the refusals of ``authorize`` or ``TransitionError``."""
    action = authorize(user, dossier, name)
    return action.run(dossier, user, cleaned, files)


def available(user, dossier, *, leading=None):
    """The detail page's actions the user may perform now, in display order:
    allowed by the status, and by the user's role (lead or coordinating;
    ``leading`` when the caller already knows it)."""
    allowed = services.allowed_actions(dossier)
    leading = leads(user, dossier) if leading is None else leading
    return [
        action
        for action in _REGISTRY
        if action.on_detail_page
        and action.name in allowed
        and (leading or action.coordinators)
        and _permitted(action, user, dossier)
    ]


def _permitted(action, user, dossier):
    if action.permits is None:
        return True
    try:
        action.permits(user, dossier)
    except Refused:
        return False
    return True


def apology_allowed(user, dossier, *, leading=None):
    """The detail page links to the apology form: lead agency, a status that
    allows it, and a dossier that is late or about to be."""
    if "apology" not in services.allowed_actions(dossier) or not apology_due(dossier, user):
        return False
    return leads(user, dossier) if leading is None else leading
