"""The portal's own officer workspace (``/can-bo/``).

The workspace lists the dossiers whose branch to the officer's agency is
delivered, so delivering is only recording it: the consumer marks the
branch delivered in the same transaction that claims it.
"""

from django.utils.translation import gettext_lazy as _

from eforms.handoff.backends.base import BaseBackend
from eforms.handoff.backends.registry import register
from eforms.handoff.constants import BackendKind


@register
class WorkspaceBackend(BaseBackend):
    identifier = BackendKind.WORKSPACE.value
    label = _("Phần mềm một cửa của cổng")
    # Delivering is recording the branch delivered: done in the claiming transaction.
    transactional = True

    def deliver(self, handoff):
        return {"backend": self.identifier, "queue": handoff.agency.queue_name}
