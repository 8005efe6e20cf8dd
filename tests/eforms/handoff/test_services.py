"""The outbox: branches, publishing, consumer, retries, dead letters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eforms.handoff import publishing, services
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import DeliveryAttempt, HandOff, HandoffTarget

from .helpers import make_agency, make_dossier, make_procedure

pytestmark = pytest.mark.django_db


def test_enqueue_creates_one_branch_and_delivers_on_commit(dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = services.enqueue_handoff(dossier)
    assert len(created) == 1
    branch = HandOff.objects.get()
    # Committed intent, nothing published before the commit.
    assert branch.state == HandOffState.PENDING
    assert branch.agency == dossier.agency
    assert branch.backend == "workspace"
    assert len(callbacks) == 1

    callbacks[0]()  # the commit: published, consumed eagerly
    branch.refresh_from_db()
    assert branch.state == HandOffState.DELIVERED
    assert branch.delivered_at is not None
    assert branch.attempts == 1
    assert branch.receipt["queue"] == "backoffice.stp"
    assert list(HandOff.objects.delivered_to([dossier.agency])) == [branch]
    attempt = DeliveryAttempt.objects.get()
    assert attempt.ok is True and attempt.finished_at


def test_enqueue_is_idempotent(dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_handoff(dossier)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert services.enqueue_handoff(dossier) == []
    assert callbacks == []
    assert HandOff.objects.count() == 1
    assert DeliveryAttempt.objects.count() == 1


def test_inter_agency_procedure_fans_out_one_tracked_branch_per_agency(agency, django_capture_on_commit_callbacks):
    tax = make_agency("thue", "Chi cục Thuế")
    land = make_agency("vpdk", "Văn phòng đăng ký đất đai")
    procedure = make_procedure(agency, coordinating=[tax, land, agency])
    dossier = make_dossier(procedure)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.enqueue_handoff(dossier)
    assert sorted(h.agency.code for h in created) == ["stp", "thue", "vpdk"]
    assert set(dossier.handoffs.values_list("state", flat=True)) == {HandOffState.DELIVERED}
    assert HandOff.objects.delivered_to([tax]).get().dossier == dossier


def test_redelivered_message_does_nothing(dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    before = (branch.delivered_at, branch.attempts, DeliveryAttempt.objects.count())
    from eforms.handoff.tasks import deliver_handoff

    assert deliver_handoff.apply(args=[branch.pk]).get() == "already_delivered"
    branch.refresh_from_db()
    assert (branch.delivered_at, branch.attempts, DeliveryAttempt.objects.count()) == before


def test_branch_claimed_by_a_live_worker_is_left_alone(dossier):
    services.enqueue_handoff(dossier)  # no commit callbacks run: still pending
    branch = HandOff.objects.get()
    HandOff.objects.filter(pk=branch.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))
    assert services.deliver(branch.pk) == "claimed"
    assert DeliveryAttempt.objects.count() == 0


def test_failed_deliveries_back_off_then_go_dead(dossier, settings, monkeypatch):
    settings.HANDOFF_MAX_ATTEMPTS = 3
    from eforms.handoff.backends.workspace import WorkspaceBackend

    def boom(self, handoff):
        raise RuntimeError("back-office down")

    monkeypatch.setattr(WorkspaceBackend, "deliver", boom)
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    delays = []
    for expected in ("failed", "failed", "dead"):
        before = timezone.now()
        assert services.deliver(branch.pk) == expected
        branch.refresh_from_db()
        if expected == "failed":
            assert branch.state == HandOffState.PENDING
            delays.append((branch.next_attempt_at - before).total_seconds())
    assert branch.state == HandOffState.DEAD
    assert branch.next_attempt_at is None
    assert "back-office down" in branch.last_error
    # exponential: 30 s, then 60 s
    assert 29 <= delays[0] <= 31 and 59 <= delays[1] <= 61
    assert list(DeliveryAttempt.objects.values_list("ok", flat=True)) == [False, False, False]
    # a late duplicate message does not resurrect it
    assert services.deliver(branch.pk) == "dead"


@pytest.fixture
def sent(monkeypatch):
    """Record what the sweep publishes instead of publishing it."""
    published = []

    def fake_send(rows):
        published.extend(pk for pk, _code in rows)
        return [pk for pk, _code in rows], ""

    monkeypatch.setattr(publishing, "_send", fake_send)
    return published


def test_sweep_republishes_only_due_branches(agency, procedure, sent):
    due = make_dossier(procedure)
    later = make_dossier(procedure)
    services.enqueue_handoff(due)
    services.enqueue_handoff(later)
    HandOff.objects.filter(dossier=due).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    HandOff.objects.filter(dossier=later).update(next_attempt_at=timezone.now() + timedelta(minutes=1))
    assert services.redispatch_due() == 1
    assert sent == [HandOff.objects.get(dossier=due).pk]
    branch = HandOff.objects.get(dossier=due)
    assert branch.state == HandOffState.DISPATCHED and branch.dispatch_count == 1
    # pushed back: a second sweep right away publishes nothing
    assert services.redispatch_due() == 0
    assert branch.next_attempt_at > timezone.now()


def test_sweep_gives_a_busy_queue_time_instead_of_duplicating(agency, procedure, sent, monkeypatch):
    waiting = make_dossier(procedure)
    services.enqueue_handoff(waiting)
    now = timezone.now()
    HandOff.objects.update(
        state=HandOffState.DISPATCHED,
        dispatched_at=now - timedelta(minutes=3),
        dispatch_count=1,
        next_attempt_at=now - timedelta(seconds=1),
    )
    monkeypatch.setattr(publishing, "queue_depths", lambda queues: dict.fromkeys(queues, 250))
    assert services.redispatch_due() == 0
    assert sent == []
    assert HandOff.objects.get().next_attempt_at > now  # looked at again later
    # once it has waited longer than HANDOFF_BACKOFF_MAX, it is published anyway
    HandOff.objects.update(dispatched_at=now - timedelta(hours=2), next_attempt_at=now - timedelta(seconds=1))
    assert services.redispatch_due() == 1
    # an empty queue means the message was lost: publish again at once
    monkeypatch.setattr(publishing, "queue_depths", lambda queues: dict.fromkeys(queues, 0))
    HandOff.objects.update(dispatched_at=now - timedelta(minutes=3), next_attempt_at=now - timedelta(seconds=1))
    assert services.redispatch_due() == 1
    assert len(sent) == 2


def test_sweep_stops_when_the_broker_is_down(agency, procedure, monkeypatch):
    for _ in range(3):
        services.enqueue_handoff(make_dossier(procedure))
    HandOff.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    monkeypatch.setattr(publishing, "_send", lambda rows: ([], "OperationalError: Connection refused"))
    assert services.redispatch_due() == 0
    assert set(HandOff.objects.values_list("last_error", flat=True)) == {"OperationalError: Connection refused"}
    assert set(HandOff.objects.values_list("state", flat=True)) == {HandOffState.PENDING}
    assert all(b.next_attempt_at > timezone.now() for b in HandOff.objects.all())


def test_broker_down_at_commit_leaves_branch_pending_for_the_sweep(
    dossier, monkeypatch, django_capture_on_commit_callbacks
):
    from eforms.handoff import tasks

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.deliver_handoff, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert branch.state == HandOffState.PENDING
    assert "Connection refused" in branch.last_error
    assert branch.next_attempt_at > timezone.now()  # picked up by the sweep later
    monkeypatch.undo()
    HandOff.objects.update(next_attempt_at=timezone.now())
    assert services.redispatch_due() == 1
    branch.refresh_from_db()
    assert branch.state == HandOffState.DELIVERED


def test_resend_dead_letters(agency, procedure):
    dossiers = [make_dossier(procedure) for _ in range(3)]
    for d in dossiers:
        services.enqueue_handoff(d)
    HandOff.objects.update(state=HandOffState.DEAD, attempts=3, last_error="HTTP 500", next_attempt_at=None)
    first = HandOff.objects.get(dossier=dossiers[0])
    assert services.resend([first]) == 1
    first.refresh_from_db()
    assert first.state == HandOffState.PENDING and first.attempts == 0
    assert HandOff.objects.dead().count() == 2


def test_forward_creates_a_new_branch(dossier, django_capture_on_commit_callbacks, admin_user):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_handoff(dossier)
    other = make_agency("sxd", "Sở Xây dựng")
    with django_capture_on_commit_callbacks(execute=True):
        branch = services.forward_dossier(dossier, other, admin_user)
    assert branch.state == HandOffState.PENDING  # instance from before the commit
    branch.refresh_from_db()
    assert branch.state == HandOffState.DELIVERED
    assert branch.forwarded_from == HandOff.objects.get(agency=dossier.agency)
    assert branch.forwarded_by == admin_user
    # forwarding twice to the same agency: the same branch
    assert services.forward_dossier(dossier, other, admin_user).pk == branch.pk
    assert HandOff.objects.count() == 2


def test_agency_target_chooses_backend(dossier):
    HandoffTarget.objects.create(agency=dossier.agency, backend="email", mailbox="motcua@stp.example")
    services.enqueue_handoff(dossier)
    assert HandOff.objects.get().backend == "email"


def test_paused_target_keeps_the_branch_without_counting_attempts(dossier):
    target = HandoffTarget.objects.create(agency=dossier.agency, backend="workspace", enabled=False)
    services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    assert services.deliver(branch.pk) == "paused"
    branch.refresh_from_db()
    assert (branch.state, branch.attempts) == (HandOffState.PENDING, 0)
    assert branch.next_attempt_at > timezone.now() + timedelta(minutes=30)
    target.enabled = True
    target.save()
    assert services.deliver(branch.pk) == "delivered"


def test_dossier_without_any_agency_is_logged(procedure, caplog):
    procedure.agency = None
    procedure.save()
    dossier = make_dossier(procedure, agency=None)
    dossier.agency = None
    dossier.save()
    with caplog.at_level("ERROR", logger="eforms.handoff"):
        assert services.enqueue_handoff(dossier) == []
    [record] = [r for r in caplog.records if isinstance(r.msg, dict) and r.msg.get("event") == "handoff_no_target"]
    assert record.levelname == "ERROR"
    assert record.msg["dossier"] == dossier.code and record.msg["procedure"] == dossier.procedure_code
