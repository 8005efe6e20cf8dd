"""Plain text in, plain text out: what the public typed is stored without
markup or control characters, and what the public list shows is scrubbed of
personal data (names, phone numbers, e-mail addresses, ID numbers, the
dossier's code and secret)."""

import re
import unicodedata

from django.utils.html import strip_tags

HIDDEN = "[đã ẩn]"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Vietnamese phone numbers, with or without +84 and separators (0912 345 678, 0912.345.678)
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")
# CCCD (12 digits), CMND (9 digits), passports (a letter and 7 digits), tax codes (10 or 13 digits)
_ID_NUMBER = re.compile(r"(?<![\w])(?:\d{9}|\d{10}|\d{12}|\d{10}-\d{3}|[A-Z]\d{7,8})(?![\w])")
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def plain(value, *, multiline=True):
    """``value`` as plain text: tags stripped (their text kept), NUL and
    other control characters dropped, NFC, spaces tidied."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = strip_tags(text)
    # an unclosed "<script" is not a tag for strip_tags: drop what is left of markup
    text = text.replace("<", "‹").replace(">", "›")
    if not multiline:
        text = " ".join(text.split())
    else:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def _words_of(value):
    return [w for w in re.split(r"\s+", value or "") if len(w) > 1]


def scrub(text, *, names=(), secrets=()):
    """``text`` with personal data replaced by ``[đã ẩn]``: e-mail addresses,
    phone numbers, ID numbers, and each of ``names`` and ``secrets`` (the
    sender's name and address, the dossier's code and look-up secret)."""
    out = str(text or "")
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        out = re.sub(re.escape(secret), HIDDEN, out, flags=re.IGNORECASE)
    out = _EMAIL.sub(HIDDEN, out)
    out = _PHONE.sub(HIDDEN, out)
    out = _ID_NUMBER.sub(HIDDEN, out)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        out = re.sub(re.escape(name), HIDDEN, out, flags=re.IGNORECASE)
        words = _words_of(name)
        if len(words) >= 2:
            # "Nguyễn Văn An" also hides "Văn An" and "ông An" style mentions of the last two words
            out = re.sub(re.escape(" ".join(words[-2:])), HIDDEN, out, flags=re.IGNORECASE)
    return out
