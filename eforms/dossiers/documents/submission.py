"""The submission sheet "Tờ khai hồ sơ đã nộp": the dossier as submitted
(applicant, procedure, the answers through the one renderer, components),
for the officer's download and the ZIP of a back office."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from eforms.dossiers.constants import Channel, DossierStatus
from eforms.dossiers.documents.base import agency_name, document_header, local
from eforms.dossiers.rendering import AnswerRenderer, Mode
from portal.pdf import Page, build_pdf, key_value_table, para, styles

PAGE = Page(left=25 * mm, right=15 * mm, top=18 * mm, bottom=18 * mm)
STYLE = {"small": {"textColor": colors.HexColor("#444444")}, "title": {"spaceBefore": 10, "spaceAfter": 8}}


def _general(dossier):
    return [
        (_("Thủ tục"), f"{dossier.procedure_name} ({dossier.procedure_code})"),
        (_("Cơ quan giải quyết"), agency_name(dossier)),
        (_("Kênh nộp"), Channel(dossier.channel).label),
        (_("Trạng thái"), DossierStatus(dossier.status).label),
        (_("Thời điểm tiếp nhận"), local(dossier.received_at)),
        (_("Hẹn trả kết quả"), local(dossier.due_at)),
        (_("Họ và tên người nộp"), dossier.applicant_name),
        (_("Số định danh cá nhân / CCCD"), dossier.applicant_id_number or "—"),
        (_("Số điện thoại"), dossier.applicant_phone or "—"),
        (_("Thư điện tử"), dossier.applicant_email or "—"),
        (_("Địa chỉ"), dossier.applicant_address or "—"),
    ]


def _attachment_line(attachment):
    return f"{attachment.original_name} — {attachment.size:,} B — SHA-256 {attachment.sha256[:16]}…"


def submission_pdf(dossier):
    """The dossier as submitted: applicant, procedure, form data, components."""
    st = styles(11, 15, **STYLE)
    widths = (PAGE.width * 0.34, PAGE.width * 0.66)
    story = [document_header(dossier, PAGE.width, st), Spacer(1, 6 * mm)]
    story.append(para(_("TỜ KHAI HỒ SƠ ĐÃ NỘP"), st["title"]))
    story.append(para(f"{_('Mã hồ sơ')}: {dossier.code}", st["center_bold"]))
    story.append(Spacer(1, 4 * mm))
    story.append(key_value_table(_general(dossier), widths, st))
    rows = AnswerRenderer.for_dossier(dossier, Mode.TEXT).rows()
    if rows:
        story.append(para(_("Nội dung tờ khai"), st["title"]))
        story.append(key_value_table(rows, widths, st))
    attachments = list(dossier.attachments.all())
    if attachments:
        story.append(para(_("Thành phần hồ sơ đính kèm"), st["title"]))
        pairs = [(a.component_name or a.get_kind_display(), _attachment_line(a)) for a in attachments]
        story.append(key_value_table(pairs, widths, st))
    story.append(Spacer(1, 6 * mm))
    story.append(para(_("Bản in từ Cổng dịch vụ công lúc %(at)s.") % {"at": local(timezone.now())}, st["small"]))
    return build_pdf(story, PAGE, title=f"{_('Hồ sơ')} {dossier.code}", author=settings.PORTAL_CENTER_NAME)
