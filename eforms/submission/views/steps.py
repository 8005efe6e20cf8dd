"""``/nop-ho-so/<procedure code>/``: start, steps, save & resume, review,
submit, confirmation and receipt download.

Everything works without JavaScript; ``eforms.js`` only shows/hides
conditional fields, reloads the ward list and prevents double clicks.
"""
import logging

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from eforms.dossiers.constants import PaymentStatus
from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.models import Dossier
from eforms.formdefs import divisions
from eforms.formdefs.forms import StepForm, initial_from_answers
from eforms.formdefs.schema import condition_met
from eforms.submission.emails import queue_receipt_email, send_resume_email
from eforms.submission.models import SubmissionDraft
from eforms.submission.services import (
    SubmissionError,
    check_resume_token,
    issue_resume_token,
    missing_uploads,
    needs_online_payment,
    start_draft,
    store_step_uploads,
    submit_draft,
    uploads_by_field,
)
from eforms.submission.uploads import LimitedUploadHandler
from eforms.submission.views.common import (
    find_procedure,
    rate_limited,
    remember_draft,
    secret_matches,
    session_has_draft,
    too_many,
    unavailable,
)

logger = logging.getLogger("eforms.submission.views")
MB = 1024 * 1024


def _draft_or_error(request, procedure, draft_uuid):
    draft = (
        SubmissionDraft.objects.filter(uuid=draft_uuid, procedure=procedure)
        .select_related("form_version")
        .first()
    )
    if draft is None or not session_has_draft(request, draft):
        return None, unavailable(
            request,
            _("Không tìm thấy hồ sơ đang soạn"),
            _("Hồ sơ đang soạn không tồn tại hoặc không thuộc phiên làm việc này. Nếu đã lưu hồ sơ, hãy mở "
              "đường dẫn tiếp tục đã được gửi vào thư điện tử của bạn."),
            status=404,
        )
    return draft, None


def _steps(draft):
    return draft.form_version.schema["steps"]


def _progress(draft, current):
    """Progress indicator: the steps, then "Xem lại và nộp"."""
    items = []
    done = set(draft.completed_steps or [])
    for index, step in enumerate(_steps(draft), start=1):
        items.append(
            {
                "number": index,
                "title": _(step["title"]),
                "url": reverse("eforms:step", args=[draft.procedure.code, draft.uuid, index]),
                "current": index == current,
                "done": step["key"] in done,
            }
        )
    items.append(
        {
            "number": len(items) + 1,
            "title": _("Xem lại và nộp"),
            "url": reverse("eforms:review", args=[draft.procedure.code, draft.uuid]),
            "current": current == "review",
            "done": False,
        }
    )
    return items


# --- start ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request, code):
    procedure, error = find_procedure(request, code)
    if error:
        return error
    if request.method == "POST":
        if rate_limited(request, "draft"):
            return too_many(request)
        draft = start_draft(procedure)
        remember_draft(request, draft)
        return redirect("eforms:step", procedure.code, draft.uuid, 1)
    open_drafts = SubmissionDraft.objects.filter(
        uuid__in=request.session.get("eforms_drafts", []), procedure=procedure, dossier__isnull=True
    ).order_by("-updated_at")[:3]
    from eforms.formdefs.schema import current_version

    version = current_version(procedure)
    return render(
        request,
        "eforms/start.html",
        {
            "procedure": procedure,
            "schema": version.schema,
            "open_drafts": open_drafts,
            "pay_online": needs_online_payment(procedure),
            "components": procedure.components.all(),
        },
    )


# --- steps ------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def step(request, code, draft_uuid, number):
    """One step of the form. The upload handler must be installed before
    the body is read, hence ``csrf_exempt`` here and ``csrf_protect`` on
    the inner POST handler."""
    procedure, error = find_procedure(request, code)
    if error:
        return error
    draft, error = _draft_or_error(request, procedure, draft_uuid)
    if error:
        return error
    if draft.dossier_id:
        return redirect(_confirmation_url(draft.dossier))
    steps = _steps(draft)
    if not 1 <= number <= len(steps):
        raise Http404
    spec = steps[number - 1]
    if request.method == "POST":
        limits = {f["name"]: int(f.get("max_size_mb") or 10) * MB for f in spec["fields"] if f["type"] == "file"}
        handler = LimitedUploadHandler(request, limits=limits)
        request.upload_handlers.insert(0, handler)
        return csrf_protect(_step_post)(request, procedure, draft, number, spec, handler)
    if rate_limited(request, "step"):
        return too_many(request)
    form = StepForm(spec, initial=initial_from_answers(spec, draft.data), answers=draft.data)
    return _render_step(request, procedure, draft, number, spec, form, {})


def _step_post(request, procedure, draft, number, spec, handler):
    if rate_limited(request, "step"):
        return too_many(request)
    try:
        data, files = request.POST, request.FILES
    except MultiPartParserError:
        data, files = MultiValueDict(), MultiValueDict()
        return _render_step(
            request, procedure, draft, number, spec,
            StepForm(spec, initial=initial_from_answers(spec, draft.data), answers=draft.data),
            {"__all__": [_("Dữ liệu gửi lên bị hỏng. Vui lòng thử lại.")]}, status=400,
        )
    action = data.get("action", "next")
    form = StepForm(spec, data=data, answers=draft.data)
    valid = form.is_valid()
    answers = dict(draft.data)
    answers.update(form.answers_to_store() if valid else _valid_part(form))
    file_errors = {}
    for name, filename in handler.oversized.items():
        field = next((f for f in spec["fields"] if f.get("name") == name), None)
        mb = field.get("max_size_mb") if field else 10
        file_errors.setdefault(name, []).append(
            _("Tệp “%(name)s” vượt quá dung lượng tối đa %(mb)s MB.") % {"name": (filename or "")[:120], "mb": mb}
        )
    remove_ids = [value for value in data.getlist("remove_upload") if _is_uuid(value)]
    for name, messages in store_step_uploads(draft, spec, files, remove_ids, answers).items():
        file_errors.setdefault(name, []).extend(messages)
    draft.data = answers
    draft.save(update_fields=["data", "updated_at"])

    if action == "back":
        target = number - 1
        return redirect("eforms:step", procedure.code, draft.uuid, target) if target >= 1 else redirect(
            "eforms:start", procedure.code
        )
    if action == "refresh":
        return redirect(reverse("eforms:step", args=[procedure.code, draft.uuid, number]) + "#buoc")
    if action == "remove":
        return redirect("eforms:step", procedure.code, draft.uuid, number)
    if action == "save":
        return redirect("eforms:save", procedure.code, draft.uuid)
    for name, message in missing_uploads(draft.form_version.schema, spec, answers, uploads_by_field(draft)).items():
        if name not in file_errors:
            file_errors.setdefault(name, []).append(message)
    if not valid or file_errors:
        return _render_step(request, procedure, draft, number, spec, form, file_errors, status=200)
    completed = set(draft.completed_steps or [])
    completed.add(spec["key"])
    draft.completed_steps = sorted(completed)
    draft.save(update_fields=["completed_steps", "updated_at"])
    if number < len(_steps(draft)):
        return redirect("eforms:step", procedure.code, draft.uuid, number + 1)
    return redirect("eforms:review", procedure.code, draft.uuid)


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _valid_part(form):
    """Answers of the fields that validated, on an invalid form."""
    form.cleaned_data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    return form.answers_to_store()


def _render_step(request, procedure, draft, number, spec, form, file_errors, status=200):
    items, summary = _render_items(draft, spec, form, file_errors)
    return render(
        request,
        "eforms/step.html",
        {
            "procedure": procedure,
            "draft": draft,
            "step": spec,
            "step_title": _(spec["title"]),
            "step_intro": _(spec["intro"]) if spec.get("intro") else "",
            "number": number,
            "total": len(_steps(draft)),
            "progress": _progress(draft, number),
            "form": form,
            "items": items,
            "error_summary": summary,
            "has_files": any(f["type"] == "file" for f in spec["fields"]),
        },
        status=status,
    )


def _render_items(draft, spec, form, file_errors):
    """What the step template draws, in order, and the error summary."""
    answers = dict(draft.data)
    items = []
    summary = []
    for message in form.non_field_errors() if form.is_bound else []:
        summary.append(("#buoc", message))
    for message in file_errors.get("__all__", []):
        summary.append(("#buoc", message))
    grouped = uploads_by_field(draft)
    step_names = {f.get("name") for f in spec["fields"]}
    for field in spec["fields"]:
        kind = field["type"]
        condition = field.get("condition")
        # A condition on an earlier step's answer is decided here, server-side.
        if condition and condition["field"] not in step_names and condition["field"] not in _address_keys(spec):
            if not condition_met(field, answers):
                continue
            condition = None
        item = {"kind": kind, "spec": field, "condition": condition}
        if kind in ("heading", "help"):
            item["text"] = _(field["label"])
        elif kind == "address":
            name = field["name"]
            item.update(
                {
                    "label": _(field["label"]),
                    "required": field.get("required"),
                    "province": form[f"{name}_province"],
                    "ward": form[f"{name}_ward"],
                    "street": form[f"{name}_street"],
                    "id": f"id_{name}_province",
                }
            )
            for part in ("province", "ward", "street"):
                for message in form.errors.get(f"{name}_{part}", []) if form.is_bound else []:
                    summary.append((f"#id_{name}_{part}", message))
        elif kind == "file":
            name = field["name"]
            item.update(
                {
                    "name": name,
                    "id": f"id_{name}",
                    "label": field["label"],
                    "help_text": _(field["help_text"]) if field.get("help_text") else "",
                    "required": field.get("required"),
                    "uploads": grouped.get(name, []),
                    "errors": file_errors.get(name, []),
                    "accept": ",".join(_accept(field["allowed_types"])),
                    "types_label": ", ".join(t.upper() for t in field["allowed_types"]),
                }
            )
            for message in item["errors"]:
                summary.append((f"#id_{name}", message))
        else:
            bound = form[field["name"]]
            item["field"] = bound
            item["required"] = field.get("required")
            item["id"] = bound.id_for_label or f"id_{field['name']}"
            if kind in ("choice", "multichoice"):
                item["id"] = f"id_{field['name']}_0"
            if form.is_bound and bound.errors:
                described = [f"err-{field['name']}"]
                if bound.help_text and kind not in ("choice", "multichoice", "checkbox"):
                    described.insert(0, f"{bound.auto_id}_helptext")
                if kind not in ("choice", "multichoice", "checkbox"):
                    bound.field.widget.attrs["aria-describedby"] = " ".join(described)
                for message in bound.errors:
                    summary.append((f"#{item['id']}", message))
        items.append(item)
    return items, summary


def _address_keys(spec):
    keys = set()
    for field in spec["fields"]:
        if field["type"] == "address":
            keys.update({f"{field['name']}_province", f"{field['name']}_ward", f"{field['name']}_street"})
    return keys


def _accept(types):
    mapping = {
        "pdf": [".pdf", "application/pdf"],
        "jpeg": [".jpg", ".jpeg", "image/jpeg"],
        "png": [".png", "image/png"],
        "docx": [".docx"],
        "xlsx": [".xlsx"],
    }
    return [value for t in types for value in mapping.get(t, [])]


# --- save & resume ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def save(request, code, draft_uuid):
    procedure, error = find_procedure(request, code)
    if error:
        return error
    draft, error = _draft_or_error(request, procedure, draft_uuid)
    if error:
        return error
    from django import forms as dj_forms

    class EmailForm(dj_forms.Form):
        email = dj_forms.EmailField(
            label=_("Thư điện tử nhận đường dẫn tiếp tục"),
            error_messages={"required": _("Vui lòng nhập địa chỉ thư điện tử."),
                            "invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
        )

    sent = False
    if request.method == "POST":
        form = EmailForm(request.POST)
        if form.is_valid():
            if rate_limited(request, "resume_email"):
                return too_many(request)
            token = issue_resume_token(draft, form.cleaned_data["email"])
            url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("eforms:resume", args=[draft.uuid, token])
            send_resume_email(draft, url)
            sent = True
    else:
        form = EmailForm(initial={"email": draft.email or draft.data.get("applicant_email") or ""})
    return render(
        request,
        "eforms/save.html",
        {"procedure": procedure, "draft": draft, "form": form, "sent": sent,
         "first_step_url": reverse("eforms:step", args=[procedure.code, draft.uuid, 1])},
    )


@require_GET
def resume(request, draft_uuid, token):
    draft = SubmissionDraft.objects.filter(uuid=draft_uuid).select_related("procedure").first()
    if draft is None or not check_resume_token(draft, token):
        return unavailable(
            request,
            _("Đường dẫn tiếp tục không hợp lệ"),
            _("Đường dẫn tiếp tục nộp hồ sơ không đúng hoặc đã hết hiệu lực."),
            status=404,
        )
    remember_draft(request, draft)
    if draft.dossier_id:
        return redirect(_confirmation_url(draft.dossier))
    return redirect("eforms:step", draft.procedure.code, draft.uuid, 1)


# --- review & submit --------------------------------------------------------


def _review_sections(draft):
    answers = draft.data
    grouped = uploads_by_field(draft)
    sections = []
    for index, spec in enumerate(_steps(draft), start=1):
        rows = []
        for field in spec["fields"]:
            if field["type"] in ("heading", "help") or not condition_met(field, answers):
                continue
            name = field["name"]
            if field["type"] == "file":
                value = ", ".join(u.original_name for u in grouped.get(name, [])) or "—"
            else:
                value = _display(field, answers.get(name))
            rows.append({"label": _(field["label"]) if field["label"] else field["label"], "value": value})
        sections.append(
            {"title": _(spec["title"]), "rows": rows, "key": spec["key"],
             "url": reverse("eforms:step", args=[draft.procedure.code, draft.uuid, index])}
        )
    return sections


def _display(field, value):
    if value in (None, "", []):
        return "—"
    if field["type"] == "checkbox":
        return _("Có") if value else _("Không")
    if field["type"] == "multichoice":
        return ", ".join(value)
    if field["type"] == "date":
        try:
            y, m, d = str(value).split("-")
            return f"{d}/{m}/{y}"
        except ValueError:
            return str(value)
    return str(value)


@require_http_methods(["GET", "POST"])
def review(request, code, draft_uuid):
    procedure, error = find_procedure(request, code)
    if error:
        return error
    draft, error = _draft_or_error(request, procedure, draft_uuid)
    if error:
        return error
    if draft.dossier_id:
        return redirect(_confirmation_url(draft.dossier))
    submit_error = None
    step_errors = {}
    if request.method == "POST":
        if rate_limited(request, "submit"):
            return too_many(request)
        try:
            result = submit_draft(
                draft.pk,
                submit_token=request.POST.get("submit_token", ""),
                form_version_id=request.POST.get("form_version", ""),
                declaration=request.POST.get("declaration") == "on",
            )
        except SubmissionError as exc:
            submit_error = exc
            step_errors = exc.step_errors
        else:
            # A dossier waiting for its online payment gets the receipt once
            # paid (its due date counts from the payment).
            if result.created and result.dossier.payment_status != PaymentStatus.PENDING:
                queue_receipt_email(result.dossier)
            return redirect(_confirmation_url(result.dossier))
    sections = _review_sections(draft)
    for section in sections:
        section["errors"] = step_errors.get(section["key"], [])
    return render(
        request,
        "eforms/review.html",
        {
            "procedure": procedure,
            "draft": draft,
            "sections": sections,
            "progress": _progress(draft, "review"),
            "declaration": _(draft.form_version.schema.get("declaration") or ""),
            "submit_error": submit_error,
            "pay_online": needs_online_payment(procedure),
        },
        status=400 if submit_error else 200,
    )


# --- after submission -------------------------------------------------------


def _confirmation_url(dossier):
    return reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret])


def _dossier_or_404(request, dossier_uuid, secret):
    dossier = Dossier.objects.filter(uuid=dossier_uuid).select_related("procedure", "agency").first()
    if dossier is None or not secret_matches(secret, dossier.lookup_secret):
        return None, unavailable(
            request, _("Không tìm thấy hồ sơ"), _("Đường dẫn không đúng hoặc hồ sơ không tồn tại."), status=404
        )
    return dossier, None


@require_GET
def confirmation(request, dossier_uuid, secret):
    dossier, error = _dossier_or_404(request, dossier_uuid, secret)
    if error:
        return error
    from eforms.payments.services import can_pay

    response = render(
        request,
        "eforms/confirmation.html",
        {
            "dossier": dossier,
            "receipt_url": reverse("eforms:receipt", args=[dossier.uuid, dossier.lookup_secret]),
            "payment_url": reverse("eforms:payment_start", args=[dossier.uuid, dossier.lookup_secret]),
            "can_pay": can_pay(dossier),
            "awaiting_payment": dossier.payment_status == PaymentStatus.PENDING,
            "tracking_url": reverse("eforms:track") + f"?ma={dossier.code}&mtc={dossier.lookup_secret}",
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def receipt(request, dossier_uuid, secret):
    dossier, error = _dossier_or_404(request, dossier_uuid, secret)
    if error:
        return error
    response = HttpResponse(render_receipt_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    logger.info("event=receipt_downloaded dossier=%s", dossier.code)
    return response


@require_GET
def wards(request, province):
    return JsonResponse(
        {"province": divisions.province_name(province), "wards": divisions.wards_of(province)},
        json_dumps_params={"ensure_ascii": False},
    )
