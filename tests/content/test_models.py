"""Model helpers of the catalogue: folding, formatting, grouping, the
department rule."""

from decimal import Decimal

import pytest

from content.templatetags.catalogue_tags import days, vnd
from content.text import catalogue_folded_name, collation_key, fold


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("  Đăng ký   KẾT hôn ") == "dang ky ket hon"
    assert fold(None) == ""
    folded = catalogue_folded_name("1.000894", "Đăng ký kết hôn", "lấy vợ")
    assert folded == collation_key("Đăng ký kết hôn") + " dang ky ket hon 1.000894 lay vo"


def test_money_and_days_read_the_vietnamese_way():
    assert vnd(150000) == "150.000 đồng"
    assert vnd(0) == "Không thu phí"
    assert days(Decimal("15.0")) == "15 ngày làm việc"
    assert days(Decimal("7.5")) == "7,5 ngày làm việc"
    assert days(None) == ""


@pytest.mark.django_db
def test_saving_a_procedure_keeps_its_folded_name(catalogue):
    from content.models import ProcedurePage

    page = ProcedurePage.objects.get(code="1.000894")
    assert "dang ky ket hon 1.000894" in page.folded_name
    page.title = "Đăng ký lại kết hôn"
    page.save(update_fields=["title"])
    page.refresh_from_db()
    assert page.folded_name.startswith(collation_key("Đăng ký lại kết hôn") + " dang ky lai ket hon")


@pytest.mark.django_db
def test_components_grouped_by_case_general_first(procedure_page):
    groups = procedure_page.numbered_component_groups()
    assert [case for case, _rows in groups] == ["", "Trường hợp ủy quyền"]
    assert [n for _case, rows in groups for n, _c in rows] == [1, 2, 3]
    assert [c.name for _n, c in groups[0][1]] == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


@pytest.mark.django_db
def test_online_flag_and_urls(procedure_page):
    assert procedure_page.is_online
    assert procedure_page.submit_url == "/nop-ho-so/1.001193/"
    assert procedure_page.pdf_url == procedure_page.url + "pdf/"
    assert procedure_page.applicant_labels == ["Công dân Việt Nam / cá nhân"]


@pytest.mark.django_db
def test_department_rule(catalogue, django_user_model):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from content.models import AgencyPage, DepartmentEditorGroup
    from content.permissions import department_agency_ids

    stp = AgencyPage.objects.get(code="stp")
    group = Group.objects.create(name="Biên tập — STP")
    DepartmentEditorGroup.objects.create(group=group, agency=stp)
    user = django_user_model.objects.create_user("u1", password="Matkhau@2026")
    assert department_agency_ids(user) is None  # no department group: not restricted
    user.groups.add(group)
    user = django_user_model.objects.get(pk=user.pk)
    assert department_agency_ids(user) == {stp.pk}
    # a province-wide group with page permissions lifts the restriction
    wide = Group.objects.create(name="Biên tập toàn tỉnh")
    GroupPagePermission.objects.create(
        group=wide, page=catalogue["home"], permission=Permission.objects.get(codename="change_page")
    )
    user.groups.add(wide)
    user = django_user_model.objects.get(pk=user.pk)
    assert department_agency_ids(user) is None
