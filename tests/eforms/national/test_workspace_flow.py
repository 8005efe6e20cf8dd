"""A dossier handled in the officers' workspace: each of its status changes
reaches the national portal once, after commit, with the dates the portal
counts (received, accepted, due, completed, returned)."""

import pytest
from django.contrib.auth import get_user_model

from eforms.national import delivery
from eforms.national.constants import SyncState
from eforms.national.models import SandboxReceipt, StatusSync
from eforms.workspace import services

from .helpers import make_dossier, make_due, rows_of

pytestmark = pytest.mark.django_db


def test_every_change_of_a_handled_dossier_arrives_once(procedure, django_capture_on_commit_callbacks):
    officer = get_user_model().objects.create_user("canbo", "cb@example.vn", "Mat-khau-dai-2026")
    dossier = make_dossier(procedure, submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(dossier, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_returned(dossier, officer, services.ReturnMethod.COUNTER)
    # the submission's row (written by the factory, nobody published it) is
    # swept; the later ones waited for it
    make_due()
    delivery.retry_due()
    history = list(dossier.history.order_by("created_at", "id"))
    assert [h.to_status for h in history] == [1, 2, 4, 9, 10]
    assert [r.state for r in rows_of(dossier)] == [SyncState.DELIVERED] * 5
    received = list(SandboxReceipt.objects.filter(dossier_code=dossier.code).order_by("id"))
    assert [r.status_code for r in received] == [1, 2, 4, 9, 10]
    assert [r.sequence for r in received] == [h.pk for h in history]
    assert all(r.duplicates == 0 for r in received)
    by_status = {r.status_code: r.payload for r in received}
    assert by_status[1]["NgayTiepNhan"] == ""
    assert by_status[2]["NgayTiepNhan"] and by_status[2]["NgayHenTra"]
    assert by_status[9]["NgayKetThucXuLy"] and not by_status[9]["NgayTra"]
    assert by_status[10]["NgayTra"]
    assert by_status[10]["NguoiXuLy"] == "canbo"
    assert StatusSync.objects.count() == 5
