"""Migration 0005: each procedure's former fee_vnd / fee_description (or its
methods' fee texts) becomes one "every channel" row of the fee schedule."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("content", "0004_component_present_only_generated")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_fees_become_the_schedule(wagtail_root_for_migration):
    pages = wagtail_root_for_migration
    old = migrate(BEFORE)
    Page = old.get_model("content", "ProcedurePage")
    Method = old.get_model("content", "ProcedureMethod")
    Page.objects.filter(pk=pages["paid"]).update(fee_vnd=20000, fee_description="20.000 đồng/lần đăng ký")
    Page.objects.filter(pk=pages["text"]).update(fee_vnd=0, fee_description="")
    Method.objects.create(page_id=pages["text"], method="in_person", fee="Miễn lệ phí", sort_order=0)

    latest = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    Fee = latest.get_model("content", "ProcedureFee")
    paid = Fee.objects.get(page_id=pages["paid"])
    assert (paid.amount_vnd, paid.channel, paid.unit, paid.note) == (20000, "all", "dossier", "20.000 đồng/lần đăng ký")
    assert Fee.objects.get(page_id=pages["text"]).note == "Miễn lệ phí"
    assert not Fee.objects.filter(page_id=pages["none"]).exists()


@pytest.fixture
def wagtail_root_for_migration(home_page):
    from tests.eforms.factories import ensure_wagtail_root, procedure_page

    ensure_wagtail_root()
    return {
        "paid": procedure_page(home_page, code="1.700001").pk,
        "text": procedure_page(home_page, code="1.700002").pk,
        "none": procedure_page(home_page, code="1.700003").pk,
    }
