"""Per-department page permissions of the catalogue.

Wagtail's page permissions are granted on a subtree; every procedure lives
under the one catalogue page, so "a department's editors edit only their
department's procedures" is an extra rule on top: a user whose page
permissions on the catalogue come only from department groups
(``DepartmentEditorGroup``) may edit, publish, delete or create only
procedures whose implementing agency is one of those departments.
"""

from django.apps import apps
from wagtail.models import GroupPagePermission, PagePermissionTester


def department_agency_ids(user):
    """The agency ids a user is restricted to, or ``None`` when the user is
    not restricted (superuser, or a page permission from a non-department
    group, e.g. the province-wide editors and the approvers)."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return None
    cache_name = "_content_department_agency_ids"
    if hasattr(user, cache_name):
        return getattr(user, cache_name)
    # Looked up lazily: the models import this module (ProcedurePage's form
    # and permission tester), so it cannot import them.
    department_editor_groups = apps.get_model("content", "DepartmentEditorGroup")

    group_ids = set(user.groups.values_list("pk", flat=True))
    department_rows = department_editor_groups.objects.filter(group_id__in=group_ids)
    department_groups = {row.group_id for row in department_rows}
    result = None
    if department_groups:
        other_groups = group_ids - department_groups
        has_general_permission = GroupPagePermission.objects.filter(group_id__in=other_groups).exists()
        if not has_general_permission:
            result = {row.agency_id for row in department_rows}
    setattr(user, cache_name, result)
    return result


def user_may_handle_agency(user, agency_id):
    allowed = department_agency_ids(user)
    return allowed is None or agency_id in allowed


class ProcedurePermissionTester(PagePermissionTester):
    """Wagtail's tester, narrowed for department editors.

    ``can_edit`` is left to Wagtail so that the edit view reaches the
    ``before_edit_page`` hook, which answers 403 with an explanation
    (``content.wagtail_hooks``); every other action is refused here.
    """

    def _department_allows(self):
        return user_may_handle_agency(self.user, self.page.agency_id)

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and self._department_allows()

    def can_publish(self):
        return super().can_publish() and self._department_allows()

    def can_unpublish(self):
        return super().can_unpublish() and self._department_allows()

    def can_copy(self):
        return super().can_copy() and self._department_allows()

    def can_move(self):
        return super().can_move() and self._department_allows()

    def can_lock(self):
        return super().can_lock() and self._department_allows()


def user_may_import_catalogue(user, catalogue):
    """Whether ``user`` may import procedure files into ``catalogue`` (the
    ``ProcedureIndexPage``), dry run included: the preview shows what the
    file would do to every department's procedures, so it follows the same
    rule as the import itself. Superusers, and users who may publish under
    the catalogue and are not restricted to departments (an import names
    procedures of any agency)."""
    if catalogue is None or user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    tester = catalogue.permissions_for_user(user)
    return tester.can_publish_subpage() and department_agency_ids(user) is None
