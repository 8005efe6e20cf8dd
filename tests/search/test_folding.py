"""Vietnamese folding: what the index stores and how a query is read."""

import unicodedata

import pytest

from search.folding import fold, has_diacritics, search_key, search_text, tokens
from search.text import clean_query, correct_keys, edit_distance, highlight, looks_like_code, query_keys


@pytest.mark.parametrize(
    "text",
    ["Đăng ký kết hôn", "đăng ký kết hôn", "DANG KY KET HON", "dăng ky ket hon", "ĐĂNG KÝ KẾT HÔN", "dang ki ket hon"],
)
def test_all_spellings_of_a_name_give_the_same_keys(text):
    assert tokens(text) == ["dang", "ki", "ket", "hon"]


def test_nfd_input_folds_like_nfc():
    name = "Cấp Phiếu lý lịch tư pháp, đổi giấy phép lái xe, chứng thực bản sao"
    assert fold(unicodedata.normalize("NFD", name)) == fold(name)
    assert fold(name) == "cap phieu ly lich tu phap, doi giay phep lai xe, chung thuc ban sao"


def test_letters_with_two_marks_and_d_bar_fold():
    # What SQLite FTS5's default tokenizer leaves alone.
    assert fold("ế ấ ự ở ỹ ằ ẵ ộ Ữ đ Đ") == "e a u o y a a o u d d"


def test_i_y_spelling_variants_are_one_key():
    assert search_key("ký") == search_key("kí") == "ki"
    assert search_key("lý") == search_key("lí") == "li"
    assert search_key("quy") == search_key("qui") == "qui"
    # ...but not where y is part of a longer vowel: "tay" is not "tai".
    assert search_key("tay") == "tay"
    assert search_key("tai") == "tai"
    assert search_key("y") == "y"


def test_codes_stay_one_token():
    assert tokens("Thủ tục 1.000948.H38") == ["thu", "tuc", "1.000948.h38"]


def test_search_text_joins_folded_parts():
    assert search_text("Đổi bằng lái", None, "Sở Giao thông") == "doi bang lai so giao thong"


def test_has_diacritics():
    assert has_diacritics("dăng ky")
    assert has_diacritics("đ")
    assert not has_diacritics("DANG KY")


def test_clean_query_removes_control_characters_and_truncates():
    assert clean_query("  đăng\x00 ký\ufffd  kết\u200bhôn ") == "đăng ký kết hôn"
    long = "khai sinh " * 50
    cleaned = clean_query(long)
    assert len(cleaned) <= 200
    assert cleaned.endswith("sinh")


def test_query_keys_ignore_fts_and_lucene_syntax():
    assert query_keys('"khai" * : ( sinh ) - ~ ^') == ["khai", "sinh"]
    assert query_keys("!!! ??? ...") == []
    assert query_keys("😀🎉") == []


def test_code_detection():
    assert looks_like_code("1.001612")
    assert looks_like_code("1.000948.H38")
    assert looks_like_code("2.00")
    assert not looks_like_code("khai sinh")


def test_highlight_escapes_and_marks_folded_matches():
    html = highlight("Đăng ký <b>kết hôn</b>", ["dang", "ket"])
    assert html == "<mark>Đăng</mark> ký &lt;b&gt;<mark>kết</mark> hôn&lt;/b&gt;"


def test_edit_distance_counts_a_transposition_as_one():
    assert edit_distance("sihn", "sinh") == 1
    assert edit_distance("khai", "khai") == 0
    assert edit_distance("abc", "xyz", cap=1) == 2


def test_spelling_correction_uses_the_catalogue_words():
    vocabulary = {"khai": (10, "khai"), "sinh": (8, "sinh"), "dang": (20, "đăng"), "ki": (20, "ký")}
    assert correct_keys(["khai", "sihn"], vocabulary) == (["khai", "sinh"], ["khai", "sinh"], True)
    assert correct_keys(["dang", "ki"], vocabulary) == (None, None, False)  # nothing to correct
    assert correct_keys(["zzzzzz"], vocabulary) == (None, None, False)


def test_spelling_correction_prefers_known_word_pairs():
    vocabulary = {"ket": (10, "kết"), "hon": (5, "hôn"), "ho": (50, "hộ")}
    bigrams = {("ket", "hon"): 3}
    assert correct_keys(["ket", "hom"], vocabulary, bigrams)[0] == ["ket", "hon"]
    # Without the pair, the same-length substitution still beats the more
    # frequent deletion.
    assert correct_keys(["ket", "hom"], vocabulary)[0] == ["ket", "hon"]
