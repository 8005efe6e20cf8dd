"""Vietnamese catalogue text is marked lang="vi" on English pages only (WCAG 3.1.2)."""

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load lang_tags %}<h1{% vi_lang %}>x</h1>{{ name|vi }}")


def render(language, name):
    with translation.override(language):
        return TEMPLATE.render(Context({"name": name}))


def test_marked_on_english_pages():
    assert render("en", "Sở Tư pháp <b>") == '<h1 lang="vi">x</h1><span lang="vi">Sở Tư pháp &lt;b&gt;</span>'


def test_not_marked_on_vietnamese_pages():
    assert render("vi", "Sở Tư pháp <b>") == "<h1>x</h1>Sở Tư pháp &lt;b&gt;"


def test_empty_values_stay_empty():
    assert render("en", "") == '<h1 lang="vi">x</h1>'
    assert render("en", None) == '<h1 lang="vi">x</h1>None'
