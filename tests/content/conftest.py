"""Fixtures of the catalogue tests: a small site (home, sections), three
agencies, three fields and a handful of procedures built through the
importer — never the whole demo catalogue."""

import json

import pytest

AGENCIES = [
    {
        "code": "stp",
        "name": "Sở Tư pháp tỉnh Lâm Đồng",
        "level": "province",
        "kind": "department",
        "address": "Số 1 Trần Phú, phường Xuân Hương - Đà Lạt",
        "phone": "0263 3 822 111",
        "email": "stp@lamdong.gov.vn",
    },
    {
        "code": "sxd",
        "name": "Sở Xây dựng tỉnh Lâm Đồng",
        "level": "province",
        "kind": "department",
        "address": "Số 2 Trần Hưng Đạo, phường Xuân Hương - Đà Lạt",
    },
    {
        "code": "ubnd-xuan-huong",
        "name": "UBND phường Xuân Hương - Đà Lạt",
        "level": "commune",
        "kind": "committee",
        "address": "Số 2 Nguyễn Thị Minh Khai",
    },
]
FIELDS = [
    {"code": "ho-tich", "name": "Hộ tịch"},
    {"code": "ly-lich-tu-phap", "name": "Lý lịch tư pháp"},
    {"code": "xay-dung", "name": "Xây dựng"},
]


def procedure(code, name, **extra):
    record = {
        "code": code,
        "name": name,
        "level": "commune",
        "field": "ho-tich",
        "agency": "ubnd-xuan-huong",
        "online_level": "information",
        "applicants": ["citizen"],
        "summary": f"Tóm tắt: {name}.",
        "keywords": "",
        "processing_days": 5,
        "fee_vnd": 0,
        "steps": [
            {"title": "Bước 1: Nộp hồ sơ", "description": "Nộp tại Trung tâm Phục vụ hành chính công."},
            {"title": "Bước 2: Trả kết quả", "description": ""},
        ],
        "methods": [
            {
                "method": "in_person",
                "processing_time": "05 ngày làm việc",
                "fee": "Không",
                "description": "Nộp trực tiếp.",
            },
        ],
        "components": [
            {
                "case_group": "",
                "name": "Tờ khai theo mẫu",
                "originals": 1,
                "copies": 0,
                "required": True,
                "template_name": "Mẫu số 01/TK",
            },
        ],
        "legal_bases": [
            {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued_on": "2014-11-20", "issuer": "Quốc hội"},
        ],
        "result": "Giấy chứng nhận.",
        "conditions": "<p>Không.</p>",
        "receiving_address": "Trung tâm Phục vụ hành chính công phường Xuân Hương - Đà Lạt",
    }
    record.update(extra)
    return record


PROCEDURES = [
    procedure(
        "1.001193",
        "Đăng ký khai sinh",
        online_level="full",
        processing_days=None,
        processing_time_note="Ngay trong ngày tiếp nhận",
        keywords="giấy khai sinh, làm khai sinh",
        components=[
            {
                "case_group": "",
                "name": "Tờ khai đăng ký khai sinh",
                "originals": 1,
                "copies": 0,
                "required": True,
                "template_name": "Mẫu tờ khai khai sinh",
            },
            {
                "case_group": "Trường hợp ủy quyền",
                "name": "Văn bản ủy quyền được chứng thực",
                "originals": 1,
                "copies": 0,
                "required": False,
                "template_name": "",
            },
            {
                "case_group": "",
                "name": "Giấy chứng sinh",
                "originals": 1,
                "copies": 1,
                "required": True,
                "template_name": "",
            },
        ],
        methods=[
            {
                "method": "in_person",
                "processing_time": "Trong ngày",
                "fee": "Miễn lệ phí",
                "description": "Nộp tại Trung tâm Phục vụ hành chính công.",
            },
            {
                "method": "online",
                "processing_time": "Trong ngày",
                "fee": "Miễn lệ phí",
                "description": "Nộp trên Cổng dịch vụ công.",
            },
        ],
    ),
    procedure("1.000894", "Đăng ký kết hôn", online_level="partial", processing_days=3),
    procedure("1.000656", "Đăng ký khai tử", processing_days=1),
    procedure(
        "3.000333",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        level="province",
        field="ly-lich-tu-phap",
        agency="stp",
        online_level="full",
        processing_days=10,
        fee_vnd=200000,
        fee_description="200.000 đồng/lần/người",
    ),
    procedure(
        "1.009994",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        level="province",
        field="xay-dung",
        agency="sxd",
        online_level="partial",
        processing_days=15,
        fee_vnd=75000,
        coordinating_agencies=["stp"],
        applicants=["citizen", "organisation"],
    ),
]


def write_json(tmp_path, records, name="thu-tuc.json"):
    path = tmp_path / name
    path.write_text(
        json.dumps({"format": "portal.procedures/1", "procedures": records}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def build_site(tmp_dir, with_procedures=True):
    """Home page as the default site's root, the sections, agencies, fields
    and (optionally) the five procedures."""
    from wagtail.models import Locale, Page, Site

    from content import demo_loader
    from content.catalogue_io import import_procedures
    from content.models import HomePage

    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed Wagtail's tree
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "Cổng dịch vụ công"},
    )
    sections = demo_loader.ensure_site_tree()
    demo_loader.load_agencies(sections["co-quan"], AGENCIES)
    demo_loader.load_fields(sections["linh-vuc"], FIELDS)
    if with_procedures:
        report = import_procedures(write_json(tmp_dir, PROCEDURES))
        assert report.ok, report.lines()
    return {key: page.pk for key, page in sections.items()}


@pytest.fixture(scope="module")
def _module_catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per test module inside a transaction that is rolled back
    at the end of the module; each test runs in a savepoint of it."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_site(tmp_path_factory.mktemp("catalogue"))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def catalogue(_module_catalogue, db):
    """The site with five published procedures: ``{"home": HomePage,
    "thu-tuc": ProcedureIndexPage, ...}`` (fresh instances)."""
    from django.core.cache import cache
    from wagtail.models import Page

    cache.clear()
    return {key: Page.objects.get(pk=pk).specific for key, pk in _module_catalogue.items()}


@pytest.fixture
def site_tree(catalogue):
    return catalogue


@pytest.fixture
def procedure_page(catalogue):
    from content.models import ProcedurePage

    return ProcedurePage.objects.get(code="1.001193")


def admin_login(client, user):
    """Log in with a verified second factor, as the 2FA guard expects."""
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
