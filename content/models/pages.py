"""Site pages: the home page and standard guide pages."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class HomePage(Page):
    """The portal's front page: search box, most-used procedures chosen by
    editors, grid of fields, latest news and a statistics teaser."""

    hero_title = models.CharField(
        _("Tiêu đề chính"), max_length=200, default="Dịch vụ công trực tuyến"
    )
    hero_text = models.TextField(
        _("Lời giới thiệu"),
        blank=True,
        default="Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến và theo dõi kết quả giải quyết.",
    )
    body = RichTextField(_("Nội dung thêm"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        InlinePanel("featured_procedures", heading=_("Thủ tục được dùng nhiều"), label=_("Thủ tục")),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Trang chủ")


class HomePageFeaturedProcedure(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_procedures")
    procedure = models.ForeignKey(
        "content.ProcedurePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("Thủ tục")
    )

    panels = [PageChooserPanel("procedure", "content.ProcedurePage")]
