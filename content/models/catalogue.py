"""``ProcedurePage``: one procedure of the catalogue, its fields, panels,
search index and routes.

It follows the national TTHC record; its labels are those of the national
database. Components, methods and legal bases are ordered inline rows
(``procedure_rows``, re-exported here) so that import/export and the e-forms
can address them one by one; what the sheet derives from them is
``procedure_sheet``. The catalogue's index page is ``catalogue_index``.
"""

import logging

from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..collation import CodePointOrder
from ..constants import GovernmentLevel, OnlineLevel, ProcedureType
from ..forms import ProcedurePageForm
from ..pdf import render_procedure_pdf
from ..permissions import ProcedurePermissionTester
from ..sheet_cache import serve_sheet
from ..text import catalogue_folded_name, search_text
from ..validators import normalize_procedure_code, validate_procedure_code
from .procedure_rows import CaseGroupInput, ProcedureComponent, ProcedureLegalBasis, ProcedureMethod
from .procedure_sheet import ProcedureSheetMixin
from .richtext import sanitise_rich_text
from .settings import PortalIdentity

logger = logging.getLogger(__name__)


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Bước"), max_length=255)
    description = blocks.TextBlock(label=_("Nội dung"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Bước thực hiện")


#: What a list of procedures reads of each (``includes/procedure_item.html``:
#: the catalogue, a field's or an agency's page), with ``select_related`` of
#: the field and the agency: the sheet's long columns (steps, conditions,
#: StreamFields) stay in the database, and building 20 pages costs less than
#: half. A column read outside these costs one query per procedure.
LIST_ITEM_FIELDS = (
    "title",
    "url_path",
    "code",
    "level",
    "online_level",
    "processing_days",
    "field",
    "field__title",
    "agency",
    "agency__title",
)


class ProcedurePage(ProcedureSheetMixin, RoutablePageMixin, Page):
    """One administrative procedure (thủ tục hành chính) of the catalogue,
    read as the official procedure sheet; ``<url>pdf/`` serves it as PDF."""

    code = models.CharField(
        _("Mã thủ tục"),
        max_length=30,
        unique=True,
        validators=[validate_procedure_code],
        help_text=_(
            "Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001612; bản sao của tỉnh có hậu tố, ví dụ 1.000948.H38."
        ),
    )
    decision_number = models.CharField(_("Số quyết định công bố"), max_length=120, blank=True)
    level = models.CharField(
        _("Cấp thực hiện"), max_length=10, choices=GovernmentLevel.choices, default=GovernmentLevel.PROVINCE
    )
    procedure_type = models.CharField(
        _("Loại thủ tục"), max_length=20, choices=ProcedureType.choices, default=ProcedureType.NOT_DELEGATED
    )
    field = models.ForeignKey(
        "content.FieldPage",
        verbose_name=_("Lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="procedure_pages",
        null=True,
        blank=True,
    )
    agency = models.ForeignKey(
        "content.AgencyPage",
        verbose_name=_("Cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="procedure_pages",
        null=True,
        blank=True,
        help_text=_("Cơ quan tiếp nhận và giải quyết; hồ sơ nộp trực tuyến được chuyển đến hàng đợi của cơ quan này."),
    )
    coordinating_agencies = ParentalManyToManyField(
        "content.AgencyPage",
        verbose_name=_("Cơ quan phối hợp"),
        related_name="coordinated_procedure_pages",
        blank=True,
        help_text=_("Thủ tục liên thông: hồ sơ được chuyển song song đến các cơ quan này."),
    )
    competent_agency = models.CharField(_("Cơ quan có thẩm quyền"), max_length=255, blank=True)
    authorised_agency = models.CharField(_("Cơ quan được ủy quyền"), max_length=255, blank=True)
    for_citizens = models.BooleanField(_("Công dân Việt Nam / cá nhân"), default=True)
    for_organisations = models.BooleanField(_("Tổ chức"), default=False)
    for_enterprises = models.BooleanField(_("Doanh nghiệp"), default=False)
    applicants_note = models.TextField(_("Đối tượng thực hiện (ghi chú)"), blank=True)
    summary = models.TextField(
        _("Tóm tắt"), blank=True, help_text=_("Một hai câu cho người dân: thủ tục này dùng khi nào.")
    )
    steps = StreamField([("step", StepBlock())], verbose_name=_("Trình tự thực hiện"), blank=True)
    processing_days = models.DecimalField(
        _("Thời hạn giải quyết (ngày làm việc)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Để trống nếu giải quyết ngay trong ngày hoặc không quy định."),
    )
    processing_time_note = models.CharField(_("Thời hạn giải quyết (diễn giải)"), max_length=255, blank=True)
    payment_pauses_clock = models.BooleanField(
        _("Tạm dừng thời hạn khi chờ nộp phí, nghĩa vụ tài chính"),
        default=False,
        help_text=_(
            "Chỉ đánh dấu khi văn bản quy định thủ tục nói kết quả phụ thuộc vào việc nộp phí hay thực hiện nghĩa "
            "vụ tài chính (ví dụ nghĩa vụ tài chính về đất đai): thời gian chờ người nộp thực hiện không tính vào "
            "thời hạn giải quyết. Để trống thì yêu cầu nộp phí không làm dừng thời hạn."
        ),
    )
    result = models.TextField(_("Kết quả thực hiện"), blank=True)
    conditions = RichTextField(_("Yêu cầu, điều kiện thực hiện"), blank=True)
    receiving_address = models.TextField(_("Địa chỉ tiếp nhận hồ sơ"), blank=True)
    online_level = models.CharField(
        _("Mức độ dịch vụ công trực tuyến"),
        max_length=12,
        choices=OnlineLevel.choices,
        default=OnlineLevel.INFORMATION,
    )
    keywords = models.CharField(
        _("Từ khóa"),
        max_length=500,
        blank=True,
        help_text=_("Từ người dân hay dùng, cách nhau bởi dấu phẩy, ví dụ: bằng lái, giấy phép lái xe."),
    )
    folded_name = models.CharField(
        _("Tên không dấu"),
        max_length=800,
        blank=True,
        editable=False,
        db_index=False,
        help_text=_("Mã, tên và từ khóa viết thường, bỏ dấu; dùng cho ô lọc của danh mục."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("decision_number")]),
                FieldRowPanel([FieldPanel("level"), FieldPanel("procedure_type")]),
                FieldRowPanel([FieldPanel("field"), FieldPanel("online_level")]),
                FieldPanel("summary"),
                FieldPanel("keywords"),
            ],
            heading=_("Thông tin chung"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                FieldPanel("coordinating_agencies"),
                FieldRowPanel([FieldPanel("competent_agency"), FieldPanel("authorised_agency")]),
                FieldPanel("receiving_address"),
            ],
            heading=_("Cơ quan thực hiện"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("for_citizens"), FieldPanel("for_organisations"), FieldPanel("for_enterprises")]
                ),
                FieldPanel("applicants_note"),
            ],
            heading=_("Đối tượng thực hiện"),
        ),
    ]
    process_panels = [
        FieldPanel("steps"),
        InlinePanel("methods", heading=_("Cách thức thực hiện"), label=_("Cách thức")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("processing_days"), FieldPanel("processing_time_note")]),
                FieldPanel("payment_pauses_clock"),
            ],
            heading=_("Thời hạn giải quyết"),
        ),
        InlinePanel(
            "fees",
            heading=_("Phí, lệ phí"),
            label=_("Khoản thu"),
            help_text=_(
                "Biểu phí, lệ phí là nơi duy nhất ghi mức thu: trang thủ tục, tờ khai điện tử, số tiền thanh toán "
                "trực tuyến và giấy tiếp nhận đều tính từ đây. Không có dòng nào nghĩa là không thu phí, lệ phí."
            ),
        ),
        InlinePanel("fee_exemptions", heading=_("Đối tượng miễn, giảm phí, lệ phí"), label=_("Đối tượng")),
        FieldPanel("conditions"),
        FieldPanel("result"),
    ]
    dossier_panels = [
        InlinePanel("components", heading=_("Thành phần hồ sơ"), label=_("Giấy tờ")),
        InlinePanel("legal_bases", heading=_("Căn cứ pháp lý"), label=_("Văn bản")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Thông tin")),
            ObjectList(process_panels, heading=_("Trình tự, thời hạn, phí")),
            ObjectList(dossier_panels, heading=_("Hồ sơ, căn cứ pháp lý")),
            ObjectList(Page.promote_panels, heading=_("Quảng bá")),
            ObjectList(Page.settings_panels, heading=_("Thiết lập")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("code", boost=10),
        index.AutocompleteField("code"),
        index.SearchField("keywords", boost=3),
        index.SearchField("summary"),
        index.SearchField("result"),
        index.SearchField("steps"),
        index.RelatedFields("field", [index.SearchField("title")]),
        index.RelatedFields("agency", [index.SearchField("title")]),
        index.RelatedFields("components", [index.SearchField("name")]),
        index.FilterField("code"),
        index.FilterField("level"),
        index.FilterField("online_level"),
        index.FilterField("field_id"),
        index.FilterField("agency_id"),
        # Folded copies (content/text.py): diacritic-insensitive on every backend.
        index.SearchField("search_name_folded", boost=8),
        index.SearchField("search_keywords_folded", boost=4),
        index.SearchField("search_related_folded", boost=1.5),
        index.SearchField("search_body_folded"),
        index.AutocompleteField("search_name_folded"),
        index.AutocompleteField("search_keywords_folded"),
    ]

    # --- folded copies the search_fields above index, so that search is
    # diacritic-insensitive on every backend (folding: content/text.py; the
    # search app folds queries the same way)

    def search_name_folded(self):
        return search_text(self.title)

    def search_keywords_folded(self):
        return search_text(self.keywords)

    def search_related_folded(self):
        return search_text(
            self.field.title if self.field_id else "",
            self.agency.title if self.agency_id else "",
        )

    def search_body_folded(self):
        parts = [self.summary, self.result]
        for block in self.steps or []:
            value = block.value
            parts.extend([value.get("title"), value.get("description")])
        parts.extend(component.name for component in self.components.all())
        return search_text(*parts)

    parent_page_types = ["content.ProcedureIndexPage"]
    subpage_types = []
    base_form_class = ProcedurePageForm

    class Meta:
        verbose_name = _("Thủ tục hành chính")
        verbose_name_plural = _("Thủ tục hành chính")
        # One index per sort and filter of the catalogue (content/filters.py
        # SORTS and FACETS) and of the field and agency pages' lists, in the
        # order they sort: folded_name by code point (CodePointOrder), so
        # PostgreSQL walks the index instead of sorting the whole catalogue.
        # ``code`` is unique (indexed already); field and agency are foreign
        # keys, led here by their page's sort.
        indexes = [
            models.Index(CodePointOrder("folded_name"), models.F("code"), name="procedure_name_sort"),
            models.Index(models.F("processing_days"), CodePointOrder("folded_name"), name="procedure_time_sort"),
            models.Index(models.F("field"), CodePointOrder("folded_name"), name="procedure_field_name"),
            models.Index(models.F("agency"), CodePointOrder("folded_name"), name="procedure_agency_name"),
            models.Index(fields=["level"], name="procedure_level"),
            models.Index(fields=["online_level"], name="procedure_online_level"),
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"

    # The sheet reads its fee schedule a dozen times (per method, summary,
    # quotes) and each row list at least once: read each once per request.
    SHEET_ROWS = ("fees", "fee_exemptions", "methods", "components", "legal_bases", "coordinating_agencies")

    def get_context(self, request, *args, **kwargs):
        prefetch_related_objects([self], *(name for name in self.SHEET_ROWS if not self._rows_in_memory(name)))
        return super().get_context(request, *args, **kwargs)

    def _rows_in_memory(self, name):
        """A preview or a revision holds its rows in memory (modelcluster):
        those, not the database's, are what the sheet must show."""
        return name in getattr(self, "_cluster_related_objects", {}) or name in getattr(
            self, "_prefetched_objects_cache", {}
        )

    def clean(self):
        super().clean()
        self.code = normalize_procedure_code(self.code)
        self.conditions = sanitise_rich_text(self.conditions)

    def compute_folded_name(self):
        return catalogue_folded_name(self.code, self.title, self.keywords)

    def save(self, *args, **kwargs):
        self.folded_name = self.compute_folded_name()
        self.conditions = sanitise_rich_text(self.conditions)  # also when saved without clean()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "folded_name" not in update_fields:
            kwargs["update_fields"] = list(update_fields) + ["folded_name"]
        return super().save(*args, **kwargs)

    def permissions_for_user(self, user):
        return ProcedurePermissionTester(user, self)

    # --- routes -----------------------------------------------------------

    def serve(self, request, view=None, args=None, kwargs=None):
        """The sheet itself comes from the rendered-sheet cache for plain
        anonymous requests (``content.sheet_cache``); other routes as they are."""
        if view is None or getattr(view, "__name__", "") == "index_route":
            return serve_sheet(self, request, lambda: super(ProcedurePage, self).serve(request, view, args, kwargs))
        return super().serve(request, view, args, kwargs)

    @path("pdf/")
    def pdf(self, request):
        identity = PortalIdentity.for_request(request).resolved()
        response = HttpResponse(render_procedure_pdf(self, identity), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="thu-tuc-{self.code}.pdf"'
        return response

    # --- what the sheet shows ----------------------------------------------

    @property
    def submit_url(self):
        """Where the e-form of this procedure starts: the ``eforms:start``
        URL, reversed (content does not import eforms). "" when it cannot
        be reversed (e.g. a code the URL pattern refuses), logged as an
        error: the sheet then renders without the button instead of a 500."""
        try:
            return reverse("eforms:start", kwargs={"code": self.code})
        except NoReverseMatch:
            logger.exception("content.submit_url.no_reverse_match", extra={"code": self.code})
            return ""

    @property
    def pdf_url(self):
        return f"{self.url}pdf/" if self.url else ""


__all__ = [
    "CaseGroupInput",
    "ProcedureComponent",
    "ProcedureLegalBasis",
    "ProcedureMethod",
    "ProcedurePage",
    "StepBlock",
]
