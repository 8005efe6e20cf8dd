"""Department editors build the e-forms of their own department's
procedures (issue 10): draft → submit → approve → publish through the
workflow "Phê duyệt thủ tục", with real users in the demo's editorial
groups and real 2FA-verified admin sessions; another department's editor
gets 403 or does not see the form; hostile builder input is a form error."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import WorkflowContentType, WorkflowState

from content.editorial import APPROVERS, EDITORS, setup_editorial
from eforms.dossiers.models import Dossier
from eforms.formdefs.editorial import setup_form_editorial
from eforms.formdefs.models import FormVersion, ProcedureForm
from eforms.formdefs.plaintext import validate_plain_text

from . import helpers
from .factories import agency_page, login, procedure_page

pytestmark = pytest.mark.django_db

PASSWORD = "Bientap@2026-thu"


def url(name, *args):
    return reverse(ProcedureForm.snippet_viewset.get_url_name(name), args=args)


@pytest.fixture
def departments(wagtail_root, home_page):
    """Two departments with one procedure each, the editorial groups of the
    demo (``setup_editorial``) and the e-form permissions and workflow
    (``setup_form_editorial``)."""
    stp = agency_page(home_page, title="Sở Tư pháp", code="stp")
    sxd = agency_page(home_page, title="Sở Xây dựng", code="sxd")
    ours = procedure_page(home_page, agency=stp, title="Cấp phiếu lý lịch tư pháp", code="1.001001")
    theirs = procedure_page(home_page, agency=sxd, title="Cấp giấy phép xây dựng", code="1.002002")
    groups = setup_editorial()
    setup_form_editorial()
    return {"stp": stp, "sxd": sxd, "ours": ours, "theirs": theirs, "groups": groups}


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", PASSWORD)
    user.groups.add(*groups)
    return user


def _client(user):
    return login(Client(), user)


@pytest.fixture
def editor_stp(departments):
    return _client(_user("bientap-stp", departments["groups"]["departments"]["stp"]))


@pytest.fixture
def editor_sxd(departments):
    return _client(_user("bientap-sxd", departments["groups"]["departments"]["sxd"]))


@pytest.fixture
def approver(departments):
    return _client(_user("pheduyet", departments["groups"]["approvers"]))


def stream_data(component_number=1, label="Bản sao giấy tờ tùy thân"):
    """The POST of the builder's steps as Wagtail's StreamField widget
    sends it: one step with the applicant block, a text question and a
    file question bound to a component by its public number."""
    prefix = "steps-0-value-fields"
    data = {
        "steps-count": "1",
        "steps-0-type": "step",
        "steps-0-deleted": "",
        "steps-0-order": "0",
        "steps-0-id": "",
        "steps-0-value-title": "Thông tin người yêu cầu",
        "steps-0-value-intro": "",
        f"{prefix}-count": "3",
    }
    for index, kind in enumerate(("applicant", "text", "file")):
        data.update(
            {
                f"{prefix}-{index}-type": kind,
                f"{prefix}-{index}-deleted": "",
                f"{prefix}-{index}-order": str(index),
                f"{prefix}-{index}-id": "",
            }
        )
    text = f"{prefix}-1-value"
    data.update(
        {
            f"{text}-max_length": "100",
            f"{text}-label": "Nơi sinh",
            f"{text}-name": "noi_sinh",
            f"{text}-help_text": "",
            f"{text}-required": "on",
            f"{text}-show_if_field": "",
            f"{text}-show_if_value": "",
        }
    )
    upload = f"{prefix}-2-value"
    data.update(
        {
            f"{upload}-component_number": str(component_number),
            f"{upload}-allowed_types": ["pdf", "png"],
            f"{upload}-max_size_mb": "5",
            f"{upload}-label": label,
            f"{upload}-name": "ban_sao_giay_to",
            f"{upload}-help_text": "",
            f"{upload}-required": "on",
            f"{upload}-show_if_field": "",
            f"{upload}-show_if_value": "",
        }
    )
    return data


def form_data(target, **overrides):
    data = {
        "procedure": str(target.pk),
        "title": "Tờ khai cấp phiếu lý lịch tư pháp",
        "intro": "Khai đúng như trên căn cước.",
        "declaration": "",
        **stream_data(),
    }
    data.update(overrides)
    return data


def create_draft(client, procedure, **overrides):
    response = client.post(url("add"), form_data(procedure, **overrides))
    assert response.status_code == 302, _errors(response)
    return ProcedureForm.objects.get(procedure=procedure)


def shown(response, message):
    """The message is on the page: as text, or in the StreamField's JSON
    (errors of the steps are rendered by Wagtail's block widget)."""
    html = response.content.decode()
    return message in html or json.dumps(message)[1:-1] in html


def _errors(response):
    text = response.content.decode()
    return f"{response.status_code}: {text[text.find('error-message') - 200 : text.find('error-message') + 400]}"


# --- the permission model ------------------------------------------------------------


def test_department_editor_lists_and_chooses_only_own_procedures(departments, editor_stp):
    response = editor_stp.get(url("add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1.001001 — Cấp phiếu lý lịch tư pháp" in html
    assert "1.002002" not in html
    # the menu and the listing are open to them (they used to be redirected away)
    assert editor_stp.get(url("list")).status_code == 200


def test_editor_of_department_a_builds_and_the_approver_publishes(departments, editor_stp, approver, client):
    ours = departments["ours"]
    form = create_draft(editor_stp, ours)
    assert form.live is False and form.has_unpublished_changes
    assert not FormVersion.objects.filter(form=form).exists()
    # the public e-form still uses the default form
    first = helpers.start(client, ours)
    default = first.form_version
    assert default.is_default

    # the editor may not publish, only submit for approval
    edit = editor_stp.get(url("edit", form.pk))
    assert edit.status_code == 200
    assert 'name="action-publish"' not in edit.content.decode()
    assert 'name="action-submit"' in edit.content.decode()
    response = editor_stp.post(url("edit", form.pk), {**form_data(ours), "action-submit": "Gửi duyệt"})
    assert response.status_code == 302, _errors(response)
    state = WorkflowState.objects.get(base_content_type__model="procedureform", object_id=str(form.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Phê duyệt thủ tục"
    form.refresh_from_db()
    assert form.live is False

    # the approver approves: the form is published and a version frozen
    task_state = state.current_task_state
    response = approver.post(url("workflow_action", form.pk, "approve", task_state.pk), {"comment": "Đồng ý"})
    assert response.status_code in (200, 302)
    form.refresh_from_db()
    assert form.live is True
    version = FormVersion.objects.get(form=form)
    names = [f.get("name") for s in version.schema["steps"] for f in s["fields"]]
    assert "noi_sinh" in names and "ban_sao_giay_to" in names

    # new dossiers use the new version; a dossier started before keeps its own
    fresh = helpers.start(client, ours)
    assert fresh.form_version_id == version.pk
    page = client.get(helpers.step_url(ours, fresh, 1))
    assert page.status_code == 200
    assert "Nơi sinh" in page.content.decode()
    # the draft started before keeps the default version, and still opens
    first.refresh_from_db()
    assert first.form_version_id == default.pk
    assert client.get(helpers.step_url(ours, first, 1)).status_code == 200
    assert not Dossier.objects.filter(form_version=version).exists()


def test_editor_of_another_department_gets_403_everywhere(departments, editor_stp, editor_sxd):
    form = create_draft(editor_stp, departments["ours"])
    revision = form.latest_revision
    # absent from their listing (the search too)
    listing = editor_sxd.get(url("list"))
    assert listing.status_code == 200
    assert form.title not in listing.content.decode()
    assert form.title not in editor_sxd.get(url("list_results"), {"q": "lý lịch"}).content.decode()
    assert form.title in editor_stp.get(url("list")).content.decode()
    # every view of the form answers 403
    for name, args in [
        ("edit", (form.pk,)),
        ("delete", (form.pk,)),
        ("history", (form.pk,)),
        ("history_results", (form.pk,)),
        ("usage", (form.pk,)),
        ("revisions_revert", (form.pk, revision.pk)),
        ("revisions_unschedule", (form.pk, revision.pk)),
        ("unpublish", (form.pk,)),
        ("lock", (form.pk,)),
        ("unlock", (form.pk,)),
        ("workflow_history", (form.pk,)),
    ]:
        assert editor_sxd.get(url(name, *args)).status_code == 403, name
    compare = reverse(
        ProcedureForm.snippet_viewset.get_url_name("revisions_compare"), args=(form.pk, "earliest", "latest")
    )
    assert editor_sxd.get(compare).status_code == 403
    # a forged POST changes nothing
    response = editor_sxd.post(url("edit", form.pk), form_data(departments["ours"], title="Bị sửa trộm"))
    assert response.status_code == 403
    assert "Thủ tục 1.001001" not in response.content.decode() or "cơ quan khác" in response.content.decode()
    form.refresh_from_db()
    assert form.title == "Tờ khai cấp phiếu lý lịch tư pháp"
    assert editor_sxd.post(url("delete", form.pk)).status_code == 403
    assert ProcedureForm.objects.filter(pk=form.pk).exists()


def test_delete_is_still_refused_with_the_delete_permission(departments, editor_stp, editor_sxd):
    """The department rule, not only the missing model permission."""
    departments["groups"]["departments"]["sxd"].permissions.add(
        Permission.objects.get(content_type__app_label="eforms", codename="delete_procedureform")
    )
    form = create_draft(editor_stp, departments["ours"])
    assert editor_sxd.post(url("delete", form.pk)).status_code == 403
    bulk = reverse("wagtail_bulk_action", args=("eforms", "procedureform", "delete"))
    editor_sxd.post(f"{bulk}?id={form.pk}", {})
    assert ProcedureForm.objects.filter(pk=form.pk).exists()


def test_editor_cannot_choose_another_departments_procedure(departments, editor_sxd):
    response = editor_sxd.post(url("add"), form_data(departments["ours"]))
    assert response.status_code == 200
    assert "Thủ tục này không có trong danh sách" in response.content.decode()
    assert not ProcedureForm.objects.exists()


def test_province_wide_editor_and_admin_keep_access(departments, editor_stp):
    form = create_draft(editor_stp, departments["ours"])
    editor = _client(_user("bientap", departments["groups"]["editors"]))
    assert departments["groups"]["editors"].name == EDITORS
    assert editor.get(url("edit", form.pk)).status_code == 200
    assert form.title in editor.get(url("list")).content.decode()
    html = editor.get(url("add")).content.decode()
    assert "1.002002" in html and "1.001001" not in html  # already has a form
    admin = _client(get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD))
    assert admin.get(url("edit", form.pk)).status_code == 200
    assert AdminURLFinder(get_user_model().objects.get(username="bientap-stp")).get_edit_url(form)


def test_approver_group_publishes_directly(departments, approver):
    assert departments["groups"]["approvers"].name == APPROVERS
    ours = departments["ours"]
    response = approver.post(url("add"), {**form_data(ours), "action-publish": "publish"})
    assert response.status_code == 302, _errors(response)
    form = ProcedureForm.objects.get(procedure=ours)
    assert form.live
    assert FormVersion.objects.filter(form=form).count() == 1


# --- hostile input in the builder -------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "<script>alert(1)</script>"},
        {"intro": 'Xem <a href="javascript:alert(1)">đây</a>'},
        {"title": "Tờ khai\x00"},
        {"steps-0-value-title": "<img src=x onerror=alert(1)>"},
        {"steps-0-value-fields-1-value-label": "<b>Nơi sinh</b>"},
        {"steps-0-value-fields-1-value-label": "Nơi\x00sinh"},
        {"steps-0-value-fields-2-value-help_text": "&#60;script&#62;"},
        {"steps-0-value-fields-2-value-component_number": "99999999999999999999"},
        {"steps-0-value-fields-2-value-max_size_mb": "abc"},
        {"title": "x" * 300},
        {"procedure": "1\x00"},
        {"procedure": ""},
    ],
)
def test_hostile_field_values_are_form_errors(departments, editor_stp, overrides):
    response = editor_stp.post(url("add"), form_data(departments["ours"], **overrides))
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert not ProcedureForm.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"steps-count": "1000000000"},
        {"steps-count": "nhiều"},
        {"steps-0-value-fields-count": "-5x"},
        {"steps-0-value-fields-2-order": "\x00"},
        {"steps-count": "9" * 5000},
    ],
)
def test_malformed_stream_is_a_form_error(departments, editor_stp, overrides):
    response = editor_stp.post(url("add"), form_data(departments["ours"], **overrides))
    assert response.status_code == 200
    assert shown(response, "Dữ liệu các bước của tờ khai không hợp lệ")
    assert not ProcedureForm.objects.exists()


def test_missing_stream_keys_are_a_form_error(departments, editor_stp):
    data = form_data(departments["ours"])
    del data["steps-0-deleted"]
    del data["steps-0-value-fields-1-type"]
    response = editor_stp.post(url("add"), data)
    assert response.status_code == 200
    assert shown(response, "Dữ liệu các bước của tờ khai không hợp lệ")


def test_huge_stream_is_refused_without_a_500(departments, editor_stp):
    data = form_data(departments["ours"], **{"steps-0-value-intro": "ư" * 200_000})
    response = editor_stp.post(url("add"), data)
    assert response.status_code == 200
    assert not ProcedureForm.objects.exists()


def test_hostile_input_is_escaped_when_redisplayed(departments, editor_stp):
    response = editor_stp.post(url("add"), form_data(departments["ours"], title='"><script>alert(1)</script>'))
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_setup_form_editorial_is_idempotent(departments):
    call_command("setup_form_editorial", stdout=io.StringIO())
    again = setup_form_editorial()
    groups = departments["groups"]

    def codenames(group):
        return set(group.permissions.filter(content_type__app_label="eforms").values_list("codename", flat=True))

    assert codenames(groups["departments"]["stp"]) == {"add_procedureform", "change_procedureform"}
    assert codenames(groups["editors"]) == {"add_procedureform", "change_procedureform"}
    assert {"publish_procedureform", "delete_procedureform"} <= codenames(groups["approvers"])
    assert again["workflow"].name == "Phê duyệt thủ tục"
    content_type = ContentType.objects.get_for_model(ProcedureForm)
    assert WorkflowContentType.objects.get(content_type=content_type).workflow == again["workflow"]


def test_errors_in_english():
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            validate_plain_text("<b>x</b>")
        assert "Do not use HTML tags" in " ".join(error.value.messages)


def test_malformed_form_ids_in_urls_are_404_not_500(departments, editor_sxd):
    prefix = url("list")
    for path in ("history/abc/revisions/compare/earliest...latest/", "history/%00/revisions/compare/1...2/"):
        assert editor_sxd.get(prefix + path).status_code == 404, path
    assert editor_sxd.get(url("edit", 999999)).status_code == 404


def test_admin_pages_around_a_form_in_moderation(departments, editor_stp, editor_sxd, approver):
    """Dashboard, snippet index and reports load for everyone while a form
    waits for approval; the approver sees it on the dashboard."""
    ours = departments["ours"]
    form = create_draft(editor_stp, ours)
    response = editor_stp.post(url("edit", form.pk), {**form_data(ours), "action-submit": "Gửi duyệt"})
    assert response.status_code == 302, _errors(response)
    for client in (editor_stp, editor_sxd, approver):
        for path in ("/admin/", "/admin/snippets/", "/admin/reports/locked/"):
            assert client.get(path).status_code in (200, 302), path
    assert form.title in approver.get("/admin/").content.decode()
    # while in moderation the editor cannot publish behind the approver's back
    editor_stp.post(url("edit", form.pk), {**form_data(ours), "action-publish": "publish"})
    form.refresh_from_db()
    assert form.live is False


def test_department_approver_approves_only_own_department(departments, editor_stp, editor_sxd):
    """A department's approvers (their group in the approval task, with the
    publish permission) approve their department's forms and get 403 on
    another department's."""
    ours, theirs = departments["ours"], departments["theirs"]
    sxd_group = departments["groups"]["departments"]["sxd"]
    sxd_group.permissions.add(
        Permission.objects.get(content_type__app_label="eforms", codename="publish_procedureform")
    )
    departments["groups"]["task"].groups.add(sxd_group)
    for client, procedure in ((editor_stp, ours), (editor_sxd, theirs)):
        form = create_draft(client, procedure)
        response = client.post(url("edit", form.pk), {**form_data(procedure), "action-submit": "Gửi duyệt"})
        assert response.status_code == 302, _errors(response)
    foreign = ProcedureForm.objects.get(procedure=ours)
    own = ProcedureForm.objects.get(procedure=theirs)
    states = {
        form.pk: WorkflowState.objects.get(base_content_type__model="procedureform", object_id=str(form.pk))
        for form in (foreign, own)
    }
    task_state = states[foreign.pk].current_task_state
    assert editor_sxd.post(url("workflow_action", foreign.pk, "approve", task_state.pk), {}).status_code == 403
    foreign.refresh_from_db()
    assert not foreign.live
    task_state = states[own.pk].current_task_state
    assert editor_sxd.post(url("workflow_action", own.pk, "approve", task_state.pk), {}).status_code in (200, 302)
    own.refresh_from_db()
    assert own.live
    assert FormVersion.objects.filter(form=own).count() == 1
