"""Fixtures of the workspace tests: two agencies, their officers (logged in
with a verified second factor), a procedure with components, dossiers
delivered to an agency through the hand-off outbox."""
import datetime as dt
import io
import itertools
import uuid

import pytest
from django.utils import timezone
from wagtail.models import Page

_counter = itertools.count(1)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name="giay-to.pdf", content=PDF_BYTES, content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _home():
    from content.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    return home


def _child_index(model, title, slug):
    index = model.objects.first()
    if index is None:
        index = _home().add_child(instance=model(title=title, slug=slug))
    return index


def make_agency(code, title, **fields):
    from content.models import AgencyIndexPage, AgencyPage

    existing = AgencyPage.objects.filter(code=code).first()
    if existing:
        return existing
    index = _child_index(AgencyIndexPage, "Cơ quan", "co-quan")
    return index.add_child(instance=AgencyPage(title=title, slug=code, code=code, **fields))


def make_procedure(agency, title="Đăng ký kết hôn", components=("Tờ khai đăng ký kết hôn", "Giấy xác nhận tình trạng hôn nhân")):
    from content.models import ProcedureComponent, ProcedureIndexPage, ProcedurePage

    n = next(_counter)
    index = _child_index(ProcedureIndexPage, "Thủ tục", "thu-tuc")
    code = f"1.{uuid.uuid4().int % 1_000_000:06d}"
    page = ProcedurePage(title=f"{title}", slug=f"tt-{n}-{uuid.uuid4().hex[:6]}", code=code, agency=agency)
    page.processing_days = 5
    for position, name in enumerate(components):
        page.components.add(ProcedureComponent(name=name, originals=1, copies=0, sort_order=position))
    index.add_child(instance=page)
    return page


def deliver(dossier):
    """Hand the dossier off to its agency (eager Celery, workspace backend)
    and make sure the branch is delivered, like in production."""
    from django.db import transaction

    from eforms.handoff.models import HandOff
    from eforms.handoff.services import enqueue_handoff
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        with transaction.atomic():
            enqueue_handoff(dossier)
    states = set(HandOff.objects.filter(dossier=dossier).values_list("state", flat=True))
    assert states == {"delivered"}, states
    return dossier


def make_dossier(procedure, *, status=1, received_at=None, due_in_days=5, delivered=True, **fields):
    from eforms.dossiers.codes import allocate_dossier_code, generate_lookup_secret
    from eforms.dossiers.constants import DossierStatus
    from eforms.dossiers.history import record_status
    from eforms.dossiers.models import Dossier, DossierAttachment
    from django.core.files.base import ContentFile

    received_at = received_at or timezone.now()
    defaults = dict(
        applicant_name="Nguyễn Văn An",
        applicant_id_number="079123456789",
        applicant_phone="0912345678",
        applicant_email="an.nguyen@example.vn",
        applicant_address="12 Trần Phú, phường Xuân Hương - Đà Lạt",
        form_data={"ho_ten_chong": "Nguyễn Văn An", "ho_ten_vo": "Trần Thị Bình", "ngay_dang_ky": "2026-11-20"},
    )
    defaults.update(fields)
    dossier = Dossier(
        code=allocate_dossier_code("000.00.04.H41", received_at),
        lookup_secret=generate_lookup_secret(),
        procedure=procedure,
        procedure_code=procedure.code,
        procedure_name=procedure.title,
        agency=procedure.agency,
        received_at=received_at,
        processing_days=due_in_days,
        due_at=received_at + dt.timedelta(days=due_in_days) if due_in_days is not None else None,
        **defaults,
    )
    record_status(dossier, DossierStatus.NEW, actor_label="Công dân", note="Nộp hồ sơ trực tuyến", at=received_at)
    for component in procedure.components.all().order_by("sort_order"):
        attachment = DossierAttachment(
            dossier=dossier, component=component, component_name=component.name,
            original_name=f"{component.name}.pdf", content_type="application/pdf", size=len(PDF_BYTES), sha256="0" * 64,
        )
        attachment.file.save("x", ContentFile(PDF_BYTES), save=False)
        attachment.save()
    if status != DossierStatus.NEW:
        Dossier.objects.filter(pk=dossier.pk).update(status=status)
        dossier.refresh_from_db()
    if delivered:
        deliver(dossier)
    return dossier


def make_officer(username, agency, role="officer"):
    from django.contrib.auth import get_user_model

    from eforms.workspace.models import OfficerMembership

    user = get_user_model().objects.create_user(
        username=username, password="Matkhau@2026", first_name="Cán bộ", last_name=username, is_staff=True,
        email=f"{username}@example.vn",
    )
    if agency is not None:
        OfficerMembership.objects.create(user=user, agency=agency, role=role)
    return user


def login(client, user):
    """Password and a verified TOTP device, as the 2FA middleware expects."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="Ứng dụng xác thực", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


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
