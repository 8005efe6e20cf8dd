"""``export_procedures``: the whole catalogue as JSON, CSV or XLSX."""

import os

from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from ..models import ProcedurePage
from .formats import WRITERS
from .schema import serialize


def catalogue_records(queryset=None):
    documents_by_pk = dict(get_document_model().objects.values_list("pk", "title"))
    queryset = queryset if queryset is not None else ProcedurePage.objects.all()
    queryset = (
        queryset.select_related("field", "agency")
        .prefetch_related("coordinating_agencies", "methods", "components", "legal_bases")
        .order_by("code")
    )
    return [serialize(page, documents_by_pk) for page in queryset]


def export_bytes(file_format, queryset=None):
    if file_format not in WRITERS:
        raise ValueError(_("Định dạng không hỗ trợ: %(format)s (chọn json, csv hoặc xlsx)") % {"format": file_format})
    records = catalogue_records(queryset)
    return WRITERS[file_format](records), len(records)


def export_procedures(path, file_format=None, queryset=None):
    """Write the catalogue to ``path``; the format follows the extension.
    Returns the number of procedures written."""
    file_format = file_format or os.path.splitext(str(path))[1].lstrip(".").lower()
    data, count = export_bytes(file_format, queryset)
    with open(path, "wb") as handle:
        handle.write(data)
    return count
