"""Admins see the audit trail in the Wagtail admin, filterable, read-only."""

import pytest
from django.contrib.auth import get_user_model

from eforms.dossiers.models import AuditEvent

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Quantri@2026")
    return login(client, admin)


def test_audit_log_listing_and_filters(admin_client, officer_client, dossier, client):
    officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/")
    officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/tai-ve.zip")
    assert AuditEvent.objects.count() >= 2
    # officer_client and admin_client share the test client: log the admin in again
    admin = get_user_model().objects.get(username="quantri")
    login(client, admin)
    response = client.get("/admin/nhat-ky-truy-cap/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhật ký truy cập dữ liệu" in body and dossier.code in body and "canbo-stp" in body
    filtered = client.get("/admin/nhat-ky-truy-cap/?action=download_zip").content.decode()
    assert "Tải hồ sơ (ZIP)" in filtered
    event = AuditEvent.objects.filter(action="view").first()
    assert client.get(f"/admin/nhat-ky-truy-cap/inspect/{event.pk}/").status_code == 200
    # read-only: no add, edit or delete, even for a superuser
    assert client.get("/admin/nhat-ky-truy-cap/new/").status_code in (302, 403)
    assert client.get(f"/admin/nhat-ky-truy-cap/edit/{event.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/nhat-ky-truy-cap/delete/{event.pk}/").status_code in (302, 403)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_memberships_are_managed_in_the_admin(client, officer):
    admin = get_user_model().objects.create_superuser("quantri2", "qt2@example.vn", "Quantri@2026")
    login(client, admin)
    response = client.get("/admin/can-bo-co-quan/")
    assert response.status_code == 200
    assert "canbo-stp" in response.content.decode()


def test_demo_command_is_idempotent_and_skips_missing_agencies(stp):
    from io import StringIO

    from django.core.management import call_command

    from eforms.workspace.models import OfficerMembership

    out = StringIO()
    call_command("load_demo_workspace", stdout=out)
    call_command("load_demo_workspace", stdout=out)
    text = out.getvalue()
    assert "canbo-stp / Canbo@2026" in text and "Bỏ qua canbo-ubnd" in text
    assert OfficerMembership.objects.filter(user__username="canbo-stp", agency=stp).count() == 1
    assert OfficerMembership.objects.get(user__username="lanhdao").role == "leader"
    user = get_user_model().objects.get(username="canbo-stp")
    assert user.check_password("Canbo@2026") and user.get_full_name() == "Nguyễn Thị Minh Thư"
