"""Agencies (cơ quan thực hiện) and fields (lĩnh vực) of the catalogue."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..collation import CodePointOrder, by_name
from ..constants import AgencyKind, GovernmentLevel
from ..validators import validate_agency_code
from .catalogue import LIST_ITEM_FIELDS, ProcedurePage
from .richtext import SanitisedRichText


class DirectoryIndexPage(SanitisedRichText, Page):
    """Shared shape of the directory pages (agencies, fields): an intro and
    the live child pages in alphabetical order, in the context under
    ``context_name``."""

    intro = RichTextField(_("Giới thiệu"), blank=True)
    rich_text_fields = ("intro",)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    max_count = 1
    context_name = "children"

    class Meta:
        abstract = True

    def listed_children(self):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context[self.context_name] = self.listed_children()
        return context


class ListsProcedures:
    """An agency or field page: lists its live procedures, 20 a page, in
    the context as ``procedures``. ``procedure_relation`` names the
    procedure's foreign key to the page."""

    procedure_relation = None

    def procedures(self):
        return (
            ProcedurePage.objects.live()
            .filter(**{self.procedure_relation: self})
            .select_related("field", "agency")
            .only(*LIST_ITEM_FIELDS)
            .order_by(CodePointOrder("folded_name"), "code")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedures"] = Paginator(self.procedures(), 20).get_page(request.GET.get("page"))
        return context


class AgencyIndexPage(DirectoryIndexPage):
    """The directory of agencies (``/co-quan/``)."""

    subpage_types = ["content.AgencyPage"]
    context_name = "agencies"

    class Meta:
        verbose_name = _("Danh bạ cơ quan")

    def agencies(self):
        return by_name(AgencyPage.objects.child_of(self).live())

    listed_children = agencies


class AgencyPage(SanitisedRichText, ListsProcedures, Page):
    """A department or a commune People's Committee that handles dossiers.

    Its ``code`` names the back-office queue (``backoffice.<code>``) that
    receives its dossiers; ``receiving_unit_code`` is the identifier printed
    at the start of every dossier code it receives.
    """

    code = models.CharField(
        _("Mã cơ quan"),
        max_length=40,
        unique=True,
        validators=[validate_agency_code],
        help_text=_("Mã ngắn không dấu, dùng để định tuyến hồ sơ, ví dụ: stp, sxd, ubnd-xuan-huong."),
    )
    receiving_unit_code = models.CharField(
        _("Mã định danh đơn vị"),
        max_length=20,
        blank=True,
        help_text=_("Mã định danh theo QĐ 20/2020/QĐ-TTg, đứng đầu mã hồ sơ, ví dụ: 000.00.04.H41."),
    )
    short_name = models.CharField(_("Tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("Loại cơ quan"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    level = models.CharField(_("Cấp"), max_length=10, choices=GovernmentLevel.choices, default=GovernmentLevel.PROVINCE)
    address = models.CharField(_("Địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    website = models.URLField(_("Trang thông tin điện tử"), blank=True)
    opening_hours = models.TextField(
        _("Thời gian làm việc"),
        blank=True,
        help_text=_("Ví dụ: Sáng 7h00–11h30, chiều 13h30–17h00, từ thứ Hai đến thứ Sáu."),
    )
    head_name = models.CharField(_("Người đứng đầu"), max_length=120, blank=True)
    head_title = models.CharField(_("Chức vụ"), max_length=120, blank=True)
    directions = models.TextField(
        _("Chỉ dẫn đường đi"), blank=True, help_text=_("Mô tả bằng lời cách đến nơi tiếp nhận.")
    )
    description = RichTextField(_("Chức năng, nhiệm vụ"), blank=True)
    rich_text_fields = ("description",)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("receiving_unit_code")]),
                FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind"), FieldPanel("level")]),
            ],
            heading=_("Định danh"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("website"),
                FieldPanel("opening_hours"),
                FieldPanel("directions"),
            ],
            heading=_("Liên hệ và nơi tiếp nhận"),
        ),
        FieldRowPanel([FieldPanel("head_name"), FieldPanel("head_title")], heading=_("Lãnh đạo")),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("address"),
        index.FilterField("code"),
        index.FilterField("level"),
    ]
    parent_page_types = ["content.AgencyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Cơ quan thực hiện")
        verbose_name_plural = _("Cơ quan thực hiện")

    procedure_relation = "agency"

    def __str__(self):
        return self.title

    @property
    def queue_name(self):
        return f"backoffice.{self.code.lower()}"


class FieldIndexPage(DirectoryIndexPage):
    """The list of fields (``/linh-vuc/``)."""

    subpage_types = ["content.FieldPage"]
    context_name = "fields"

    class Meta:
        verbose_name = _("Danh sách lĩnh vực")

    def fields(self):
        return by_name(FieldPage.objects.child_of(self).live())

    listed_children = fields


class FieldPage(ListsProcedures, Page):
    """A field (lĩnh vực) such as Hộ tịch or Đất đai, listing its procedures."""

    code = models.CharField(_("Mã lĩnh vực"), max_length=40, unique=True, validators=[validate_agency_code])
    icon = models.CharField(
        _("Biểu tượng"),
        max_length=40,
        blank=True,
        help_text=_("Tên biểu tượng trong bộ biểu tượng của giao diện, ví dụ: family, land, business."),
    )
    description = models.TextField(_("Mô tả ngắn"), blank=True)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("icon")]),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [index.FilterField("code")]
    parent_page_types = ["content.FieldIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Lĩnh vực")
        verbose_name_plural = _("Lĩnh vực")

    procedure_relation = "field"

    def __str__(self):
        return self.title
