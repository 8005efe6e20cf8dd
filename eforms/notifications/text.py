"""Phone numbers and SMS text for Vietnamese networks.

An SMS in GSM-7 carries 160 characters; Vietnamese with diacritics would need
UCS-2 (70 characters), so brandname SMS are sent unaccented ("khong dau"),
as Vietnamese providers do.
"""

import re
import unicodedata

# GSM 03.38 basic character set, and the extension table (two septets each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
SMS_MAX = 160


def normalise_vn_phone(raw):
    """``0912 345 678``, ``+84912345678``, ``84-912-345-678`` → ``84912345678``.

    Returns ``None`` for anything that is not a Vietnamese mobile or
    landline number (9 or 10 digits after the country code).
    """
    if not raw:
        return None
    digits = re.sub(r"[\s.\-()]", "", str(raw))
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits.isdigit():
        return None
    if digits.startswith("84"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    if national.startswith("0") or not 9 <= len(national) <= 10:
        return None
    return "84" + national


def unaccent_vi(text):
    """Vietnamese without diacritics: ``Đã xử lý xong`` → ``Da xu ly xong``."""
    text = str(text).replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def gsm_length(text):
    return sum(2 if ch in GSM_EXTENDED else 1 for ch in text)


def is_gsm(text):
    return all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text)


def to_gsm(text):
    """Unaccented text restricted to GSM-7 characters (others become ``?``)."""
    text = unaccent_vi(text)
    text = text.replace("–", "-").replace("—", "-").replace("“", '"').replace("”", '"').replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip()
    return "".join(ch if (ch in GSM_BASIC or ch in GSM_EXTENDED) else "?" for ch in text)


def fit_sms(text, limit=SMS_MAX):
    """``text`` as GSM-7, cut to ``limit`` septets (ending in ``...`` if cut)."""
    text = to_gsm(text)
    if gsm_length(text) <= limit:
        return text
    out = []
    used = 0
    for ch in text:
        size = 2 if ch in GSM_EXTENDED else 1
        if used + size > limit - 3:
            break
        out.append(ch)
        used += size
    return "".join(out).rstrip() + "..."
