"""The periodic sweep over supplement requests past their deadline: each is
flagged once, the agency is e-mailed once, the queue lists it under "Quá hạn
bổ sung", and the officer can then refuse the dossier (Mẫu 03)."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from eforms.dossiers.constants import DossierStatus as S
from eforms.dossiers.models import SupplementRequest
from eforms.workspace import services
from eforms.workspace.services.supplements import flag_overdue_supplements
from eforms.workspace.tasks import flag_overdue_supplements_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(dossier, officer):
    services.accept(dossier, officer)
    services.request_supplement(dossier, officer, "Bản sao giấy xác nhận tình trạng hôn nhân")
    dossier.refresh_from_db()
    return dossier


def _expire(dossier, hours=1):
    SupplementRequest.objects.filter(dossier=dossier).update(deadline_at=timezone.now() - dt.timedelta(hours=hours))


def test_nothing_is_flagged_before_the_deadline(waiting):
    mail.outbox.clear()
    assert flag_overdue_supplements() == 0
    assert not mail.outbox and SupplementRequest.objects.get().overdue_flagged_at is None


def test_an_overdue_request_is_flagged_once_and_the_agency_told(waiting, officer_client):
    _expire(waiting)
    mail.outbox.clear()
    assert flag_overdue_supplements_task.apply().get() == 1
    assert flag_overdue_supplements() == 0  # a second sweep changes nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["stp@lamdong.gov.vn"] and waiting.code in message.subject
    assert "Quá hạn nộp bổ sung" in message.subject and "Mẫu 03" in message.body
    assert f"/can-bo/ho-so/{waiting.uuid}/" in message.body
    assert SupplementRequest.objects.get().overdue_flagged_at is not None
    waiting.refresh_from_db()
    assert waiting.status == S.SUPPLEMENT_REQUESTED  # flagging decides nothing

    page = officer_client.get("/can-bo/?deadline=qua-han-bo-sung").content.decode()
    assert waiting.code in page and "Quá hạn bổ sung" in page
    assert "refuse" in services.allowed_actions(waiting)


def test_a_fulfilled_or_refused_dossier_is_not_flagged(waiting, officer):
    from .conftest import upload

    services.receive_supplement(waiting, [upload()])
    _expire(waiting)
    assert flag_overdue_supplements() == 0


def test_the_queue_filter_lists_only_overdue_supplements(waiting, officer_client, procedure):
    from .conftest import make_dossier

    other = make_dossier(procedure)
    page = officer_client.get("/can-bo/?deadline=qua-han-bo-sung").content.decode()
    assert waiting.code not in page and other.code not in page
    _expire(waiting)
    page = officer_client.get("/can-bo/?deadline=qua-han-bo-sung&scope=tat-ca").content.decode()
    assert waiting.code in page and other.code not in page


def test_an_agency_without_e_mail_is_still_flagged(waiting, stp):
    type(stp).objects.filter(pk=stp.pk).update(email="")
    _expire(waiting)
    mail.outbox.clear()
    assert flag_overdue_supplements() == 1 and not mail.outbox
