"""The e-form builder numbers the dossier components exactly as the public
procedure sheet does (grouped by case: the components for every case
first, then each case in the order it first appears), and "Thành phần hồ
sơ số" N binds the sheet's STT N."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from content.models import ProcedureComponent, ProcedurePage
from eforms.formdefs.models import ProcedureForm
from eforms.formdefs.schema import compile_form, default_schema

from .factories import login, procedure_page

pytestmark = pytest.mark.django_db

LOST = "Trường hợp bị mất"
PROXY = "Trường hợp ủy quyền"
# (case, name) in the editor's order (sort_order), cases interleaved
ROWS = [
    ("", "Tờ khai đề nghị cấp lại"),
    (LOST, "Văn bản trình báo mất"),
    ("", "Bản chụp căn cước"),
    (PROXY, "Văn bản ủy quyền có chứng thực"),
    (LOST, "Xác nhận của công an nơi mất"),
    ("", "Ảnh 4x6"),
]
PUBLIC_ORDER = [
    "Tờ khai đề nghị cấp lại",
    "Bản chụp căn cước",
    "Ảnh 4x6",
    "Văn bản trình báo mất",
    "Xác nhận của công an nơi mất",
    "Văn bản ủy quyền có chứng thực",
]


@pytest.fixture
def interleaved(wagtail_root, home_page):
    procedure = procedure_page(home_page, components=(), title="Cấp lại giấy phép", code="1.003003")
    for order, (case, name) in enumerate(ROWS):
        ProcedureComponent.objects.create(page=procedure, sort_order=order, case_group=case, name=name)
    procedure = ProcedurePage.objects.get(pk=procedure.pk)
    procedure.save_revision().publish()
    return ProcedurePage.objects.get(pk=procedure.pk)


def _file_step(number, label):
    value = {
        "label": label,
        "name": "tep_gan",
        "help_text": "",
        "required": True,
        "show_if_field": "",
        "show_if_value": "",
        "component_number": number,
        "allowed_types": ["pdf"],
        "max_size_mb": 5,
        "multiple": False,
    }
    return [{"type": "step", "value": {"title": "Giấy tờ", "intro": "", "fields": [{"type": "file", "value": value}]}}]


def public_numbers(client, procedure):
    html = client.get(procedure.url).content.decode()
    rows = re.findall(r'<td class="num stack-num">(\d+)</td>\s*<td class="stack-title">([^<]+)', html)
    return [(int(number), name.strip()) for number, name in rows]


def builder_numbers(client, form):
    url = reverse(ProcedureForm.snippet_viewset.get_url_name("edit"), args=(form.pk,))
    response = client.get(url)
    assert response.status_code == 200
    rows = re.findall(r'data-component-number="(\d+)"[^>]*>\d+\. ([^<]+)', response.content.decode())
    return [(int(number), name.strip()) for number, name in rows]


def test_builder_lists_components_in_the_public_order(client, interleaved):
    public = public_numbers(client, interleaved)
    assert [name for _n, name in public] == PUBLIC_ORDER
    assert [n for n, _name in public] == list(range(1, len(ROWS) + 1))

    form = ProcedureForm.objects.create(procedure=interleaved, title="Tờ khai", steps=[], live=False)
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "Quantri@2026-thu")
    staff = login(type(client)(), admin)
    assert builder_numbers(staff, form) == public


@pytest.mark.parametrize("number", range(1, len(ROWS) + 1))
def test_component_number_binds_the_sheets_stt(interleaved, number):
    form = ProcedureForm.objects.create(
        procedure=interleaved, title="Tờ khai", steps=_file_step(number, "Giấy tờ đính kèm"), live=False
    )
    schema = compile_form(ProcedureForm.objects.get(pk=form.pk))
    bound = next(f for s in schema["steps"] for f in s["fields"] if f.get("name") == "tep_gan")
    assert bound["component_name"] == PUBLIC_ORDER[number - 1]


def test_out_of_range_number_binds_nothing(interleaved):
    form = ProcedureForm.objects.create(
        procedure=interleaved, title="Tờ khai", steps=_file_step(len(ROWS) + 1, "Giấy tờ khác"), live=False
    )
    schema = compile_form(ProcedureForm.objects.get(pk=form.pk))
    bound = next(f for s in schema["steps"] for f in s["fields"] if f.get("name") == "tep_gan")
    assert bound["component_id"] is None
    # every component still gets its upload, in the public order
    uploads = [f["component_name"] for f in schema["steps"][-1]["fields"] if f["type"] == "file"]
    assert uploads == PUBLIC_ORDER


def test_default_form_uploads_follow_the_public_order(interleaved):
    schema = default_schema(interleaved)
    uploads = [f["component_name"] for s in schema["steps"] for f in s["fields"] if f["type"] == "file"]
    assert uploads == PUBLIC_ORDER


def test_component_list_in_english(interleaved):
    with translation.override("en"):
        html = render_to_string(
            "formdefs/admin/component_numbers.html",
            {"procedure": interleaved, "groups": interleaved.numbered_component_groups()},
        )
        empty = render_to_string("formdefs/admin/component_numbers.html", {"procedure": None, "groups": []})
    assert "Dossier components of procedure 1.003003" in html
    assert "Thành phần chung" not in html
    assert "Choose the procedure and save a draft" in empty
