"""``/can-bo/phan-anh/``: officers handle their department's feedback (the
workspace's sign-in, access rules and base template); leaders approve or
return the answer and publish its scrubbed version."""

import structlog
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from eforms.feedback import handling
from eforms.feedback.access import can_approve, find_item, visible_items
from eforms.feedback.constants import OPEN_STATES, FeedbackState
from eforms.feedback.forms import AnswerForm, AssignForm, NoteForm, PublishForm, ReasonForm
from eforms.workspace.access import can_see
from eforms.workspace.views.common import forbidden, form_errors, officer_required

log = structlog.get_logger(__name__)
FILTERS = {
    "mo": (gettext_lazy("Đang mở"), {"state__in": OPEN_STATES}),
    "qua-han": (gettext_lazy("Quá hạn"), None),
    "cho-duyet": (gettext_lazy("Chờ duyệt"), {"state": FeedbackState.AWAITING_APPROVAL}),
    "da-tra-loi": (gettext_lazy("Đã trả lời"), {"state__in": (FeedbackState.ANSWERED, FeedbackState.PUBLISHED)}),
    "khong-thu-ly": (gettext_lazy("Không thụ lý"), {"state": FeedbackState.REJECTED}),
    "tat-ca": (gettext_lazy("Tất cả"), {}),
}


def _filtered(items, key):
    if key == "qua-han":
        return items.overdue()
    return items.filter(**FILTERS[key][1])


@require_GET
@officer_required
def item_list(request):
    key = request.GET.get("loc") if request.GET.get("loc") in FILTERS else "mo"
    items = visible_items(request.user).select_related("agency").order_by("due_at", "id")
    if key in ("da-tra-loi", "khong-thu-ly", "tat-ca"):
        items = items.order_by("-received_at", "-id")
    page = Paginator(_filtered(items, key), 25).get_page(request.GET.get("page"))
    now = timezone.now()
    for item in page.object_list:
        item.badge = item.deadline(now)
    tabs = [(k, str(label), _filtered(visible_items(request.user), k).count()) for k, (label, _f) in FILTERS.items()]
    return render(
        request,
        "feedback/officer_list.html",
        {"page": page, "tabs": tabs, "current": key, "page_query": urlencode({"loc": key})},
    )


def _detail_context(request, item, **forms):
    leader = can_approve(request.user, item)
    context = {
        "item": item,
        "deadline": item.deadline(),
        "notes": item.notes.select_related("author"),
        "events": item.events.select_related("actor"),
        "is_approver": leader,
        "dossier_visible": item.dossier_id is not None and can_see(request.user, item.dossier),
        "note_form": forms.get("note_form") or NoteForm(),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer": item.answer}),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "return_form": forms.get("return_form") or ReasonForm(prefix="tra-lai"),
        "publish_form": forms.get("publish_form")
        or PublishForm(
            initial={
                "public_subject": item.public_subject,
                "public_question": item.public_question,
                "public_answer": item.public_answer,
            }
        ),
    }
    if item.agency_id is None and leader:
        context["assign_form"] = forms.get("assign_form") or AssignForm(agencies=request.officer_agencies)
    return context


def _detail(request, item, status=200, **forms):
    response = render(request, "feedback/officer_detail.html", _detail_context(request, item, **forms), status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@officer_required
def detail(request, uuid):
    return _detail(request, find_item(request.user, uuid))


def _done(request, item, message):
    messages.success(request, message)
    return redirect("feedback_officer:detail", uuid=item.uuid)


def _refused(request, item, refusal):
    if refusal.status == 403:
        log.warning("feedback_forbidden", code=item.code, user=request.user.pk)
        return forbidden(request, refusal.message)
    messages.error(request, refusal.message)
    return redirect("feedback_officer:detail", uuid=item.uuid)


def _invalid(request, item, form_name, form):
    messages.error(request, form_errors(form))
    return _detail(request, item, status=400, **{form_name: form})


@require_POST
@officer_required
def action(request, uuid, name):
    item = find_item(request.user, uuid)
    if name not in ACTIONS:
        return _detail(request, item, status=404)
    try:
        return ACTIONS[name](request, item)
    except handling.NotAllowed as refusal:
        return _refused(request, item, refusal)


def _note(request, item):
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, "note_form", form)
    handling.add_note(item, request.user, form.cleaned_data["text"])
    return _done(request, item, _("Đã thêm ghi chú nội bộ."))


def _answer(request, item):
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, "answer_form", form)
    send = request.POST.get("gui-duyet") == "1"
    handling.save_answer(item, request.user, form.cleaned_data["answer"], send_for_approval=send)
    return _done(request, item, _("Đã gửi dự thảo trả lời cho lãnh đạo duyệt.") if send else _("Đã lưu dự thảo."))


def _refuse(request, item):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, "reason_form", form)
    handling.refuse(item, request.user, form.cleaned_data["reason"])
    return _done(request, item, _("Đã chuyển sang không thụ lý và thông báo cho người gửi."))


def _approve(request, item):
    handling.approve(item, request.user)
    return _done(request, item, _("Đã duyệt trả lời; người gửi đã được thông báo."))


def _return(request, item):
    form = ReasonForm(request.POST, prefix="tra-lai")
    if not form.is_valid():
        return _invalid(request, item, "return_form", form)
    handling.return_answer(item, request.user, form.cleaned_data["reason"])
    return _done(request, item, _("Đã trả lại dự thảo cho cán bộ xử lý."))


def _publish(request, item):
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _invalid(request, item, "publish_form", form)
    data = form.cleaned_data
    handling.publish(
        item,
        request.user,
        subject=data["public_subject"],
        question=data["public_question"],
        answer=data["public_answer"],
    )
    return _done(request, item, _("Đã công khai câu hỏi và trả lời (thông tin cá nhân đã được ẩn)."))


def _unpublish(request, item):
    handling.unpublish(item, request.user)
    return _done(request, item, _("Đã thôi công khai."))


def _assign(request, item):
    if not can_approve(request.user, item):
        return forbidden(request)
    form = AssignForm(request.POST, agencies=request.officer_agencies)
    if not form.is_valid():
        return _invalid(request, item, "assign_form", form)
    handling.assign(item, request.user, form.cleaned_data["agency"])
    return _done(request, item, _("Đã chuyển phản ánh đến cơ quan xử lý."))


ACTIONS = {
    "ghi-chu": _note,
    "tra-loi": _answer,
    "khong-thu-ly": _refuse,
    "duyet": _approve,
    "tra-lai": _return,
    "cong-khai": _publish,
    "thoi-cong-khai": _unpublish,
    "phan-cong": _assign,
}
