"""The deadline rules of the one-stop mechanism (Decree 61/2018/NĐ-CP as
amended, Decree 118/2025/NĐ-CP), as a matrix over the working calendar:
the clock starts at acceptance; same-day procedures and the 15:00 rule;
Friday afternoon; Tết; make-up Saturdays; the supplement pause; the apology
letter never moves the original due date; early, on time and late
finishes; and the bad input each rule refuses with a Vietnamese message."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from eforms.dossiers.calendar import (
    add_working_days,
    is_reception_open,
    is_working_day,
    same_day_due,
    start_of_counting,
)
from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.deadlines import (
    SAME_DAY,
    completed_early,
    completed_late,
    deadline_state,
    overdue_q,
    parse_time_limit,
    published_time_limit,
)
from eforms.dossiers.models import CalendarException, Dossier
from eforms.workspace import services
from eforms.workspace.apology import issue_apology
from eforms.workspace.services import TransitionError

from ..factories import AgencyPageFactory, DossierFactory, OfficerFactory, ProcedurePageFactory
from ..workspace.conftest import upload

pytestmark = pytest.mark.django_db

SAME_DAY_NOTE = "Trong ngày tiếp nhận hồ sơ; trường hợp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture
def agency(db):
    return AgencyPageFactory(code="stp-rules", title="Sở Tư pháp")


@pytest.fixture
def officer(agency):
    return OfficerFactory(username="canbo-rules", agency=agency)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets what ``timezone.now()`` returns."""

    def set_now(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_now


def five_day_procedure(agency):
    return ProcedurePageFactory(agency=agency, title="Cấp giấy phép", processing_days=Decimal("5"))


def same_day_procedure(agency):
    return ProcedurePageFactory(
        agency=agency, title="Chứng thực bản sao", processing_days=None, processing_time_note=SAME_DAY_NOTE
    )


def submitted(procedure, received_at):
    return DossierFactory(
        procedure=procedure, received_at=received_at, due_at=None, processing_days=None, submitted=True
    )


def accept_at(dossier, officer, clock, moment):
    clock(moment)
    services.accept(dossier, officer)
    dossier.refresh_from_db()
    return dossier


# --- the clock starts at acceptance -------------------------------------------------


def test_online_dossier_has_no_due_date_until_accepted(agency, officer, clock):
    dossier = submitted(five_day_procedure(agency), at(2026, 3, 2, 8, 0))
    assert dossier.due_at is None and deadline_state(dossier, now=at(2026, 3, 30)) == ""
    assert not Dossier.objects.filter(overdue_q(at(2026, 3, 30))).exists()
    accept_at(dossier, officer, clock, at(2026, 3, 4, 10, 0))
    assert dossier.accepted_at == at(2026, 3, 4, 10, 0)
    assert dossier.processing_days == Decimal("5")
    assert dossier.due_at == at(2026, 3, 11, 10, 0)  # from acceptance, not from the submission


def test_receipt_goes_out_at_acceptance_not_before(agency, officer, clock, django_capture_on_commit_callbacks):
    dossier = submitted(five_day_procedure(agency), at(2026, 3, 2, 8, 0))
    clock(at(2026, 3, 2, 9, 0))
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(dossier, officer)
    dossier.refresh_from_db()
    receipts = [m for m in mail.outbox if m.attachments and "Giấy tiếp nhận" in m.subject]
    assert len(receipts) == 1 and dossier.receipt_sent_at is not None
    assert "Hẹn trả kết quả: 09:00, 09/03/2026" in receipts[0].body


# --- same-day procedures: the 15:00 rule -----------------------------------------


def test_same_day_wording_is_a_zero_day_limit(agency):
    assert parse_time_limit(SAME_DAY_NOTE) == SAME_DAY
    assert parse_time_limit("Ngay trong ngày tiếp nhận yêu cầu") == SAME_DAY
    assert parse_time_limit("Không quá 02 ngày làm việc; niêm yết 15 ngày") == Decimal("2")
    assert parse_time_limit("Cơ quan tiếp nhận lưu giữ; không có thời hạn giải quyết") is None
    assert published_time_limit(same_day_procedure(agency)) == SAME_DAY


def test_same_day_accepted_before_15h_is_due_that_evening(agency, officer, clock):
    dossier = accept_at(
        submitted(same_day_procedure(agency), at(2026, 3, 10, 8)), officer, clock, at(2026, 3, 10, 14, 59)
    )
    assert dossier.processing_days == SAME_DAY
    assert dossier.due_at == at(2026, 3, 10, 17, 0)


def test_same_day_accepted_at_or_after_15h_is_due_next_working_day(agency, officer, clock):
    dossier = accept_at(
        submitted(same_day_procedure(agency), at(2026, 3, 10, 8)), officer, clock, at(2026, 3, 10, 15, 0)
    )
    assert dossier.due_at == at(2026, 3, 11, 17, 0)
    # accepted after hours: the clock starts the next morning, so that day
    assert same_day_due(at(2026, 3, 10, 19, 0)) == at(2026, 3, 11, 17, 0)


def test_same_day_can_be_late(agency, officer, clock):
    dossier = accept_at(submitted(same_day_procedure(agency), at(2026, 3, 10, 8)), officer, clock, at(2026, 3, 10, 9))
    clock(at(2026, 3, 11, 8, 0))
    services.approve(dossier, officer)
    dossier.refresh_from_db()
    assert completed_late(dossier) and not completed_early(dossier)


def test_friday_afternoon(agency, officer, clock):
    # same-day procedure accepted Friday 16:00 -> Monday 17:00
    dossier = accept_at(submitted(same_day_procedure(agency), at(2026, 3, 13, 8)), officer, clock, at(2026, 3, 13, 16))
    assert dossier.due_at == at(2026, 3, 16, 17, 0)
    # three days from Friday 16:00: 1 h Friday, Monday, Tuesday, 7 h Wednesday
    assert add_working_days(at(2026, 3, 13, 16, 0), 3) == at(2026, 3, 18, 16, 0)


def test_across_tet(agency, officer, clock):
    procedure = ProcedurePageFactory(agency=agency, processing_days=Decimal("2"))
    dossier = accept_at(submitted(procedure, at(2026, 2, 13, 8)), officer, clock, at(2026, 2, 13, 10))
    # 5 h on Friday 13 Feb, Tết 16–20 Feb off, 8 h Monday 23, 3 h Tuesday 24
    assert dossier.due_at == at(2026, 2, 24, 10, 0)


@pytest.mark.parametrize(
    "friday, saturday, day_off",
    [
        (at(2025, 4, 25), at(2025, 4, 26), dt.date(2025, 5, 2)),
        (at(2026, 8, 21), at(2026, 8, 22), dt.date(2026, 8, 31)),
    ],
)
def test_across_a_make_up_saturday(friday, saturday, day_off):
    assert is_working_day(saturday.date()) and not is_working_day(day_off)
    assert add_working_days(friday, 1) == saturday
    assert start_of_counting(at(saturday.year, saturday.month, saturday.day, 6, 0)) == saturday.replace(hour=7)


def test_an_editor_make_up_day_counts():
    CalendarException.objects.create(
        date=dt.date(2026, 3, 14), kind="working_day", decision="Quyết định số 12/QĐ-UBND ngày 02/03/2026"
    )
    assert add_working_days(at(2026, 3, 13), 1) == at(2026, 3, 14)


# --- the supplement pause ------------------------------------------------------------


def test_supplement_pauses_and_resumption_shifts_the_due_date(agency, officer, clock, settings):
    settings.EFORMS_SUPPLEMENT_DAYS = 10
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    assert dossier.due_at == at(2026, 3, 9, 9, 0)
    clock(at(2026, 3, 3, 9, 0))
    request = services.request_supplement(dossier, officer, "Bản sao giấy khai sinh")
    assert request.deadline_at == at(2026, 3, 17, 9, 0)
    assert "Hạn nộp bổ sung: 09:00 ngày 17/03/2026" in dossier.history.last().note
    dossier.refresh_from_db()
    # paused: not overdue even after the due date
    assert not Dossier.objects.filter(overdue_q(at(2026, 3, 10, 9))).exists()
    clock(at(2026, 3, 5, 9, 0))
    services.receive_supplement(dossier, [upload("khai-sinh.pdf")], note="Gửi bổ sung")
    dossier.refresh_from_db()
    assert dossier.status == S.PROCESSING and dossier.clock_paused_at is None
    assert dossier.due_at == at(2026, 3, 11, 9, 0)  # two working days given back


def test_a_second_supplement_request_is_refused(agency, officer, clock):
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    services.request_supplement(dossier, officer, "Bản sao CCCD")
    services.receive_supplement(dossier, [upload()])
    dossier.refresh_from_db()
    before = (dossier.status, dossier.due_at, dossier.history.count())
    with pytest.raises(TransitionError, match="đã được yêu cầu bổ sung một lần"):
        services.request_supplement(dossier, officer, "Ảnh chân dung")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_at, dossier.history.count()) == before
    assert dossier.supplement_requests.count() == 1


def test_refusal_after_the_supplement_deadline(agency, officer, clock):
    dossier = submitted(five_day_procedure(agency), at(2026, 3, 2, 8))
    clock(at(2026, 3, 2, 9, 0))
    services.request_supplement(dossier, officer, "Giấy xác nhận tình trạng hôn nhân")
    dossier.refresh_from_db()
    assert "refuse" not in services.allowed_actions(dossier)
    with pytest.raises(TransitionError, match="chưa hết hạn nộp bổ sung"):
        services.refuse(dossier, officer, "Không bổ sung")
    clock(at(2026, 3, 17, 9, 1))  # ten working days later
    assert services.supplement_overdue(dossier) and "refuse" in services.allowed_actions(dossier)
    assert deadline_state(dossier) == "supplement_overdue"
    services.refuse(dossier, officer, "Quá hạn bổ sung hồ sơ mà công dân không bổ sung.")
    dossier.refresh_from_db()
    assert dossier.status == S.NOT_ACCEPTED and dossier.due_at is None


def test_supplement_before_acceptance_goes_back_to_new(agency, officer, clock):
    dossier = submitted(five_day_procedure(agency), at(2026, 3, 2, 8))
    clock(at(2026, 3, 2, 9, 0))
    services.request_supplement(dossier, officer, "Bản sao CCCD")
    clock(at(2026, 3, 4, 9, 0))
    services.receive_supplement(dossier, [upload()])
    dossier.refresh_from_db()
    assert dossier.status == S.NEW and dossier.due_at is None
    accept_at(dossier, officer, clock, at(2026, 3, 4, 10, 0))
    assert dossier.due_at == at(2026, 3, 11, 10, 0)


# --- apology, late and early ---------------------------------------------------------


def test_apology_then_a_late_finish_is_late(agency, officer, clock):
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    original = dossier.due_at
    clock(at(2026, 3, 4, 9, 0))
    issue_apology(dossier, officer, dt.date(2026, 3, 13), "Chờ ý kiến thẩm định của Sở Xây dựng")
    dossier.refresh_from_db()
    assert dossier.due_at == original and dossier.rescheduled_due_at == at(2026, 3, 13, 17, 0)
    # past the original date: overdue, whatever the letter says
    assert deadline_state(dossier, now=at(2026, 3, 10, 9)) == "overdue"
    assert Dossier.objects.filter(overdue_q(at(2026, 3, 10, 9)), pk=dossier.pk).exists()
    clock(at(2026, 3, 12, 10, 0))  # before the new date, after the original one
    services.approve(dossier, officer)
    dossier.refresh_from_db()
    assert completed_late(dossier) and not completed_early(dossier)


def test_early_and_on_time_finishes(agency, officer, clock):
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    assert dossier.due_at == at(2026, 3, 9, 9, 0)
    dossier.completed_at = at(2026, 3, 9, 8, 0)  # within the half-day of the due date: on time
    assert not completed_late(dossier) and not completed_early(dossier)
    dossier.completed_at = at(2026, 3, 6, 16, 0)  # the Friday before: trước hạn
    assert completed_early(dossier) and not completed_late(dossier)


def test_an_apology_after_the_deadline_is_refused(agency, officer, clock):
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    clock(at(2026, 3, 9, 10, 0))
    with pytest.raises(TransitionError, match="đã quá hạn giải quyết"):
        issue_apology(dossier, officer, dt.date(2026, 3, 13), "Chậm")
    dossier.refresh_from_db()
    assert dossier.rescheduled_due_at is None and not dossier.apology_letters.exists()


def test_an_apology_the_day_before_is_refused(agency, officer, clock):
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    clock(at(2026, 3, 6, 10, 0))  # 7 working hours left
    with pytest.raises(TransitionError, match="chậm nhất một ngày làm việc"):
        issue_apology(dossier, officer, dt.date(2026, 3, 13), "Chậm")
    assert not dossier.apology_letters.exists()


def test_a_second_apology_is_refused(agency, officer, clock):
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    clock(at(2026, 3, 3, 9, 0))
    issue_apology(dossier, officer, dt.date(2026, 3, 13), "Chờ thẩm định")
    with pytest.raises(TransitionError, match="lãnh đạo"):
        issue_apology(dossier, officer, dt.date(2026, 3, 20), "Chờ thêm")
    dossier.refresh_from_db()
    assert dossier.rescheduled_due_at == at(2026, 3, 13, 17, 0) and dossier.apology_letters.count() == 1


def test_a_new_date_in_the_past_is_refused(agency, officer, clock):
    from eforms.workspace.forms import ApologyForm

    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    clock(at(2026, 3, 3, 9, 0))
    with pytest.raises(TransitionError, match="phải sau ngày hẹn trả hiện tại"):
        issue_apology(dossier, officer, dt.date(2026, 3, 5), "Chậm")
    form = ApologyForm({"new_date": "2026-03-01", "reason": "Chậm"}, dossier=dossier)
    assert not form.is_valid() and "phải sau ngày hôm nay" in str(form.errors)
    dossier.refresh_from_db()
    assert dossier.rescheduled_due_at is None and dossier.due_at == at(2026, 3, 9, 9, 0)


# --- the calendar editors keep --------------------------------------------------------


def test_a_make_up_day_entered_twice_is_refused():
    first = CalendarException(date=dt.date(2026, 8, 22), kind="working_day", decision="Thông báo số 1/TB-BNV")
    first.full_clean()
    first.save()
    again = CalendarException(date=dt.date(2026, 8, 22), kind="working_day", decision="Thông báo số 1/TB-BNV")
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "đã có trong lịch ngày nghỉ và làm bù" in str(error.value)
    weekday = CalendarException(date=dt.date(2026, 8, 24), kind="working_day", decision="x")
    with pytest.raises(ValidationError, match="phải là thứ Bảy hoặc Chủ nhật"):
        weekday.full_clean()
    missing = CalendarException(date=dt.date(2026, 9, 4), kind="day_off")
    with pytest.raises(ValidationError):
        missing.full_clean()  # the decision that announced it is required
    assert CalendarException.objects.count() == 1


def test_office_hours_and_saturday_reception_are_configuration(settings):
    settings.EFORMS_OFFICE_HOURS = {
        **{day: [("07:30", "11:30"), ("13:30", "17:00")] for day in range(5)},
        5: [("07:30", "11:30")],
    }
    assert start_of_counting(at(2026, 3, 10, 7, 0)) == at(2026, 3, 10, 7, 30)
    # 7.5 working hours a day: one day from Monday 07:30 is Monday 17:00
    assert add_working_days(at(2026, 3, 9, 7, 30), 1) == at(2026, 3, 9, 17, 0)
    assert add_working_days(at(2026, 3, 9, 13, 30), Decimal("0.5")) == at(2026, 3, 10, 7, 45)
    # Saturday morning: the counter receives, the clock starts on Monday
    assert is_reception_open(at(2026, 3, 14, 8, 0)) and not is_reception_open(at(2026, 3, 14, 14, 0))
    assert start_of_counting(at(2026, 3, 14, 8, 0)) == at(2026, 3, 16, 7, 30)


def test_counter_intake_accepts_at_once(agency, officer, clock):
    from eforms.workspace.counter import create_counter_dossier

    procedure = ProcedurePageFactory(agency=agency, processing_days=Decimal("3"), components=("Tờ khai",))
    clock(at(2026, 3, 10, 15, 30))
    dossier = create_counter_dossier(
        officer=officer,
        agency=agency,
        procedure=procedure,
        applicant={"applicant_name": "Nguyễn Văn An", "applicant_email": "an@example.vn"},
        components=[(procedure.components.first(), 1, 0)],
        scans={},
        processing_days=None,
    )
    assert dossier.status == S.ACCEPTED and dossier.accepted_at == at(2026, 3, 10, 15, 30)
    assert dossier.processing_days == Decimal("3") and dossier.due_at == at(2026, 3, 13, 15, 30)
    assert not [m for m in mail.outbox if m.attachments]  # the paper receipt is handed over at the counter


def test_the_migration_gives_back_the_original_due_dates(agency, officer, clock):
    """Dossiers whose due date an old apology letter overwrote get it back."""
    import importlib

    from django.apps import apps

    from eforms.dossiers.models import ApologyLetter

    migration = importlib.import_module("eforms.migrations.0006_deadline_rules")
    dossier = accept_at(submitted(five_day_procedure(agency), at(2026, 3, 2, 8)), officer, clock, at(2026, 3, 2, 9))
    Dossier.objects.filter(pk=dossier.pk).update(accepted_at=None, due_at=at(2026, 3, 13, 17, 0))
    ApologyLetter.objects.create(
        dossier=dossier, officer=officer, previous_due_at=at(2026, 3, 9, 9), new_due_at=at(2026, 3, 13, 17), reason="x"
    )
    migration.restore_original_due_dates(apps, None)
    dossier.refresh_from_db()
    assert dossier.due_at == at(2026, 3, 9, 9, 0) and dossier.rescheduled_due_at == at(2026, 3, 13, 17, 0)
    assert dossier.accepted_at == at(2026, 3, 2, 9, 0)
