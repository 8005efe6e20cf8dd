"""Template tags of the public theme.

``{% theme_css "css/portal.css" %}`` writes a stylesheet of the theme into an
anonymous public page as a ``<style>`` element whose hash the
Content-Security-Policy allows, so the first text needs no render-blocking
request; other answers (private, uncompressed) link it (``themes.inline``).
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from themes.inline import allow_on_request, inline_style, should_inline

register = template.Library()


@register.simple_tag(takes_context=True)
def theme_css(context, *paths):
    """``<style>`` elements with the stylesheets ``paths`` (static paths of the
    theme, trusted text: not escaped, or the CSS and its hash would change),
    or ``<link rel="stylesheet">`` where inlining does not pay off."""
    request = context.get("request")
    if not should_inline(request):
        return mark_safe("".join(format_html('<link rel="stylesheet" href="{}">', static(p)) for p in paths))
    blocks = []
    for path in paths:
        style = inline_style(path)
        allow_on_request(request, style)
        blocks.append(f"<style>{style.css}</style>")
    return mark_safe("".join(blocks))  # our own stylesheets, checked for "</"


@register.simple_tag(takes_context=True)
def theme_css_inlined(context):
    """Whether this page carries the theme's styles inline (then ``portal.js``
    fetches the linked files at idle for the private pages that follow)."""
    return should_inline(context.get("request"))
