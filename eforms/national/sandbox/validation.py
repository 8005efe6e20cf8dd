"""What the sandbox checks in a ``DongBoHoSoMC`` record: required fields,
code formats, status and channel codes, dates. Reasons are in Vietnamese
(they end up as the dead letter's last error)."""

import re
import uuid
from datetime import datetime

from content.validators import PROCEDURE_CODE_RE
from eforms.dossiers.codes import RECEIVING_UNIT_CODE_RE

DOSSIER_CODE_RE = re.compile(r"^(?P<unit>[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})-[0-9]{6}-[0-9]{4}$")
REQUIRED = (
    "MaHoSo",
    "MaTTHC",
    "MaDonViTiepNhan",
    "TrangThaiHoSo",
    "KenhThucHien",
    "NgayNopHoSo",
    "ThoiDiemXuLy",
    "MaDongBo",
)
DATES = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "ThoiDiemXuLy")
MAX_TEXT = 4000
MAX_RECORDS = 100


def _date_ok(value):
    if not isinstance(value, str) or len(value) != 14 or not value.isdigit():
        return False
    try:
        datetime.strptime(value + "+0700", "%Y%m%d%H%M%S%z")
    except ValueError:
        return False
    return True


def record_problems(record):
    """The reasons ``record`` is refused (empty: accepted)."""
    if not isinstance(record, dict):
        return ["bản ghi không phải là một đối tượng JSON"]
    problems = []
    for key in REQUIRED:
        if record.get(key) in (None, ""):
            problems.append(f"thiếu trường bắt buộc {key}")
    for key, value in record.items():
        if isinstance(value, str) and (len(value) > MAX_TEXT or "\x00" in value):
            problems.append(f"{key}: quá dài hoặc chứa ký tự NUL")
    code = record.get("MaHoSo")
    match = DOSSIER_CODE_RE.match(code) if isinstance(code, str) else None
    if code and not match:
        problems.append(f"MaHoSo “{str(code)[:60]}” sai định dạng (mã đơn vị-yymmdd-số thứ tự)")
    unit = record.get("MaDonViTiepNhan")
    if unit and not (isinstance(unit, str) and RECEIVING_UNIT_CODE_RE.match(unit)):
        problems.append(f"MaDonViTiepNhan “{str(unit)[:30]}” sai định dạng (NNN.NN.NN.Xnn)")
    elif match and unit and match.group("unit") != unit:
        problems.append("MaHoSo không bắt đầu bằng MaDonViTiepNhan")
    procedure = record.get("MaTTHC")
    if procedure and not (isinstance(procedure, str) and PROCEDURE_CODE_RE.match(procedure)):
        problems.append(f"MaTTHC “{str(procedure)[:40]}” sai định dạng")
    if record.get("TrangThaiHoSo") not in (None, "") and record.get("TrangThaiHoSo") not in {
        str(n) for n in range(1, 11)
    }:
        problems.append("TrangThaiHoSo phải là mã trạng thái từ 1 đến 10")
    if record.get("KenhThucHien") not in (None, "") and record.get("KenhThucHien") not in {"1", "2", "3"}:
        problems.append("KenhThucHien phải là 1, 2 hoặc 3")
    for key in DATES:
        value = record.get(key)
        if value not in (None, "") and not _date_ok(value):
            problems.append(f"{key} sai định dạng ngày (yyyyMMddHHmmss)")
    key = record.get("MaDongBo")
    if key:
        try:
            uuid.UUID(str(key))
        except ValueError:
            problems.append("MaDongBo không phải là UUID")
    return problems


def body_problems(body, unit_code):
    """Problems of the request as a whole (before its records)."""
    if not isinstance(body, dict):
        return ["nội dung yêu cầu không phải là một đối tượng JSON"]
    problems = []
    madonvi = body.get("madonvi")
    if not (isinstance(madonvi, str) and RECEIVING_UNIT_CODE_RE.match(madonvi)):
        problems.append("madonvi thiếu hoặc sai định dạng (NNN.NN.NN.Xnn)")
    elif madonvi != unit_code:
        problems.append(f"madonvi “{madonvi}” không phải đơn vị đã đăng ký với sandbox")
    if body.get("service") == "DongBoHoSoMC":
        data = body.get("data")
        if not isinstance(data, list) or not data:
            problems.append("data phải là danh sách hồ sơ, ít nhất một")
        elif len(data) > MAX_RECORDS:
            problems.append(f"data quá nhiều hồ sơ (tối đa {MAX_RECORDS})")
        if body.get("isUpdating") not in ("True", "False"):
            problems.append("isUpdating phải là “True” hoặc “False”")
    return problems
