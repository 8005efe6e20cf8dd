"""Validators of a hand-off target: webhook address and secret's variable name."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SECRET_ENV_RE = re.compile(r"^HANDOFF_[A-Z0-9_]{1,64}$")


def validate_secret_env_name(value):
    # Only variables named HANDOFF_* may be used as a signing secret, so
    # that an admin cannot make the portal sign (and leak the HMAC of)
    # SECRET_KEY, DATABASE_URL or any other variable of the process.
    if value and not SECRET_ENV_RE.match(value):
        raise ValidationError(
            _("Tên biến môi trường phải có dạng HANDOFF_<CHỮ_IN_HOA>, ví dụ: HANDOFF_SECRET_STP."),
            code="invalid_secret_env",
        )


def validate_webhook_url(url):
    parts = urlsplit(url or "")
    allowed = {"https", "http"} if settings.HANDOFF_WEBHOOK_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed:
        raise ValidationError(
            _("Địa chỉ webhook phải dùng %(schemes)s.") % {"schemes": " hoặc ".join(sorted(allowed))},
            code="webhook_scheme",
        )
    if not parts.hostname:
        raise ValidationError(_("Địa chỉ webhook thiếu tên máy chủ."), code="webhook_host")
    if parts.username or parts.password:
        raise ValidationError(
            _("Không ghi tên đăng nhập, mật khẩu trong địa chỉ webhook; dùng khóa ký."), code="webhook_userinfo"
        )
