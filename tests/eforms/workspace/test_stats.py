"""The statistics board on a small hand-built data set."""

import datetime as dt

import pytest
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import Dossier
from eforms.workspace.stats import compute

from .conftest import login, make_dossier, make_officer, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(procedure, sxd):
    """Sở Tư pháp: 4 this month — 1 on time done, 1 late done, 1 processing
    on time, 1 processing overdue; Sở Xây dựng: 1 done on time."""
    now = timezone.now()
    start_of_month = timezone.localtime(now).replace(day=1, hour=8, minute=0, second=0, microsecond=0)
    rows = []
    for status, due_delta, completed_delta in [
        (S.COMPLETED, dt.timedelta(days=5), dt.timedelta(days=2)),
        (S.RETURNED, dt.timedelta(hours=1), dt.timedelta(hours=3)),
        (S.PROCESSING, dt.timedelta(days=400), None),
        (S.PROCESSING, -dt.timedelta(hours=1), None),  # overdue whatever the time of day
    ]:
        d = make_dossier(procedure, delivered=False, received_at=start_of_month)
        rows.append(d)
        Dossier.objects.filter(pk=d.pk).update(
            status=status,
            due_at=start_of_month + due_delta,
            completed_at=start_of_month + completed_delta if completed_delta else None,
        )
    other = make_dossier(
        make_procedure(sxd, title="Cấp giấy phép xây dựng"), delivered=False, received_at=start_of_month
    )
    Dossier.objects.filter(pk=other.pk).update(
        status=S.COMPLETED,
        due_at=start_of_month + dt.timedelta(days=3),
        completed_at=start_of_month + dt.timedelta(days=1),
    )
    # last year's dossier: not in this month's nor this year's received count
    old = make_dossier(procedure, delivered=False, received_at=start_of_month - dt.timedelta(days=400))
    Dossier.objects.filter(pk=old.pk).update(
        status=S.RETURNED,
        due_at=old.received_at + dt.timedelta(days=3),
        completed_at=old.received_at + dt.timedelta(days=1),
    )
    return rows


def test_compute_month(figures, stp):
    rows, total, _bounds = compute("thang")
    by_code = {row.code: row for row in rows}
    stp_row = by_code["stp"]
    assert (stp_row.received, stp_row.processing_on_time, stp_row.processing_overdue) == (4, 1, 1)
    assert (stp_row.done_on_time, stp_row.done_late, stp_row.on_time_rate) == (1, 1, 50.0)
    assert by_code["sxd"].on_time_rate == 100.0
    assert (total.received, total.done_on_time, total.done_late) == (5, 2, 1)
    assert total.on_time_rate == pytest.approx(66.7)


def test_public_board(client, figures):
    response = client.get("/thong-ke/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tình hình giải quyết hồ sơ" in body and "Sở Tư pháp" in body and "Sở Xây dựng" in body
    assert "50,0%" in body or "50.0%" in body
    assert "Toàn tỉnh" in body
    assert "Nguyễn Văn An" not in body  # no personal data on the public board
    assert client.get("/thong-ke/?ky=nam").status_code == 200
    assert client.get("/thong-ke/?ky=<x>").status_code == 200


def test_leader_board_and_officer_refused(client, figures, stp):
    leader = make_officer("lanhdao", stp, role="leader")
    login(client, leader)
    response = client.get("/can-bo/thong-ke/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Theo thủ tục" in body and "Hồ sơ đang quá hạn" in body and "Đăng ký kết hôn" in body
    officer = make_officer("canbo-thuong", stp)
    client.logout()
    login(client, officer)
    assert client.get("/can-bo/thong-ke/").status_code == 403
