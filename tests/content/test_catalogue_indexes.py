"""Every sort and filter of the catalogue has an index (issue #17), the
database uses it for the default order, and a bulk load ends with ANALYZE."""

import pytest
from django.db import connection

from content.bulk import bulk_load_procedures
from content.collation import CodePointOrder
from content.demo_catalogue.synthetic import generate_procedures
from content.filters import SORTS
from content.models import ProcedurePage

pytestmark = pytest.mark.django_db

INDEXES = {
    "procedure_name_sort",
    "procedure_time_sort",
    "procedure_field_name",
    "procedure_agency_name",
    "procedure_level",
    "procedure_online_level",
}


def table_indexes(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name for name, info in constraints.items() if info["index"]}


def test_catalogue_sorts_and_filters_have_indexes():
    assert INDEXES <= table_indexes(ProcedurePage._meta.db_table)
    assert ProcedurePage._meta.get_field("code").unique  # the "code" sort


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan wording")
def test_default_order_walks_the_name_index(catalogue):
    for sort in ("name", "time"):
        plan = ProcedurePage.objects.order_by(*SORTS[sort]).explain()
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, (sort, plan)
    by_field = ProcedurePage.objects.filter(field_id=1).order_by(CodePointOrder("folded_name"), "code").explain()
    assert "procedure_field_name" in by_field, by_field


def analysed_rows(table):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0]


def test_bulk_load_ends_with_analyze(catalogue):
    records = generate_procedures(30, seed=5, field_codes=["ho-tich"], agency_codes=["stp"])
    figures = bulk_load_procedures(records, catalogue["thu-tuc"])
    assert figures["created"] == 30
    assert figures["analyze_seconds"] > 0
    assert analysed_rows(ProcedurePage._meta.db_table) > 0
    assert ProcedurePage.objects.filter(code=records[0]["code"]).exists()
