"""The citizen rates a returned dossier once, through the link of its
status-10 notification; the rating is tied to the dossier, its agency,
procedure and officer, and the boards show the satisfaction share. Every bad
input gets a clear message and changes nothing."""

import pytest
from django.core.cache import cache

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import Dossier
from eforms.ratings.models import DossierRating

from ..factories import login
from .conftest import GOOD

pytestmark = pytest.mark.django_db
URL = "/danh-gia/"


def post(client, dossier, secret=None, lang="", **changes):
    data = {"ma": dossier.code, "mtc": secret or dossier.lookup_secret, **GOOD, **changes}
    return client.post(URL + (f"?lang={lang}" if lang else ""), {k: v for k, v in data.items() if v is not None})


def test_returned_dossier_rated_through_the_notification_link(client, returned, rating_link, officer, leader):
    assert f"ma={returned.code}" in rating_link and f"mtc={returned.lookup_secret}" in rating_link
    page = client.get(rating_link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đánh giá mức độ hài lòng" in html and returned.code in html
    for legend in ("Thông tin về thủ tục hành chính", "Thời gian giải quyết", "Thái độ của cán bộ, công chức"):
        assert f"<legend>{legend}" in html
    assert html.count("<fieldset") == 5 and "Rất hài lòng" in html and "Không hài lòng" in html
    assert returned.lookup_secret in html  # hidden field of the form, not shown as text
    assert f">{returned.lookup_secret}<" not in html

    response = post(client, returned)
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert "Cảm ơn Ông/Bà đã đánh giá." in thanks.content.decode()
    assert "Rất hài lòng." in thanks.content.decode()  # the overall score, 4.6 → 5

    rating = DossierRating.objects.get(dossier=returned)
    assert (rating.information, rating.timeliness, rating.attitude, rating.visits, rating.cost) == (5, 4, 5, 4, 5)
    assert rating.overall == 5  # 4.6 rounded
    assert rating.agency_id == returned.agency_id and rating.procedure_id == returned.procedure_id
    assert list(rating.officers.all()) == [officer]
    returned.refresh_from_db()
    assert returned.rating == 5 and returned.rating_comment == "Cán bộ tận tình."

    # the tracking page (the receipt's QR) now says it is rated
    track = client.get(f"/tra-cuu-ho-so/?ma={returned.code}&mtc={returned.lookup_secret}")
    assert "Ông/Bà đã đánh giá mức độ hài lòng" in track.content.decode()

    cache.clear()
    board = login(client, leader).get("/can-bo/thong-ke/")
    text = board.content.decode()
    assert board.status_code == 200
    assert "1 lượt đánh giá; 100,0% hài lòng" in text or "1 lượt đánh giá; 100.0% hài lòng" in text
    assert "Sở Tư pháp" in text and "canbo-stp" in text
    # the satisfied share per agency (row and total), field, procedure, officer and month
    assert text.count("Tỷ lệ hài lòng (lượt đánh giá)") >= 4
    assert text.replace("100.0%", "100,0%").count("100,0% (1)") >= 4


def test_tracking_page_of_a_returned_dossier_links_to_the_rating(client, returned):
    html = client.get(f"/tra-cuu-ho-so/?ma={returned.code}&mtc={returned.lookup_secret}").content.decode()
    assert f'href="/danh-gia/?ma={returned.code}&amp;mtc={returned.lookup_secret}"' in html


def test_public_board_shows_the_satisfaction_share(client, returned):
    post(client, returned, attitude="1", visits="2", timeliness="2", cost="3", information="3")  # 2.2 → 2
    cache.clear()
    text = client.get("/thong-ke/").content.decode()
    assert "1 lượt đánh giá; 0,0% hài lòng" in text or "1 lượt đánh giá; 0.0% hài lòng" in text
    assert text.replace("0.0%", "0,0%").count("0,0% (1)") >= 2
    assert "Cán bộ tận tình" not in text  # no comments on the public board


@pytest.mark.parametrize(
    "secret,code", [("SAIMA1", None), (None, "000.00.00.H99-991231-0001"), ("", None), ("\x00", None)]
)
def test_wrong_secret_and_unknown_code_get_the_same_403(client, returned, secret, code):
    data = {**GOOD, "ma": code or returned.code, "mtc": returned.lookup_secret if secret is None else secret}
    response = client.post(URL, data)
    assert response.status_code == 403
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu đã nhập" in response.content.decode()
    got = client.get(URL, {"ma": data["ma"], "mtc": data["mtc"]})
    assert got.status_code == 403
    assert not DossierRating.objects.exists()
    assert Dossier.objects.get(pk=returned.pk).rating is None


def test_second_rating_is_refused_and_the_first_kept(client, returned):
    assert post(client, returned).status_code == 302
    second = post(client, returned, attitude="1", comment="Sửa lại")
    assert second.status_code == 409
    assert "Mỗi hồ sơ chỉ được đánh giá một lần" in second.content.decode()
    rating = DossierRating.objects.get(dossier=returned)
    assert rating.attitude == 5 and rating.comment == "Cán bộ tận tình."
    again = client.get(URL, {"ma": returned.code, "mtc": returned.lookup_secret})
    assert again.status_code == 200 and "Hồ sơ này đã được đánh giá" in again.content.decode()
    assert "<fieldset" not in again.content.decode()


def test_dossier_not_yet_returned_cannot_be_rated(client, dossier):
    response = post(client, dossier)
    assert response.status_code == 409
    assert "Hồ sơ chưa được trả kết quả" in response.content.decode()
    assert client.get(URL, {"ma": dossier.code, "mtc": dossier.lookup_secret}).status_code == 409
    assert not DossierRating.objects.exists()


@pytest.mark.parametrize("value", ["0", "6", "-1", "abc", "", "5\x00", "4.5", "9" * 40])
def test_out_of_range_scores_are_form_errors(client, returned, value):
    response = post(client, returned, attitude=value)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng kiểm tra lại thông tin" in html and 'href="#id_attitude_0"' in html
    assert "Thái độ của cán bộ, công chức" in html
    assert "Cán bộ tận tình." in html  # what was typed is kept
    assert not DossierRating.objects.exists()


def test_missing_criterion_is_named(client, returned):
    response = post(client, returned, cost=None)
    assert response.status_code == 400
    assert "Vui lòng chọn mức độ hài lòng về “Chi phí”." in response.content.decode()


def test_html_and_nul_in_the_comment_are_plain_text(client, returned):
    hostile = "<script>alert(1)</script>\x00 <b>tốt</b>"
    assert post(client, returned, comment=hostile).status_code == 302
    rating = DossierRating.objects.get(dossier=returned)
    assert rating.comment == "<script>alert(1)</script> <b>tốt</b>"
    html = client.get(URL, {"ma": returned.code, "mtc": returned.lookup_secret}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_oversized_comment_is_a_form_error(client, returned):
    response = post(client, returned, comment="x" * 1_000_000)
    assert response.status_code == 400
    assert "Ý kiến tối đa 2000 ký tự" in response.content.decode()
    assert not DossierRating.objects.exists()


def test_rate_limit_per_address(client, returned, settings):
    settings.RATE_LIMITS = {"rating": (3, 600)}
    for _ in range(3):
        client.get(URL, {"ma": returned.code, "mtc": "SAI"})
    response = post(client, returned)
    assert response.status_code == 429
    assert "thao tác quá nhiều lần" in response.content.decode()
    assert not DossierRating.objects.exists()


def test_page_without_a_code_asks_for_both(client):
    html = client.get(URL).content.decode()
    assert 'name="ma"' in html and 'name="mtc"' in html and "<label" in html


def test_english(client, returned):
    response = client.get(URL, {"ma": returned.code, "mtc": returned.lookup_secret, "lang": "en"})
    html = response.content.decode()
    assert response.status_code == 200, html[-3000:]
    assert "Satisfaction rating" in html and "Very satisfied" in html and "Officers’ attitude" in html
    wrong = client.post(URL + "?lang=en", {**GOOD, "ma": returned.code, "mtc": "SAI"})
    assert wrong.status_code == 403 and "No dossier was found" in wrong.content.decode()
    again = post(client, returned, lang="en", attitude="7")
    assert again.status_code == 400 and "is not valid" in again.content.decode()


def test_get_and_head_only_plus_post(client):
    assert client.put(URL).status_code == 405
    assert DossierStatus.RETURNED == 10
