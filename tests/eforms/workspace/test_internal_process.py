"""Officers work a dossier step by step along its procedure's internal
process: the current step, its handler and deadline in the detail page and
the queue; completing a step is an action of the officer holding the step's
role in the dossier's agency, recorded in the history; deadlines follow the
working calendar and the clock's pauses."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from eforms.dossiers.calendar import _public_holidays
from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.deadlines import compute_due_at
from eforms.dossiers.models import AuditEvent, CalendarException, DossierStatusChange
from eforms.processes.models import DossierStep, InternalProcess, InternalProcessStep
from eforms.processes.services import read_steps, start_steps

from ..factories import DossierFactory
from .conftest import login, make_dossier, make_officer

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
FOUR = [
    ("Tiếp nhận hồ sơ", "officer", 10),
    ("Thẩm định, xử lý", "officer", 60),
    ("Trình ký / phê duyệt", "leader", 20),
    ("Ký duyệt", "leader", 10),
]


def local(*args):
    return dt.datetime(*args, tzinfo=TZ)


def define(procedure, rows=FOUR, unit="percent"):
    process = InternalProcess(procedure=procedure, share_unit=unit)
    process.steps = [InternalProcessStep(name=n, role=r, share=Decimal(s)) for n, r, s in rows]
    process.save()
    process.save_revision().publish()
    return process


def url(dossier, name="complete_step"):
    return f"/can-bo/ho-so/{dossier.uuid}/thao-tac/{name}/"


def current(dossier):
    return DossierStep.objects.filter(dossier=dossier, completed_at__isnull=True).order_by("number").first()


@pytest.fixture
def leader(stp):
    return make_officer("lanhdao-stp", stp, role="leader")


@pytest.fixture
def processed(procedure):
    define(procedure)
    return procedure


# --- deadlines -----------------------------------------------------------------------


def _accepted(procedure, accepted_at, days=5):
    dossier = DossierFactory(
        procedure=procedure,
        received_at=accepted_at,
        accepted_at=accepted_at,
        processing_days=Decimal(days),
        due_at=compute_due_at(accepted_at, Decimal(days), procedure.agency),
        status=S.PROCESSING,
    )
    DossierStatusChange.objects.create(
        dossier=dossier, from_status=S.NEW, to_status=S.ACCEPTED, actor_label="Cán bộ", created_at=accepted_at
    )
    start_steps(dossier)
    return dossier


def test_step_deadlines_skip_the_weekend_and_a_day_off(procedure):
    define(procedure, [("Tiếp nhận", "officer", 20), ("Xử lý", "officer", 40), ("Ký duyệt", "leader", 40)])
    # Friday 13/11/2026 09:00; the editors make Monday 16/11 a day off
    CalendarException.objects.create(date=dt.date(2026, 11, 16), kind="day_off", note="Nghỉ bù")
    assert not [d for d in _public_holidays(2026)[0] if dt.date(2026, 11, 13) <= d <= dt.date(2026, 11, 23)]
    dossier = _accepted(procedure, local(2026, 11, 13, 9))
    dues = [view.due_at for view in read_steps(dossier, now=local(2026, 11, 13, 10))]
    assert dues == [
        local(2026, 11, 17, 9),  # 1 day: the weekend and Monday skipped
        local(2026, 11, 19, 9),  # 3 days
        local(2026, 11, 23, 9),  # 5 days = the dossier's due date
    ]
    assert dues[-1] == dossier.due_at


def test_a_pause_before_a_step_deadline_shifts_it(procedure):
    define(procedure, [("Tiếp nhận", "officer", 20), ("Xử lý", "officer", 40), ("Ký duyệt", "leader", 40)])
    dossier = _accepted(procedure, local(2026, 11, 13, 9))
    step = current(dossier)
    step.completed_at, step.completed_by_label = local(2026, 11, 16, 15), "Cán bộ"
    step.save()
    # waiting on the citizen from Tuesday 17/11 10:00 to Wednesday 18/11 10:00: one working day
    pause = ((S.PROCESSING, S.SUPPLEMENT_REQUESTED, 17), (S.SUPPLEMENT_REQUESTED, S.PROCESSING, 18))
    for from_status, to_status, day in pause:
        DossierStatusChange.objects.create(
            dossier=dossier,
            from_status=from_status,
            to_status=to_status,
            actor_label="x",
            created_at=local(2026, 11, day, 10),
        )
    views = read_steps(dossier, now=local(2026, 11, 18, 11))
    assert views[0].due_at == local(2026, 11, 16, 9)  # before the pause: unchanged
    assert views[0].verdict == "late"  # done at 15:00, due at 09:00
    assert views[1].due_at == local(2026, 11, 19, 9)  # 3 days from Friday 13 09:00 = Wednesday 18 09:00, plus one
    assert views[1].current


def test_a_procedure_without_a_process_keeps_single_step_handling(dossier, officer, officer_client):
    officer_client.post(url(dossier, "accept"), {"accept-note": "", "accept-start_processing": "on"})
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and not dossier.steps.exists()
    body = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "Quy trình nội bộ" not in body and "Hoàn thành bước" not in body
    response = officer_client.post(url(dossier), {"complete_step-note": ""})
    assert response.status_code == 400
    assert dossier.history.count() == 3


# --- the officers' flow --------------------------------------------------------------------


def test_officers_move_the_dossier_step_by_step(processed, officer, leader, officer_client, client):
    dossier = make_dossier(processed)
    officer_client.post(url(dossier, "accept"), {"accept-note": "", "accept-start_processing": "on"})
    steps = list(dossier.steps.order_by("number"))
    assert [s.name for s in steps] == [name for name, _r, _s in FOUR]
    assert sum(s.share for s in steps) == 1 and steps[0].started_at is not None

    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "Bước hiện tại: 1/4 — Tiếp nhận hồ sơ" in page
    assert "Hạn của bước" in page and "Hoàn thành bước 1: Tiếp nhận hồ sơ" in page
    assert "Cán bộ xử lý (Cán bộ canbo-stp)" in page

    response = officer_client.post(url(dossier), {"complete_step-note": "Đủ thành phần <script>x</script>"})
    assert response.status_code == 302
    first = DossierStep.objects.get(dossier=dossier, number=1)
    assert first.completed_by == officer and first.completed_at is not None
    assert first.note == "Đủ thành phần <script>x</script>"
    row = dossier.history.order_by("created_at", "id").last()
    assert row.actor == officer and row.from_status == row.to_status == S.PROCESSING
    assert "Hoàn thành bước 1/4 “Tiếp nhận hồ sơ”; chuyển bước 2 “Thẩm định, xử lý”" in row.note
    assert AuditEvent.objects.filter(dossier=dossier, action="transition", target="complete_step").exists()
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page

    queue = officer_client.get("/can-bo/").content.decode()
    assert "Bước 2: Thẩm định, xử lý" in queue and "hạn bước" in queue

    officer_client.post(url(dossier), {"complete_step-note": ""})
    assert current(dossier).number == 3
    # step 3 is the leader's: the officer has no button and is refused
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "Hoàn thành bước 3" not in page
    login(client, leader)
    assert "Hoàn thành bước 3: Trình ký / phê duyệt" in client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    client.post(url(dossier), {"complete_step-note": "Đồng ý"})
    client.post(url(dossier), {"complete_step-note": ""})
    assert current(dossier) is None
    assert list(dossier.steps.order_by("number").values_list("completed_by__username", flat=True)) == [
        "canbo-stp", "canbo-stp", "lanhdao-stp", "lanhdao-stp",
    ]  # fmt: skip
    last = dossier.history.order_by("created_at", "id").last()
    assert "quy trình nội bộ đã hoàn thành" in last.note
    response = client.post(url(dossier), {"complete_step-note": ""})
    assert response.status_code == 400 and "không còn bước xử lý nào" in response.content.decode()


def _at_step(procedure, officer, number):
    dossier = make_dossier(procedure)
    from eforms.workspace import services

    services.accept(dossier, officer)
    for step in dossier.steps.filter(number__lt=number):
        step.completed_at, step.completed_by_label = timezone.now(), "Cán bộ"
        step.save()
    return dossier


def _snapshot(dossier):
    return (
        list(dossier.steps.order_by("number").values_list("completed_at", "completed_by", "started_at")),
        dossier.history.count(),
    )


def test_an_officer_without_the_step_role_is_refused(processed, officer, officer_client):
    dossier = _at_step(processed, officer, 3)
    before = _snapshot(dossier)
    response = officer_client.post(url(dossier), {"complete_step-note": "Tôi ký thay"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Bước 3 “Trình ký / phê duyệt” do lãnh đạo của Sở Tư pháp thực hiện" in body
    assert _snapshot(dossier) == before
    assert AuditEvent.objects.filter(dossier=dossier, target="complete_step", allowed=False).exists()


def test_the_role_must_be_held_in_the_dossiers_agency(processed, officer, sxd, client):
    dossier = _at_step(processed, officer, 3)
    # an officer of the Sở Tư pháp who leads another agency is not a leader here
    mixed = make_officer("canbo-hai-noi", dossier.agency)
    make_officer("canbo-hai-noi", sxd, role="leader")  # same user, second membership
    from eforms.workspace.models import OfficerMembership

    assert OfficerMembership.objects.filter(user=mixed).count() == 2
    before = _snapshot(dossier)
    response = login(client, mixed).post(url(dossier), {"complete_step-note": ""})
    assert response.status_code == 403 and _snapshot(dossier) == before


def test_an_officer_of_another_agency_cannot_complete_a_step(processed, officer, other_officer, client):
    dossier = _at_step(processed, officer, 1)
    before = _snapshot(dossier)
    response = login(client, other_officer).post(url(dossier), {"complete_step-note": ""})
    assert response.status_code == 403
    assert _snapshot(dossier) == before


def test_a_leader_of_another_agency_cannot_complete_a_leader_step(processed, officer, sxd, client):
    dossier = _at_step(processed, officer, 3)
    before = _snapshot(dossier)
    response = login(client, make_officer("lanhdao-sxd", sxd, role="leader")).post(url(dossier), {})
    assert response.status_code == 403 and _snapshot(dossier) == before


def test_no_step_is_completed_while_the_clock_waits_on_the_citizen(processed, officer, officer_client):
    dossier = _at_step(processed, officer, 2)
    type(dossier).objects.filter(pk=dossier.pk).update(status=S.SUPPLEMENT_REQUESTED)
    before = _snapshot(dossier)
    response = officer_client.post(url(dossier), {"complete_step-note": ""})
    assert response.status_code == 400 and "Không thể hoàn thành bước xử lý" in response.content.decode()
    assert _snapshot(dossier) == before


@pytest.mark.parametrize("note", ["x" * 5000, "Ghi chú\x00NUL", "<img src=x onerror=alert(1)>"])
def test_hostile_notes_never_500(processed, officer, officer_client, note):
    dossier = _at_step(processed, officer, 1)
    response = officer_client.post(url(dossier), {"complete_step-note": note})
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert current(dossier).number == 1
        assert "Ghi chú" in response.content.decode()
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "<img src=x" not in page


def test_the_decision_waits_for_the_steps_and_the_return_for_the_last(processed, officer, leader, officer_client):
    from eforms.workspace import services
    from eforms.workspace.services import TransitionError

    dossier = _at_step(processed, officer, 2)
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert 'data-action="complete_step"' in page and 'data-action="approve"' not in page
    response = officer_client.post(url(dossier, "approve"), {"approve-note": ""})
    assert response.status_code == 400
    assert "Chưa thể duyệt kết quả (đã xử lý xong): bước 2 “Thẩm định, xử lý”" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.completed_at is None
    services.complete_step(dossier, officer)
    services.complete_step(dossier, leader)
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert 'data-action="approve"' in page
    services.approve(dossier, leader)  # the last step (Ký duyệt) may close with the return
    with pytest.raises(TransitionError, match="Chưa thể trả kết quả: bước 4 “Ký duyệt”"):
        services.mark_returned(dossier, officer, "counter")
    services.complete_step(dossier, leader)
    services.mark_returned(dossier, officer, "counter")
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED


def test_step_deadlines_and_hours_follow_the_agency_office_hours(procedure, settings):
    from eforms.processes.validation import StepSpec, check_process

    settings.EFORMS_AGENCY_OFFICE_HOURS = {"stp": {str(day): [["07:00", "13:00"]] for day in range(5)}}
    define(procedure, [("Tiếp nhận", "officer", 20), ("Xử lý", "officer", 80)])
    dossier = _accepted(procedure, local(2026, 11, 2, 7))  # Monday 07:00, 5 days of 6 hours
    views = read_steps(dossier, now=local(2026, 11, 2, 8))
    assert views[0].due_at == local(2026, 11, 2, 13)  # one working day of this agency: 6 hours
    assert views[1].due_at == dossier.due_at
    # a working day of this agency is 6 hours: 5 days = 30 hours
    assert check_process(procedure, [StepSpec("Xử lý", "officer", 30)], "hours") == []
    assert "40 giờ làm việc" in check_process(procedure, [StepSpec("Xử lý", "officer", 40)], "hours")[0]


def test_the_refusal_is_in_english_with_lang_en(processed, officer, officer_client):
    dossier = _at_step(processed, officer, 3)
    response = officer_client.post(url(dossier) + "?lang=en", {"complete_step-note": ""})
    assert response.status_code == 403
    assert "is done by the leadership role of Sở Tư pháp; your account does not hold that role." in (
        response.content.decode()
    )


def test_a_doubled_submission_completes_one_step_only(processed, officer, officer_client):
    dossier = _at_step(processed, officer, 1)
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert 'name="complete_step-step" value="1"' in page
    first = officer_client.post(url(dossier), {"complete_step-note": "", "complete_step-step": "1"})
    again = officer_client.post(url(dossier), {"complete_step-note": "", "complete_step-step": "1"})
    assert first.status_code == 302 and again.status_code == 400
    assert "Hồ sơ đã ở bước 2 “Thẩm định, xử lý”" in again.content.decode()
    assert list(dossier.steps.filter(completed_at__isnull=False).values_list("number", flat=True)) == [1]
    bad = officer_client.post(url(dossier), {"complete_step-note": "", "complete_step-step": "abc\x00"})
    assert bad.status_code == 400 and "Bước xử lý không hợp lệ." in bad.content.decode()
