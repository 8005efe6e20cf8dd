"""Who may build the e-form of which procedure.

The same rule as the procedures themselves (``content.permissions``): the
model permissions (add, change, delete, publish, lock, unlock of
``ProcedureForm``, given to groups in Settings → Groups or by
``setup_form_editorial``) say what a user may do; a user restricted to
departments (``department_agency_ids``) may do it only on the forms of
their departments' procedures. Superusers, the province-wide editors and
the approvers are not restricted.

Wagtail's snippet views check model permissions only; the viewset
(``eforms.wagtail_hooks``) filters the listing with
``instances_user_has_any_permission_for`` and sends every view of one form
through ``user_may_open`` (403 for another department's form).
"""

from wagtail.permission_policies import ModelPermissionPolicy

from content.models import ProcedurePage
from content.permissions import department_agency_ids, user_may_handle_agency

#: every action a user may take on one form; any of them opens its views
FORM_ACTIONS = ("add", "change", "delete", "publish", "lock", "unlock", "view")


class ProcedureFormPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the user's departments per instance."""

    def _department_allows(self, user, instance):
        allowed = department_agency_ids(user)
        if allowed is None:
            return True
        if getattr(instance, "procedure_id", None) is None:
            # a form not bound to a procedure yet (the create view): its
            # procedure is chosen from the user's departments only
            return True
        return user_may_handle_agency(user, instance.procedure.agency_id)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._department_allows(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._department_allows(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        allowed = department_agency_ids(user)
        if allowed is not None:
            # by procedure ids: the listing's search filters on ``procedure``
            # (an ``index.FilterField`` of the model), not across the relation
            procedures = ProcedurePage.objects.filter(agency_id__in=allowed).values_list("pk", flat=True)
            queryset = queryset.filter(procedure_id__in=list(procedures))
        return queryset

    def user_may_open(self, user, instance):
        """Whether ``user`` may open any view of ``instance`` (edit,
        history, revisions, delete, workflow actions …)."""
        return self.user_has_any_permission_for_instance(user, FORM_ACTIONS, instance)
