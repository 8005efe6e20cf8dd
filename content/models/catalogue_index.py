"""The catalogue page ``/thu-tuc/``: GET filters by field, agency, level of
government and online level with counts per facet, a name filter, sorting
and pagination, all without JavaScript (parameters: ``content/filters.py``)."""

from operator import itemgetter

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .. import catalogue_cache
from ..collation import by_name
from ..constants import GovernmentLevel, OnlineLevel
from ..filters import FACETS, PAGE_SIZE, SORTS, parse_query
from .agencies import AgencyPage, FieldPage
from .catalogue import LIST_ITEM_FIELDS, ProcedurePage
from .richtext import SanitisedRichText


def _filters_key(query, skip_facet=None):
    """The filters that decide a count, as a hashable, ordered value."""
    active = sorted((name, values) for name, values in query.selected.items() if values and name != skip_facet)
    selected = tuple((name, tuple(sorted(values))) for name, values in active)
    return selected, query.folded_q


class ProcedureIndexPage(SanitisedRichText, Page):
    """The catalogue (``/thu-tuc/``): filters, counts per facet, sorting,
    pagination, all working without JavaScript."""

    intro = RichTextField(_("Giới thiệu"), blank=True)
    rich_text_fields = ("intro",)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ProcedurePage"]
    max_count = 1

    class Meta:
        verbose_name = _("Danh mục thủ tục hành chính")

    # Catalogue queries, one small method each (see content/filters.py for
    # the GET parameters).

    def known_codes(self, model):
        """``{"<id>": code, code: code}`` of the live fields or agencies."""

        def build():
            known = {}
            for pk, code in model.objects.live().values_list("pk", "code"):
                known[str(pk)] = code
                known[code] = code
            return known

        return catalogue_cache.cached("known-codes", model._meta.label, build)

    def read_query(self, request):
        return parse_query(
            request.GET,
            known_fields=self.known_codes(FieldPage),
            known_agencies=self.known_codes(AgencyPage),
        )

    def base_queryset(self):
        return ProcedurePage.objects.child_of(self).live()

    def apply_filters(self, queryset, query, skip_facet=None):
        for name, (_param, lookup) in FACETS.items():
            values = query.selected.get(name)
            if values and name != skip_facet:
                queryset = queryset.filter(**{f"{lookup}__in": sorted(values)})
        if query.folded_q:
            for word in query.folded_q.split()[:10]:
                queryset = queryset.filter(folded_name__icontains=word)
        return queryset

    def filtered_procedures(self, query):
        queryset = self.apply_filters(self.base_queryset(), query)
        return queryset.select_related("field", "agency").only(*LIST_ITEM_FIELDS).order_by(*SORTS[query.sort])

    def facet_counts(self, query, name):
        """``{value: count}`` for one facet, under every *other* active filter
        (counted once per catalogue version and combination of filters)."""
        lookup = FACETS[name][1]

        def build():
            rows = (
                self.apply_filters(self.base_queryset(), query, skip_facet=name)
                .order_by()
                .values(lookup)
                .annotate(n=Count("pk"))
            )
            return {row[lookup]: row["n"] for row in rows}

        return catalogue_cache.cached("facet-counts", (self.pk, name, _filters_key(query, skip_facet=name)), build)

    def result_count(self, query):
        """How many procedures the filters leave (the paginator's count)."""
        return catalogue_cache.cached(
            "result-count",
            (self.pk, _filters_key(query)),
            lambda: self.apply_filters(self.base_queryset(), query).count(),
        )

    def facet_labels(self):
        return catalogue_cache.cached(
            "facet-labels",
            None,
            lambda: {
                "field": by_name(FieldPage.objects.live().values_list("code", "title"), itemgetter(1)),
                "agency": by_name(AgencyPage.objects.live().values_list("code", "title"), itemgetter(1)),
            },
        )

    def facet_options(self, query):
        """The four facets as ``[{name, param, label, options: [{value,
        label, count, selected}]}]`` for the template."""
        labels = {
            **self.facet_labels(),
            "level": [(value, label) for value, label in GovernmentLevel.choices],
            "online": [(value, label) for value, label in OnlineLevel.choices],
        }
        titles = {
            "field": _("Lĩnh vực"),
            "agency": _("Cơ quan thực hiện"),
            "level": _("Cấp thực hiện"),
            "online": _("Mức độ dịch vụ công trực tuyến"),
        }
        facets = []
        for name, (param, _lookup) in FACETS.items():
            counts = self.facet_counts(query, name)
            selected = query.selected.get(name, set())
            options = [
                {"value": value, "label": label, "count": counts.get(value, 0), "selected": value in selected}
                for value, label in labels[name]
                if counts.get(value) or value in selected
            ]
            facets.append({"name": name, "param": param, "label": titles[name], "options": options})
        return facets

    def paginate(self, queryset, query):
        paginator = Paginator(queryset, PAGE_SIZE)
        paginator.count = self.result_count(query)  # instead of a COUNT(*) per request
        return paginator.get_page(query.page)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = self.read_query(request)
        results = self.paginate(self.filtered_procedures(query), query)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            {
                "query": query,
                "procedures_page": results,
                "facets": self.facet_options(query),
                "sorts": [("name", _("Tên thủ tục")), ("code", _("Mã thủ tục")), ("time", _("Thời hạn giải quyết"))],
                "page_querystring": params.urlencode(),
            }
        )
        return context
