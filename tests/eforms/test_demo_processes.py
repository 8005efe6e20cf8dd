"""The demo loader defines internal processes for a few common procedures
(published, with a revision) and walks their dossiers' steps at historic
times by the demo officers and leaders; the statistics still reconcile with
a recount from the history rows, and a second run changes nothing."""

from decimal import Decimal

import pytest
from django.utils import timezone

from eforms.demo.dossiers import demo_dossiers
from eforms.processes.models import DossierStep, InternalProcess
from eforms.workspace.stats import build
from eforms.workspace.stats.periods import year_period

from .factories import procedure_page
from .test_demo_dossiers import _load, catalogue  # noqa: F401 — the demo loader's tiny catalogue
from .workspace.conftest import make_officer
from .workspace.test_stats_categories import as_counter, balanced, recount

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_process(catalogue, home_page):  # noqa: F811
    karaoke = procedure_page(
        home_page,
        agency=catalogue["stp"],
        code="1.001029",
        title="Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
        processing_days=Decimal("5"),
        online_level="partial",
    )
    make_officer("lanhdao", catalogue["stp"], role="leader")
    return karaoke


def test_demo_processes_and_steps(with_process):
    output = _load()
    assert "Quy trình nội bộ mẫu cho các thủ tục: 1.001029." in output
    process = InternalProcess.objects.get(procedure=with_process)
    assert process.live and process.live_revision is not None and process.steps.count() == 4
    steps = DossierStep.objects.filter(dossier__procedure=with_process)
    assert steps.exists()
    done = steps.filter(completed_at__isnull=False)
    assert done.exists()
    assert set(done.values_list("completed_by__username", flat=True)) <= {"canbo-stp", "lanhdao"}
    for step in done.select_related("dossier"):
        assert step.dossier.history.filter(created_at=step.completed_at, actor=step.completed_by).exists()
        local = timezone.localtime(step.completed_at).time()
        assert 7 <= local.hour <= 17, step.completed_at  # in office hours

    now = timezone.now()
    period = year_period(timezone.localdate().year)
    board = build(period, now=now)
    rows, total = board.tables["officer"]
    assert as_counter(total) == recount(demo_dossiers(), period.start, period.end, now)
    for row in rows:
        if row.key is None:
            continue
        handled = demo_dossiers().filter(history__actor_id=row.key, history__created_at__lt=period.end).distinct()
        assert as_counter(row) == recount(handled, period.start, period.end, now), row.name
        assert balanced(row)

    before = steps.count(), done.count()
    assert "không tạo thêm" in _load()
    assert (steps.count(), done.count()) == before and InternalProcess.objects.count() == 1
