"""The small fixed forms of the citizen's side (the e-form steps themselves
are ``eforms.formdefs.forms.StepForm``, built from the schema)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eforms.formdefs.validators import normalize_phone, validate_vn_mobile


class ResumeContactForm(forms.Form):
    """ "Lưu và tiếp tục sau", and "Tiếp tục hồ sơ đang soạn": where to send
    the secret resume link, by e-mail, by SMS, or both (at least one)."""

    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ."), "max_length": _("Nội dung quá dài.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        validators=[validate_vn_mobile],
        error_messages={"max_length": _("Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84).")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        value = self.cleaned_data.get("phone") or ""
        return normalize_phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Vui lòng nhập số điện thoại di động hoặc thư điện tử (ít nhất một trong hai)."), code="no_contact"
            )
        return cleaned


class LookupForm(forms.Form):
    """``/tra-cuu-ho-so/``: the dossier code and its look-up secret."""

    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=40,
        error_messages={"required": _("Vui lòng nhập mã hồ sơ.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    mtc = forms.CharField(
        label=_("Mã tra cứu"),
        max_length=16,
        help_text=_("8 ký tự in trên giấy tiếp nhận hồ sơ, cạnh mã QR."),
        error_messages={"required": _("Vui lòng nhập mã tra cứu.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
