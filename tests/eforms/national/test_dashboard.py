"""The admin dashboard: last successful sync, backlog, dead letters with
their reason and a resend button, the last catalogue refresh."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import checks
from django.core.management import call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from eforms.dossiers.constants import DossierStatus as S
from eforms.national import delivery
from eforms.national.constants import SyncState
from eforms.national.models import CatalogueRefresh, SandboxReceipt, StatusSync

from .helpers import change, make_dossier, rows_of

pytestmark = pytest.mark.django_db


def _verified(client, user):
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-dai-2026")
    return _verified(client, user)


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("bientap", "bt@example.vn", "Mat-khau-dai-2026")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return _verified(client, user)


@pytest.fixture
def synced(procedure):
    """One dossier delivered, one whose record the portal refused."""
    good = make_dossier(procedure)
    change(good, S.NEW)
    delivery.deliver(rows_of(good)[0].pk)
    bad = make_dossier(procedure, procedure_code="SAI-MA")
    change(bad, S.NEW)
    delivery.deliver(rows_of(bad)[0].pk)
    change(good, S.ACCEPTED)  # waiting in the backlog (not published in a test transaction)
    return good, bad


def test_dashboard_shows_figures_and_dead_letters(admin, synced):
    good, bad = synced
    CatalogueRefresh.objects.create(trigger="beat", added=["1.999901"], updated=["1.001193"], withdrawn=["1.001033"])
    response = admin.get(reverse("national_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đồng bộ Cổng Dịch vụ công quốc gia" in html
    assert 'data-figure="backlog">1<' in html
    assert 'data-figure="dead">1<' in html
    assert 'data-figure="last-success">chưa có' not in html
    assert bad.code in html and "MaTTHC" in html
    assert "Gửi lại các mục đã chọn" in html
    assert "1.999901" in html and "1.001033" in html


def test_lists_of_pushes_and_refreshes(admin, synced):
    _good, bad = synced
    CatalogueRefresh.objects.create(trigger="beat", rejected=[{"code": "#3", "reason": "thiếu mã thủ tục (MATTHC)"}])
    pushes = admin.get(reverse("dong-bo-trang-thai:index"), {"state": "dead"})
    assert pushes.status_code == 200 and bad.code in pushes.content.decode()
    row = rows_of(bad)[0]
    detail = admin.get(reverse("dong-bo-trang-thai:inspect", args=[row.pk]))
    assert detail.status_code == 200 and "MaTTHC" in detail.content.decode()
    refreshes = admin.get(reverse("cap-nhat-danh-muc-quoc-gia:index"))
    assert refreshes.status_code == 200 and "beat" in refreshes.content.decode()
    # system rows: nobody adds or edits them
    assert admin.get(reverse("dong-bo-trang-thai:add")).status_code in (302, 403)


def test_resend_button_puts_the_dead_letter_back(admin, synced):
    _good, bad = synced
    row = rows_of(bad)[0]
    bad.procedure_code = bad.procedure.code
    bad.save()
    response = admin.post(reverse("national_resend"), {"row": [row.pk]}, follow=True)
    assert response.status_code == 200
    assert "hàng đợi gửi lại" in response.content.decode()
    row.refresh_from_db()
    assert row.state == SyncState.PENDING and row.attempts == 0
    assert row.payload["MaTTHC"] == bad.procedure.code
    assert delivery.deliver(row.pk) == SyncState.DELIVERED
    assert SandboxReceipt.objects.filter(dossier_code=bad.code).count() == 1


def test_resend_with_hostile_input_changes_nothing(admin, synced):
    response = admin.post(reverse("national_resend"), {"row": ["<script>", "\x00", "9" * 40, "²"]}, follow=True)
    assert response.status_code == 200
    assert "Không có thư chết nào để gửi lại" in response.content.decode()
    assert StatusSync.objects.filter(state=SyncState.DEAD).count() == 1


def test_english_dashboard(admin, synced):
    response = admin.get(reverse("national_dashboard") + "?lang=en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "National public-service portal synchronisation" in html
    assert "Waiting to be sent (backlog)" in html


def test_without_the_permission_the_dashboard_is_forbidden(editor, synced):
    # Wagtail answers a refused admin page with a redirect to the admin home
    for response in (editor.get(reverse("national_dashboard")), editor.post(reverse("national_resend"), {"all": "1"})):
        assert response.status_code in (302, 403)
        assert "Thư chết" not in response.content.decode()
    assert StatusSync.objects.filter(state=SyncState.DEAD).count() == 1


def test_refresh_now_button_stores_a_report(admin, synced, monkeypatch):
    monkeypatch.setattr("eforms.national.sandbox.receiver.catalogue_feed", lambda: [{"TENTTHC": "thiếu mã"}])
    response = admin.post(reverse("national_refresh"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã yêu cầu cập nhật danh mục" in html
    # the task ran (eagerly here): its report is on the dashboard
    report = CatalogueRefresh.objects.get()
    assert report.trigger == "admin:quantri"
    assert report.rejected[0]["reason"] == "thiếu mã thủ tục (MATTHC)"
    assert "thiếu mã thủ tục (MATTHC)" in admin.get(reverse("national_dashboard")).content.decode()


def test_system_checks(settings):
    settings.NATIONAL_PORTAL_TOKEN = ""
    settings.NATIONAL_PORTAL_CLIENT_ID = ""
    assert "national.E001" in {m.id for m in checks.run_checks()}
    assert "national.W001" in {m.id for m in checks.run_checks(include_deployment_checks=True)}
    settings.NATIONAL_PORTAL_SANDBOX = False
    settings.NATIONAL_PORTAL_URL = "http://lgsp.example.gov.vn/"
    settings.NATIONAL_PORTAL_TOKEN = "t"
    ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert "national.W002" in ids and not ids & {"national.E001", "national.W001"}


def test_management_command(synced, settings):
    out = StringIO()
    call_command("national_sync", "--sandbox-fault", "error_500", "--times", "2", "--sweep", stdout=out)
    assert "sandbox fault error_500 × 2" in out.getvalue()
    assert "published" in out.getvalue()
