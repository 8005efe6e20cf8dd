"""Admin integration of the catalogue: per-department editing rules, the
"Nhập thủ tục" menu item and its view."""

from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import AccessibilityReport, DepartmentEditorGroup, ProcedurePage
from .permissions import department_agency_ids


@hooks.register("register_admin_urls")
def register_catalogue_admin_urls():
    return [path("catalogue/import/", admin_views.import_view, name="content_import_procedures")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        may_preview, _may_write = admin_views.import_permissions(request.user)
        return may_preview


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Nhập thủ tục"), reverse("content_import_procedures"), icon_name="upload", order=250)


def _is_foreign_procedure(user, page):
    allowed = department_agency_ids(user)
    if allowed is None:
        return False
    specific = page.specific_deferred if not isinstance(page, ProcedurePage) else page
    if not isinstance(specific, ProcedurePage):
        return False
    return specific.agency_id not in allowed


def _forbidden(request, page):
    return TemplateResponse(
        request,
        "content/admin/department_forbidden.html",
        {"page": page, "agency": getattr(page.specific_deferred, "agency", None)},
        status=403,
    )


@hooks.register("before_edit_page")
def forbid_editing_other_departments(request, page):
    """A department editor gets 403 on another department's procedure (GET
    and POST of the editor, revision revert included)."""
    if _is_foreign_procedure(request.user, page):
        return _forbidden(request, page)


@hooks.register("before_delete_page")
def forbid_deleting_other_departments(request, page):
    if _is_foreign_procedure(request.user, page):
        return _forbidden(request, page)


@hooks.register("before_copy_page")
def forbid_copying_other_departments(request, page):
    if _is_foreign_procedure(request.user, page):
        return _forbidden(request, page)


@hooks.register("before_move_page")
def forbid_moving_other_departments(request, page, destination):
    if _is_foreign_procedure(request.user, page):
        return _forbidden(request, page)


@hooks.register("construct_explorer_page_queryset")
def show_department_procedures_only(parent_page, pages, request):
    """Department editors see only their department's procedures in the
    catalogue's listing."""
    allowed = department_agency_ids(request.user)
    if allowed is None:
        return pages
    foreign = ProcedurePage.objects.exclude(agency_id__in=allowed).values("pk")
    return pages.exclude(pk__in=foreign)


class DepartmentEditorGroupViewSet(ModelViewSet):
    """Settings → "Nhóm biên tập theo cơ quan": which group edits which
    agency's procedures (members need page permissions on the catalogue,
    given in Settings → Groups)."""

    model = DepartmentEditorGroup
    icon = "group"
    menu_label = _("Nhóm biên tập theo cơ quan")
    add_to_settings_menu = True
    form_fields = ["group", "agency"]
    list_display = ["group", "agency"]


@hooks.register("register_admin_viewset")
def register_department_groups_viewset():
    return DepartmentEditorGroupViewSet("department_editor_groups")


class AccessibilityReportViewSet(ModelViewSet):
    """Reports sent from the accessibility statement page (/tuyen-bo-tiep-can/),
    for the center's staff; each is also e-mailed to the center's address."""

    model = AccessibilityReport
    icon = "help"
    menu_label = _("Phản ánh về khả năng tiếp cận")
    add_to_admin_menu = True
    form_fields = ["page_url", "description", "contact"]
    list_display = ["created_at", "description", "page_url", "contact"]


@hooks.register("register_admin_viewset")
def register_accessibility_reports_viewset():
    return AccessibilityReportViewSet("accessibility_reports")
