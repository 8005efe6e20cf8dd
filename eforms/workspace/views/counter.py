"""Counter mode: enter a paper dossier, its scans, print the receipt."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from eforms.dossiers.audit import audit
from eforms.dossiers.constants import Channel
from eforms.dossiers.deadlines import published_time_limit, time_limit_words
from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.models import AuditAction
from eforms.postal.services import PostalError, clean_item_code
from eforms.submission.uploads import limit_uploads
from eforms.workspace.access import is_leader_of
from eforms.workspace.counter import check_components, counter_procedures, create_counter_dossier
from eforms.workspace.files import new_dossier_budget
from eforms.workspace.forms import CounterApplicantForm, CounterTimeLimitForm
from eforms.workspace.services import TransitionError
from eforms.workspace.views.common import dossier_view, officer_required, private


def _component_rows(procedure, data=None):
    """The counter form's rows: the procedure's components, with what the
    officer ticked and typed (``data``) or the procedure's defaults."""
    rows = []
    for component in procedure.components.all().order_by("sort_order", "id"):
        prefix = f"c-{component.pk}"
        row = {
            "component": component,
            "prefix": prefix,
            "received": component.required if data is None else data.get(f"{prefix}-received") == "on",
            "originals": component.originals if data is None else data.get(f"{prefix}-originals", ""),
            "copies": component.copies if data is None else data.get(f"{prefix}-copies", ""),
        }
        rows.append(row)
    return rows


@limit_uploads(budget=new_dossier_budget, rate_limited=False)
@require_http_methods(["GET", "POST"])
@officer_required
def counter(request):
    procedures = counter_procedures(request.officer_agencies)
    code = request.POST.get("procedure") or request.GET.get("thu-tuc") or ""
    procedure = procedures.filter(code=code).first() if code else None
    if code and procedure is None:
        messages.error(
            request, _("Không tìm thấy thủ tục “%(code)s” trong các thủ tục của cơ quan.") % {"code": code[:40]}
        )
    context = {"procedures": procedures, "procedure": procedure}
    if procedure is None:
        return render(request, "workspace/counter.html", context)
    errors = []
    published = published_time_limit(procedure, Channel.IN_PERSON)
    limit_kwargs = {"published": published, "may_change": is_leader_of(request.user, procedure.agency)}
    context.update({"published_limit": time_limit_words(published), "may_change_limit": limit_kwargs["may_change"]})
    if request.method == "POST":
        form = CounterApplicantForm(request.POST)
        limit_form = CounterTimeLimitForm(request.POST, **limit_kwargs)
        rows = _component_rows(procedure, request.POST)
        chosen, errors = check_components(rows)
        if not limit_form.is_valid():
            errors.extend(message for messages_ in limit_form.errors.values() for message in messages_)
        item_code, postal_error = _postal_item_code(request.POST)
        if postal_error:
            errors.append(postal_error)
        if form.is_valid() and limit_form.is_valid() and not errors:
            scans = {}
            for row in rows:
                files = request.FILES.getlist(f"{row['prefix']}-scan")
                if files:
                    scans[row["component"].pk] = files
            try:
                dossier = create_counter_dossier(
                    officer=request.user,
                    agency=procedure.agency,
                    procedure=procedure,
                    applicant=form.cleaned_data,
                    components=chosen,
                    scans=scans,
                    processing_days=limit_form.cleaned_data["time_limit"],
                    time_limit_reason=limit_form.cleaned_data["reason"] if limit_form.cleaned_data["changed"] else "",
                    note=form.cleaned_data.get("note", ""),
                    postal_item_code=item_code,
                )
            except TransitionError as exc:
                errors.append(exc.message)
            else:
                audit(request, AuditAction.COUNTER, dossier=dossier)
                messages.success(
                    request, _("Đã tiếp nhận hồ sơ %(code)s. In giấy tiếp nhận cho công dân.") % {"code": dossier.code}
                )
                return redirect("workspace:detail", uuid=dossier.uuid)
    else:
        form = CounterApplicantForm(initial={"sets_count": 1})
        limit_form = CounterTimeLimitForm(initial={"processing_days": published}, **limit_kwargs)
        rows = _component_rows(procedure)
    context.update({"form": form, "limit_form": limit_form, "rows": rows, "errors": errors})
    context["channel"], context["postal_item_code"] = (
        request.POST.get("channel", "1"),
        request.POST.get("postal_item_code", "")[:40],
    )
    return render(request, "workspace/counter.html", context, status=400 if request.method == "POST" else 200)


def _postal_item_code(data):
    """``(item code, error)`` of the "Bưu chính công ích" channel of the
    counter form; ``("", "")`` for a dossier brought in person."""
    if data.get("channel") != str(Channel.POSTAL.value):
        return "", ""
    try:
        return clean_item_code(data.get("postal_item_code", "")), ""
    except PostalError as error:
        return "", str(error)


@require_GET
@dossier_view(AuditAction.RECEIPT, audit_look=True)
def receipt(request, dossier):
    response = HttpResponse(render_receipt_pdf(dossier), content_type="application/pdf")
    return private(response, f"giay-tiep-nhan-{dossier.code}.pdf", "application/pdf", inline=True)
