"""Moving a dossier along its internal process: the officer holding the
current step's role completes it, the next step starts; a history row
(status unchanged) says who handed the dossier on, when, to which step."""

import structlog
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.history import actor_label_for, record_status
from eforms.processes.models import DossierStep
from eforms.processes.roles import StepRole
from eforms.workspace.services.base import ACTION_LABELS, TransitionError, guard, lock, short_note
from eforms.workspace.steps import holds_role

log = structlog.get_logger(__name__)


def complete_step(dossier, actor, note="", step=None):
    """Complete the dossier's current step and start the next one.

    The role is checked again under the row lock (the step may have moved
    since the page was shown; ``actions.authorize`` checked it first);
    ``step``: the number of the step the officer saw as current — another
    one now (a doubled or stale submission) is refused."""
    note = short_note(note)
    seen = step
    now = timezone.now()
    with transaction.atomic():
        dossier = lock(dossier)
        guard(dossier, "complete_step")
        steps = list(DossierStep.objects.select_for_update().filter(dossier=dossier).order_by("number"))
        current = next((s for s in steps if s.completed_at is None), None)
        if current is None:
            raise TransitionError(_("Hồ sơ %(code)s không còn bước xử lý nào.") % {"code": dossier.code})
        if seen is not None and seen != current.number:
            raise TransitionError(
                _("Hồ sơ đã ở bước %(n)s “%(step)s”; vui lòng xem lại trước khi hoàn thành bước.")
                % {"n": current.number, "step": current.name}
            )
        step = current
        if not holds_role(actor, dossier, step.role):
            raise TransitionError(
                _("Bước “%(step)s” do %(role)s thực hiện; tài khoản của bạn không giữ vai trò này.")
                % {"step": step.name, "role": StepRole(step.role).label.lower()}
            )
        step.completed_at = now
        step.completed_by = actor
        step.completed_by_label = actor_label_for(actor)[:200]
        step.note = note
        step.save(update_fields=["completed_at", "completed_by", "completed_by_label", "note"])
        following = next((s for s in steps if s.number == step.number + 1), None)
        if following is not None:
            following.started_at = now
            following.save(update_fields=["started_at"])
            text = _("Hoàn thành bước %(n)s/%(total)s “%(step)s”; chuyển bước %(m)s “%(next)s” (%(role)s).") % {
                "n": step.number,
                "total": len(steps),
                "step": step.name,
                "m": following.number,
                "next": following.name,
                "role": StepRole(following.role).label,
            }
        else:
            text = _("Hoàn thành bước %(n)s/%(total)s “%(step)s”; quy trình nội bộ đã hoàn thành.") % {
                "n": step.number,
                "total": len(steps),
                "step": step.name,
            }
        record_status(dossier, dossier.status, actor=actor, note="\n".join(filter(None, [text, note])), at=now)
    log.info("dossier_step_completed", dossier=dossier.code, step=step.number)
    return dossier


def require_steps_done(dossier, *, but_last):
    """Raise TransitionError while steps of the dossier's internal process
    are open: every step but the last before "đã xử lý xong" (the last may
    be the return of the result), every step before the return. A dossier
    without a process passes."""
    steps = DossierStep.objects.filter(dossier=dossier, completed_at__isnull=True).order_by("number")
    if but_last:
        last = DossierStep.objects.filter(dossier=dossier).order_by("-number").values_list("number", flat=True).first()
        steps = steps.exclude(number=last)
    step = steps.first()
    if step is not None:
        raise TransitionError(
            _("Chưa thể %(action)s: bước %(n)s “%(step)s” của quy trình nội bộ chưa hoàn thành.")
            % {"action": ACTION_LABELS["approve" if but_last else "mark_returned"], "n": step.number, "step": step.name}
        )
