"""Admins see every branch, dead letters with their last error, receipts,
and resend them one by one or in bulk."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from eforms.handoff import services
from eforms.handoff.constants import HandOffState
from eforms.handoff.models import HandOff, HandoffTarget

from .helpers import make_dossier

pytestmark = pytest.mark.django_db


def verified_client(client, user):
    """Logged in and past the second factor."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Mat-khau-dai-2026")
    return verified_client(client, user)


@pytest.fixture
def dead_letters(procedure):
    branches = []
    for _n in range(3):
        dossier = make_dossier(procedure)
        services.enqueue_handoff(dossier)
        branches.append(HandOff.objects.get(dossier=dossier))
    HandOff.objects.update(
        state=HandOffState.DEAD, attempts=8, last_error="DeliveryError: HTTP 500 (máy chủ lỗi)", next_attempt_at=None
    )
    return branches


def list_url():
    return reverse(HandOff.snippet_viewset.get_url_name("list"))


def test_dead_letters_listed_with_last_error(admin, dead_letters):
    response = admin.get(list_url(), {"state": "dead"})
    assert response.status_code == 200
    html = response.content.decode()
    for branch in dead_letters:
        assert branch.dossier.code in html
    assert "DeliveryError: HTTP 500 (máy chủ lỗi)" in html
    # each row links to its detail
    assert reverse(HandOff.snippet_viewset.get_url_name("edit"), args=[dead_letters[0].pk]) in html
    assert "Gửi lại" in html


def test_branch_detail_and_receipts_pages(admin, dead_letters):
    branch = dead_letters[0]
    assert admin.get(reverse(HandOff.snippet_viewset.get_url_name("edit"), args=[branch.pk])).status_code == 200
    assert admin.get(reverse(HandOff.snippet_viewset.get_url_name("inspect"), args=[branch.pk])).status_code == 200
    from eforms.handoff.models import DeliveryAttempt

    assert admin.get(reverse(DeliveryAttempt.snippet_viewset.get_url_name("list"))).status_code == 200


def test_no_add_or_delete_of_branches(admin, dead_letters):
    viewset = HandOff.snippet_viewset
    assert admin.get(reverse(viewset.get_url_name("add"))).status_code in (302, 403)
    response = admin.post(reverse(viewset.get_url_name("delete"), args=[dead_letters[0].pk]))
    assert response.status_code in (302, 403)
    assert HandOff.objects.count() == 3


def test_resend_one(admin, dead_letters, django_capture_on_commit_callbacks):
    branch = dead_letters[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("handoff_resend", args=[branch.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == list_url()  # no open redirect
    branch.refresh_from_db()
    # eager Celery in unit tests: reset, published and delivered at once
    assert branch.state == HandOffState.DELIVERED
    assert HandOff.objects.filter(state=HandOffState.DEAD).count() == 2


def test_resend_one_needs_post_and_permission(client, dead_letters):
    user = get_user_model().objects.create_user("canbo", password="Mat-khau-dai-2026", is_staff=True)
    group = Group.objects.create(name="Biên tập")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    staff = verified_client(client, user)
    url = reverse("handoff_resend", args=[dead_letters[0].pk])
    assert staff.get(url).status_code == 405
    denied = staff.post(url)
    # Wagtail answers a permission denied inside the admin with a redirect
    # to the dashboard and a message.
    assert denied.status_code == 403 or (denied.status_code == 302 and denied["Location"] == "/admin/")
    assert HandOff.objects.filter(state=HandOffState.DEAD).count() == 3


def test_resend_unknown_is_404(admin):
    assert admin.post(reverse("handoff_resend", args=[999999])).status_code == 404


def test_bulk_resend(admin, dead_letters, django_capture_on_commit_callbacks):
    url = reverse("wagtail_bulk_action", args=("handoff", "handoff", "resend"))
    ids = [b.pk for b in dead_letters[:2]]
    query = "&".join(f"id={pk}" for pk in ids)
    confirm = admin.get(f"{url}?{query}")
    assert confirm.status_code == 200
    assert dead_letters[0].dossier.code in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"{url}?{query}")
    assert response.status_code == 302
    states = dict(HandOff.objects.values_list("pk", "state"))
    assert [states[pk] for pk in ids] == [HandOffState.DELIVERED, HandOffState.DELIVERED]
    assert states[dead_letters[2].pk] == HandOffState.DEAD


def test_delivered_branch_is_not_resent(admin, dossier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_handoff(dossier)
    branch = HandOff.objects.get()
    delivered_at = branch.delivered_at
    admin.post(reverse("handoff_resend", args=[branch.pk]))
    branch.refresh_from_db()
    assert branch.delivered_at == delivered_at and branch.attempts == 1


def test_target_editable_in_admin(admin, agency):
    viewset = HandoffTarget.snippet_viewset
    response = admin.post(
        reverse(viewset.get_url_name("add")),
        {
            "agency": agency.pk,
            "backend": "webhook",
            "webhook_url": "file:///etc/passwd",
            "webhook_secret_env": "SECRET_KEY",
            "mailbox": "",
            "enabled": "on",
        },
    )
    assert response.status_code == 200  # form re-displayed with errors
    assert not HandoffTarget.objects.exists()
    response = admin.post(
        reverse(viewset.get_url_name("add")),
        {
            "agency": agency.pk,
            "backend": "email",
            "webhook_url": "",
            "webhook_secret_env": "",
            "mailbox": "motcua@stp.example",
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    assert HandoffTarget.objects.get().backend == "email"
    assert admin.get(reverse(viewset.get_url_name("list"))).status_code == 200
