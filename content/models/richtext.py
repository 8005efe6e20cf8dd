"""Rich text that came from outside the editor (the catalogue import, the
API, a script) is cleaned with nh3 before it is stored and again when it is
rendered: only the markup Wagtail's rich text produces survives, no event
handler, no script, no ``javascript:`` link.

``sanitise_rich_text`` keeps Wagtail's stored form (``<a linktype="page"
id="3">``, ``<embed embedtype="image" …/>``); ``sanitise_rendered_html``
cleans the expanded HTML a template sends to the browser.
"""

import re

import nh3

TEXT_TAGS = {
    "p",
    "br",
    "b",
    "i",
    "u",
    "s",
    "strong",
    "em",
    "sub",
    "sup",
    "code",
    "blockquote",
    "hr",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
TABLE_ATTRIBUTES = {"th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

#: Wagtail's database format: internal links and image embeds by id
STORED_ATTRIBUTES = {
    **TABLE_ATTRIBUTES,
    "a": {"href", "linktype", "id"},
    "embed": {"embedtype", "id", "format", "alt"},
}
#: what ``richtext`` expands that to; media embeds (iframes) are not kept
RENDERED_ATTRIBUTES = {
    **TABLE_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "class"},
}


#: nh3 writes ``<embed …>``; Wagtail's rewriter only finds ``<embed …/>``
_EMBED = re.compile(r'<embed((?:\s+[\w-]+(?:="[^"]*")?)*)\s*/?>')


def sanitise_rich_text(html):
    """The stored form of rich text, cleaned; idempotent."""
    if not html:
        return html or ""
    cleaned = nh3.clean(
        html,
        tags=TEXT_TAGS | {"embed"},
        attributes=STORED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _EMBED.sub(r"<embed\1/>", cleaned)


def sanitise_rendered_html(html):
    """Expanded rich text (``expand_db_html``), cleaned for the browser."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=TEXT_TAGS | {"img"},
        attributes=RENDERED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


class SanitisedRichText:
    """A page mixin: the rich text fields named in ``rich_text_fields`` and
    the ``paragraph`` blocks of the StreamFields named in
    ``rich_text_streams`` are cleaned by ``clean()`` (the editor's form and
    ``save_revision``) and by ``save()`` (scripts, imports, the shell)."""

    rich_text_fields = ()
    rich_text_streams = ()
    rich_text_block_types = ("paragraph",)

    def sanitise_rich_text_fields(self):
        for name in self.rich_text_fields:
            setattr(self, name, sanitise_rich_text(getattr(self, name)))
        for name in self.rich_text_streams:
            for block in getattr(self, name) or ():
                if block.block_type in self.rich_text_block_types and hasattr(block.value, "source"):
                    block.value.source = sanitise_rich_text(block.value.source)

    def clean(self):
        super().clean()
        self.sanitise_rich_text_fields()

    def save(self, *args, **kwargs):
        self.sanitise_rich_text_fields()
        return super().save(*args, **kwargs)
