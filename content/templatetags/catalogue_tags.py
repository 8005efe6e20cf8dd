"""Template helpers of the catalogue pages."""

from decimal import Decimal

from django import template
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from ..constants import DEMO_RECORD_KEYWORD
from ..models.richtext import sanitise_rendered_html
from ..text import fold

register = template.Library()


@register.filter
def vnd(value):
    """``150000`` → ``150.000 đồng``; 0 → ``Không``."""
    try:
        amount = int(value or 0)
    except (TypeError, ValueError):
        return value
    if amount == 0:
        return _("Không thu phí")
    return f"{amount:,}".replace(",", ".") + " " + _("đồng")


@register.filter
def is_demo_record(page):
    """Whether the procedure's keywords carry the demo-record keyword
    (``content.constants.DEMO_RECORD_KEYWORD``), diacritics and case aside."""
    keywords = getattr(page, "keywords", "") or ""
    wanted = fold(DEMO_RECORD_KEYWORD)
    return any(fold(word.strip()) == wanted for word in keywords.split(","))


@register.filter
def days(value):
    """``Decimal("15.0")`` → ``15 ngày làm việc``; ``None`` → empty."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    text = f"{value.normalize():f}".replace(".", ",")
    return _("%(days)s ngày làm việc") % {"days": text}


@register.filter
def safe_richtext(value):
    """Wagtail's ``richtext`` (internal links and images expanded), then
    cleaned: whatever an import or a script stored, no handler, script or
    ``javascript:`` link reaches the page. Takes the stored HTML or a
    ``RichText`` value (a StreamField's rich text block)."""
    source = getattr(value, "source", value)
    return mark_safe(sanitise_rendered_html(expand_db_html(source or "")))


@register.simple_tag(takes_context=True)
def toggle_filter(context, param, value):
    """The catalogue URL's query string with ``param=value`` switched on or
    off (page reset), for links that work without JavaScript."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    values = params.getlist(param)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    params.setlist(param, values)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def page_link(context, number):
    request = context["request"]
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.simple_tag
def build_query(**kwargs):
    return "?" + urlencode({k: v for k, v in kwargs.items() if v})
