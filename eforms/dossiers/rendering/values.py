"""How one answer reads: the formatting rules shared by every mode.

``answer_text`` is the one text of an answer (dates dd/mm/yyyy, Có/Không,
choices by their label, addresses composed, files by name); a mode then
only decides how that text is carried (escaped HTML, plain text, a
spreadsheet cell) or, for JSON, keeps the machine value.
"""

import datetime
import re
from enum import StrEnum

from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext as _

EMPTY = "—"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Mode(StrEnum):
    CITIZEN_HTML = "citizen_html"  # the citizen's review page
    OFFICER_HTML = "officer_html"  # the officer's detail page: also answers the form does not name
    TEXT = "text"  # PDF documents and plain text
    CELL = "cell"  # a CSV / XLSX cell, never a formula
    JSON = "json"  # machine values for the back office


def neutralize(value):
    """Text a spreadsheet shows as text, never evaluates."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _blank(value):
    return value is None or value == "" or value == [] or value == {}


def date_text(value):
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    match = ISO_DATE.match(str(value))
    if not match:
        return str(value)
    year, month, day = match.groups()
    return f"{day}/{month}/{year}"


def answer_text(value, kind=None):
    """The text of one answer of a field of type ``kind`` (None: guess)."""
    if _blank(value):
        return EMPTY
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, (list, tuple)):
        item_kind = "choice" if kind == "multichoice" else kind
        return ", ".join(answer_text(item, item_kind) for item in value) or EMPTY
    if isinstance(value, dict):
        if "value" in value:  # {"label": …, "value": …}: a labelled answer
            return answer_text(value["value"], kind)
        if "label" in value:
            return answer_text(value["label"], kind)
        parts = [answer_text(part) for part in value.values() if not _blank(part)]
        return ", ".join(parts) or EMPTY
    if kind == "checkbox":
        return _("Có") if value else _("Không")
    if kind in ("choice", "multichoice"):
        return _(str(value))  # a choice is its own label, translated
    if kind in ("date", None) or isinstance(value, datetime.date):
        return date_text(value)
    return str(value)


def machine_value(value):
    """The JSON value of an answer: stored as is, labelled answers unwrapped."""
    if isinstance(value, dict) and "value" in value:
        return value["value"]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def carry(text, data, mode):
    """The answer as ``mode`` shows it."""
    if mode in (Mode.CITIZEN_HTML, Mode.OFFICER_HTML):
        return linebreaksbr(text, autoescape=True)
    if mode == Mode.CELL:
        return neutralize(text)
    if mode == Mode.JSON:
        return data
    return text
