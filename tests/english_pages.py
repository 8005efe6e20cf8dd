"""What an English page may still say in Vietnamese: content only (names,
addresses, the citizen's answers, the catalogue), never our interface.

``leftover_vietnamese(html, content)`` lists the text nodes (and
placeholder / aria-label / title / alt attributes) of the page's body that
hold Vietnamese letters and are not one of the ``content`` strings; the
province and ward lists (``<select>``) and the language switch's
"Tiếng Việt" are content by nature."""

import html as htmlmod
import html.parser as htmlmod_parser
import re

from django.conf import settings

VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]", re.I)
# Words of our own interface that must never remain on an English page.
INTERFACE_WORDS = (
    "Hồ sơ",
    "hồ sơ",
    "Nộp",
    "Tiếp tục",
    "Quay lại",
    "Mã tra cứu",
    "Trạng thái",
    "Thủ tục",
    "Xem lại",
    "Tải lên",
    "Thanh toán",
    "Bước",
    "lệ phí",
    "Cơ quan",
    "Tra cứu",
    "Vui lòng",
    "Không",
    "Thời hạn",
    "Kết quả",
    "Trang chủ",
    "Công dân",
    "Ông/Bà",
    "Đường dây nóng",
)


def identity():
    return [
        settings.PORTAL_CENTER_ADDRESS,
        settings.PORTAL_CENTER_NAME,
        settings.PORTAL_PROVINCE_NAME,
        "Tiếng Việt",
        "Tết",
    ]


def leftover_vietnamese(html, content=()):
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style|select)[^>]*>.*?</\1>", " ", body, flags=re.S)
    attributes = re.findall(r'(?:placeholder|aria-label|title|alt)="([^"]*)"', body)
    body = re.sub(r"<[^>]+>", "\n", body)
    parts = [htmlmod.unescape(part).strip() for part in body.split("\n")] + attributes
    # longest first: a short name must not eat part of an address
    known = sorted((c for c in (*content, *identity()) if c), key=len, reverse=True)
    left = []
    for part in parts:
        # "Label: value": the label is ours (checked), the value content
        rest = re.sub(r"^(Address|Hotline|Agency|Applicant|Procedure|Place of receipt): .*$", r"\1", part)
        rest = re.sub(r"\d[\d.]* đ\b", "", rest)  # amounts: "50.000 đ" on every page
        for value in known:
            rest = rest.replace(value, "")
        if VIETNAMESE.search(rest):
            left.append(part)
    return sorted(set(left))


def interface_words(texts):
    return [text for text in texts if any(word in text for word in INTERFACE_WORDS)]


# --- WCAG 3.1.2: Vietnamese text on an English page must say so -------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIPPED = {"script", "style", "select", "option", "title", "template"}
# Document numbers and proper names that an English sentence of ours quotes.
_QUOTED = re.compile(r"\b\d+/QĐ-TTg\b|\bTết\b")


class _LangParser(htmlmod_parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.unmarked = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        text = _QUOTED.sub("", data.strip())
        if not text or not VIETNAMESE.search(text) or any(tag in _SKIPPED for tag, _lang in self.stack):
            return
        lang = next((lang for _tag, lang in reversed(self.stack) if lang), None)
        if lang != "vi":
            self.unmarked.append(data.strip())


def unmarked_vietnamese(html):
    """Text nodes with Vietnamese letters whose nearest ``lang`` is not
    "vi" (a screen reader would read them with the page's English voice)."""
    parser = _LangParser()
    parser.feed(html)
    return parser.unmarked
