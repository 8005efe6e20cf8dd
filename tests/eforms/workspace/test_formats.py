"""One format for money and dates on the officer's and the citizen's pages
(``200.000 đ``, ``dd/mm/yyyy HH:MM``: the ``money``/``vndate``/``vndatetime``
filters of ``eforms_tags``), and typed cells in the XLSX exports (Excel
dates with a dd/mm/yyyy format, amounts as numbers with a thousands
format)."""

import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from eforms.dossiers.templatetags.eforms_tags import money, vndate, vndatetime

from .conftest import make_dossier

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "value, text",
    [(200000, "200.000 đ"), ("1500000", "1.500.000 đ"), (0, "0 đ"), (None, None), ("abc", "abc"), ("", "")],
)
def test_money(value, text):
    assert money(value) == text


def test_dates():
    moment = dt.datetime(2026, 12, 1, 2, 5, tzinfo=dt.UTC)  # 09:05 in Hà Nội
    assert vndatetime(moment) == "01/12/2026 09:05"
    assert vndate(moment) == "01/12/2026"
    assert vndate(dt.date(2026, 5, 17)) == "17/05/2026"
    assert vndate("2026-05-17") == vndatetime("2026-05-17") == "17/05/2026"
    assert vndate(None) == "" and vndate("không phải ngày") == "không phải ngày"


def test_officer_detail_shows_money_and_dates(officer_client, procedure):
    received = dt.datetime(2026, 11, 20, 8, 30, tzinfo=HCM)
    dossier = make_dossier(procedure, received_at=received, fee_vnd=200000)
    html = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/").content.decode()
    assert "200.000 đ" in html and "200000 đ" not in html
    assert "20/11/2026 08:30" in html
    assert not re.search(r">\s*2026-\d\d-\d\d", html)  # no ISO date shown as text
    english = officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/?lang=en").content.decode()
    assert "200.000 đ" in english and "20/11/2026 08:30" in english


def test_queue_xlsx_has_real_dates_and_numbers(officer_client, procedure):
    received = dt.datetime(2026, 11, 20, 8, 30, tzinfo=HCM)
    dossier = make_dossier(procedure, received_at=received, fee_vnd=1250000)
    response = officer_client.get("/can-bo/xuat/danh-sach.xlsx?q=" + dossier.code)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=False))
    received_cell = row["Ngày tiếp nhận"]
    assert isinstance(received_cell.value, dt.datetime)
    assert received_cell.value == received.replace(tzinfo=None)  # local wall time, no zone
    assert received_cell.number_format.startswith("dd/mm/yyyy")
    assert isinstance(row["Hẹn trả kết quả"].value, dt.datetime)
    fee = row["Phí, lệ phí (đồng)"]
    assert fee.value == 1250000 and fee.data_type == "n" and fee.number_format == "#,##0"
    assert row["Mã hồ sơ"].data_type == "s"
    csv_text = officer_client.get("/can-bo/xuat/danh-sach.csv?q=" + dossier.code).content.decode("utf-8-sig")
    assert "20/11/2026 08:30" in csv_text and "1250000" in csv_text


def test_stats_xlsx_counts_are_numbers(client, home_page):
    from eforms.workspace.stats import export

    formats = {fmt for _h, _g, _v, fmt in export.columns()}
    assert "#,##0" in formats and "0" not in formats
    assert timezone.now()  # the module imports without a request
