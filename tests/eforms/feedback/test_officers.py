"""Officers handle their department's feedback at /can-bo/phan-anh/: due and
overdue badges, internal notes, a draft answer that only a leader of the
agency approves or returns; on approval the sender is notified; publication
of a scrubbed, moderated version; the counts on the leader statistics."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from eforms.feedback.constants import FeedbackState
from eforms.feedback.models import Feedback, FeedbackNote
from eforms.notifications.models import NotificationLog

from ..factories import login

pytestmark = pytest.mark.django_db
BASE = "/can-bo/phan-anh/"


def act(client, item, name, **data):
    return client.post(f"{BASE}{item.uuid}/thao-tac/{name}/", data)


def test_officer_sees_only_their_department(client, make_item, stp, sxd, officer, other_officer):
    mine = make_item(stp, subject="Phản ánh của Sở Tư pháp")
    theirs = make_item(sxd, subject="Phản ánh của Sở Xây dựng")
    login(client, officer)
    listing = client.get(BASE)
    html = listing.content.decode()
    assert listing.status_code == 200
    assert mine.code in html and theirs.code not in html
    assert client.get(f"{BASE}{theirs.uuid}/").status_code == 404
    assert act(client, theirs, "ghi-chu", text="Xem trộm").status_code == 404
    assert act(client, theirs, "tra-loi", answer="Trả lời trộm").status_code == 404
    assert not FeedbackNote.objects.exists()
    theirs.refresh_from_db()
    assert theirs.answer == "" and theirs.state == FeedbackState.NEW


def test_anonymous_and_citizens_are_kept_out(client, make_item, django_user_model):
    item = make_item()
    assert client.get(BASE).status_code == 302  # to the sign-in page
    citizen = django_user_model.objects.create_user("congdan", password="x")
    client.force_login(citizen)
    assert client.get(f"{BASE}{item.uuid}/").status_code in (302, 403)


def test_due_and_overdue_badges(client, make_item, officer):
    fresh = make_item(subject="Mới gửi")
    late = make_item(subject="Đã quá hạn")
    Feedback.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    html = login(client, officer).get(BASE).content.decode()
    assert "Quá hạn" in html and "Trong hạn" in html
    overdue = client.get(BASE + "?loc=qua-han").content.decode()
    assert late.code in overdue and fresh.code not in overdue
    assert client.get(BASE + "?loc=<script>&page=abc").status_code == 200


def test_answer_approved_by_the_leader_and_the_sender_notified(
    client, make_item, officer, leader, django_capture_on_commit_callbacks
):
    item = make_item()
    login(client, officer)
    assert act(client, item, "ghi-chu", text="Đã gọi điện xác minh <b>bộ phận một cửa</b>").status_code == 302
    assert act(client, item, "tra-loi", answer="Bản nháp").status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.PROCESSING and item.answer == "Bản nháp"
    answer = "Sở Tư pháp xin trả lời Ông/Bà: bản sao sổ hộ khẩu không thuộc thành phần hồ sơ."
    assert act(client, item, "tra-loi", answer=answer, **{"gui-duyet": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.AWAITING_APPROVAL
    page = client.get(f"{BASE}{item.uuid}/").content.decode()
    assert "Đang chờ lãnh đạo của cơ quan duyệt." in page and "Đã gọi điện xác minh bộ phận một cửa" in page

    # an officer who is not a leader cannot approve
    refused = act(client, item, "duyet")
    assert refused.status_code == 403
    assert "Chỉ lãnh đạo của cơ quan xử lý" in refused.content.decode()
    item.refresh_from_db()
    assert item.state == FeedbackState.AWAITING_APPROVAL

    mail.outbox.clear()
    login(client, leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert act(client, item, "duyet").status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.ANSWERED and item.approved_by == leader and item.answered_at
    (message,) = [m for m in mail.outbox if "Trả lời phản ánh" in m.subject]
    assert answer in message.body and message.to == ["an@example.vn"]
    assert NotificationLog.objects.filter(key=f"feedback:{item.code}:answered", channel="sms", state="sent").exists()
    status = client.get(f"/phan-anh-kien-nghi/tra-cuu/?ma={item.code}&mtc={item.lookup_secret}").content.decode()
    assert answer in status and "Đã trả lời" in status
    # approving twice changes nothing
    again = act(client, item, "duyet")
    assert again.status_code == 302
    assert len([m for m in mail.outbox if "Trả lời phản ánh" in m.subject]) == 1


def test_leader_of_another_agency_cannot_approve(client, make_item, officer, other_leader):
    item = make_item()
    login(client, officer)
    act(client, item, "tra-loi", answer="Trả lời", **{"gui-duyet": "1"})
    login(client, other_leader)
    assert act(client, item, "duyet").status_code == 404
    item.refresh_from_db()
    assert item.state == FeedbackState.AWAITING_APPROVAL


def test_leader_returns_the_draft_with_a_reason(client, make_item, officer, leader):
    item = make_item()
    login(client, officer)
    act(client, item, "tra-loi", answer="Trả lời sơ sài", **{"gui-duyet": "1"})
    login(client, leader)
    missing = act(client, item, "tra-lai")
    assert missing.status_code == 400 and "Vui lòng nêu lý do." in missing.content.decode()
    assert act(client, item, "tra-lai", **{"tra-lai-reason": "Cần nêu căn cứ pháp lý"}).status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.PROCESSING
    assert item.events.filter(to_state=FeedbackState.PROCESSING, note="Cần nêu căn cứ pháp lý").exists()


def test_refusal_needs_a_reason_and_tells_the_sender(client, make_item, officer, django_capture_on_commit_callbacks):
    item = make_item()
    login(client, officer)
    assert act(client, item, "khong-thu-ly", reason="").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, item, "khong-thu-ly", reason="Nội dung là khiếu nại, không thuộc phạm vi phản ánh.")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.REJECTED
    assert any("không được thụ lý" in m.subject for m in mail.outbox)


def test_oversized_and_hostile_officer_input(client, make_item, officer):
    item = make_item()
    login(client, officer)
    big = act(client, item, "tra-loi", answer="x" * 20_000)
    assert big.status_code == 400 and "tối đa 10000 ký tự" in big.content.decode()
    assert act(client, item, "ghi-chu", text="<script>alert(1)</script>\x00Ghi chú").status_code == 302
    assert FeedbackNote.objects.get().text == "alert(1)Ghi chú"
    assert act(client, item, "khong-ton-tai").status_code == 404


def _answered(client, item, officer, leader):
    login(client, officer)
    act(
        client,
        item,
        "tra-loi",
        answer="Đã liên hệ ông Nguyễn Văn An qua 0912 345 678 để hướng dẫn.",
        **{"gui-duyet": "1"},
    )
    login(client, leader)
    act(client, item, "duyet")
    item.refresh_from_db()
    return item


def test_publication_scrubs_personal_data_and_appears_in_the_public_list(client, make_item, dossier, officer, leader):
    item = make_item(
        subject="Đăng ký kết hôn chậm trả kết quả",
        content=(
            f"Tôi là Nguyễn Văn An, CCCD 068090001234, điện thoại 0912.345.678, thư an@example.vn, "
            f"hồ sơ {dossier.code} mã tra cứu {dossier.lookup_secret} bị trễ hẹn."
        ),
        dossier=dossier,
    )
    item = _answered(client, item, officer, leader)
    page = client.get(f"{BASE}{item.uuid}/").content.decode()
    assert "Công khai câu hỏi và trả lời" in page
    for private in (
        "Nguyễn Văn An",
        "068090001234",
        "0912.345.678",
        "an@example.vn",
        dossier.code,
        dossier.lookup_secret,
    ):
        assert private not in item.public_question + item.public_answer, private
    assert "[đã ẩn]" in item.public_question

    edited = item.public_question + " Liên hệ: 0987654321."
    response = act(
        client,
        item,
        "cong-khai",
        public_subject=item.public_subject,
        public_question=edited,
        public_answer=item.public_answer,
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.PUBLISHED and "0987654321" not in item.public_question

    client.logout()
    listing = client.get("/phan-anh-kien-nghi/tra-loi/?q=dang ky ket hon cham")
    html = listing.content.decode()
    assert listing.status_code == 200 and item.code in html and "Đăng ký kết hôn chậm trả kết quả" in html
    assert item.code not in client.get("/phan-anh-kien-nghi/tra-loi/?q=giay phep xay dung").content.decode()
    detail = client.get(f"/phan-anh-kien-nghi/tra-loi/{item.code}/")
    text = detail.content.decode()
    assert detail.status_code == 200 and "[đã ẩn]" in text
    for private in ("Nguyễn Văn An", "068090001234", "an@example.vn", dossier.lookup_secret, "12 Trần Phú"):
        assert private not in text, private


def test_without_consent_nothing_is_published(client, make_item, officer, leader):
    item = _answered(client, make_item(consent=False), officer, leader)
    assert "Người gửi không đồng ý công khai nội dung phản ánh." in client.get(f"{BASE}{item.uuid}/").content.decode()
    response = act(client, item, "cong-khai", public_subject="a", public_question="b", public_answer="c")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == FeedbackState.ANSWERED
    assert client.get(f"/phan-anh-kien-nghi/tra-loi/{item.code}/").status_code == 404


def test_unpublished_items_are_not_public(client, make_item):
    item = make_item()
    assert client.get(f"/phan-anh-kien-nghi/tra-loi/{item.code}/").status_code == 404
    assert item.code not in client.get("/phan-anh-kien-nghi/tra-loi/").content.decode()


def test_public_list_is_paginated(client, make_item, leader):
    for n in range(12):
        item = make_item(subject=f"Câu hỏi số {n}")
        Feedback.objects.filter(pk=item.pk).update(
            state=FeedbackState.PUBLISHED,
            answer="Trả lời",
            approved_by=leader,
            answered_at=timezone.now(),
            published_at=timezone.now() + dt.timedelta(seconds=n),
            public_subject=f"Câu hỏi số {n}",
            public_question="Nội dung",
            public_answer="Trả lời",
            public_folded=f"cau hoi so {n} noi dung tra loi",
        )
    first = client.get("/phan-anh-kien-nghi/tra-loi/").content.decode()
    assert "Câu hỏi số 11" in first and "Câu hỏi số 1<" not in first and "Trang 1/2" in first
    second = client.get("/phan-anh-kien-nghi/tra-loi/?page=2").content.decode()
    assert "Câu hỏi số 0" in second and "Câu hỏi số 1<" in second
    assert client.get("/phan-anh-kien-nghi/tra-loi/?page=999&q=%00<b>").status_code == 200


def test_leader_statistics_count_received_answered_and_overdue(client, make_item, officer, leader):
    answered = _answered(client, make_item(), officer, leader)
    late = make_item()
    Feedback.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    html = login(client, leader).get("/can-bo/thong-ke/").content.decode()
    assert 'id="phan-anh-kien-nghi"' in html
    section = html.split('id="phan-anh-kien-nghi"', 1)[1].split("</table>", 1)[0]
    row = section.split("Sở Tư pháp", 1)[1].split("</tr>", 1)[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    assert cells == ["2", "1", "1", "0", "0", "1", "1"], cells
    assert answered.answered_at <= answered.due_at
