"""The officer's workspace in English (``?lang=en`` once, then the language
cookie): queue, dossier detail before and after acceptance, counter intake,
register, apology form and the leader's statistics. Only content (names,
answers, history notes typed by people) may stay Vietnamese."""

import pytest

from eforms.workspace.services import accept
from tests.english_pages import interface_words, leftover_vietnamese

from .conftest import WORKSPACE_COMPONENTS, login, make_officer

pytestmark = pytest.mark.django_db


def content_of(dossier, officer):
    values = [
        dossier.procedure_name,
        dossier.agency.title,
        dossier.applicant_name,
        dossier.applicant_address,
        dossier.result_place,
        officer.get_full_name(),
        *WORKSPACE_COMPONENTS,
        *[str(v) for v in dossier.form_data.values()],
        *[a.original_name for a in dossier.attachments.all()],
        *[a.component_name for a in dossier.attachments.all()],
    ]
    return sorted({v for v in values if v}, key=len, reverse=True)


def assert_english(response, content, name):
    assert response.status_code == 200, (name, response.status_code)
    html = response.content.decode()
    assert '<html lang="en">' in html, name
    left = leftover_vietnamese(html, content)
    assert interface_words(left) == [], (name, left)
    assert left == [], (name, left)


def test_workspace_in_english(officer_client, dossier, officer):
    content = content_of(dossier, officer)
    assert_english(officer_client.get("/can-bo/?lang=en"), content, "queue")
    assert_english(officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/"), content, "detail, new")
    accept(dossier, officer)
    assert_english(officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/"), content, "detail, accepted")
    assert_english(officer_client.get("/can-bo/tiep-nhan-tai-quay/"), content, "counter")
    assert_english(officer_client.get("/can-bo/bieu-mau/so-theo-doi-ho-so/"), content, "register")
    assert_english(officer_client.get(f"/can-bo/ho-so/{dossier.uuid}/phieu-xin-loi/"), content, "apology")


def test_leader_statistics_in_english(client, dossier, stp):
    leader = make_officer("lanhdao", stp, role="leader")
    login(client, leader)
    content = [*content_of(dossier, leader), stp.title, "QĐ-TTg"]  # a legal document number
    assert_english(client.get("/can-bo/thong-ke/?lang=en"), content, "statistics")


def test_supplement_pages_in_english(client, dossier, officer, django_capture_on_commit_callbacks):
    from eforms.workspace import services

    from .conftest import png_bytes, upload

    services.accept(dossier, officer)
    items = "Bản sao giấy khai sinh của người chồng"
    with django_capture_on_commit_callbacks(execute=True):
        services.request_supplement(dossier, officer, items)
    content = [*content_of(dossier, officer), items, dossier.agency.address or ""]
    client.get("/?lang=en")
    tracking = f"/tra-cuu-ho-so/?ma={dossier.code}&mtc={dossier.lookup_secret}"
    assert_english(client.get(tracking), content, "tracking, supplement")
    refused = client.post(
        "/tra-cuu-ho-so/bo-sung/",
        {
            "ma": dossier.code,
            "mtc": dossier.lookup_secret,
            "files": [upload("x.exe", b"MZ\x00", "application/x-msdownload")],
        },
    )
    assert refused.status_code in (200, 400)
    left = leftover_vietnamese(refused.content.decode(), content)
    assert interface_words(left) == [], left
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/tra-cuu-ho-so/bo-sung/",
            {"ma": dossier.code, "mtc": dossier.lookup_secret, "files": [upload("k.png", png_bytes(), "image/png")]},
        )
    assert done.status_code == 302
    assert_english(client.get(done["Location"]), content, "supplement received")
