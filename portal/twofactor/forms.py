"""Forms of the two-factor flow. Error messages are deliberately generic."""

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

GENERIC_LOGIN_ERROR = _("Tên đăng nhập hoặc mật khẩu không đúng.")
GENERIC_TOKEN_ERROR = _("Mã xác thực không đúng hoặc đã được sử dụng. Vui lòng thử lại.")


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None or not self.user.is_active:
                self.user = None
                raise forms.ValidationError(GENERIC_LOGIN_ERROR, code="invalid_login")
        return cleaned


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=24,
        help_text=_("Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng 8 ký tự."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "class": "otp-input",
            }
        ),
    )


class EnrollForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Mã 6 chữ số trong ứng dụng"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "autofocus": True,
                "class": "otp-input",
            }
        ),
    )


class DeviceActionForm(TokenForm):
    """Remove a device or renew the backup codes: re-authenticate with a code."""

    device = forms.CharField(required=False, widget=forms.HiddenInput)
