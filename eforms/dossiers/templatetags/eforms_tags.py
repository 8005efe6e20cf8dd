"""Template filters of the e-forms pages."""

from django import template

register = template.Library()


@register.filter
def vnd(value):
    """50000 -> "50.000" (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
