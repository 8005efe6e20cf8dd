"""Editors' texts of an e-form (titles, labels, help texts, choices) are
plain text: they are printed on receipts, PDFs and SMS, where markup is
noise or worse. A tag, a comment or an entity is refused, never stripped,
so the editor sees what is wrong."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_MARKUP = re.compile(r"<\s*[/!?a-zA-Z]|&#?[a-zA-Z0-9]+;")


def validate_plain_text(value):
    """Refuse HTML tags, comments, entities and control characters (NUL …)."""
    if not value:
        return
    if _MARKUP.search(value):
        raise ValidationError(_("Không dùng thẻ HTML hay mã định dạng; chỉ nhập chữ thường."), code="markup")
    if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        raise ValidationError(_("Nội dung chứa ký tự điều khiển không hợp lệ."), code="control_character")
