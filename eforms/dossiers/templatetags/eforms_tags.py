"""Template filters of the e-forms and workspace pages: the one format of
money (``200.000 đ``) and of dates (``dd/mm/yyyy``, ``dd/mm/yyyy HH:MM``)."""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def vnd(value):
    """50000 -> "50.000" (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value


def _number(value):
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


@register.filter
def money(value):
    """The one money format: ``200000`` → ``200.000 đ`` (whatever the page's
    language: the amount is in Vietnamese đồng). Not a number: unchanged."""
    number = _number(value)
    if number is None:
        return value
    return f"{number:,}".replace(",", ".") + " đ"


def _as_date(value):
    if isinstance(value, str):
        try:
            return (
                datetime.datetime.fromisoformat(value.strip())
                if "T" in value or " " in value.strip()
                else (datetime.date.fromisoformat(value.strip()))
            )
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    return None


@register.filter
def vndate(value):
    """The one date format: ``dd/mm/yyyy`` (local time of an aware
    datetime; an ISO string is read too). Nothing to format: ``""``."""
    moment = _as_date(value)
    if moment is None:
        return value if value not in (None, "") else ""
    return moment.strftime("%d/%m/%Y")


@register.filter
def vndatetime(value):
    """The one date-and-time format: ``dd/mm/yyyy HH:MM`` in local time
    (a plain date: ``dd/mm/yyyy``)."""
    moment = _as_date(value)
    if moment is None:
        return value if value not in (None, "") else ""
    if not isinstance(moment, datetime.datetime):
        return moment.strftime("%d/%m/%Y")
    return moment.strftime("%d/%m/%Y %H:%M")
