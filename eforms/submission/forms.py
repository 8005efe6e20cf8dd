"""The small fixed forms of the citizen's side (the e-form steps themselves
are ``eforms.formdefs.forms.StepForm``, built from the schema)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ResumeEmailForm(forms.Form):
    """ "Lưu và tiếp tục sau": where to send the secret resume link."""

    email = forms.EmailField(
        label=_("Thư điện tử nhận đường dẫn tiếp tục"),
        error_messages={
            "required": _("Vui lòng nhập địa chỉ thư điện tử."),
            "invalid": _("Địa chỉ thư điện tử không hợp lệ."),
        },
    )


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
