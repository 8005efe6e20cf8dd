"""The payment window of an unpaid full-online dossier (issue 10; WCAG 2.2.1
Timing Adjustable): one warning before it closes, the time left on the
payment page, one extension by the citizen, then expiry; and the fee pause
of the deadline clock only where the procedure says so (issue 11)."""

import datetime as dt
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.deadlines import payment_pauses_clock
from eforms.dossiers.models import Dossier, DossierFee
from eforms.notifications.models import NotificationLog
from eforms.payments.services import expire_unpaid
from eforms.payments.tasks import expire_unpaid_dossiers
from eforms.payments.window import warn_expiring
from eforms.workspace import services

from . import helpers
from .factories import OfficerFactory, procedure_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.PAYMENT_WARNING_MINUTES = 10


@pytest.fixture
def unpaid(client, full_procedure, django_capture_on_commit_callbacks):
    draft = helpers.start(client, full_procedure)
    helpers.fill_all(client, full_procedure, draft)
    with django_capture_on_commit_callbacks(execute=True):
        assert helpers.submit(client, full_procedure, draft).status_code == 302
    mail.outbox.clear()
    return Dossier.objects.get()


def confirmation(client, dossier):
    return client.get(reverse("eforms:confirmation", args=[dossier.uuid, dossier.lookup_secret]))


def extend(client, dossier, secret=None):
    return client.post(reverse("eforms:payment_extend", args=[dossier.uuid, secret or dossier.lookup_secret]))


def reminders(dossier):
    return dossier.history.filter(note__startswith="Nhắc thanh toán")


def test_the_payment_page_shows_the_time_left_and_the_fee_lines(client, unpaid):
    text = confirmation(client, unpaid).content.decode()
    assert "Thời gian còn lại để thanh toán: khoảng 29 phút." in text or "khoảng 30 phút" in text
    assert 'data-fee-total="50000"' in text and "Gia hạn thời gian thanh toán" in text


def test_the_warning_is_sent_once_before_the_window_closes(unpaid, django_capture_on_commit_callbacks):
    early = unpaid.payment_due_at - timedelta(minutes=20)
    assert warn_expiring(early) == []
    soon = unpaid.payment_due_at - timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring(soon) == [unpaid.code]
    with django_capture_on_commit_callbacks(execute=True):
        assert warn_expiring(soon + timedelta(minutes=1)) == []
        expire_unpaid_dossiers()  # the periodic task warns too: still once
    assert reminders(unpaid).count() == 1
    change = reminders(unpaid).get()
    assert "Ông/Bà có thể gia hạn một lần" in change.note
    logs = NotificationLog.objects.filter(status_change=change)
    assert {log.channel for log in logs if log.recipient} >= {"email"}
    (message,) = [m for m in mail.outbox if unpaid.code in m.subject]
    assert "Nhắc thanh toán" in message.body and "nhung@example.vn" in message.to
    assert DossierFee.objects.get(dossier=unpaid).payment_warned_at == soon
    unpaid.refresh_from_db()
    assert unpaid.status == DossierStatus.NEW and unpaid.payment_status == PaymentStatus.PENDING


def test_after_the_extension_the_warning_does_not_offer_another(client, unpaid):
    assert extend(client, unpaid).status_code in (200, 302)
    unpaid.refresh_from_db()
    assert warn_expiring(unpaid.payment_due_at - timedelta(minutes=5)) == [unpaid.code]
    note = reminders(unpaid).get().note
    assert "Nhắc thanh toán" in note and "gia hạn" not in note


def test_a_paid_or_expired_dossier_is_not_warned(unpaid):
    Dossier.objects.filter(pk=unpaid.pk).update(payment_status=PaymentStatus.PAID)
    assert warn_expiring(unpaid.payment_due_at - timedelta(minutes=5)) == []
    assert not reminders(unpaid).exists()


def test_extension_once_then_refused_and_expiry_after_it(client, unpaid):
    due = unpaid.payment_due_at
    response = extend(client, unpaid)
    assert response.status_code == 302 and response["Location"].endswith("?gia-han=1")
    unpaid.refresh_from_db()
    assert unpaid.payment_due_at == due + timedelta(minutes=30)
    page = client.get(response["Location"]).content.decode()
    assert "Đã gia hạn thời gian thanh toán đến" in page
    assert "Ông/Bà đã gia hạn thời gian thanh toán một lần." in page and 'action="/thanh-toan/' in page
    assert unpaid.history.filter(note__startswith="Gia hạn thời gian thanh toán phí, lệ phí đến").count() == 1

    again = extend(client, unpaid)
    assert again.status_code == 400
    assert "mỗi hồ sơ chỉ được gia hạn một lần" in again.content.decode()
    unpaid.refresh_from_db()
    assert unpaid.payment_due_at == due + timedelta(minutes=30)

    assert expire_unpaid(due + timedelta(minutes=1)) == []
    assert expire_unpaid(due + timedelta(minutes=31)) == [unpaid.code]
    unpaid.refresh_from_db()
    assert unpaid.payment_status == PaymentStatus.EXPIRED and unpaid.status == DossierStatus.STOPPED
    assert extend(client, unpaid).status_code == 400


def test_extension_in_english_and_hostile_links(client, unpaid):
    assert extend(client, unpaid, secret="SAI").status_code == 404
    assert extend(client, unpaid, secret="%00").status_code == 404
    assert client.get(reverse("eforms:payment_extend", args=[unpaid.uuid, unpaid.lookup_secret])).status_code == 405
    Dossier.objects.filter(pk=unpaid.pk).update(payment_due_at=timezone.now() - timedelta(minutes=1))
    response = client.post(reverse("eforms:payment_extend", args=[unpaid.uuid, unpaid.lookup_secret]) + "?lang=en")
    assert response.status_code == 400


# --- issue 11: the fee pause of the clock -------------------------------------


def _local(*args):
    return dt.datetime(*args, tzinfo=timezone.get_current_timezone())


def _paused_and_resumed(procedure, monkeypatch):
    officer = OfficerFactory(agency=procedure.agency)
    from .factories import DossierFactory

    dossier = DossierFactory(procedure=procedure, agency=procedure.agency, received_at=_local(2026, 3, 2, 8, 30))
    monkeypatch.setattr(timezone, "now", lambda: _local(2026, 3, 2, 9, 0))
    services.accept(dossier, officer)
    dossier.refresh_from_db()
    due = dossier.due_at
    services.request_payment(dossier, officer, 50000)
    monkeypatch.setattr(timezone, "now", lambda: _local(2026, 3, 4, 9, 0))  # two working days later
    services.confirm_payment(dossier, officer)
    dossier.refresh_from_db()
    return due, dossier.due_at


def test_the_fee_pause_is_off_unless_the_procedure_says_so(wagtail_root, home_page, monkeypatch):
    ordinary = procedure_page(home_page, code="1.000001")
    land = procedure_page(home_page, code="1.000002", payment_pauses_clock=True)
    assert payment_pauses_clock(ordinary) is False and payment_pauses_clock(land) is True
    before, after = _paused_and_resumed(ordinary, monkeypatch)
    assert after == before
    before, after = _paused_and_resumed(land, monkeypatch)
    assert after > before


def test_the_tracking_page_shows_the_window_and_extends_it(client, unpaid):
    track = reverse("eforms:track")
    text = client.get(track, {"ma": unpaid.code, "mtc": unpaid.lookup_secret}).content.decode()
    assert "Hồ sơ đang chờ thanh toán phí, lệ phí" in text and "Gia hạn thời gian thanh toán" in text
    assert reverse("eforms:confirmation", args=[unpaid.uuid, unpaid.lookup_secret]) in text
    assert extend(client, unpaid).status_code == 302
    text = client.get(track, {"ma": unpaid.code, "mtc": unpaid.lookup_secret}).content.decode()
    assert "Ông/Bà đã gia hạn thời gian thanh toán một lần." in text
    english = client.get(track, {"ma": unpaid.code, "mtc": unpaid.lookup_secret, "lang": "en"})
    assert english.status_code == 200
