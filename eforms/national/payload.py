"""The ``DongBoHoSoMC`` record of one status change (the national portal's
field names), as the dossier stood when the change was written.

Dates are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh, empty when unknown.
``TrangThaiHoSo`` is the national status code (1–10) the change moved to,
``KenhThucHien`` the channel (1 trực tiếp, 2 trực tuyến, 3 bưu chính công
ích), ``MaDonViTiepNhan`` the receiving unit's identifier code (the first
part of the dossier code), ``ThuTuThayDoi`` the order of the change.
"""

from zoneinfo import ZoneInfo

from eforms.dossiers.constants import Channel

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
NOTE_MAX = 2000


def national_date(value):
    return value.astimezone(VN).strftime(DATE_FORMAT) if value else ""


def clean(text, limit=500):
    return (text or "").replace("\x00", "").strip()[:limit]


def unit_code_of(dossier):
    """The receiving unit's identifier code: the dossier code up to its date."""
    return dossier.code.rsplit("-", 2)[0] if dossier.code.count("-") >= 2 else dossier.code


def build_record(dossier, change, idempotency_key):
    agency = dossier.agency if dossier.agency_id else None
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure_code,
        "TenTTHC": clean(dossier.procedure_name),
        "MaDonViTiepNhan": unit_code_of(dossier),
        "DonViXuLy": clean(agency.title if agency else ""),
        "ChuHoSo": clean(dossier.applicant_name, 200),
        "LoaiDoiTuong": "1",
        "SoDienThoai": clean(dossier.applicant_phone, 20),
        "Email": clean(dossier.applicant_email, 254),
        "TrangThaiHoSo": str(int(change.to_status)),
        "KenhThucHien": str(int(dossier.channel)),
        "HinhThuc": "1" if dossier.channel == Channel.POSTAL else "0",
        "NgayNopHoSo": national_date(dossier.received_at),
        "NgayTiepNhan": national_date(dossier.accepted_at),
        "NgayHenTra": national_date(dossier.due_at),
        "NgayKetThucXuLy": national_date(dossier.completed_at),
        "NgayTra": national_date(dossier.returned_at),
        "ThoiDiemXuLy": national_date(change.created_at),
        "NguoiXuLy": clean(change.actor_label, 200),
        "NoiDungXuLy": clean(change.note, NOTE_MAX),
        "ThuTuThayDoi": change.pk,
        "MaDongBo": str(idempotency_key),
    }
