"""The apology letter (Mẫu 04): PDF in Vietnamese with the new date, e-mailed
with the PDF attached, history recorded. Rule (changed with issue #11): only
before the dossier is late, at least one working day before the due date,
once per dossier; the ORIGINAL due date stays (``rescheduled_due_at`` holds
the new one)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from eforms.dossiers.models import ApologyLetter
from eforms.workspace import services

from .test_downloads import pdf_text

pytestmark = pytest.mark.django_db


def next_working_day(after_days=8):
    from eforms.dossiers.calendar import is_working_day

    day = timezone.localdate() + dt.timedelta(days=after_days)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def late(dossier, officer):
    """Not late yet: due in two working days, so a letter may still go out."""
    from eforms.dossiers.calendar import add_working_days

    services.accept(dossier, officer)
    dossier.refresh_from_db()
    dossier.due_at = add_working_days(timezone.now(), 2)
    dossier.save()
    return dossier


def test_issue_apology_letter(officer_client, late, django_capture_on_commit_callbacks):
    new_date = next_working_day()
    url = f"/can-bo/ho-so/{late.uuid}/phieu-xin-loi/"
    assert officer_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            url, {"new_date": new_date.isoformat(), "reason": "Chờ ý kiến thẩm định của Sở Xây dựng"}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    letter = ApologyLetter.objects.get(dossier=late)
    original = late.due_at
    late.refresh_from_db()
    assert late.due_at == original  # the original due date never moves
    assert timezone.localtime(late.rescheduled_due_at).date() == new_date
    assert letter.previous_due_at == original
    assert "Phiếu xin lỗi" in late.history.last().note
    text = pdf_text(letter.pdf.open("rb").read())
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN" in text and "THỜI GIAN GIẢI QUYẾT" in text  # Mẫu 04, TT 03/2025
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert new_date.strftime("%d/%m/%Y") in text
    previous = timezone.localtime(original)
    assert f"{previous:%H} giờ {previous:%M} phút, ngày {previous:%d/%m/%Y}" in " ".join(text.split())
    assert "Chờ ý kiến thẩm định của Sở Xây dựng" in text and late.code in text and "Nguyễn Văn An" in text
    sent = [m for m in mail.outbox if "Phiếu xin lỗi" in m.subject]
    assert len(sent) == 1 and sent[0].to == ["an.nguyen@example.vn"]
    assert sent[0].attachments[0][0].endswith(".pdf") and sent[0].attachments[0][2] == "application/pdf"
    letter.refresh_from_db()
    assert letter.sent_at is not None
    # the PDF is served to the officer through the permission-checked view
    pdf = officer_client.get(f"/can-bo/ho-so/{late.uuid}/phieu-xin-loi/{letter.uuid}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_sending_twice_sends_once(late, officer, django_capture_on_commit_callbacks):
    from eforms.workspace.apology import issue_apology, send_apology

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue_apology(late, officer, next_working_day(), "Thiếu cán bộ thẩm định")
    assert send_apology(letter.pk) is False
    assert len([m for m in mail.outbox if "Phiếu xin lỗi" in m.subject]) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"new_date": "", "reason": "Lý do"}, "Vui lòng chọn ngày hẹn trả mới"),
        ({"new_date": "31/02/2026", "reason": "Lý do"}, "Ngày không hợp lệ"),
        ({"new_date": "2020-01-01", "reason": "Lý do"}, "phải sau ngày hôm nay"),
        ({"new_date": "2099-01-01", "reason": "Lý do"}, "không được quá một năm"),
        ({"new_date": "NEXT", "reason": ""}, "Vui lòng nhập lý do chậm trễ"),
        ({"new_date": "NEXT", "reason": "r" * 3000}, "quá dài"),
        ({"new_date": "SATURDAY", "reason": "Lý do"}, "phải là ngày làm việc"),
    ],
)
def test_bad_input(officer_client, late, data, message):
    if data["new_date"] == "NEXT":
        data = {**data, "new_date": next_working_day().isoformat()}
    if data["new_date"] == "SATURDAY":
        day = timezone.localdate() + dt.timedelta(days=3)
        while day.weekday() != 5:
            day += dt.timedelta(days=1)
        data = {**data, "new_date": day.isoformat()}
    response = officer_client.post(f"/can-bo/ho-so/{late.uuid}/phieu-xin-loi/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApologyLetter.objects.exists()


def test_not_after_the_deadline(dossier, officer):
    from eforms.workspace.apology import issue_apology

    services.accept(dossier, officer)
    dossier.refresh_from_db()
    dossier.due_at = timezone.now() - dt.timedelta(days=1)
    dossier.save()
    before = dossier.history.count()
    with pytest.raises(services.TransitionError, match="đã quá hạn giải quyết"):
        issue_apology(dossier, officer, next_working_day(), "Chờ thẩm định")
    dossier.refresh_from_db()
    assert dossier.rescheduled_due_at is None and dossier.history.count() == before
    assert not ApologyLetter.objects.exists()


def test_not_less_than_one_working_day_before(dossier, officer):
    from eforms.dossiers.calendar import add_working_days
    from eforms.workspace.apology import issue_apology

    services.accept(dossier, officer)
    dossier.refresh_from_db()
    dossier.due_at = add_working_days(timezone.now(), "0.5")
    dossier.save()
    with pytest.raises(services.TransitionError, match="chậm nhất một ngày làm việc"):
        issue_apology(dossier, officer, next_working_day(), "Chờ thẩm định")
    assert not ApologyLetter.objects.exists()


def test_a_second_letter_is_refused(late, officer, django_capture_on_commit_callbacks):
    from eforms.workspace.apology import issue_apology

    with django_capture_on_commit_callbacks(execute=True):
        issue_apology(late, officer, next_working_day(), "Chờ thẩm định")
    late.refresh_from_db()
    first = late.rescheduled_due_at
    with pytest.raises(services.TransitionError, match="chỉ được hẹn lại một lần"):
        issue_apology(late, officer, next_working_day(20), "Vẫn chờ")
    late.refresh_from_db()
    assert late.rescheduled_due_at == first and ApologyLetter.objects.count() == 1


def test_form_suggests_a_working_day(officer_client, late):
    from eforms.dossiers.calendar import is_working_day

    form = officer_client.get(f"/can-bo/ho-so/{late.uuid}/phieu-xin-loi/").context["form"]
    suggested = form.initial["new_date"]
    assert suggested > timezone.localdate() and is_working_day(suggested)
    page = officer_client.get(f"/can-bo/ho-so/{late.uuid}/phieu-xin-loi/").content.decode()
    assert f'value="{suggested.isoformat()}"' in page  # what <input type="date"> understands


@pytest.fixture
def leader(stp):
    from .conftest import make_officer

    return make_officer("lanhdao-stp", stp, role="leader")


def test_a_leader_approves_a_second_rescheduling_once(late, officer, leader, django_capture_on_commit_callbacks):
    from eforms.workspace.apology import issue_apology

    original = late.due_at
    with django_capture_on_commit_callbacks(execute=True):
        issue_apology(late, officer, next_working_day(), "Chờ thẩm định")
    late.refresh_from_db()
    first = late.rescheduled_due_at
    with django_capture_on_commit_callbacks(execute=True):
        second = issue_apology(late, leader, next_working_day(20), "Chờ kết quả xác minh của Công an tỉnh")
    late.refresh_from_db()
    assert late.due_at == original  # still late against the original date
    assert late.rescheduled_due_at > first and second.previous_due_at == first
    note = late.history.last().note
    assert "lanhdao-stp phê duyệt hẹn lại ngày trả kết quả lần thứ hai" in note
    assert ApologyLetter.objects.filter(dossier=late).count() == 2
    with pytest.raises(services.TransitionError, match="hai lần"):
        issue_apology(late, leader, next_working_day(30), "Lần thứ ba")
    late.refresh_from_db()
    assert late.rescheduled_due_at == second.new_due_at and ApologyLetter.objects.count() == 2


def test_the_second_letter_must_promise_a_later_date(late, officer, leader):
    from eforms.workspace.apology import issue_apology

    issue_apology(late, officer, next_working_day(), "Chờ thẩm định")
    late.refresh_from_db()
    with pytest.raises(services.TransitionError, match="phải sau ngày hẹn trả hiện tại"):
        issue_apology(late, leader, timezone.localtime(late.rescheduled_due_at).date(), "Chờ thêm")
    assert ApologyLetter.objects.count() == 1


def test_the_leader_sees_the_apology_link_again_the_officer_does_not(client, late, officer, leader):
    from eforms.workspace.apology import issue_apology

    from ..factories import login

    issue_apology(late, officer, next_working_day(), "Chờ thẩm định")
    url = f"/can-bo/ho-so/{late.uuid}/"
    link = f'href="/can-bo/ho-so/{late.uuid}/phieu-xin-loi/"'
    assert link not in login(client, officer).get(url).content.decode()
    client.logout()
    assert link in login(client, leader).get(url).content.decode()
