"""Marking Vietnamese catalogue content on pages in another language (WCAG 3.1.2).

Procedure titles, agency names and other catalogue text are written in
Vietnamese only; on an English page a screen reader must switch voice for
them. ``{% vi_lang %}`` inside a start tag adds ` lang="vi"`, the filter
``|vi`` wraps a value in ``<span lang="vi">``; both only when the page's
language is not Vietnamese. ``|vi_facet:name`` does the same for a filter
option of a catalogue facet whose values are catalogue names (field,
agency), not our own translated labels (level, online level).
``{% ui_lang %}`` marks an interface island inside Vietnamese content (a
translated heading inside a ``lang="vi"`` article) with the page's language.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

CONTENT_LANGUAGE = "vi"
# Facets whose option labels are names from the catalogue.
CONTENT_FACETS = frozenset({"field", "agency"})


def _foreign_page():
    return (get_language() or CONTENT_LANGUAGE).split("-")[0] != CONTENT_LANGUAGE


@register.simple_tag
def vi_lang():
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"') if _foreign_page() else ""


@register.filter(is_safe=True)
def vi(value):
    if value in (None, ""):
        return value
    if not _foreign_page():
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, value)


@register.simple_tag
def ui_lang():
    language = (get_language() or CONTENT_LANGUAGE).split("-")[0]
    return mark_safe(f' lang="{language}"') if _foreign_page() else ""


@register.filter(is_safe=True)
def vi_facet(value, facet):
    return vi(value) if facet in CONTENT_FACETS else conditional_escape(value)
