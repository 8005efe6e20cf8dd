"""The official forms (Circular 03/2025/TT-VPCP, Phụ lục I) an officer
prints for a dossier — Mẫu 02 (supplement request), 03 (refusal), 05
(notice that the dossier was stopped), 06 (control sheet) — through the
same access check as the detail page, every download audited; and Mẫu 07,
the register of the officer's agencies for a period (PDF or XLSX)."""

import structlog
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from eforms.dossiers.audit import audit, audit_export
from eforms.dossiers.documents.control import control_pdf
from eforms.dossiers.documents.refusal import NotRefused, refusal_pdf
from eforms.dossiers.documents.register import PeriodError, parse_period
from eforms.dossiers.documents.register_sheet import register_codes, register_pdf, register_xlsx
from eforms.dossiers.documents.stop import NotStopped, stop_notice_pdf
from eforms.dossiers.documents.supplement import supplement_pdf
from eforms.dossiers.models import AuditAction
from eforms.processes.documents import control_handovers
from eforms.workspace.views.common import dossier_view, officer_required, private

log = structlog.get_logger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"pdf": ("application/pdf", register_pdf), "xlsx": (XLSX, register_xlsx)}


def _pdf(data, filename):
    return private(HttpResponse(data, content_type="application/pdf"), filename, "application/pdf", inline=True)


def _unavailable(request, dossier, message, status=404):
    return render(request, "workspace/documents.html", {"dossier": dossier, "message": message}, status=status)


@require_GET
@dossier_view(AuditAction.DOWNLOAD_FILE)
def supplement_form(request, dossier):
    item = dossier.supplement_requests.select_related("requested_by").order_by("-requested_at", "-pk").first()
    if item is None:
        return _unavailable(request, dossier, _("Hồ sơ này chưa có yêu cầu bổ sung, hoàn thiện hồ sơ."))
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target=f"Mẫu 02 phiếu yêu cầu bổ sung ({item.uuid})")
    return _pdf(supplement_pdf(item), f"phieu-yeu-cau-bo-sung-{dossier.code}.pdf")


@require_GET
@dossier_view(AuditAction.DOWNLOAD_FILE)
def refusal_form(request, dossier):
    try:
        data = refusal_pdf(dossier)
    except NotRefused:
        return _unavailable(request, dossier, _("Hồ sơ này chưa bị từ chối tiếp nhận nên không có phiếu từ chối."))
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target="Mẫu 03 phiếu từ chối tiếp nhận")
    return _pdf(data, f"phieu-tu-choi-{dossier.code}.pdf")


@require_GET
@dossier_view(AuditAction.DOWNLOAD_FILE)
def stop_form(request, dossier):
    try:
        data = stop_notice_pdf(dossier)
    except NotStopped:
        return _unavailable(
            request, dossier, _("Hồ sơ này không bị dừng giải quyết nên không có thông báo dừng giải quyết hồ sơ.")
        )
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target="Mẫu 05 thông báo dừng giải quyết hồ sơ")
    return _pdf(data, f"thong-bao-dung-giai-quyet-{dossier.code}.pdf")


@require_GET
@dossier_view(AuditAction.DOWNLOAD_FILE)
def control_form(request, dossier):
    audit(request, AuditAction.DOWNLOAD_FILE, dossier=dossier, target="Mẫu 06 phiếu kiểm soát")
    return _pdf(control_pdf(dossier, control_handovers(dossier)), f"phieu-kiem-soat-{dossier.code}.pdf")


def _chosen_agencies(request):
    """The officer's agencies, or the one named by ``co_quan`` among them."""
    agencies = request.officer_agencies
    wanted = (request.GET.get("co_quan") or "").strip()
    if not wanted:
        return agencies
    if not wanted.isdigit() or len(wanted) > 12 or not agencies.filter(pk=int(wanted)).exists():
        raise PeriodError(_("Cơ quan đã chọn không thuộc cơ quan bạn được phân công."))
    return agencies.filter(pk=int(wanted))


@require_GET
@officer_required
def register(request):
    """Mẫu 07: without a period, the form; with one, the file."""
    context = {"agencies": request.officer_agencies, "query": request.GET}
    if "tu" not in request.GET and "den" not in request.GET:
        return render(request, "workspace/documents.html", {**context, "register": True})
    try:
        start, end = parse_period(request.GET.get("tu"), request.GET.get("den"))
        agencies = list(_chosen_agencies(request))
        kind = (request.GET.get("dinh_dang") or "pdf").strip().lower()
        if kind not in FORMATS:
            raise PeriodError(_("Định dạng tệp chỉ có thể là PDF hoặc XLSX."))
    except PeriodError as error:
        context.update(register=True, message=error.message)
        return render(request, "workspace/documents.html", context, status=400)
    content_type, builder = FORMATS[kind]
    filters = f"Mẫu 07 sổ theo dõi hồ sơ {start:%d/%m/%Y}–{end:%d/%m/%Y}: " + ", ".join(a.code for a in agencies)
    action = AuditAction.EXPORT_XLSX if kind == "xlsx" else AuditAction.DOWNLOAD_FILE
    audit_export(request, action, filters=filters, codes=register_codes(agencies, start, end))
    log.info("register_exported", user=request.user.pk, start=str(start), end=str(end), kind=kind)
    filename = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    return private(
        HttpResponse(builder(agencies, start, end), content_type=content_type),
        filename,
        content_type,
        inline=kind == "pdf",
    )
