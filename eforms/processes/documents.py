"""The steps of a dossier's internal process as Mẫu 06 reads them."""

from eforms.dossiers.documents.control import HandOver
from eforms.processes.deadlines import pauses
from eforms.processes.services import read_steps


def control_handovers(dossier, now=None):
    """``[HandOver]`` of the dossier's steps ([] without a process); each
    pause of the clock is noted on the step during which it began."""
    views = read_steps(dossier, now)
    if not views:
        return []
    spans = pauses(dossier)
    out = []
    for view in views:
        step = view.step
        began, ended = step.started_at, step.completed_at
        within = tuple(
            (p.start, p.end)
            for p in spans
            if began is not None and p.start >= began and (ended is None or p.start < ended)
        )
        out.append(
            HandOver(
                number=step.number,
                name=step.name,
                role=str(step.get_role_display()),
                due_at=view.due_at,
                done_at=step.completed_at,
                done_by=step.completed_by_label,
                note=step.note,
                pauses=within,
            )
        )
    return out
