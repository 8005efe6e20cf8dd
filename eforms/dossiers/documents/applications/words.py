"""A date in Vietnamese words, as civil-status forms ask for it ("ghi bằng
chữ"): 17/05/2024 → "Ngày mười bảy tháng năm năm hai nghìn không trăm hai
mươi bốn"."""

import re

UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _below_hundred(n):
    if n < 10:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    head = "mười" if tens == 1 else f"{UNITS[tens]} mươi"
    if unit == 0:
        return head
    if unit == 5:
        return f"{head} lăm"
    if unit == 1 and tens > 1:
        return f"{head} mốt"
    return f"{head} {UNITS[unit]}"


def number_words(n):
    """0 ≤ n ≤ 9999 in words ("hai nghìn không trăm linh năm")."""
    if not 0 <= n <= 9999:
        raise ValueError(n)
    thousands, rest = divmod(n, 1000)
    hundreds, tail = divmod(rest, 100)
    words = []
    if thousands:
        words.append(f"{UNITS[thousands]} nghìn")
    if hundreds or (thousands and tail):
        words.append(f"{UNITS[hundreds]} trăm")
    if tail:
        words.append(f"linh {UNITS[tail]}" if tail < 10 and words else _below_hundred(tail))
    return " ".join(words) or UNITS[0]


def date_in_words(text):
    """ "dd/mm/yyyy" → the date in words; None for anything else."""
    match = DATE.match(str(text or ""))
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"Ngày {number_words(day)} tháng {number_words(month)} năm {number_words(year)}"
