"""Demo internal processes (quy trình nội bộ) for a handful of common demo
procedures, published with a revision like an editor would, and the steps
of the demo dossiers of those procedures walked at historic times by the
demo officers and leaders (idempotent)."""

from decimal import Decimal

import structlog
from django.db import transaction

from content.models import ProcedurePage
from eforms.dossiers.calendar import add_working_days, working_days_between
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.history import actor_label_for, record_status
from eforms.processes.models import InternalProcess, InternalProcessStep
from eforms.processes.roles import ShareUnit, StepRole
from eforms.processes.services import read_steps, start_steps
from eforms.processes.validation import StepSpec, check_process
from eforms.workspace.models import OfficerMembership

log = structlog.get_logger(__name__)
S = DossierStatus
OFFICER, LEADER = StepRole.OFFICER, StepRole.LEADER

FOUR_STEPS = [
    ("Tiếp nhận hồ sơ", OFFICER, 10),
    ("Thẩm định, xử lý hồ sơ", OFFICER, 60),
    ("Lãnh đạo phòng trình ký, phê duyệt", LEADER, 20),
    ("Lãnh đạo cơ quan ký duyệt, trả kết quả", LEADER, 10),
]
FIVE_STEPS = [
    ("Tiếp nhận hồ sơ", OFFICER, 5),
    ("Thẩm định, xử lý hồ sơ", OFFICER, 60),
    ("Lãnh đạo phòng trình ký, phê duyệt", LEADER, 15),
    ("Lãnh đạo cơ quan ký duyệt", LEADER, 15),
    ("Trả kết quả", OFFICER, 5),
]
# procedure code → (unit, [(step name, role, share)]); hours for a 20-day limit: 160 working hours
DEMO_PROCESSES = {
    "1.009972": (
        ShareUnit.HOURS,
        [
            ("Tiếp nhận hồ sơ", OFFICER, 8),
            ("Thẩm định hồ sơ, kiểm tra thực địa", OFFICER, 120),
            ("Lãnh đạo phòng trình ký, phê duyệt", LEADER, 16),
            ("Lãnh đạo cơ quan ký duyệt giấy phép", LEADER, 8),
            ("Trả kết quả", OFFICER, 8),
        ],
    ),
    "1.002856": (ShareUnit.PERCENT, FOUR_STEPS),
    "1.002857": (ShareUnit.PERCENT, FOUR_STEPS),
    "2.000806": (ShareUnit.PERCENT, FIVE_STEPS),
    "1.001029": (ShareUnit.PERCENT, FOUR_STEPS),
    "2.000633": (ShareUnit.PERCENT, FOUR_STEPS),
}


def load_demo_processes():
    """Define and publish the demo processes of the procedures that exist
    and have none yet. Returns the procedure codes given a process."""
    made = []
    with transaction.atomic():
        for code, (unit, steps) in DEMO_PROCESSES.items():
            procedure = ProcedurePage.objects.filter(code=code).first()
            if procedure is None or InternalProcess.objects.filter(procedure=procedure).exists():
                continue
            specs = [StepSpec(name, role, Decimal(share)) for name, role, share in steps]
            errors = check_process(procedure, specs, unit)
            if errors:
                log.warning("demo_process_invalid", procedure=code, errors=errors)
                continue
            process = InternalProcess(procedure=procedure, share_unit=unit, note="Quy trình mẫu (dữ liệu demo).")
            process.steps = [InternalProcessStep(name=s.name, role=s.role, share=s.share) for s in specs]
            process.save()
            process.save_revision().publish()
            made.append(code)
    log.info("demo_processes", created=made)
    return made


def _staff(agency_id):
    """role → the demo user holding it in the agency (first by name)."""
    out = {}
    memberships = OfficerMembership.objects.filter(agency_id=agency_id).select_related("user")
    for membership in memberships.order_by("user__username"):
        out.setdefault(membership.role, membership.user)
    return out


def walk_demo_steps(dossiers, rng, now):
    """Give the accepted ``dossiers`` of procedures with a process their
    steps, and complete them at historic times (mostly before each step's
    deadline, a few after); a dossier still open stops at the step the
    elapsed time reaches. Returns the number of steps completed."""
    done = 0
    with transaction.atomic():
        for dossier in dossiers.filter(accepted_at__isnull=False).select_related("procedure"):
            if dossier.status in (S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED) or not start_steps(dossier):
                continue
            if dossier.steps.filter(completed_at__isnull=False).exists():
                continue
            staff = _staff(dossier.agency_id)
            views = read_steps(dossier, now)
            finished = dossier.status in (S.COMPLETED, S.RETURNED)
            end = (dossier.completed_at if finished else None) or now
            # in working time, so steps end in office hours: a finished dossier's steps share the time it
            # took, an open one's the time limit (the steps whose share has elapsed are done)
            span = working_days_between(dossier.accepted_at, end)
            if not finished and dossier.processing_days:
                span = Decimal(str(dossier.processing_days))
            last_at = dossier.accepted_at
            for index, view in enumerate(views):
                is_last = index == len(views) - 1
                share_end = sum((v.step.share for v in views[: index + 1]), Decimal(0))
                at = add_working_days(dossier.accepted_at, span * share_end * Decimal(str(rng.uniform(0.7, 0.98))))
                if view.due_at is not None and not is_last and rng.random() < 0.1:
                    at = max(at, add_working_days(view.due_at, Decimal("0.25")))  # a late step
                if is_last and finished:
                    at = end
                at = min(max(at, last_at), end)
                if at >= now or (is_last and not finished) or (not finished and at >= end):
                    break
                user = staff.get(view.step.role)
                if user is None:
                    break
                step = view.step
                step.completed_at, step.completed_by, step.completed_by_label = at, user, actor_label_for(user)
                step.save(update_fields=["completed_at", "completed_by", "completed_by_label"])
                following = views[index + 1].step if not is_last else None
                if following is not None:
                    following.started_at = at
                    following.save(update_fields=["started_at"])
                text = f"Hoàn thành bước {step.number}/{len(views)} “{step.name}”" + (
                    f"; chuyển bước {following.number} “{following.name}”." if following else "."
                )
                record_status(dossier, dossier.status, actor=user, note=text, at=at, save=False)
                last_at = at
                done += 1
    log.info("demo_steps_walked", steps=done)
    return done
