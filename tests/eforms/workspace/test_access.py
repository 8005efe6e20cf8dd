"""Who sees what: the officer's agency only; every look is audited."""

import uuid

import pytest

from eforms.dossiers.models import AuditAction, AuditEvent

from .conftest import login, make_dossier, make_officer

pytestmark = pytest.mark.django_db


def test_queue_lists_the_agency_dossier(officer_client, dossier):
    response = officer_client.get("/can-bo/")
    assert response.status_code == 200
    body = response.content.decode()
    assert dossier.code in body
    assert "Hàng đợi hồ sơ" in body
    assert AuditEvent.objects.filter(action=AuditAction.QUEUE, username="canbo-stp").exists()


def test_undelivered_dossier_is_not_in_the_queue(officer_client, procedure):
    hidden = make_dossier(procedure, delivered=False)
    response = officer_client.get("/can-bo/")
    assert hidden.code not in response.content.decode()
    assert officer_client.get(f"/can-bo/ho-so/{hidden.uuid}/").status_code == 403


def test_detail_is_audited(officer_client, dossier):
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn An" in body and "Tờ khai đăng ký kết hôn" in body
    event = AuditEvent.objects.get(action=AuditAction.VIEW, dossier=dossier)
    assert event.allowed and event.username == "canbo-stp" and event.ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    "path",
    [
        "/can-bo/ho-so/{uuid}/",
        "/can-bo/ho-so/{uuid}/tai-ve.zip",
        "/can-bo/ho-so/{uuid}/tep/{att}/",
        "/can-bo/ho-so/{uuid}/tep/{att}/?tai-ve=1",
        "/can-bo/ho-so/{uuid}/phieu-xin-loi/",
    ],
)
def test_other_department_gets_403_and_is_audited(client, other_officer, dossier, path):
    login(client, other_officer)
    attachment = dossier.attachments.first()
    response = client.get(path.format(uuid=dossier.uuid, att=attachment.uuid))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    event = AuditEvent.objects.get(dossier=dossier, allowed=False)
    assert event.username == "canbo-sxd"


def test_other_department_cannot_act_nor_export_it(client, other_officer, dossier):
    login(client, other_officer)
    response = client.post(f"/can-bo/ho-so/{dossier.uuid}/thao-tac/accept/", {"accept-note": ""})
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == 1
    export = client.get("/can-bo/xuat/danh-sach.csv")
    assert dossier.code not in export.content.decode("utf-8-sig")


def test_user_without_membership_gets_403(client, db):
    user = make_officer("nguoi-ngoai", None)
    login(client, user)
    response = client.get("/can-bo/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/can-bo/")
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_unknown_or_tampered_uuid_is_404_not_500(officer_client, dossier):
    assert officer_client.get(f"/can-bo/ho-so/{uuid.uuid4()}/").status_code == 404
    assert officer_client.get(f"/can-bo/ho-so/{str(dossier.uuid)[:-1]}x/").status_code == 404
    assert officer_client.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 404
    assert officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{uuid.uuid4()}/").status_code == 404


def test_preview_headers(officer_client, dossier):
    attachment = dossier.attachments.first()
    response = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{attachment.uuid}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    download = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tep/{attachment.uuid}/?tai-ve=1")
    assert download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)
    actions = list(AuditEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert AuditAction.PREVIEW in actions and AuditAction.DOWNLOAD_FILE in actions


def test_audit_rows_are_append_only(officer_client, dossier):
    from django.core.exceptions import PermissionDenied

    officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    event = AuditEvent.objects.first()
    event.username = "sua"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.update(username="x")


def test_english_translation(officer_client, dossier):
    body = officer_client.get("/can-bo/?lang=en").content.decode()
    assert "Dossier queue" in body and "Export CSV" in body
    body = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/?lang=en").content.decode()
    assert "General information" in body and "Download dossier (ZIP)" in body


def test_password_alone_is_not_enough(client, officer, dossier):
    client.force_login(officer)  # no second factor in this session
    response = client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_coordinating_agency_reads_and_talks_but_does_not_decide(
    client, dossier, officer, other_officer, sxd, django_capture_on_commit_callbacks
):
    from eforms.workspace import services

    services.accept(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(dossier, officer, sxd, "Lấy ý kiến thẩm định")
    assert dossier.handoffs.filter(agency=sxd, state="delivered").exists()
    login(client, other_officer)
    page = client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    assert page.status_code == 200
    assert "Cơ quan chủ trì: Sở Tư pháp" in page.content.decode()
    assert (
        client.post(f"/can-bo/ho-so/{dossier.uuid}/trao-doi/", {"body": "Sở Xây dựng thống nhất."}).status_code == 302
    )
    response = client.post(f"/can-bo/ho-so/{dossier.uuid}/thao-tac/approve/", {})
    assert response.status_code == 403 and "cơ quan chủ trì" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == 4
    assert AuditEvent.objects.filter(dossier=dossier, username="canbo-sxd", action="transition", allowed=False).exists()
