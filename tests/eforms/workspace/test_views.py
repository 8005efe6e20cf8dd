"""The workspace through HTTP: queue filters, action forms, bad input → a
clear Vietnamese message, never a 500."""

import datetime as dt

import pytest
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import DossierFee
from eforms.workspace import services

from .conftest import make_dossier, upload

pytestmark = pytest.mark.django_db


def test_queue_filters_search_and_sort(officer_client, procedure, officer):
    late = make_dossier(
        procedure, applicant_name="Phạm Thị Quá Hạn", received_at=timezone.now() - dt.timedelta(days=20)
    )
    late.due_at = timezone.now() - dt.timedelta(days=2)
    late.save()
    fresh = make_dossier(procedure, applicant_name="Hoàng Văn Mới", applicant_id_number="001099000111", due_in_days=30)
    services.accept(fresh, officer)

    body = officer_client.get("/can-bo/?deadline=qua-han").content.decode()
    assert late.code in body and fresh.code not in body
    assert "Quá hạn" in body
    body = officer_client.get(f"/can-bo/?status={S.PROCESSING}").content.decode()
    assert fresh.code in body and late.code not in body
    assert fresh.code in officer_client.get("/can-bo/?q=001099000111").content.decode()
    assert late.code not in officer_client.get("/can-bo/?q=Mới").content.decode()
    assert fresh.code in officer_client.get(f"/can-bo/?q={fresh.code}").content.decode()
    body = officer_client.get("/can-bo/?sort=-nhan").content.decode()
    assert body.index(fresh.code) < body.index(late.code)
    body = officer_client.get(f"/can-bo/?procedure={procedure.code}").content.decode()
    assert fresh.code in body


@pytest.mark.parametrize(
    "query",
    [
        "status=99",
        "status=abc",
        "sort=;drop",
        "page=-1",
        "page=99999",
        "deadline=x",
        "procedure=<script>",
        "q=" + "x" * 500,
        "q=%00",
    ],
)
def test_queue_survives_bad_parameters(officer_client, dossier, query):
    response = officer_client.get("/can-bo/?" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_due_soon_badge(officer_client, procedure):
    soon = make_dossier(procedure, due_in_days=None)
    soon.due_at = timezone.now() + dt.timedelta(hours=1)
    soon.save()
    body = officer_client.get("/can-bo/?deadline=sap-den-han").content.decode()
    assert soon.code in body and "Sắp đến hạn" in body


def test_pagination(officer_client, procedure):
    for _ in range(26):
        make_dossier(procedure, delivered=False)
    from eforms.dossiers.models import Dossier

    from .conftest import deliver

    for d in Dossier.objects.all():
        deliver(d)
    first = officer_client.get("/can-bo/").content.decode()
    assert "26 hồ sơ" in first and "page=2" in first
    assert officer_client.get("/can-bo/?page=2").status_code == 200


def post_action(client, dossier, name, data=None, files=None):
    payload = {f"{name}-{key}": value for key, value in (data or {}).items()}
    if files:
        payload["files"] = files
    return client.post(f"/can-bo/ho-so/{dossier.uuid}/thao-tac/{name}/", payload)


def test_actions_through_the_detail_page(officer_client, dossier, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(officer_client, dossier, "accept", {"start_processing": "on"})
    assert response.status_code == 302
    page = officer_client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận hồ sơ." in page and "Đang xử lý" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(officer_client, dossier, "request_supplement", {"items": "Bản sao sổ hộ khẩu"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT_REQUESTED
    assert any("/tra-cuu-ho-so/?ma=" in m.body and "#bo-sung" in m.body for m in mail.outbox), [
        m.body for m in mail.outbox
    ]


def test_action_errors_are_vietnamese_400(officer_client, dossier):
    response = post_action(officer_client, dossier, "refuse", {"reason": ""})
    assert response.status_code == 400
    assert "Vui lòng nhập lý do." in response.content.decode()
    response = post_action(officer_client, dossier, "refuse", {"reason": "x" * 3000})
    assert response.status_code == 400 and "quá dài" in response.content.decode()
    response = post_action(officer_client, dossier, "approve")
    assert response.status_code == 400
    assert "Không thể duyệt kết quả" in response.content.decode()
    assert post_action(officer_client, dossier, "khong-co").status_code == 404
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/thao-tac/accept/")
    assert response.status_code == 405


def test_result_upload_rejects_a_disguised_file(officer_client, dossier, officer):
    services.accept(dossier, officer)
    response = post_action(
        officer_client, dossier, "upload_result", files=[upload("ket-qua.pdf", b"<html>not a pdf</html>")]
    )
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()
    response = post_action(officer_client, dossier, "upload_result")
    assert response.status_code == 400 and "Vui lòng chọn tệp kết quả" in response.content.decode()
    response = post_action(officer_client, dossier, "upload_result", files=[upload("ket-qua.pdf")])
    assert response.status_code == 302


def test_mark_returned_with_bad_choice(officer_client, dossier, officer):
    services.accept(dossier, officer)
    services.approve(dossier, officer)
    response = post_action(officer_client, dossier, "mark_returned", {"how": "phao-hoa"})
    assert response.status_code == 400
    assert "Hình thức trả kết quả không hợp lệ" in response.content.decode()
    response = post_action(officer_client, dossier, "mark_returned", {"how": "counter"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED and dossier.result_place == "Trả trực tiếp tại quầy"


def test_forward_with_tampered_agency(officer_client, dossier, officer):
    services.accept(dossier, officer)
    response = post_action(officer_client, dossier, "forward", {"to_agency": "999999"})
    assert response.status_code == 400 and "Cơ quan không hợp lệ" in response.content.decode()


def test_payment_amount_validation(officer_client, dossier, officer):
    services.accept(dossier, officer)
    response = post_action(officer_client, dossier, "request_payment", {"amount": "-5"})
    assert response.status_code == 400 and "Số tiền phải lớn hơn 0" in response.content.decode()


def test_comments(officer_client, dossier):
    url = f"/can-bo/ho-so/{dossier.uuid}/trao-doi/"
    response = officer_client.post(url, {"body": "Đề nghị chị Thư kiểm tra lại chữ ký."})
    assert response.status_code == 302
    assert "kiểm tra lại chữ ký" in officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    response = officer_client.post(url, {"body": ""})
    assert response.status_code == 400 and "Vui lòng nhập nội dung trao đổi" in response.content.decode()
    response = officer_client.post(url, {"body": "y" * 10000})
    assert response.status_code == 400 and "quá dài" in response.content.decode()


def test_queue_loads_the_calendar_once_for_all_badges(officer_client, procedure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for days in (1, 5, 20):
        make_dossier(procedure, due_in_days=days)
    with CaptureQueriesContext(connection) as captured:
        body = officer_client.get("/can-bo/").content.decode()
    assert "Trong hạn" in body
    calendar_queries = [q for q in captured.captured_queries if "calendarexception" in q["sql"].lower()]
    assert len(calendar_queries) == 1


def test_detail_page_shows_the_fee_lines_of_the_dossier(officer_client, dossier):
    type(dossier).objects.filter(pk=dossier.pk).update(fee_vnd=205000)
    DossierFee.objects.create(
        dossier=dossier,
        channel="online",
        category="Học sinh, sinh viên <b>",
        units=3,
        total_vnd=205000,
        lines=[
            {"name": "Phí cung cấp thông tin lý lịch tư pháp", "wording": "Phí cung cấp thông tin: 200.000 đ/lần"},
            {"name": "Phí cấp thêm phiếu", "wording": "Phí cấp thêm phiếu: 5.000 đ/phiếu × 1 = 5.000 đ"},
        ],
    )
    page = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "205.000 đ" in page
    assert "Phí cung cấp thông tin: 200.000 đ/lần" in page and "× 1 = 5.000 đ" in page
    assert "Học sinh, sinh viên &lt;b&gt;" in page  # escaped


def test_detail_page_without_fee_lines_still_renders(officer_client, dossier):
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    assert response.status_code == 200 and "data-fee-lines" not in response.content.decode()
