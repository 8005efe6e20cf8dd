"""The citizen's forms: the booking (name, phone, e-mail, the chosen slot),
the secret of the manage page, the kiosk's code. Text is plain: control
characters (NUL …) are dropped, markup is refused with a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eforms.appointments.constants import CODE_LENGTH, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, SECRET_LENGTH
from eforms.formdefs.plaintext import validate_plain_text
from eforms.formdefs.validators import normalize_phone, validate_vn_mobile


def plain_text(value):
    return " ".join("".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32).split())


class PlainTextField(forms.CharField):
    def to_python(self, value):
        return plain_text(super().to_python(value))


class BookingForm(forms.Form):
    slot = forms.CharField(
        max_length=40,
        widget=forms.HiddenInput,
        error_messages={"required": _("Vui lòng chọn một khung giờ còn chỗ.")},
    )
    name = PlainTextField(
        label=_("Họ và tên"),
        max_length=NAME_MAX_LENGTH,
        validators=[validate_plain_text],
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH}),
        error_messages={
            "required": _("Vui lòng nhập họ và tên."),
            "max_length": _("Họ và tên tối đa %(limit_value)d ký tự (Ông/Bà đã nhập %(show_value)d ký tự)."),
        },
    )
    phone = PlainTextField(
        label=_("Số điện thoại di động"),
        max_length=20,
        help_text=_("Mã lịch hẹn được gửi qua tin nhắn SMS đến số này."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "maxlength": 20}),
        error_messages={
            "required": _("Vui lòng nhập số điện thoại di động."),
            "max_length": _("Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84)."),
        },
    )
    email = forms.EmailField(
        label=_("Thư điện tử (không bắt buộc)"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "maxlength": EMAIL_MAX_LENGTH}),
        error_messages={
            "invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn."),
            "max_length": _("Địa chỉ thư điện tử tối đa %(limit_value)d ký tự."),
        },
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        validate_vn_mobile(value)
        return normalize_phone(value)

    def clean_email(self):
        value = self.cleaned_data.get("email") or ""
        if "\x00" in value:
            raise forms.ValidationError(_("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn."))
        return value.strip()


class MoveForm(forms.Form):
    slot = forms.CharField(
        max_length=40, widget=forms.HiddenInput, error_messages={"required": _("Vui lòng chọn khung giờ mới.")}
    )


class SecretForm(forms.Form):
    k = PlainTextField(
        label=_("Mã bí mật của lịch hẹn"),
        max_length=SECRET_LENGTH + 10,
        help_text=_("In trong tin nhắn SMS và thư điện tử xác nhận lịch hẹn."),
        error_messages={"required": _("Vui lòng nhập mã bí mật của lịch hẹn.")},
    )


class KioskCodeForm(forms.Form):
    ma = PlainTextField(
        label=_("Mã lịch hẹn"),
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": 300,
                "placeholder": "X" * CODE_LENGTH,
            }
        ),
        error_messages={"required": _("Vui lòng nhập hoặc quét mã lịch hẹn.")},
    )
