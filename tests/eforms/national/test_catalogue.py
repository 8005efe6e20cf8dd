"""Catalogue refresh from the national procedure database: update by code,
keep what editors added, add, withdraw, report; hostile feeds refused
record by record."""

import io
import json

import pytest
from django.core.management import call_command

from content.catalogue_io import import_procedures
from content.models import ProcedurePage
from eforms.national import catalogue
from eforms.national.constants import FaultMode, RefreshOutcome
from eforms.national.models import CatalogueRefresh, SandboxFault
from eforms.national.sandbox import feed as sandbox_feed
from tests.eforms.factories import home_page, procedure_index

pytestmark = pytest.mark.django_db

UNCHANGED = ("1.000894", "1.001612")
SEEDED = (sandbox_feed.CHANGED_CODE, sandbox_feed.WITHDRAWN_CODE, *UNCHANGED)
LOCAL_ONLY = ("agency", "field", "coordinating_agencies")


@pytest.fixture
def seeded(db):
    home_page()
    procedure_index()
    records = [r for r in sandbox_feed._load("procedures.json") if r["code"] in SEEDED]
    assert len(records) == len(SEEDED)
    for record in records:
        for key in LOCAL_ONLY:
            record.pop(key, None)
    data = json.dumps({"format": "portal.procedures/1", "procedures": records}, ensure_ascii=False).encode()
    report = import_procedures(io.BytesIO(data), filename="seed.json")
    assert report.ok, report.lines()
    return {p.code: p for p in ProcedurePage.objects.filter(code__in=SEEDED)}


def _feed(*codes):
    wanted = set(codes) | {sandbox_feed.ADDED_CODE}
    return [r for r in sandbox_feed.catalogue_feed() if r["MATTHC"] in wanted]


def _report():
    return CatalogueRefresh.objects.create(trigger="test")


def test_refresh_reports_added_updated_unchanged_withdrawn(seeded):
    report = _report()
    catalogue.apply_feed(_feed(*SEEDED), report)
    assert report.rejected == []
    assert report.added == [sandbox_feed.ADDED_CODE]
    assert report.updated == [sandbox_feed.CHANGED_CODE]
    assert sorted(report.unchanged) == sorted(UNCHANGED)
    assert report.withdrawn == [sandbox_feed.WITHDRAWN_CODE]
    changed = ProcedurePage.objects.get(code=sandbox_feed.CHANGED_CODE)
    assert changed.decision_number == sandbox_feed.CHANGED_DECISION
    assert not ProcedurePage.objects.get(code=sandbox_feed.WITHDRAWN_CODE).live
    added = ProcedurePage.objects.get(code=sandbox_feed.ADDED_CODE)
    assert added.live and "sandbox" in added.title
    # a second run changes nothing
    again = _report()
    catalogue.apply_feed(_feed(*SEEDED), again)
    assert again.added == [] and again.updated == [] and again.withdrawn == []
    assert sorted(again.unchanged) == sorted([*UNCHANGED, sandbox_feed.CHANGED_CODE, sandbox_feed.ADDED_CODE])


def test_local_additions_are_kept(seeded):
    page = seeded[sandbox_feed.CHANGED_CODE].specific
    page.keywords = "làm giấy khai sinh cho con"
    page.summary = "Tóm tắt do biên tập viên của tỉnh viết."
    page.online_level = "full"
    page.save_revision().publish()
    report = _report()
    catalogue.apply_feed(_feed(sandbox_feed.CHANGED_CODE), report)
    assert report.updated == [sandbox_feed.CHANGED_CODE]
    page = ProcedurePage.objects.get(code=sandbox_feed.CHANGED_CODE)
    assert page.decision_number == sandbox_feed.CHANGED_DECISION
    assert page.keywords == "làm giấy khai sinh cho con"
    assert page.summary == "Tóm tắt do biên tập viên của tỉnh viết."
    assert page.online_level == "full"


def test_empty_national_value_does_not_blank_a_local_one(seeded):
    national = _feed(UNCHANGED[0])
    record = next(r for r in national if r["MATTHC"] == UNCHANGED[0])
    record["CANCUPHAPLY"] = []
    record["YEUCAU"] = ""
    before = ProcedurePage.objects.get(code=UNCHANGED[0])
    report = _report()
    catalogue.apply_feed(national, report)
    assert UNCHANGED[0] in report.unchanged
    after = ProcedurePage.objects.get(code=UNCHANGED[0])
    assert after.legal_bases.count() == before.legal_bases.count() > 0


def test_hostile_feed_is_refused_record_by_record(seeded):
    national = _feed(sandbox_feed.CHANGED_CODE)
    changed = next(r for r in national if r["MATTHC"] == sandbox_feed.CHANGED_CODE)
    changed["YEUCAU"] = '<p>Điều kiện</p><script>alert("x")</script><a href="javascript:alert(1)">bấm</a>'
    changed["TENTTHC"] = "Đăng ký khai sinh\x00"
    national += [
        {"TENTTHC": "Không có mã"},
        {"MATTHC": "1.999902", "TENTTHC": "x" * 600},
        {"MATTHC": "1.999903", "TENTTHC": "Bước sai kiểu", "TRINHTUTHUCHIEN": "bước 1"},
        {"MATTHC": "<img src=x onerror=alert(1)>", "TENTTHC": "Mã độc"},
        "không phải đối tượng",
        {"MATTHC": "1.999904", "TENTTHC": "Cấp không tồn tại", "CAPTHUCHIEN": "Cấp Ngân hà"},
    ]
    report = _report()
    catalogue.apply_feed(national, report)
    reasons = " | ".join(f"{r['code']}: {r['reason']}" for r in report.rejected)
    assert len(report.rejected) == 6, reasons
    assert "thiếu mã thủ tục" in reasons
    assert "danh sách các đối tượng" in reasons
    # the good records still went in
    assert report.updated == [sandbox_feed.CHANGED_CODE]
    assert report.added == [sandbox_feed.ADDED_CODE]
    page = ProcedurePage.objects.get(code=sandbox_feed.CHANGED_CODE)
    assert "<script" not in page.conditions and "javascript:" not in page.conditions
    assert "Điều kiện" in page.conditions
    assert "\x00" not in page.title
    assert not ProcedurePage.objects.filter(code__in=["1.999902", "1.999903", "1.999904"]).exists()


def test_refresh_through_the_sandbox_stores_its_report(seeded, monkeypatch):
    # the sandbox serves only the seeded procedures (the whole demo feed would
    # create ~150 pages)
    subset = _feed(*SEEDED)
    monkeypatch.setattr("eforms.national.sandbox.receiver.catalogue_feed", lambda: subset)
    report = catalogue.refresh(trigger="test")
    assert report.outcome == RefreshOutcome.OK, report.error
    assert report.counts() == {"added": 1, "updated": 1, "unchanged": 2, "withdrawn": 1, "rejected": 0}
    assert report.finished_at is not None


def test_malformed_answer_fails_the_refresh_and_changes_nothing(seeded):
    SandboxFault.objects.create(mode=FaultMode.MALFORMED)
    report = catalogue.refresh(trigger="test")
    assert report.outcome == RefreshOutcome.FAILED
    assert "malformed answer" in report.error
    assert ProcedurePage.objects.get(code=sandbox_feed.CHANGED_CODE).decision_number != sandbox_feed.CHANGED_DECISION
    assert not ProcedurePage.objects.filter(code=sandbox_feed.ADDED_CODE).exists()


def test_feed_that_is_not_a_list_fails(seeded):
    report = _report()
    with pytest.raises(catalogue.MappingError):
        catalogue.apply_feed({"MATTHC": "1.001193"}, report)


def test_demo_command_loads_the_first_refresh_once(seeded, monkeypatch):
    subset = _feed(*SEEDED)
    monkeypatch.setattr("eforms.national.management.commands.load_demo_national.catalogue_feed", lambda: subset)
    out = io.StringIO()
    call_command("load_demo_national", stdout=out)
    report = CatalogueRefresh.objects.get(trigger="load_demo_national")
    assert report.counts() == {"added": 1, "updated": 1, "unchanged": 2, "withdrawn": 1, "rejected": 0}
    call_command("load_demo_national", stdout=out)
    assert "already loaded" in out.getvalue()
    assert CatalogueRefresh.objects.count() == 1
