"""Queue, dossier detail, actions, comments, files and downloads."""

import structlog
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from eforms.dossiers import serving
from eforms.dossiers.audit import audit, audit_export
from eforms.dossiers.constants import AttachmentKind
from eforms.dossiers.deadlines import DEADLINE_LABELS, deadline_calendar, deadline_state
from eforms.dossiers.documents.archive import dossier_zip_file, zip_filename
from eforms.dossiers.filetypes import INLINE_CONTENT_TYPES as INLINE_TYPES
from eforms.dossiers.models import AuditAction
from eforms.dossiers.rendering import Mode, form_data_rows
from eforms.processes.services import current_steps, read_steps
from eforms.submission.uploads import limit_uploads
from eforms.workspace import actions, forms, services
from eforms.workspace.access import Refused, leads
from eforms.workspace.exports import export_dossiers, to_csv, to_xlsx
from eforms.workspace.queue import describe_filters, filtered_queue
from eforms.workspace.steps import handlers_of
from eforms.workspace.views.common import (
    dossier_view,
    form_errors,
    officer_required,
    refused,
    visible_dossier_or_403,
)

log = structlog.get_logger(__name__)
PAGE_SIZE = 25


def _annotate(dossiers):
    now = timezone.now()
    dossiers = list(dossiers)
    calendar = deadline_calendar(dossiers, now)
    steps = current_steps(dossiers, now)
    for dossier in dossiers:
        dossier.deadline = deadline_state(dossier, now, calendar)
        dossier.deadline_label = DEADLINE_LABELS.get(dossier.deadline, "")
        dossier.current_step = steps.get(dossier.pk)
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
    dossiers = export_dossiers(queryset)
    content = builder(dossiers)
    # what left the building: the filters, then every exported code
    audit_export(request, action, filters=describe_filters(form), codes=[d.code for d in dossiers])
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=content_type)
    return serving.private_headers(response, f"danh-sach-ho-so-{stamp}.{extension}", content_type)


@require_GET
@officer_required
def export_csv(request):
    return _export(request, AuditAction.EXPORT_CSV, to_csv, "text/csv; charset=utf-8", "csv")


@require_GET
@officer_required
def export_xlsx(request):
    return _export(
        request,
        AuditAction.EXPORT_XLSX,
        to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


def _action_forms(available, dossier, bound=None, bound_name=None):
    """The detail page's forms of the actions the officer may perform now."""
    return {
        action.name: bound if action.name == bound_name and bound is not None else action.form(dossier=dossier)
        for action in available
    }


def _attachment_groups(dossier):
    attachments = list(dossier.attachments.all().order_by("id"))
    for attachment in attachments:
        attachment.inline = attachment.content_type in INLINE_TYPES
        attachment.is_image = attachment.content_type.startswith("image/")
    groups = []
    for kind, label in AttachmentKind.choices:
        items = [a for a in attachments if a.kind == kind]
        if items:
            groups.append((label, items))
    return groups


def _action_label(action, current):
    if action.name == "complete_step" and current is not None:
        return _("Hoàn thành bước %(n)s: %(step)s") % {"n": current.step.number, "step": current.step.name}
    return str(action.label).capitalize()


def _detail_context(request, dossier, *, bound=None, bound_name=None, error=None, comment_form=None):
    dossier.deadline = deadline_state(dossier)
    dossier.deadline_label = DEADLINE_LABELS.get(dossier.deadline, "")
    leading = leads(request.user, dossier)
    available = actions.available(request.user, dossier, leading=leading)
    action_forms = _action_forms(available, dossier, bound, bound_name)
    steps = read_steps(dossier)
    current = next((view for view in steps if view.current), None)
    return {
        "steps": steps,
        "current_step": current,
        "current_handlers": handlers_of(dossier, current.step.role) if current else [],
        "dossier": dossier,
        "form_rows": form_data_rows(dossier, Mode.OFFICER_HTML),
        "attachment_groups": _attachment_groups(dossier),
        "history": dossier.history.select_related("actor").order_by("created_at", "id"),
        "comments": dossier.officer_comments.all(),
        "comment_form": comment_form or forms.CommentForm(),
        "action_forms": action_forms,
        "actions": [
            {
                "name": action.name,
                "form": action_forms[action.name],
                "label": _action_label(action, current),
                "multipart": action.files,
                "primary": action.tone == "primary",
                "danger": action.tone == "danger",
                "open": action.name == bound_name,
            }
            for action in available
        ],
        "action_error": error,
        "action_error_for": bound_name,
        "leading": leading,
        "apology_allowed": actions.apology_allowed(request.user, dossier, leading=leading),
        "apology_letters": dossier.apology_letters.all(),
        "open_supplement": dossier.supplement_requests.filter(fulfilled_at__isnull=True).first(),
        "handoffs": list(dossier.handoffs.select_related("agency").order_by("created_at")),
    }


@require_GET
@dossier_view(AuditAction.VIEW, audit_look=True)
def detail(request, dossier):
    return render(request, "workspace/detail.html", _detail_context(request, dossier))


@limit_uploads(rate_limited=False)
@require_POST
@officer_required
def action(request, uuid, name):
    if name not in actions.ACTIONS or not actions.ACTIONS[name].on_detail_page:
        raise Http404
    dossier, denied = visible_dossier_or_403(request, uuid, AuditAction.TRANSITION, target=name)
    if denied:
        return denied
    try:
        chosen = actions.authorize(request.user, dossier, name)
    except Refused as refusal:
        return refused(request, refusal, AuditAction.TRANSITION, target=name)
    form = chosen.form(request.POST, dossier=dossier)
    if form.is_valid():
        try:
            actions.perform(name, dossier, request.user, form.cleaned_data, request.FILES.getlist("files"))
        except services.TransitionError as exc:
            error = exc.message
        else:
            audit(request, chosen.audit, dossier=dossier, target=name)
            messages.success(request, chosen.message)
            return redirect("workspace:detail", uuid=dossier.uuid)
    else:
        error = form_errors(form)
    dossier.refresh_from_db()
    context = _detail_context(request, dossier, bound=form, bound_name=name, error=error)
    if name not in context["action_forms"]:
        # the status moved on meanwhile: show the refusal at the top
        context["action_error_for"] = "top"
    return render(request, "workspace/detail.html", context, status=400)


@require_POST
@dossier_view(AuditAction.COMMENT)
def comment(request, dossier):
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(dossier, request.user, form.cleaned_data["body"])
        audit(request, AuditAction.COMMENT, dossier=dossier)
        return redirect(reverse("workspace:detail", kwargs={"uuid": dossier.uuid}) + "#trao-doi")
    return render(request, "workspace/detail.html", _detail_context(request, dossier, comment_form=form), status=400)


@require_GET
@officer_required
def attachment_file(request, uuid, attachment):
    download = request.GET.get("tai-ve") == "1"
    action = AuditAction.DOWNLOAD_FILE if download else AuditAction.PREVIEW
    dossier, denied = visible_dossier_or_403(request, uuid, action, target=str(attachment))
    if denied:
        return denied
    item = get_object_or_404(dossier.attachments, uuid=attachment)
    inline = not download and item.content_type in INLINE_TYPES
    try:
        response = serving.attachment_response(item, inline=inline)
    except OSError:  # FileNotFoundError included
        log.error("attachment_missing", dossier=dossier.code, attachment=str(item.uuid))
        raise Http404 from None
    audit(request, action, dossier=dossier, target=f"{item.original_name} ({item.uuid})")
    return response


@require_GET
@dossier_view(AuditAction.DOWNLOAD_ZIP, audit_look=True)
def dossier_zip(request, dossier):
    # streamed from a temporary file: memory stays bounded for any size
    return serving.file_response(dossier_zip_file(dossier), zip_filename(dossier), "application/zip")
