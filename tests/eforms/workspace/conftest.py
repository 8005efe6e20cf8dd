"""Fixtures of the workspace tests: two agencies, their officers (logged in
with a verified second factor), a procedure with components, dossiers
delivered to an agency through the hand-off outbox — all built by the
factories of ``tests.eforms.factories``."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from content.models import AgencyPage
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import Dossier

from ..factories import (
    PDF_BYTES,
    AgencyPageFactory,
    DossierFactory,
    OfficerFactory,
    ProcedurePageFactory,
    deliver,
    login,
)

WORKSPACE_COMPONENTS = ("Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name="giay-to.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_agency(code, title, **fields):
    return AgencyPage.objects.filter(code=code).first() or AgencyPageFactory(code=code, title=title, **fields)


def make_procedure(agency, title="Đăng ký kết hôn", components=WORKSPACE_COMPONENTS):
    return ProcedurePageFactory(agency=agency, title=title, components=components, processing_days=5)


def make_dossier(procedure, *, status=1, received_at=None, due_in_days=5, delivered=True, **fields):
    """A submitted dossier with one PDF per component, due ``due_in_days``
    calendar days after receipt, handed off to its agency unless
    ``delivered=False``; ``status`` is set after the submission history."""
    received_at = received_at or timezone.now()
    fields.setdefault(
        "form_data", {"ho_ten_chong": "Nguyễn Văn An", "ho_ten_vo": "Trần Thị Bình", "ngay_dang_ky": "2026-11-20"}
    )
    dossier = DossierFactory(
        procedure=procedure,
        received_at=received_at,
        processing_days=due_in_days,
        due_at=received_at + dt.timedelta(days=due_in_days) if due_in_days is not None else None,
        submitted=True,
        with_attachment=True,
        **fields,
    )
    if status != DossierStatus.NEW:
        Dossier.objects.filter(pk=dossier.pk).update(status=status)
        dossier.refresh_from_db()
    if delivered:
        deliver(dossier)
    return dossier


def make_officer(username, agency, role="officer"):
    return OfficerFactory(username=username, agency=agency, role=role, last_name=username)


@pytest.fixture
def stp(db):
    return make_agency("stp", "Sở Tư pháp", email="stp@lamdong.gov.vn", head_title="Giám đốc", head_name="Lê Văn Tâm")


@pytest.fixture
def sxd(db):
    return make_agency("sxd", "Sở Xây dựng", email="sxd@lamdong.gov.vn")


@pytest.fixture
def procedure(stp):
    return make_procedure(stp)


@pytest.fixture
def dossier(procedure):
    return make_dossier(procedure)


@pytest.fixture
def officer(stp):
    return make_officer("canbo-stp", stp)


@pytest.fixture
def other_officer(sxd):
    return make_officer("canbo-sxd", sxd)


@pytest.fixture
def officer_client(client, officer):
    return login(client, officer)


@pytest.fixture(autouse=True)
def _mail_locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "http://testserver"
