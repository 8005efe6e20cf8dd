"""Citizen submits a dossier online through the real views."""

import pytest
from django.core import mail
from django.urls import reverse

from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.models import Dossier, DossierAttachment, DossierStatusChange
from eforms.handoff.models import HandOff
from eforms.submission.tasks import send_receipt_email
from eforms.workspace.services import accept

from . import helpers
from .factories import OfficerFactory

pytestmark = pytest.mark.django_db


def test_start_page_lists_components_and_fee(client, procedure):
    response = client.get(f"/nop-ho-so/{procedure.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Thành phần hồ sơ cần chuẩn bị" in text
    assert "Giấy chứng nhận kết hôn" in text
    assert "Bắt đầu nộp hồ sơ" in text


def test_full_submission_creates_one_dossier_with_history_attachments_and_receipt(
    client, procedure, django_capture_on_commit_callbacks
):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    review = client.get(helpers.review_url(procedure, draft))
    assert review.status_code == 200
    assert "Nguyễn Thị Hồng Nhung" in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the receipt is queued on commit
        response = helpers.submit(client, procedure, draft)
    assert callbacks, "the receipt e-mail waits for the commit"
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.code.startswith("000.00.04.H41-")
    assert dossier.code.endswith("-0001")
    assert dossier.status == DossierStatus.NEW
    assert dossier.payment_status == PaymentStatus.NOT_REQUIRED
    assert dossier.applicant_id_number == "068190001234"
    assert "Lâm Đồng" in dossier.applicant_address
    # the clock starts at acceptance, not at submission (issue #11)
    assert dossier.due_at is None and dossier.accepted_at is None
    assert dossier.processing_days == procedure.processing_days
    assert dossier.form_version_id == draft.form_version_id
    assert DossierStatusChange.objects.filter(dossier=dossier, to_status=1).count() == 1
    # the two uploads, and the application form made from the answers
    assert DossierAttachment.objects.filter(dossier=dossier, generated=False).count() == 2
    assert DossierAttachment.objects.filter(dossier=dossier, generated=True).count() == 1
    # before acceptance: "đã nhận hồ sơ, chờ tiếp nhận", no receipt, no due date
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nhung@example.vn"]
    assert dossier.code in message.subject and "chờ tiếp nhận" in message.subject
    assert not message.attachments and "Hẹn trả" not in message.body
    assert dossier.receipt_sent_at is None
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    text = confirmation.content.decode()
    assert "Nộp hồ sơ thành công" in text
    assert dossier.lookup_secret in text
    pdf = client.get(reverse("eforms:receipt", args=[dossier.uuid, dossier.lookup_secret]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    # hand-off intent written with the dossier

    assert HandOff.objects.filter(dossier=dossier).exists()


def test_receipt_email_task_is_idempotent(client, procedure, django_capture_on_commit_callbacks):
    draft = helpers.start(client, procedure)
    helpers.fill_all(client, procedure, draft)
    with django_capture_on_commit_callbacks(execute=True):
        helpers.submit(client, procedure, draft)
    dossier = Dossier.objects.get()
    assert dossier.receipt_sent_at is None  # the receipt waits for acceptance
    officer = OfficerFactory(agency=procedure.agency)
    with django_capture_on_commit_callbacks(execute=True):
        accept(dossier, officer)
    dossier.refresh_from_db()
    assert dossier.receipt_sent_at is not None and dossier.due_at is not None
    receipts = [m for m in mail.outbox if m.attachments]
    assert len(receipts) == 1 and receipts[0].attachments[0][1].startswith(b"%PDF")
    assert send_receipt_email.delay(dossier.pk).get() is False  # second delivery: nothing sent
    assert len([m for m in mail.outbox if m.attachments]) == 1
