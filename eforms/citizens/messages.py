"""What the citizen reads when sign-in fails, per ``SignInError`` code.
Every message says that nothing already entered is lost."""

from django.utils.translation import gettext as _

KEPT = _("Hồ sơ đang soạn của Ông/Bà (nếu có) vẫn được giữ nguyên.")


def sign_in_message(code):
    """``(title, message)`` for a failure code."""
    title = _("Không đăng nhập được")
    messages = {
        "not_configured": _(
            "Chức năng đăng nhập bằng tài khoản định danh điện tử chưa được cấu hình trên cổng này. "
            "Ông/Bà vẫn có thể nộp hồ sơ không cần đăng nhập."
        ),
        "unreachable": _("Không kết nối được với hệ thống định danh điện tử. Vui lòng thử lại sau ít phút."),
        "issuer": _("Hệ thống định danh điện tử trả lời không đúng địa chỉ đã đăng ký. Vui lòng báo cho Trung tâm."),
        "denied": _("Ông/Bà đã hủy đăng nhập tại hệ thống định danh điện tử."),
        "provider_error": _("Hệ thống định danh điện tử từ chối yêu cầu đăng nhập. Vui lòng thử lại."),
        "missing_parameters": _(
            "Đường dẫn trả về từ hệ thống định danh điện tử thiếu thông tin. Vui lòng đăng nhập lại."
        ),
        "state": _(
            "Phiên đăng nhập không hợp lệ hoặc đã hết hạn (mã trạng thái không khớp). Vui lòng đăng nhập lại "
            "từ đầu trên cùng trình duyệt."
        ),
        "token": _("Mã xác thực đăng nhập không hợp lệ, đã hết hạn hoặc đã được sử dụng. Vui lòng đăng nhập lại."),
        "no_id_token": _("Hệ thống định danh điện tử không gửi thông tin xác thực (ID token). Vui lòng đăng nhập lại."),
        "signature": _(
            "Chữ ký của thông tin xác thực không hợp lệ: thông tin có thể đã bị giả mạo nên không được chấp nhận."
        ),
        "expired": _("Thông tin xác thực đã hết hạn. Vui lòng đăng nhập lại."),
        "aud": _("Thông tin xác thực được cấp cho một ứng dụng khác, không phải Cổng dịch vụ công này."),
        "iss": _("Thông tin xác thực không do hệ thống định danh điện tử đã đăng ký cấp."),
        "nonce": _("Thông tin xác thực không thuộc phiên đăng nhập này (mã nonce không khớp). Vui lòng đăng nhập lại."),
        "claims": _("Thông tin xác thực không hợp lệ. Vui lòng đăng nhập lại."),
        "userinfo": _("Không đọc được thông tin công dân từ hệ thống định danh điện tử. Vui lòng thử lại."),
        "missing_claim": _(
            "Hệ thống định danh điện tử không trả về đủ thông tin (số định danh cá nhân và họ tên) nên không "
            "đăng nhập được."
        ),
        "rate_limited": _("Ông/Bà thao tác quá nhanh. Vui lòng chờ ít phút rồi thử lại."),
    }
    return title, f"{messages.get(code, messages['claims'])} {KEPT}"
