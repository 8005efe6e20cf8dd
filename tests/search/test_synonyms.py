"""The synonym and abbreviation dictionary: the default entries, editors'
changes in the admin (drafts do not count, publishing does, on every
worker), the Solr rules for OpenSearch and hostile input in the form."""

import pytest
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from search.models import SynonymEntry
from search.services import search_procedures
from search.synonyms import dictionary_version, expand, synonym_rules

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/catalogue_search/synonymentry/add/"


@pytest.fixture
def editor_client(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="test", confirmed=True)
    client.force_login(admin_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def codes(query):
    return [hit.page.code for hit in search_procedures(query).hits]


def test_default_dictionary_is_shipped_and_published():
    live = SynonymEntry.objects.filter(live=True)
    assert live.count() >= 150
    assert {"colloquial", "abbreviation", "old_name"} <= set(live.values_list("kind", flat=True))
    for terms in ["sổ đỏ", "tnhh", "bhxh", "bhyt", "cccd", "gcn", "qsdđ", "gplx", "hkd", "mst", "cmnd"]:
        assert live.filter(terms__icontains=terms).exists(), terms
    assert live.filter(terms__icontains="sở kế hoạch và đầu tư", replacement__icontains="sở tài chính").exists()


def test_rules_are_solr_lines_with_and_without_diacritics():
    rules = synonym_rules()
    assert len(rules) >= 150
    so_do = next(rule for rule in rules if rule.startswith("sổ đỏ, so do"))
    left, right = so_do.split(" => ")
    assert "bìa đỏ" in left and "bia do" in left
    assert "giấy chứng nhận quyền sử dụng đất" in right and "giay chung nhan quyen su dung dat" in right
    assert "sổ đỏ" in right  # the citizen's words are kept beside the name
    assert any(rule.startswith("cccd => cccd, căn cước công dân, can cuoc cong dan") for rule in rules)
    for rule in rules:
        assert rule.count("=>") <= 1 and "\n" not in rule and "<" not in rule


def test_expansion_replaces_phrases_not_words():
    variants = expand(["lam", "so", "do"])
    assert variants[0] == [(["lam", "so", "do"], [])]
    flat = [[k for typed, replacement in v for k in typed + replacement] for v in variants[1:]]
    assert ["cap", "giai", "chung", "nhan", "quyen", "su", "dung", "dat", "lan", "dau"] in flat or any(
        "quyen" in keys for keys in flat
    )
    assert expand(["so", "ho", "tich"])[1:] == []  # "sổ hộ tịch" is not "sổ hộ khẩu"


def test_editor_publishes_an_entry_and_search_follows_on_every_worker(editor_client, catalogue):
    assert "1.000656" not in codes("giay bao ma chay")
    version = dictionary_version()
    # A draft does not count.
    response = editor_client.post(
        ADD_URL,
        {"terms": "giấy báo ma chay", "replacement": "đăng ký khai tử", "kind": "colloquial", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = SynonymEntry.objects.get(terms="giấy báo ma chay")
    assert not entry.live
    assert "1.000656" not in codes("giay bao ma chay")
    # Publishing does: a new dictionary version every worker compares with.
    response = editor_client.post(
        f"/admin/snippets/catalogue_search/synonymentry/edit/{entry.pk}/",
        {
            "terms": "giấy báo ma chay",
            "replacement": "đăng ký khai tử",
            "kind": "colloquial",
            "note": "",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dictionary_version() != version
    assert codes("giay bao ma chay")[0] == "1.000656"
    assert any(rule.startswith("giấy báo ma chay, giay bao ma chay =>") for rule in synonym_rules())
    # Unpublished: gone again.
    response = editor_client.post(f"/admin/snippets/catalogue_search/synonymentry/unpublish/{entry.pk}/")
    assert response.status_code == 302
    assert "1.000656" not in codes("giay bao ma chay")


def test_deleting_an_entry_takes_effect(catalogue):
    entry = SynonymEntry.objects.create(terms="giấy báo ma chay", replacement="đăng ký khai tử", live=True)
    assert codes("giay bao ma chay")[0] == "1.000656"
    entry.delete()
    assert "1.000656" not in codes("giay bao ma chay")


def test_expansions_survive_a_cache_flush(catalogue):
    SynonymEntry.objects.create(terms="giấy báo ma chay", replacement="đăng ký khai tử", live=True)
    assert codes("giay bao ma chay")[0] == "1.000656"
    cache.clear()
    assert codes("giay bao ma chay")[0] == "1.000656"


@pytest.mark.parametrize(
    "terms, replacement, message",
    [
        ("", "đăng ký khai tử", "bắt buộc"),
        ("!!! ???", "đăng ký khai tử", "không có chữ hay số nào"),
        ("a" * 501, "đăng ký khai tử", "500"),
        ("giấy\x00báo", "đăng ký khai tử", "Null"),
        (", ".join(f"cụm {i}" for i in range(25)), "đăng ký khai tử", "Tối đa 20 cụm từ"),
        (" ".join(["từ"] * 13), "đăng ký khai tử", "tối đa 12 từ"),
    ],
)
def test_admin_form_refuses_bad_input_and_keeps_what_was_typed(editor_client, terms, replacement, message):
    before = SynonymEntry.objects.count()
    response = editor_client.post(
        ADD_URL,
        {"terms": terms, "replacement": replacement, "kind": "colloquial", "action-publish": "action-publish"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("error-message") - 200 : html.find("error-message") + 400]
    assert "đăng ký khai tử" in html  # nothing typed is lost
    assert SynonymEntry.objects.count() == before


def test_admin_form_escapes_html_and_rules_drop_it(editor_client):
    response = editor_client.post(
        ADD_URL,
        {
            "terms": "<script>alert(1)</script> sổ xanh",
            "replacement": "đăng ký khai tử => x",
            "kind": "colloquial",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302
    listing = editor_client.get("/admin/snippets/catalogue_search/synonymentry/").content.decode()
    assert "<script>alert(1)</script>" not in listing
    rule = next(rule for rule in synonym_rules() if "sổ xanh" in rule)
    assert "<" not in rule and rule.count("=>") == 1
