"""One message per change per channel. Accepting a dossier writes two
history rows (2 Được tiếp nhận, 4 Đang xử lý): the citizen gets one SMS and
one Zalo message about it, and no status e-mail (the receipt is the e-mail
of an acceptance); separate transactions are separate changes."""

import json

import pytest
from django.core import mail
from django.db import transaction

from eforms.dossiers.constants import DossierStatus
from eforms.notifications.constants import DeliveryState, NotificationChannel
from eforms.notifications.models import NotificationLog
from eforms.workspace import services

from ..factories import DossierFactory, OfficerFactory, procedure_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(wagtail_root, home_page):
    return DossierFactory(procedure=procedure_page(home_page), submitted=True, handed_off=True)


@pytest.fixture
def officer(online):
    return OfficerFactory(agency=online.agency)


def sms_texts(outbox_dir):
    return [json.loads(p.read_text(encoding="utf-8"))["message"] for p in (outbox_dir / "sms").glob("*.json")]


def zalo_statuses(outbox_dir):
    return [
        json.loads(p.read_text(encoding="utf-8"))["template_data"]["trang_thai"]
        for p in (outbox_dir / "zalo").glob("*.json")
    ]


def status_mails():
    return [m for m in mail.outbox if "X-Portal-Notification" in m.extra_headers]


def test_one_acceptance_is_one_message_per_channel(online, officer, outbox_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(online, officer)
    online.refresh_from_db()
    assert online.status == DossierStatus.PROCESSING
    assert list(online.history.values_list("to_status", flat=True)) == [1, 2, 4]
    texts = sms_texts(outbox_dir)
    assert len(texts) == 1 and "Duoc tiep nhan" in texts[0]
    assert zalo_statuses(outbox_dir) == ["Được tiếp nhận"]
    assert status_mails() == []  # the receipt (Mẫu 01) is the acceptance's e-mail
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Giấy tiếp nhận hồ sơ")
    rows = NotificationLog.objects.filter(dossier=online)
    assert rows.count() == 3
    assert rows.get(channel=NotificationChannel.EMAIL).state == DeliveryState.SKIPPED


def test_separate_actions_are_separate_messages(online, officer, outbox_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(online, officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_supplement(online, officer, "Bản sao giấy khai sinh")
    assert len(sms_texts(outbox_dir)) == 2
    assert sorted(zalo_statuses(outbox_dir)) == ["Yêu cầu bổ sung giấy tờ", "Được tiếp nhận"]
    assert len(status_mails()) == 1


def test_a_rolled_back_action_does_not_swallow_the_next(
    online, officer, outbox_dir, django_capture_on_commit_callbacks
):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.accept(online, officer)
            raise RuntimeError("rolled back")
    online.refresh_from_db()
    assert online.status == DossierStatus.NEW
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(online, officer)
    assert len(sms_texts(outbox_dir)) == 1
    assert NotificationLog.objects.filter(dossier=online, channel=NotificationChannel.SMS).count() == 1
