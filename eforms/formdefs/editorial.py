"""Who builds the e-forms, and their approval.

The editorial groups of the catalogue (``content.editorial``) get the
permissions of ``ProcedureForm``: the province-wide editors and each
department's editors add and change (save drafts, submit for approval),
the approvers also publish, delete, lock and unlock. The catalogue's
workflow "Phê duyệt thủ tục" is assigned to the model, so an editor's
"Gửi duyệt" reaches the same approvers and their approval publishes the
form (which freezes a new ``FormVersion``). Idempotent.
"""

import structlog
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import Workflow, WorkflowContentType

from content.editorial import APPROVERS, EDITORS, WORKFLOW_NAME
from content.models import DepartmentEditorGroup
from eforms.formdefs.models import ProcedureForm

log = structlog.get_logger(__name__)

EDITOR_ACTIONS = ("add", "change")
APPROVER_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock")


def _grant(group, content_type, actions):
    codenames = [f"{action}_{content_type.model}" for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type=content_type, codename__in=codenames))


@transaction.atomic
def setup_form_editorial():
    """Grant the e-form permissions and assign the workflow. Returns
    ``{"workflow": Workflow | None, "groups": [group names]}``; groups
    that do not exist yet (``setup_editorial`` not run) are skipped."""
    content_type = ContentType.objects.get_for_model(ProcedureForm)
    granted = []
    department_group_ids = DepartmentEditorGroup.objects.values_list("group_id", flat=True)
    for group in Group.objects.filter(Q(name=EDITORS) | Q(pk__in=department_group_ids)):
        _grant(group, content_type, EDITOR_ACTIONS)
        granted.append(group.name)
    for group in Group.objects.filter(name=APPROVERS):
        _grant(group, content_type, APPROVER_ACTIONS)
        granted.append(group.name)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowContentType.objects.update_or_create(content_type=content_type, defaults={"workflow": workflow})
    log.info("formdefs.editorial.ready", groups=len(granted), workflow=workflow.name if workflow else None)
    return {"workflow": workflow, "groups": sorted(granted)}
