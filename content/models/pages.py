"""Site pages: the home page, news and standard guide pages."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import catalogue_cache
from ..blocks import BodyBlock
from ..constants import OnlineLevel
from .agencies import AgencyPage, FieldPage
from .catalogue import ProcedurePage
from .richtext import SanitisedRichText


class HomePage(SanitisedRichText, Page):
    """The portal's front page: search box, most-used procedures chosen by
    editors, grid of fields, latest news and a statistics teaser."""

    hero_title = models.CharField(_("Tiêu đề chính"), max_length=200, default="Dịch vụ công trực tuyến")
    hero_text = models.TextField(
        _("Lời giới thiệu"),
        blank=True,
        default="Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến và theo dõi kết quả giải quyết.",
    )
    body = RichTextField(_("Nội dung thêm"), blank=True)
    rich_text_fields = ("body",)

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        InlinePanel("featured_procedures", heading=_("Thủ tục được dùng nhiều"), label=_("Thủ tục")),
        FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.ProcedureIndexPage",
        "content.AgencyIndexPage",
        "content.FieldIndexPage",
        "content.NewsIndexPage",
        "content.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("Trang chủ")

    def featured(self):
        return [
            row.procedure
            for row in self.featured_procedures.select_related("procedure", "procedure__agency")
            if row.procedure.live
        ]

    def fields_with_counts(self):
        """Live fields by title, each with ``procedure_count`` (its live
        procedures; counted once per catalogue version)."""
        counts = catalogue_cache.cached("home-field-counts", None, _field_counts)
        fields = list(FieldPage.objects.live().order_by("title"))
        for field in fields:
            field.procedure_count = counts.get(field.pk, 0)
        return fields

    def latest_news(self, limit=4):
        return NewsPage.objects.live().order_by("-date", "-pk")[:limit]

    def catalogue_figures(self):
        """The statistics teaser (counted once per catalogue version)."""
        return catalogue_cache.cached("home-figures", None, _catalogue_figures)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured"] = self.featured()
        context["fields"] = self.fields_with_counts()
        context["latest_news"] = self.latest_news()
        context["figures"] = self.catalogue_figures()
        return context


def _field_counts():
    rows = ProcedurePage.objects.live().filter(field__isnull=False).order_by().values("field").annotate(n=Count("pk"))
    return {row["field"]: row["n"] for row in rows}


def _catalogue_figures():
    procedures = ProcedurePage.objects.live()
    return {
        "procedures": procedures.count(),
        "online": procedures.filter(online_level__in=[OnlineLevel.PARTIAL, OnlineLevel.FULL]).count(),
        "full": procedures.filter(online_level=OnlineLevel.FULL).count(),
        "agencies": AgencyPage.objects.live().count(),
    }


class HomePageFeaturedProcedure(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_procedures")
    procedure = models.ForeignKey(
        "content.ProcedurePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("Thủ tục")
    )

    panels = [PageChooserPanel("procedure", "content.ProcedurePage")]


class StandardPage(SanitisedRichText, Page):
    """A guide or an information page (hướng dẫn, giới thiệu), with the shared
    body blocks; may hold sub-pages for a multi-page guide."""

    intro = models.TextField(_("Lời dẫn"), blank=True, help_text=_("Một đoạn ngắn hiện dưới tiêu đề."))
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung"), blank=True)
    rich_text_streams = ("body",)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = _("Trang hướng dẫn")
        verbose_name_plural = _("Trang hướng dẫn")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().specific()
        return context


class NewsIndexPage(SanitisedRichText, Page):
    """The news list (``/tin-tuc/``), newest first, 10 per page."""

    intro = RichTextField(_("Giới thiệu"), blank=True)
    rich_text_fields = ("intro",)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Danh sách tin tức")

    def news(self):
        return NewsPage.objects.child_of(self).live().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_page"] = Paginator(self.news(), 10).get_page(request.GET.get("page"))
        return context


class NewsPage(SanitisedRichText, Page):
    """A news item or announcement (tin tức, thông báo)."""

    date = models.DateField(_("Ngày đăng"), default=timezone.localdate)
    intro = models.TextField(_("Tóm tắt"), blank=True, help_text=_("Hai ba câu hiện trong danh sách tin."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("Nội dung"), blank=True)
    rich_text_streams = ("body",)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("intro"), FieldPanel("image")], heading=_("Tóm tắt")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Tin tức")
        verbose_name_plural = _("Tin tức")
