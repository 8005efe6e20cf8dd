"""The texts a frozen form version carries, in the page's language.

A form version stores its labels and help texts in Vietnamese, as they were
when it was published. A plain text is its own msgid (``gettext``); a text
the compiler filled in (counts, sizes) is matched against the msgid it was
made from and translated with the same values."""

import re

from django.utils.translation import gettext

# (the compiled text as a pattern, the msgid it was made from)
FILLED = (
    (
        re.compile(r"^Bản chính: (?P<originals>\d+); bản sao: (?P<copies>\d+)\.$"),
        "Bản chính: %(originals)s; bản sao: %(copies)s.",
    ),
    (
        re.compile(r"^Tải lên bản điện tử \(PDF, JPG, PNG\) của từng giấy tờ\. Mỗi tệp tối đa (?P<mb>\d+) MB\.$"),
        "Tải lên bản điện tử (PDF, JPG, PNG) của từng giấy tờ. Mỗi tệp tối đa %(mb)s MB.",
    ),
)
# "<case>. <counts>": the case is the editor's wording, the counts are ours
CASE_PREFIXED = re.compile(r"^(?P<case>.+?)\. (?P<counts>Bản chính: \d+; bản sao: \d+\.)$")


def frozen_text(text):
    """``text`` of a frozen schema in the active language."""
    if not text:
        return text or ""
    translated = gettext(text)
    if translated != text:
        return translated
    for pattern, msgid in FILLED:
        match = pattern.match(text)
        if match:
            return gettext(msgid) % match.groupdict()
    match = CASE_PREFIXED.match(text)
    if match:
        return f"{match['case']}. {frozen_text(match['counts'])}"
    return text
