"""Queue, dossier detail, actions, comments, files and downloads."""
import logging

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from eforms.dossiers.audit import audit
from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.deadlines import DEADLINE_LABELS, deadline_calendar, deadline_state
from eforms.dossiers.documents.archive import build_dossier_zip, zip_filename
from eforms.dossiers.models import AuditAction
from eforms.dossiers.rendering import form_data_rows
from eforms.workspace import forms, services
from eforms.workspace.access import COORDINATOR_ACTIONS, leads
from eforms.workspace.exports import to_csv, to_xlsx
from eforms.dossiers.filetypes import INLINE_CONTENT_TYPES as INLINE_TYPES
from eforms.workspace.queue import describe_filters, filtered_queue
from eforms.workspace.views.common import forbidden, officer_required, visible_dossier_or_403

logger = logging.getLogger("eforms.workspace")
PAGE_SIZE = 25


def _annotate(dossiers):
    now = timezone.now()
    dossiers = list(dossiers)
    calendar = deadline_calendar(dossiers, now)
    for dossier in dossiers:
        dossier.deadline = deadline_state(dossier, now, calendar)
        dossier.deadline_label = DEADLINE_LABELS.get(dossier.deadline, "")
    return dossiers


@require_GET
@officer_required
def queue(request):
    form, queryset = filtered_queue(request.user, request.GET)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    _annotate(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    audit(request, AuditAction.QUEUE, target=describe_filters(form))
    return render(
        request,
        "workspace/queue.html",
        {"form": form, "page_obj": page, "querystring": params.urlencode(), "total": page.paginator.count},
    )


def _export(request, action, builder, content_type, extension):
    form, queryset = filtered_queue(request.user, request.GET)
    audit(request, action, target=describe_filters(form))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(builder(queryset), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"danh-sach-ho-so-{stamp}.{extension}")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@officer_required
def export_csv(request):
    return _export(request, AuditAction.EXPORT_CSV, to_csv, "text/csv; charset=utf-8", "csv")


@require_GET
@officer_required
def export_xlsx(request):
    return _export(
        request, AuditAction.EXPORT_XLSX, to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
    )


# action name → (form class, call(dossier, user, cleaned, request))
ACTIONS = {
    "accept": (forms.AcceptForm, lambda d, u, c, r: services.accept(d, u, start_processing=c["start_processing"], note=c["note"])),
    "start": (forms.NoteForm, lambda d, u, c, r: services.start(d, u)),
    "refuse": (forms.ReasonForm, lambda d, u, c, r: services.refuse(d, u, c["reason"])),
    "request_supplement": (forms.SupplementForm, lambda d, u, c, r: services.request_supplement(d, u, c["items"])),
    "receive_supplement": (forms.NoteForm, lambda d, u, c, r: services.receive_supplement(d, r.FILES.getlist("files"), actor=u, note=c["note"])),
    "request_payment": (forms.PaymentForm, lambda d, u, c, r: services.request_payment(d, u, c["amount"], c["note"])),
    "confirm_payment": (forms.NoteForm, lambda d, u, c, r: services.confirm_payment(d, u, c["note"])),
    "forward": (forms.ForwardForm, lambda d, u, c, r: services.forward(d, u, c["to_agency"], c["note"])),
    "approve": (forms.NoteForm, lambda d, u, c, r: services.approve(d, u, c["note"])),
    "reject": (forms.ReasonForm, lambda d, u, c, r: services.reject(d, u, c["reason"])),
    "upload_result": (forms.NoteForm, lambda d, u, c, r: services.upload_result(d, u, r.FILES.getlist("files"))),
    "mark_returned": (forms.ReturnForm, lambda d, u, c, r: services.mark_returned(d, u, c["how"], c["note"])),
    "withdraw": (forms.ReasonForm, lambda d, u, c, r: services.withdraw(d, u, c["reason"])),
}

SUCCESS_MESSAGES = {
    "accept": gettext_lazy("Đã tiếp nhận hồ sơ."),
    "start": gettext_lazy("Đã chuyển hồ sơ sang “Đang xử lý”."),
    "refuse": gettext_lazy("Đã từ chối tiếp nhận hồ sơ; công dân được thông báo lý do."),
    "request_supplement": gettext_lazy("Đã gửi yêu cầu bổ sung; thời hạn giải quyết tạm dừng."),
    "receive_supplement": gettext_lazy("Đã nhận hồ sơ bổ sung; thời hạn tiếp tục được tính."),
    "request_payment": gettext_lazy("Đã gửi yêu cầu thực hiện nghĩa vụ tài chính."),
    "confirm_payment": gettext_lazy("Đã xác nhận nghĩa vụ tài chính; thời hạn tiếp tục được tính."),
    "forward": gettext_lazy("Đã chuyển hồ sơ đến cơ quan khác."),
    "approve": gettext_lazy("Hồ sơ đã xử lý xong."),
    "reject": gettext_lazy("Đã dừng xử lý hồ sơ."),
    "upload_result": gettext_lazy("Đã tải lên kết quả giải quyết."),
    "mark_returned": gettext_lazy("Đã trả kết quả."),
    "withdraw": gettext_lazy("Đã ghi nhận yêu cầu rút hồ sơ."),
}


ACTION_ORDER = [
    "accept", "start", "request_supplement", "receive_supplement", "request_payment", "confirm_payment",
    "approve", "upload_result", "mark_returned", "forward", "refuse", "reject", "withdraw",
]
FILE_ACTIONS = {"receive_supplement", "upload_result"}
PRIMARY_ACTIONS = {"accept", "start", "approve", "mark_returned", "receive_supplement", "confirm_payment"}
DANGER_ACTIONS = {"refuse", "reject", "withdraw"}


def _action_forms(dossier, bound=None, bound_name=None, leading=True):
    result = {}
    allowed = services.allowed_actions(dossier)
    if not leading:
        allowed &= COORDINATOR_ACTIONS
    for name in ACTION_ORDER:
        if name not in allowed:
            continue
        form_class = ACTIONS[name][0]
        kwargs = {"dossier": dossier} if form_class is forms.ForwardForm else {}
        if name == bound_name and bound is not None:
            result[name] = bound
        else:
            result[name] = form_class(prefix=name, **kwargs)
    return result


def _detail_context(request, dossier, *, bound=None, bound_name=None, error=None, comment_form=None):
    from django.utils.translation import gettext as gt

    dossier.deadline = deadline_state(dossier)
    dossier.deadline_label = DEADLINE_LABELS.get(dossier.deadline, "")
    attachments = list(dossier.attachments.all().order_by("id"))
    for attachment in attachments:
        attachment.inline = attachment.content_type in INLINE_TYPES
        attachment.is_image = attachment.content_type.startswith("image/")
    groups = []
    for kind, label in AttachmentKind.choices:
        items = [a for a in attachments if a.kind == kind]
        if items:
            groups.append((label, items))
    leading = leads(request.user, dossier)
    action_forms = _action_forms(dossier, bound, bound_name, leading=leading)
    return {
        "dossier": dossier,
        "form_rows": form_data_rows(dossier),
        "attachment_groups": groups,
        "history": dossier.history.select_related("actor").order_by("created_at", "id"),
        "comments": dossier.officer_comments.all(),
        "comment_form": comment_form or forms.CommentForm(),
        "action_forms": action_forms,
        "actions": [
            {
                "name": name, "form": form, "label": gt(str(services.ACTION_LABELS[name])).capitalize(),
                "multipart": name in FILE_ACTIONS, "primary": name in PRIMARY_ACTIONS, "danger": name in DANGER_ACTIONS,
                "open": name == bound_name,
            }
            for name, form in action_forms.items()
        ],
        "action_error": error,
        "action_error_for": bound_name,
        "leading": leading,
        "apology_allowed": leading and "apology" in services.allowed_actions(dossier) and dossier.deadline in ("overdue", "soon"),
        "apology_letters": dossier.apology_letters.all(),
        "open_supplement": dossier.supplement_requests.filter(fulfilled_at__isnull=True).first(),
        "handoffs": _handoffs(dossier),
    }


def _handoffs(dossier):
    try:
        return list(dossier.handoffs.select_related("agency").order_by("created_at"))
    except AttributeError:
        return []


@require_GET
@officer_required
def detail(request, uuid):
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.VIEW)
    if denied:
        return denied
    audit(request, AuditAction.VIEW, dossier=dossier)
    return render(request, "workspace/detail.html", _detail_context(request, dossier))


@require_POST
@officer_required
def action(request, uuid, name):
    if name not in ACTIONS:
        raise Http404
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.TRANSITION, target=name)
    if denied:
        return denied
    if name not in COORDINATOR_ACTIONS and not leads(request.user, dossier):
        audit(request, AuditAction.TRANSITION, dossier=dossier, target=name, allowed=False)
        return forbidden(request, _("Cơ quan của bạn phối hợp giải quyết hồ sơ này; chỉ cơ quan chủ trì (%(agency)s) được xử lý, trả kết quả.") % {"agency": dossier.agency.title})
    form_class, call = ACTIONS[name]
    kwargs = {"dossier": dossier} if form_class is forms.ForwardForm else {}
    form = form_class(request.POST, prefix=name, **kwargs)
    error = None
    if form.is_valid():
        try:
            call(dossier, request.user, form.cleaned_data, request)
        except services.TransitionError as exc:
            error = exc.message
        else:
            audit(request, AuditAction.UPLOAD_RESULT if name == "upload_result" else AuditAction.TRANSITION, dossier=dossier, target=name)
            from django.contrib import messages

            messages.success(request, SUCCESS_MESSAGES[name])
            return redirect("workspace:detail", uuid=dossier.uuid)
    else:
        error = " ".join(m for errors in form.errors.values() for m in errors)
    dossier.refresh_from_db()
    context = _detail_context(request, dossier, bound=form, bound_name=name, error=error)
    if name not in context["action_forms"]:
        # the status moved on meanwhile: show the refusal at the top
        context["action_error_for"] = "top"
    return render(request, "workspace/detail.html", context, status=400)


@require_POST
@officer_required
def comment(request, uuid):
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.COMMENT)
    if denied:
        return denied
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(dossier, request.user, form.cleaned_data["body"])
        audit(request, AuditAction.COMMENT, dossier=dossier)
        return redirect(reverse("workspace:detail", kwargs={"uuid": dossier.uuid}) + "#trao-doi")
    return render(request, "workspace/detail.html", _detail_context(request, dossier, comment_form=form), status=400)


def private_file_response(fileobj, filename, content_type, *, inline):
    response = FileResponse(fileobj, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A file opened inline never runs scripts of our origin. PDFs keep the
    # browser's viewer working (a sandboxed document cannot load it).
    if content_type == "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@require_GET
@officer_required
def attachment_file(request, uuid, attachment):
    download = request.GET.get("tai-ve") == "1"
    action = AuditAction.DOWNLOAD_FILE if download else AuditAction.PREVIEW
    dossier, denied = visible_dossier_or_403(request, uuid, action, target=str(attachment))
    if denied:
        return denied
    item = get_object_or_404(dossier.attachments, uuid=attachment)
    audit(request, action, dossier=dossier, target=f"{item.original_name} ({item.uuid})")
    inline = not download and item.content_type in INLINE_TYPES
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        logger.error("event=attachment_missing dossier=%s attachment=%s", dossier.code, item.uuid)
        raise Http404
    content_type = item.content_type if item.content_type in INLINE_TYPES else "application/octet-stream"
    return private_file_response(handle, item.original_name, content_type, inline=inline)


@require_GET
@officer_required
def dossier_zip(request, uuid):
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.DOWNLOAD_ZIP)
    if denied:
        return denied
    audit(request, AuditAction.DOWNLOAD_ZIP, dossier=dossier)
    response = HttpResponse(build_dossier_zip(dossier), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, zip_filename(dossier))
    response["Cache-Control"] = "private, no-store"
    return response

