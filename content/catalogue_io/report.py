"""The report of an import: what was (or would be) created, updated, left
unchanged and rejected, with row numbers and reasons in Vietnamese."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Rejection:
    row: int | None  # spreadsheet line or JSON item number; None: whole file
    code: str
    reason: str


@dataclass
class ImportReport:
    filename: str = ""
    file_format: str = ""
    dry_run: bool = False
    created: list = field(default_factory=list)  # codes
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)  # Rejection
    written: bool = False
    seconds: float = 0.0

    @property
    def ok(self):
        return not self.rejected

    def reject(self, row, code, reason):
        self.rejected.append(Rejection(row=row, code=code or "", reason=str(reason)))

    @property
    def file_errors(self):
        return [r for r in self.rejected if r.row is None]

    def summary(self):
        if self.rejected:
            return _(
                "Không ghi gì. Các dòng hợp lệ lẽ ra sẽ tạo mới: %(created)d · cập nhật: %(updated)d · "
                "không đổi: %(unchanged)d · Bị từ chối: %(rejected)d"
            ) % {
                "created": len(self.created),
                "updated": len(self.updated),
                "unchanged": len(self.unchanged),
                "rejected": len(self.rejected),
            }
        return _(
            "Tạo mới: %(created)d · Cập nhật: %(updated)d · Không đổi: %(unchanged)d · Bị từ chối: %(rejected)d"
        ) % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }

    def status_line(self):
        if self.rejected:
            return _("Không nhập gì: tệp có lỗi, danh mục giữ nguyên. Sửa các dòng dưới đây rồi nhập lại.")
        if self.dry_run:
            return _("Xem trước: chưa ghi gì vào danh mục.")
        return _("Đã nhập xong, các thủ tục đã được xuất bản.")

    def lines(self):
        """The report as text lines (management command, logs)."""
        out = [_("Tệp: %(name)s (%(format)s)") % {"name": self.filename, "format": self.file_format or "?"}]
        out.append(self.summary())
        for rejection in self.rejected:
            if rejection.row is None:
                out.append(_("  Lỗi tệp: %(reason)s") % {"reason": rejection.reason})
            else:
                out.append(
                    _("  Dòng %(row)s%(code)s: %(reason)s")
                    % {
                        "row": rejection.row,
                        "code": f" ({rejection.code})" if rejection.code else "",
                        "reason": rejection.reason,
                    }
                )
        out.append(self.status_line())
        return out
