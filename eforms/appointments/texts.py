"""The messages the citizen reads for each refusal (Vietnamese; English
through the catalogue with ``?lang=en``)."""

from django.utils.translation import gettext_lazy as _

from eforms.appointments import checkin, services
from eforms.appointments.slots import horizon_days

REFUSALS = {
    services.PAST: _("Khung giờ đã chọn đã qua. Vui lòng chọn một khung giờ khác."),
    services.CLOSED_DAY: _(
        "Ngày đã chọn là ngày nghỉ (ngày lễ, cuối tuần hoặc ngày nghỉ theo thông báo); "
        "cơ quan không tiếp nhận. Vui lòng chọn ngày làm việc khác."
    ),
    services.OUTSIDE_HOURS: _(
        "Khung giờ đã chọn nằm ngoài giờ làm việc của cơ quan. Vui lòng chọn một khung giờ trong danh sách."
    ),
    services.BEYOND_HORIZON: _("Chỉ đặt lịch được trong %(days)s ngày tới. Vui lòng chọn ngày gần hơn."),
    services.FULL: _("Khung giờ đã chọn vừa hết chỗ. Vui lòng chọn một khung giờ khác còn chỗ."),
    services.UNKNOWN_SLOT: _("Khung giờ đã chọn không hợp lệ. Vui lòng chọn lại trong danh sách."),
    services.DUPLICATE: _(
        "Số điện thoại này đã có lịch hẹn trong cùng khung giờ. Mỗi số điện thoại chỉ đặt một lịch cho một khung giờ."
    ),
    services.NOT_CHANGEABLE: _("Lịch hẹn này đã được hủy, đã sử dụng hoặc đã qua giờ hẹn nên không thể thay đổi."),
}

NOT_FOUND = _("Không tìm thấy lịch hẹn với mã và mã bí mật đã nhập. Vui lòng kiểm tra lại tin nhắn xác nhận.")
TOO_MANY = _("Ông/Bà đã thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.")
TOO_LARGE = _("Dữ liệu gửi lên quá lớn. Vui lòng kiểm tra lại thông tin và gửi lại.")

CHECKIN = {
    checkin.NOT_FOUND: _("Không tìm thấy lịch hẹn với mã này. Vui lòng kiểm tra lại mã trong tin nhắn xác nhận."),
    checkin.TOO_EARLY: _(
        "Chưa đến giờ xác nhận lịch hẹn. Ông/Bà có thể xác nhận từ %(opens)s (lịch hẹn lúc %(starts)s)."
    ),
    checkin.TOO_LATE: _(
        "Lịch hẹn lúc %(starts)s đã quá thời gian xác nhận. Vui lòng lấy số thứ tự thông thường hoặc đặt lịch hẹn mới."
    ),
    checkin.CANCELLED: _("Lịch hẹn này đã được hủy. Vui lòng lấy số thứ tự thông thường."),
    checkin.COUNTER_CLOSED: _("Quầy của lịch hẹn hiện không tiếp nhận. Vui lòng liên hệ cán bộ hướng dẫn."),
}


def refusal(reason):
    text = str(REFUSALS[reason])
    return text % {"days": horizon_days()} if reason == services.BEYOND_HORIZON else text
