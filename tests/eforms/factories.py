"""factory_boy factories of the e-forms tests: only the pages and rows a
test needs, e.g. ``DossierFactory(overdue=True, handed_off=True)``.

Pages are added through Wagtail's page tree under the site's HomePage
(``home_page()``, also behind the ``home_page`` fixture); their index pages
are made when missing. ``agency_page`` / ``procedure_page`` are the
shorthands the submission tests use.
"""

import datetime as dt
import hashlib
import io
import secrets
import zipfile
from decimal import Decimal

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Locale, Page, Site

from content.models import (
    AgencyIndexPage,
    AgencyPage,
    HomePage,
    ProcedureComponent,
    ProcedureFee,
    ProcedureFeeExemption,
    ProcedureIndexPage,
    ProcedurePage,
)
from eforms.dossiers.codes import allocate_dossier_code, generate_lookup_secret
from eforms.dossiers.constants import DossierStatus, PaymentStatus
from eforms.dossiers.models import Dossier, DossierAttachment, DossierStatusChange
from eforms.formdefs import divisions
from eforms.formdefs.schema import current_version
from eforms.handoff.constants import BackendKind, HandOffState
from eforms.handoff.models import HandOff
from eforms.handoff.services import enqueue_handoff
from eforms.payments.models import PaymentTransaction
from eforms.submission.models import SubmissionDraft
from eforms.submission.services import receiving_unit_code
from eforms.workspace.models import OfficerMembership, OfficerRole

# A minimal valid one-page PDF (bytes matter, not the name).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_file(name="giay-to.pdf", size=None):
    data = PDF_BYTES if size is None else PDF_BYTES + b"%" + b"0" * max(0, size - len(PDF_BYTES) - 1)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png_file(name="anh.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_as_pdf(name="giay-to.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Xin chào</w:document>")
    return buffer.getvalue()


def zip_bomb_docx(name="bom.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


# --- the page tree ---------------------------------------------------------------


def ensure_wagtail_root():
    """A transactional test before this one may have flushed the tree
    (Wagtail's root page and locale come from data migrations)."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def home_page():
    """Our HomePage as the default Site's root (built once, then reused)."""
    root = ensure_wagtail_root()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Cổng dịch vụ công"},
    )
    return home


def section(model, title, slug, home=None):
    """The index page of ``model`` under the home page, made when missing."""
    index = model.objects.first()
    if index is None:
        index = (home or home_page()).add_child(instance=model(title=title, slug=slug))
    return index


def agency_index():
    return section(AgencyIndexPage, "Cơ quan", "co-quan")


def procedure_index():
    return section(ProcedureIndexPage, "Thủ tục hành chính", "thu-tuc")


class PageFactory(factory.django.DjangoModelFactory):
    """A Wagtail page added under ``parent`` through the page tree."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        (parent or cls._parent()).add_child(instance=page)
        return page


class AgencyPageFactory(PageFactory):
    """A department (sở) under the agency index; ``contact`` adds the
    address and phone printed on documents."""

    class Meta:
        model = AgencyPage

    class Params:
        contact = factory.Trait(
            address="Số 2 Trần Hưng Đạo, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
            phone="0263 3822 123",
        )

    title = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"cq{n}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    receiving_unit_code = "000.00.04.H41"

    @classmethod
    def _parent(cls):
        return agency_index()


class ProcedurePageFactory(PageFactory):
    """A procedure of an agency under the procedure index.

    ``components``: names or ``(name, originals, copies, required)``;
    ``coordinating``: agencies of a liên thông procedure; ``live=False``
    unpublishes it after creation."""

    class Meta:
        model = ProcedurePage

    title = "Đăng ký khai sinh"
    code = factory.Sequence(lambda n: f"1.8{n:05d}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"thu-tuc-{o.code.replace('.', '-')}-{n}")
    agency = factory.SubFactory(AgencyPageFactory)
    components = ()
    coordinating = ()

    @classmethod
    def _create(cls, model_class, *args, parent=None, components=(), coordinating=(), live=True, fees=None, **kwargs):
        # ``fee_vnd=N``: one "every channel" row of N đồng per dossier (the
        # schedule is the procedure's only fee); ``fees``: rows as dicts.
        fee_vnd = kwargs.pop("fee_vnd", None)
        exemptions = kwargs.pop("fee_exemptions", ())
        page = model_class(*args, **kwargs)
        rows = list(fees or ())
        if fee_vnd:
            rows.insert(0, {"name": "Lệ phí", "amount_vnd": fee_vnd})
        for position, row in enumerate(rows):
            page.fees.add(ProcedureFee(sort_order=position, **row))
        for position, row in enumerate(exemptions):
            page.fee_exemptions.add(ProcedureFeeExemption(sort_order=position, **row))
        for position, component in enumerate(components):
            name, originals, copies, required = (component, 1, 0, True) if isinstance(component, str) else component
            page.components.add(
                ProcedureComponent(
                    name=name, originals=originals, copies=copies, required=required, sort_order=position
                )
            )
        (parent or procedure_index()).add_child(instance=page)
        if coordinating:
            page.coordinating_agencies.set(coordinating)
            page.save()
        if not live:
            page.unpublish()
        return Page.objects.get(pk=page.pk).specific


# --- people ----------------------------------------------------------------------

OFFICER_PASSWORD = "Matkhau@2026"


class OfficerMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerMembership

    agency = factory.SubFactory(AgencyPageFactory)
    role = OfficerRole.OFFICER


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    name = "Ứng dụng xác thực"
    confirmed = True


class OfficerFactory(factory.django.DjangoModelFactory):
    """A staff user; with ``agency`` also their membership (``role``); with
    ``two_factor`` a confirmed TOTP device (``login`` verifies the session)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        agency = None
        role = OfficerRole.OFFICER
        two_factor = False

    username = factory.Sequence(lambda n: f"canbo-{n}")
    password = factory.django.Password(OFFICER_PASSWORD)
    first_name = "Cán bộ"
    last_name = factory.SelfAttribute("username")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    is_staff = True

    membership = factory.Maybe(
        "agency",
        yes_declaration=factory.RelatedFactory(
            OfficerMembershipFactory,
            factory_related_name="user",
            agency=factory.SelfAttribute("..agency"),
            role=factory.SelfAttribute("..role"),
        ),
    )
    device = factory.Maybe(
        "two_factor", yes_declaration=factory.RelatedFactory(TOTPDeviceFactory, factory_related_name="user")
    )


def login(client, user):
    """Password and a verified TOTP device, as the 2FA middleware expects."""
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDeviceFactory(user=user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# --- dossiers --------------------------------------------------------------------


def deliver(dossier):
    """Hand the dossier off to its agency (eager Celery, workspace backend)
    as the submission does, and check every branch was delivered."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        enqueue_handoff(dossier)
    states = set(HandOff.objects.filter(dossier=dossier).values_list("state", flat=True))
    assert states == {HandOffState.DELIVERED}, states
    return dossier


def _history(dossier, steps):
    """History rows ``[(to_status, at, note)]`` without touching the row."""
    previous = None
    for to_status, at, note in steps:
        DossierStatusChange.objects.create(
            dossier=dossier,
            from_status=previous,
            to_status=to_status,
            actor_label="Công dân" if previous is None else "Cán bộ",
            note=note,
            created_at=at,
        )
        previous = to_status


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier of a procedure (and its agency), online, status 1.

    Traits: ``submitted`` (history row of the online submission),
    ``handed_off`` (the delivered hand-off branch, so the agency's officers
    see it in their queue), ``overdue`` (in progress, due date passed),
    ``returned`` (finished on time and returned), ``paid`` /
    ``payment_pending`` (a fee, paid or awaiting payment),
    ``with_attachment`` (a PDF for every component of the procedure, or one
    when it has none)."""

    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            history=factory.PostGeneration(
                lambda d, create, extracted, **kw: (
                    create and _history(d, [(DossierStatus.NEW, d.received_at, "Nộp hồ sơ trực tuyến")])
                )
            )
        )
        overdue = factory.Trait(
            status=DossierStatus.PROCESSING,
            received_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10)),
            processing_days=Decimal("3"),
            due_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1)),
        )
        returned = factory.Trait(
            status=DossierStatus.RETURNED,
            received_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=6)),
            processing_days=Decimal("5"),
            due_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1)),
            completed_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1)),
            returned_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2)),
            result_place="Trả trực tiếp tại quầy",
        )
        paid = factory.Trait(
            fee_vnd=50000,
            payment_status=PaymentStatus.PAID,
            payment=factory.RelatedFactory(
                "tests.eforms.factories.PaymentTransactionFactory", factory_related_name="dossier"
            ),
        )
        payment_pending = factory.Trait(
            fee_vnd=50000,
            payment_status=PaymentStatus.PENDING,
            payment_due_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3)),
        )
        with_attachment = factory.Trait(
            attachment=factory.PostGeneration(lambda d, create, extracted, **kw: create and _attach(d))
        )
        handed_off = factory.Trait(
            handoff=factory.PostGeneration(lambda d, create, extracted, **kw: create and deliver(d))
        )
        unit_code = factory.LazyAttribute(lambda o: receiving_unit_code(o.procedure))

    procedure = factory.SubFactory(ProcedurePageFactory)
    code = factory.LazyAttribute(lambda o: allocate_dossier_code(o.unit_code, o.received_at))
    lookup_secret = factory.LazyFunction(generate_lookup_secret)
    procedure_code = factory.SelfAttribute("procedure.code")
    procedure_name = factory.SelfAttribute("procedure.title")
    agency = factory.SelfAttribute("procedure.agency")
    applicant_name = "Nguyễn Văn An"
    applicant_id_number = "079123456789"
    applicant_phone = "0912345678"
    applicant_email = "an.nguyen@example.vn"
    applicant_address = "12 Trần Phú, phường Xuân Hương - Đà Lạt"
    form_data = factory.LazyFunction(lambda: {"ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-01-01"})
    received_at = factory.LazyFunction(timezone.now)
    processing_days = factory.SelfAttribute("procedure.processing_days")

    # Declared last: post-generation hooks run in this order.
    attachment = None
    history = None
    payment = None
    handoff = None


def _attach(dossier):
    components = list(dossier.procedure.components.all().order_by("sort_order")) if dossier.procedure else []
    for component in components or [None]:
        name = component.name if component else "Giấy tờ kèm theo"
        attachment = DossierAttachment(
            dossier=dossier,
            component=component,
            component_name=name,
            original_name=f"{name}.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
        )
        attachment.file.save("x", ContentFile(PDF_BYTES), save=False)
        attachment.save()
    return dossier


class PaymentTransactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentTransaction

    dossier = factory.SubFactory(DossierFactory)
    provider = "sandbox"
    txn_ref = factory.Sequence(lambda n: f"TEST{n:08d}")
    amount_vnd = factory.SelfAttribute("dossier.fee_vnd")
    state = PaymentTransaction.State.PAID
    paid_at = factory.LazyFunction(timezone.now)


class HandOffFactory(factory.django.DjangoModelFactory):
    """One hand-off branch row (no delivery run): ``delivered`` marks it
    taken by the agency's workspace."""

    class Meta:
        model = HandOff

    class Params:
        delivered = factory.Trait(
            state=HandOffState.DELIVERED,
            attempts=1,
            dispatched_at=factory.LazyFunction(timezone.now),
            delivered_at=factory.LazyFunction(timezone.now),
        )

    dossier = factory.SubFactory(DossierFactory)
    agency = factory.SelfAttribute("dossier.agency")
    backend = BackendKind.WORKSPACE
    state = HandOffState.PENDING


class SubmissionDraftFactory(factory.django.DjangoModelFactory):
    """A citizen's draft of a procedure's current form version."""

    class Meta:
        model = SubmissionDraft

    procedure = factory.SubFactory(ProcedurePageFactory)
    form_version = factory.LazyAttribute(lambda o: current_version(o.procedure))
    submit_token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    data = factory.Dict({})


# --- shorthands of the submission tests ---------------------------------------------


def agency_page(home, **overrides):
    """A department with its contact details, under ``home``."""
    index = section(AgencyIndexPage, "Cơ quan", "co-quan", home)
    overrides.setdefault("title", "Sở Tư pháp tỉnh Lâm Đồng")
    return AgencyPageFactory(parent=index, contact=True, **overrides)


SUBMISSION_COMPONENTS = (("Tờ khai đăng ký", 1, 0, True), ("Giấy chứng nhận kết hôn", 0, 1, True))


def procedure_page(home, *, components=SUBMISSION_COMPONENTS, agency=None, live=True, **overrides):
    """A partial-online procedure with two components and a receiving
    address (its agency made with ``agency_page`` unless given)."""
    fields = {
        "online_level": "partial",
        "processing_days": Decimal("3"),
        "fee_vnd": 0,
        "receiving_address": "Trung tâm Phục vụ hành chính công tỉnh, Số 36 Trần Phú, phường Xuân Hương - Đà Lạt",
        **overrides,
    }
    return ProcedurePageFactory(
        parent=section(ProcedureIndexPage, "Thủ tục hành chính", "thu-tuc", home),
        agency=agency if agency is not None else agency_page(home),
        components=components,
        live=live,
        **fields,
    )


def applicant_answers(prefix=""):
    return {
        "applicant_name": "Nguyễn Thị Hồng Nhung",
        "applicant_id_number": "068190001234",
        "applicant_birth_date": "1990-05-17",
        "applicant_phone": "0912345678",
        "applicant_email": "nhung@example.vn",
        "applicant_address_province": "68",
        "applicant_address_ward": "",
        "applicant_address_street": "12 Phan Đình Phùng",
        "action": "next",
    }


def first_ward(province_code=68):
    return str(divisions.wards_of(province_code)[0][0])
