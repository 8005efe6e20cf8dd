"""Editorial process: editors submit, approvers approve and publish; a
department's editors edit only their department's procedures."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from .conftest import admin_login


@pytest.fixture
def editorial(catalogue):
    from content.editorial import setup_editorial

    return setup_editorial()


def make_user(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@example.vn", "Matkhau@2026")
    user.groups.add(group)
    return user


def procedure_form(agency, field, **overrides):
    data = {
        "title": "Đăng ký giám hộ",
        "slug": "dang-ky-giam-ho",
        "code": "1.000775",
        "decision_number": "",
        "level": "commune",
        "procedure_type": "not_delegated",
        "field": field.pk,
        "agency": agency.pk,
        "online_level": "partial",
        "competent_agency": "",
        "authorised_agency": "",
        "for_citizens": "on",
        "applicants_note": "",
        "summary": "Đăng ký việc giám hộ cho người chưa thành niên.",
        "keywords": "giám hộ",
        "receiving_address": "",
        "steps": streamfield(
            [("step", {"title": "Bước 1: Nộp hồ sơ", "description": "Tại Trung tâm Phục vụ hành chính công."})]
        ),
        "methods": inline_formset([{"method": "in_person", "processing_time": "03 ngày làm việc", "description": ""}]),
        "processing_days": "3",
        "processing_time_note": "",
        "fees": inline_formset([]),
        "fee_exemptions": inline_formset([]),
        "conditions": rich_text(""),
        "result": "Trích lục đăng ký giám hộ",
        "components": inline_formset(
            [
                {
                    "case_group": "",
                    "name": "Tờ khai đăng ký giám hộ",
                    "originals": "1",
                    "copies": "0",
                    "required": "on",
                    "template_name": "",
                    "template": "",
                }
            ]
        ),
        "legal_bases": inline_formset([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_setup_editorial_is_idempotent(editorial):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

    from content.editorial import setup_editorial
    from content.models import ProcedureIndexPage

    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    setup_editorial()
    assert (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count()) == counts
    assert Group.objects.filter(name="Biên tập viên").exists()
    assert Group.objects.filter(name="Người phê duyệt").exists()
    assert Group.objects.filter(name="Biên tập — Sở Tư pháp tỉnh Lâm Đồng").exists()
    catalogue = ProcedureIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=catalogue).workflow.name == "Phê duyệt thủ tục"
    # news and guides: the workflow inherited from the root accepts our approvers
    from wagtail.models import GroupApprovalTask, Page

    root_workflow = WorkflowPage.objects.filter(page=Page.get_first_root_node()).first()
    if root_workflow is not None:
        tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow=root_workflow.workflow)
        assert all(task.groups.filter(name="Người phê duyệt").exists() for task in tasks)


@pytest.mark.django_db
def test_editor_submits_and_approver_publishes(client, editorial, django_user_model, catalogue):
    from wagtail.models import WorkflowState

    from content.models import AgencyPage, FieldPage, ProcedurePage

    editor = make_user(django_user_model, "bientap", editorial["editors"])
    approver = make_user(django_user_model, "pheduyet", editorial["approvers"])
    index = catalogue["thu-tuc"]
    agency = AgencyPage.objects.get(code="ubnd-xuan-huong")
    field = FieldPage.objects.get(code="ho-tich")

    admin_login(client, editor)
    add_url = reverse("wagtailadmin_pages:add", args=("content", "procedurepage", index.pk))
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, procedure_form(agency, field, **{"action-submit": "Gửi duyệt"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ProcedurePage.objects.get(code="1.000775")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == "in_progress" and state.workflow.name == "Phê duyệt thủ tục"
    assert client.get("/thu-tuc/dang-ky-giam-ho/").status_code == 404
    # the editor cannot publish directly
    assert not page.permissions_for_user(editor).can_publish()

    client.logout()
    admin_login(client, approver)
    task_state = state.current_task_state
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(approve_url, {"comment": "Đồng ý"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == "approved"
    sheet = client.get("/thu-tuc/dang-ky-giam-ho/")
    assert sheet.status_code == 200 and "Tờ khai đăng ký giám hộ" in sheet.content.decode()
    # revisions are kept for compare and rollback
    assert page.revisions.count() >= 1
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert history.status_code == 200


@pytest.mark.django_db
def test_department_editor_edits_only_their_procedures(client, editorial, django_user_model, catalogue):
    from content.models import ProcedurePage

    editor = make_user(django_user_model, "bientap-stp", editorial["departments"]["stp"])
    admin_login(client, editor)
    own = ProcedurePage.objects.get(code="3.000333")  # Sở Tư pháp (fixture)
    other = ProcedurePage.objects.get(code="1.001193")  # UBND phường
    assert client.get(reverse("wagtailadmin_pages:edit", args=(own.pk,))).status_code == 200
    forbidden = client.get(reverse("wagtailadmin_pages:edit", args=(other.pk,)))
    assert forbidden.status_code == 403
    assert "thuộc cơ quan khác" in forbidden.content.decode()
    assert client.post(reverse("wagtailadmin_pages:edit", args=(other.pk,)), {"title": "x"}).status_code == 403
    assert client.get(reverse("wagtailadmin_pages:delete", args=(other.pk,))).status_code in (302, 403)
    assert client.post(reverse("wagtailadmin_pages:delete", args=(other.pk,))).status_code in (302, 403)
    other.refresh_from_db()
    assert other.title == "Đăng ký khai sinh" and other.live
    assert not other.permissions_for_user(editor).can_publish()
    # the catalogue listing shows only the department's procedures
    listing = client.get(reverse("wagtailadmin_explore", args=(catalogue["thu-tuc"].pk,))).content.decode()
    assert "Cấp Phiếu lý lịch tư pháp" in listing and "Đăng ký khai sinh" not in listing


@pytest.mark.django_db
def test_department_editor_cannot_create_for_another_department(client, editorial, django_user_model, catalogue):
    from content.models import AgencyPage, FieldPage, ProcedurePage

    editor = make_user(django_user_model, "bientap-stp", editorial["departments"]["stp"])
    admin_login(client, editor)
    add_url = reverse("wagtailadmin_pages:add", args=("content", "procedurepage", catalogue["thu-tuc"].pk))
    field = FieldPage.objects.get(code="ho-tich")
    other = AgencyPage.objects.get(code="sxd")
    response = client.post(add_url, procedure_form(other, field, **{"action-submit": "Gửi duyệt"}))
    assert response.status_code == 200  # the form comes back with an error
    assert not ProcedurePage.objects.filter(code="1.000775").exists()
    own = AgencyPage.objects.get(code="stp")
    response = client.post(add_url, procedure_form(own, field, **{"action-submit": "Gửi duyệt"}))
    assert response.status_code == 302
    assert ProcedurePage.objects.get(code="1.000775").agency == own


@pytest.mark.django_db
def test_scheduled_publishing_and_rollback_are_available(client, editorial, django_user_model, catalogue):
    from django.utils import timezone
    from wagtail.models import Revision

    from content.models import ProcedurePage

    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    page = ProcedurePage.objects.get(code="1.000656")
    first_revision = page.live_revision
    page.title = "Đăng ký khai tử (bản mới)"
    later = page.save_revision(user=admin)
    later.publish(user=admin)
    # compare two revisions, then roll back by publishing the first one again
    compare = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, first_revision.pk, later.pk))
    assert client.get(compare).status_code == 200
    revert = reverse("wagtailadmin_pages:revisions_revert", args=(page.pk, first_revision.pk))
    assert client.get(revert).status_code == 200
    first_revision.publish(user=admin)
    page.refresh_from_db()
    assert page.title == "Đăng ký khai tử"
    # a future go-live date makes a scheduled revision instead of publishing now
    page.go_live_at = timezone.now() + timezone.timedelta(days=2)
    page.title = "Đăng ký khai tử (từ tuần sau)"
    scheduled = page.save_revision(user=admin)
    scheduled.publish(user=admin)
    page.refresh_from_db()
    assert page.title == "Đăng ký khai tử"
    assert Revision.objects.filter(pk=scheduled.pk, approved_go_live_at__isnull=False).exists()
    # the periodic task publishes it once its time has come (and only once)
    from django.conf import settings

    from content.tasks import publish_scheduled

    assert settings.CELERY_BEAT_SCHEDULE["content-publish-scheduled"]["task"] == "content.publish_scheduled"
    past = timezone.now() - timezone.timedelta(minutes=1)
    scheduled = Revision.objects.get(pk=scheduled.pk)  # as if two days had passed
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save()
    publish_scheduled.delay()
    page.refresh_from_db()
    assert page.title == "Đăng ký khai tử (từ tuần sau)" and page.live
    revisions = page.revisions.count()
    publish_scheduled.delay()
    assert page.revisions.count() == revisions


@pytest.mark.django_db
def test_admin_maps_department_groups_and_portal_identity(client, editorial, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.vn", "Matkhau@2026")
    admin_login(client, admin)
    listing = client.get(reverse("department_editor_groups:index"))
    assert listing.status_code == 200
    assert "Biên tập — Sở Tư pháp tỉnh Lâm Đồng" in listing.content.decode()
    menu = client.get("/admin/").content.decode()
    assert "/admin/catalogue/import/" in menu  # the sidebar menu item
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/content/portalidentity/{site.pk}/")
    assert response.status_code == 200 and "Tên trung tâm" in response.content.decode()
