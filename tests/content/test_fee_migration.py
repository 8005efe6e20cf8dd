"""Migration 0005: each procedure's former fee_vnd / fee_description (or its
methods' fee texts) becomes one "every channel" row of the fee schedule."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("content", "0004_component_present_only_generated")]


class Executor(MigrationExecutor):
    """Django's executor; only the order in which it walks the full plan to
    build the model states changes. Going back, Django builds a rendered
    state for every migration from the first one it unapplies to the end of
    the full plan (62 applied migrations of other apps lie between content
    0005 and its last dependant): putting the migrations being unapplied
    last is still an order of the graph (nothing else depends on them), so
    the same migrations are unapplied, in the same order, from the same
    states, without rendering the others (46 s → 31 s on a loaded machine)."""

    unapplying = frozenset()

    def migrate(self, targets, plan=None, state=None, fake=False, fake_initial=False):
        steps = plan if plan is not None else self.migration_plan(targets)
        self.unapplying = frozenset(migration for migration, backwards in steps if backwards)
        return super().migrate(targets, plan=plan, state=state, fake=fake, fake_initial=fake_initial)

    def migration_plan(self, targets, clean_start=False):
        steps = super().migration_plan(targets, clean_start=clean_start)
        if clean_start and self.unapplying:
            steps = [s for s in steps if s[0] not in self.unapplying] + [s for s in steps if s[0] in self.unapplying]
        return steps


def migrate(targets):
    """The models as they are once the database is migrated to ``targets``."""
    executor = Executor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


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
