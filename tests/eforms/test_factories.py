"""Each factory trait builds what it says, as the application sees it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.deadlines import deadline_state, overdue_q
from eforms.dossiers.models import Dossier
from eforms.handoff.constants import HandOffState
from eforms.workspace.access import visible_dossiers

from .factories import (
    AgencyPageFactory,
    DossierFactory,
    HandOffFactory,
    OfficerFactory,
    ProcedurePageFactory,
    SubmissionDraftFactory,
    login,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(home_page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_pages_are_in_the_tree_under_home(home_page):
    procedure = ProcedurePageFactory(components=["Tờ khai", ("Bản sao CCCD", 0, 1, False)])
    assert procedure.live and procedure.get_parent().get_parent().specific == home_page
    assert procedure.agency.get_parent().get_parent().specific == home_page
    assert [c.name for c in procedure.components.order_by("sort_order")] == ["Tờ khai", "Bản sao CCCD"]
    assert not ProcedurePageFactory(live=False).live


def test_a_plain_dossier_is_new_and_unseen():
    dossier = DossierFactory()
    assert dossier.status == DossierStatus.NEW
    assert dossier.code.startswith(dossier.agency.receiving_unit_code + "-")
    assert not dossier.history.exists() and not dossier.attachments.exists() and not dossier.handoffs.exists()


def test_submitted_writes_the_submission_history():
    dossier = DossierFactory(submitted=True)
    assert list(dossier.history.values_list("to_status", "note")) == [(DossierStatus.NEW, "Nộp hồ sơ trực tuyến")]


def test_overdue_is_past_its_due_date_and_counted_overdue():
    dossier = DossierFactory(overdue=True)
    assert dossier.due_at < timezone.now()
    assert deadline_state(dossier) == "overdue"
    assert list(Dossier.objects.filter(overdue_q())) == [dossier]
    assert not Dossier.objects.filter(overdue_q()).exclude(pk=dossier.pk).exists()
    assert deadline_state(DossierFactory()) == ""


def test_returned_is_closed_on_time():
    dossier = DossierFactory(returned=True)
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.completed_at <= dossier.due_at and dossier.returned_at >= dossier.completed_at
    assert deadline_state(dossier) == "" and not Dossier.objects.filter(overdue_q()).exists()


def test_paid_and_payment_pending():
    paid = DossierFactory(paid=True)
    assert paid.payment_status == PaymentStatus.PAID
    assert list(paid.payments.values_list("state", "amount_vnd")) == [("paid", paid.fee_vnd)]
    pending = DossierFactory(payment_pending=True)
    assert pending.payment_status == PaymentStatus.PENDING and pending.fee_vnd > 0
    assert pending.payment_due_at > timezone.now() and not pending.payments.exists()


def test_with_attachment_stores_one_pdf_per_component():
    procedure = ProcedurePageFactory(components=["Tờ khai", "Giấy chứng sinh"])
    dossier = DossierFactory(procedure=procedure, with_attachment=True)
    attachments = list(dossier.attachments.order_by("component__sort_order"))
    assert [a.component_name for a in attachments] == ["Tờ khai", "Giấy chứng sinh"]
    assert all(a.file.read().startswith(b"%PDF") for a in attachments)
    assert DossierFactory(with_attachment=True).attachments.count() == 1


def test_handed_off_is_in_the_agency_officers_queue(client):
    dossier = DossierFactory(submitted=True, handed_off=True)
    assert set(dossier.handoffs.values_list("state", flat=True)) == {HandOffState.DELIVERED}
    officer = OfficerFactory(agency=dossier.agency)
    stranger = OfficerFactory(agency=AgencyPageFactory())
    assert list(visible_dossiers(officer)) == [dossier]
    assert not visible_dossiers(stranger).exists()
    response = login(client, officer).get(reverse("workspace:queue"))
    assert response.status_code == 200
    assert dossier.code in response.content.decode()


def test_not_handed_off_is_not_in_the_queue():
    dossier = DossierFactory(submitted=True)
    assert not visible_dossiers(OfficerFactory(agency=dossier.agency)).exists()


def test_officer_membership_role_and_two_factor():
    agency = AgencyPageFactory()
    leader = OfficerFactory(agency=agency, role="leader", two_factor=True)
    assert list(leader.officer_memberships.values_list("agency", "role")) == [(agency.pk, "leader")]
    assert leader.totpdevice_set.filter(confirmed=True).count() == 1
    assert leader.check_password("Matkhau@2026") and leader.is_staff
    plain = OfficerFactory()
    assert not plain.officer_memberships.exists() and not plain.totpdevice_set.exists()


def test_handoff_factory_and_submission_draft():
    branch = HandOffFactory(delivered=True)
    assert branch.state == HandOffState.DELIVERED and branch.agency == branch.dossier.agency
    assert HandOffFactory().state == HandOffState.PENDING
    draft = SubmissionDraftFactory()
    assert draft.form_version.schema["steps"] and draft.submit_token and draft.dossier is None
