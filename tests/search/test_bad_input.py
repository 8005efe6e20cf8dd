"""Odd input never breaks search: the page answers 200 with something
sensible, the API 200 or 400 with a message, never 500."""

import pytest

pytestmark = pytest.mark.django_db

NASTY = [
    "khai sinh " * 100,  # very long
    "!!! ??? ... ,,, ;;;",  # only punctuation
    '"khai sinh',  # unbalanced quote
    'khai* AND sinh OR "ket hon" NEAR(a b) NOT x',
    "title:khai (sinh) -kết ~hôn^2 {a} [b] \\ /",
    "😀 đăng ký 🎉",
    "Đăng ký мир 結婚 زواج",  # mixed scripts
    "\x00khai\x00sinh",
    "%",
    "_",
    "'; DROP TABLE wagtailcore_page; --",
    "<script>alert(1)</script>",
    "1.001612'",
    "0",
]
RAW_QUERY_STRINGS = [
    "q=%C3%28",
    "q=%FF%FE",
    "q=%00",
    "q=%E2%82",
    "q=kh%C3%A1i+%ED%A0%80",
    "q=a&page=-1",
    "q=a&page=1e9",
    "q=a&field=%00",
    "page=%C3%28",
]


@pytest.fixture
def small_catalogue(catalogue):
    return catalogue


def test_page_survives(client, small_catalogue):
    for q in NASTY:
        response = client.get("/tim-kiem/", {"q": q})
        assert response.status_code == 200, q
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html, q
        assert "Tìm kiếm thủ tục hành chính" in html, q


def test_api_survives(client, small_catalogue):
    for q in NASTY:
        response = client.get("/api/v1/procedures/search", {"q": q})
        assert response.status_code in (200, 400), q
        assert "detail" in response.json() or "results" in response.json(), q
        assert client.get("/api/v1/procedures/autocomplete", {"q": q}).status_code == 200, q


def test_broken_utf8_and_bad_params_in_the_url(client, small_catalogue):
    for raw in RAW_QUERY_STRINGS:
        assert client.get(f"/tim-kiem/?{raw}").status_code == 200, raw
        assert client.get(f"/api/v1/procedures/search?{raw}").status_code in (200, 400), raw
        assert client.get(f"/api/v1/procedures/autocomplete?{raw}").status_code == 200, raw
        assert client.get(f"/api/v1/procedures/?{raw}").status_code in (200, 400), raw


def test_long_query_is_truncated(client, small_catalogue):
    data = client.get("/api/v1/procedures/search", {"q": "khai sinh " * 100}).json()
    assert len(data["query"]) <= 200
    assert data["results"][0]["name"] == "Đăng ký khai sinh"


def test_emoji_around_words_are_ignored(client, small_catalogue):
    data = client.get("/api/v1/procedures/search", {"q": "😀 khai sinh 🎉"}).json()
    assert data["results"][0]["name"] == "Đăng ký khai sinh"


def test_punctuation_only_query_explains_itself(client, small_catalogue):
    html = client.get("/tim-kiem/", {"q": "!!!"}).content.decode()
    assert "Từ khóa không có chữ hoặc số để tìm" in html
    response = client.get("/api/v1/procedures/search", {"q": "!!!"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Từ khóa không có chữ hoặc số để tìm. Hãy nhập tên hoặc mã thủ tục."


BAD_PARAMS = [
    ({"q": "khai sinh", "page": "abc"}, "Số trang không hợp lệ"),
    ({"q": "khai sinh", "page": "0"}, "Số trang không hợp lệ"),
    ({"q": "khai sinh", "level": "galaxy"}, "Cấp thực hiện không hợp lệ"),
    ({"q": "khai sinh", "online_level": "9"}, "Mức độ dịch vụ trực tuyến không hợp lệ"),
    ({"q": "khai sinh", "field": "khong-co"}, "Không có lĩnh vực với mã “khong-co”"),
    ({"q": "khai sinh", "agency": "khong-co"}, "Không có cơ quan với mã “khong-co”"),
    ({"q": ""}, "Thiếu từ khóa tìm kiếm"),
]


def test_bad_params_give_400_in_vietnamese(client, small_catalogue):
    for params, message in BAD_PARAMS:
        response = client.get("/api/v1/procedures/search", params)
        assert response.status_code == 400, params
        assert message in response.json()["detail"], params
        if "q" in params and params["q"]:
            listing = client.get("/api/v1/procedures/", {k: v for k, v in params.items() if k != "q"})
            assert listing.status_code == 400, params


def test_bad_params_in_english_with_lang_en(client, small_catalogue):
    response = client.get("/api/v1/procedures/search", {"q": "khai sinh", "page": "abc", "lang": "en"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid page number: it must be a positive integer."
    response = client.get("/api/v1/procedures/nope", {"lang": "en"})
    assert response.status_code == 404
    assert response.json()["detail"] == "No procedure with code “NOPE”."


def test_bad_filter_on_the_page_is_ignored_with_a_notice(client, small_catalogue):
    response = client.get("/tim-kiem/", {"q": "khai sinh", "level": "galaxy", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cấp thực hiện không hợp lệ" in html
    assert "Tìm thấy" in html
