"""Mẫu số 05 of Circular 03/2025/TT-VPCP, "Thông báo dừng giải quyết hồ
sơ": issued for a dossier the officer stopped (the workspace's "Dừng xử
lý", status 8) with the reason of that history row and the procedure's
legal basis; the officer downloads it from the dossier's forms (same access
check, audited); a dossier that was not stopped gets a clear page, never a
PDF or a 500.

``FORMS_PNG_DIR=/tmp/forms`` keeps a PNG of the rendered notice."""

import pytest
from django.db import connection
from django.urls import reverse

from content.models.catalogue import ProcedureLegalBasis
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.documents.stop import NotStopped, stop_notice_pdf
from eforms.dossiers.models import AuditEvent, DossierStatusChange
from eforms.workspace.services.transitions import reject
from tests.eforms.dossiers.test_official_forms import (  # noqa: F401 - fixtures
    at,
    dossier,
    flat,
    make_dossier,
    officer,
    officer_client,
    pdf_text,
    stp,
)
from tests.eforms.factories import AgencyPageFactory, OfficerFactory, login

pytestmark = pytest.mark.django_db
REASON = "Hồ sơ giả mạo giấy tờ: Bản chụp CCCD không khớp với dữ liệu quốc gia về dân cư."


def url(item):
    return reverse("workspace:form_stop", args=[item.uuid])


def test_notice_of_a_stopped_dossier(dossier, officer):  # noqa: F811
    ProcedureLegalBasis.objects.create(
        page=dossier.procedure, number="Luật số 28/2009/QH12", title="Luật Lý lịch tư pháp", sort_order=0
    )
    reject(dossier, officer, REASON)
    dossier.refresh_from_db()
    text = flat(pdf_text(stop_notice_pdf(dossier), "mau-05"))
    for expected in (
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "SỞ TƯ PHÁP",
        f"Số: {dossier.code}/TBDGQ",
        f"mã hồ sơ {dossier.code}",
        "Kính gửi: Ông/Bà Nguyễn Thị Hồng Nhung",
        "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "Căn cứ quy định tại Luật số 28/2009/QH12 Luật Lý lịch tư pháp",
        "thông báo dừng giải quyết hồ sơ",
        REASON,
        "GIÁM ĐỐC SỞ",
        "Trần Văn Minh",
        "Cán bộ xử lý hồ sơ: Lê Thị Hoa",
    ):
        assert expected in text, expected


def test_reason_with_markup_is_printed_as_text(dossier, officer):  # noqa: F811
    reject(dossier, officer, "<script>alert(1)</script> & <b>lý do</b>")
    dossier.refresh_from_db()
    text = flat(pdf_text(stop_notice_pdf(dossier)))
    assert "<script>alert(1)</script> & <b>lý do</b>" in text
    assert "Căn cứ quy định tại các văn bản quy phạm pháp luật" in text  # no legal basis listed


@pytest.mark.parametrize("status", [DossierStatus.PROCESSING, DossierStatus.NOT_ACCEPTED, DossierStatus.WITHDRAWN])
def test_no_notice_for_a_dossier_not_stopped(stp, officer, status):  # noqa: F811
    with pytest.raises(NotStopped):
        stop_notice_pdf(make_dossier(stp, officer, status=status))


def test_status_eight_without_its_history_row_has_no_notice(stp, officer):  # noqa: F811
    with pytest.raises(NotStopped):
        stop_notice_pdf(make_dossier(stp, officer, status=DossierStatus.STOPPED))


def test_officer_downloads_the_notice_audited(officer_client, dossier, officer):  # noqa: F811
    reject(dossier, officer, REASON)
    page = officer_client.get(reverse("workspace:detail", args=[dossier.uuid])).content.decode()
    assert url(dossier) in page and "Mẫu 05 — Thông báo dừng giải quyết hồ sơ" in page
    assert "Mẫu 06 — Phiếu kiểm soát" in page and "Mẫu 07 — Sổ theo dõi hồ sơ" in page
    response = officer_client.get(url(dossier))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f"thong-bao-dung-giai-quyet-{dossier.code}.pdf" in response["Content-Disposition"]
    assert REASON in flat(pdf_text(response.content))
    assert AuditEvent.objects.filter(dossier=dossier, allowed=True, target__startswith="Mẫu 05 thông báo").count() == 1


def test_dossier_not_stopped_gets_a_clear_page(officer_client, dossier):  # noqa: F811
    page = officer_client.get(reverse("workspace:detail", args=[dossier.uuid])).content.decode()
    assert url(dossier) not in page
    response = officer_client.get(url(dossier))
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert "không bị dừng giải quyết" in response.content.decode()
    english = officer_client.get(url(dossier), {"lang": "en"})
    assert english.status_code == 404
    assert "was not stopped" in english.content.decode()


def test_officer_of_another_agency_cannot_open_the_notice(client, dossier, officer, home_page):  # noqa: F811
    reject(dossier, officer, REASON)
    login(client, OfficerFactory(username="canbo-sxd", agency=AgencyPageFactory(title="Sở Xây dựng", code="sxd")))
    assert client.get(url(dossier)).status_code in (403, 404)
    assert AuditEvent.objects.filter(dossier=dossier, allowed=False).count() == 1


@pytest.mark.parametrize("post", [{"x": "\x00"}, {}])
def test_only_get(officer_client, dossier, post):  # noqa: F811
    assert officer_client.post(url(dossier), post).status_code == 405


def test_nul_bytes_and_a_long_reason_still_print(stp, officer):  # noqa: F811
    stopped = make_dossier(stp, officer, status=DossierStatus.STOPPED)
    DossierStatusChange.objects.create(
        dossier=stopped,
        from_status=DossierStatus.PROCESSING,
        to_status=DossierStatus.STOPPED,
        actor=officer,
        actor_label="Lê Thị Hoa",
        # PostgreSQL stores no NUL byte; other control characters it keeps
        note=("Lý do\x00 dừng " if connection.vendor == "sqlite" else "Lý do\x07 dừng ") + "rất dài " * 250,
        created_at=at(16, 10, 0),
    )
    text = flat(pdf_text(stop_notice_pdf(stopped)))
    assert "Lý do dừng rất dài" in text and "\x00" not in text and "\x07" not in text
