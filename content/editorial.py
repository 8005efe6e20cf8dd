"""Editorial set-up: groups, page permissions, the approval workflow and
one editor group per department. Idempotent: running it again only adds
what is missing."""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import AgencyPage, DepartmentEditorGroup, HomePage, ProcedureIndexPage

logger = logging.getLogger(__name__)

EDITORS = "Biên tập viên"
APPROVERS = "Người phê duyệt"
WORKFLOW_NAME = "Phê duyệt thủ tục"
TASK_NAME = "Người phê duyệt duyệt và xuất bản"
DEPARTMENT_PREFIX = "Biên tập — "

COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_admin_access(group):
    group.permissions.add(_permission("wagtailadmin", "access_admin"))


def _grant_pages(group, page, actions):
    for action in actions:
        permission = _permission("wagtailcore", f"{action}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collections(group, codenames=COLLECTION_PERMISSIONS):
    root = Collection.get_first_root_node()
    for app_label, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_permission(app_label, codename)
        )


def department_group_name(agency):
    return f"{DEPARTMENT_PREFIX}{agency.title}"[:150]


@transaction.atomic
def setup_editorial():
    """Create or complete the editorial groups and the workflow. Returns a
    dict of what exists afterwards (names → objects)."""
    home = HomePage.objects.first()
    catalogue = ProcedureIndexPage.objects.first()
    if home is None or catalogue is None:
        raise RuntimeError("setup_editorial needs the HomePage and the ProcedureIndexPage")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    _grant_admin_access(editors)
    _grant_pages(editors, home, ["add", "change"])
    _grant_collections(editors)

    approvers, _ = Group.objects.get_or_create(name=APPROVERS)
    _grant_admin_access(approvers)
    _grant_pages(approvers, home, ["add", "change", "publish", "lock", "unlock"])
    _grant_collections(approvers)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(approvers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=catalogue, defaults={"workflow": workflow})
    # News and guides follow the workflow inherited from above the home page
    # (Wagtail's "Moderators approval" on the root): approvers approve there too.
    for ancestor_workflow in WorkflowPage.objects.filter(page__in=home.get_ancestors(inclusive=True)).values_list(
        "workflow_id", flat=True
    ):
        for other in GroupApprovalTask.objects.filter(workflow_tasks__workflow_id=ancestor_workflow):
            other.groups.add(approvers)

    departments = {}
    for agency in AgencyPage.objects.order_by("title"):
        row = DepartmentEditorGroup.objects.filter(agency=agency).select_related("group").first()
        if row is None:
            group, _ = Group.objects.get_or_create(name=department_group_name(agency))
            row = DepartmentEditorGroup.objects.create(group=group, agency=agency)
        group = row.group
        _grant_admin_access(group)
        _grant_pages(group, catalogue, ["add", "change"])
        _grant_collections(group, [("wagtaildocs", "choose_document"), ("wagtaildocs", "add_document")])
        departments[agency.code] = group

    logger.info("content.editorial.ready", extra={"departments": len(departments)})
    return {"editors": editors, "approvers": approvers, "workflow": workflow, "task": task, "departments": departments}
