"""Writing a demo dossier: the row, its status history at historic times,
a supplement request, and the hand-off branch delivered to the agency's
queue."""

import datetime as dt

from django.conf import settings

from eforms.demo.constants import DEMO_WORKER
from eforms.dossiers.calendar import add_working_days
from eforms.dossiers.codes import allocate_dossier_code, generate_lookup_secret
from eforms.dossiers.constants import Channel, DossierStatus, PaymentStatus
from eforms.dossiers.history import record_status
from eforms.dossiers.models import Dossier, SupplementRequest
from eforms.handoff.constants import BackendKind
from eforms.handoff.models import DeliveryAttempt, HandOff
from eforms.handoff.services import deliver, enqueue_handoff
from eforms.submission.services import receiving_unit_code
from eforms.workspace.services import supplement_upload_path

S = DossierStatus

RATING_COMMENTS = {
    5: ["Cán bộ hướng dẫn nhiệt tình, trả kết quả đúng hẹn.", "Thủ tục nhanh gọn, rất hài lòng.", ""],
    4: ["Giải quyết đúng hẹn, thông báo qua tin nhắn rõ ràng.", ""],
    3: ["Phải bổ sung giấy tờ nhiều lần.", ""],
    2: ["Thời gian chờ tại quầy còn lâu.", ""],
}


class RecordsMixin:
    """``create`` (needs ``rng``, ``person``, ``address``, ``form_data``, ``staff``)."""

    def create(self, plan, received_at, events, fields):
        procedure, agency = plan.procedure, plan.agency
        person = self.person()
        address = self.address(agency)
        version, form_data = self.form_data(plan, person, address)
        counter, user, handler, _leader = self.staff(agency)
        full = procedure.online_level == "full"
        fee = procedure.fee_vnd or 0
        paid_online = plan.channel == Channel.ONLINE and full and fee > 0
        dossier = Dossier(
            code=allocate_dossier_code(receiving_unit_code(procedure), received_at),
            lookup_secret=generate_lookup_secret(),
            procedure=procedure,
            procedure_code=procedure.code,
            procedure_name=procedure.title[:500],
            agency=agency,
            channel=plan.channel,
            applicant_name=person["name"],
            applicant_id_number=person["cccd"],
            applicant_phone=person["phone"],
            applicant_email=person["email"],
            applicant_address=address["text"][:500],
            form_data=form_data,
            form_version=version,
            received_at=received_at,
            processing_days=fields.get("processing_days", procedure.processing_days),
            due_at=None,  # set at acceptance, as the workflow does
            fee_vnd=fee,
            payment_status=PaymentStatus.PAID if paid_online else PaymentStatus.NOT_REQUIRED,
            result_place=(procedure.receiving_address or agency.address or "")[:500],
            assigned_officer=user if user is not None and any(e[2] is user for e in events) else None,
        )
        supplement = fields.pop("supplement", None)
        for position, (status, at, actor, label, note) in enumerate(events):
            if status == S.SUPPLEMENT_REQUESTED and supplement is not None:
                note = self._supplement_request(dossier, user, *supplement)
            if status == S.ACCEPTED and dossier.accepted_at is None:
                dossier.accepted_at = fields.get("accepted_at", at)
                dossier.due_at = fields.get("accepted_due_at")
            if status == S.PROCESSING and dossier.status == S.SUPPLEMENT_REQUESTED:
                dossier.clock_paused_at = None
                dossier.due_at = fields["due_at"]
            if status == S.COMPLETED:
                dossier.completed_at = fields["completed_at"]
            if status == S.RETURNED:
                dossier.returned_at = fields["returned_at"]
                dossier.result_place = fields["result_place"]
                if self.rng.random() < 0.35:
                    dossier.rating = self.rng.choices([5, 4, 3, 2], weights=[70, 20, 7, 3])[0]
                    dossier.rating_comment = self.rng.choice(RATING_COMMENTS[dossier.rating])
            # The first change creates the row; the others are saved once below.
            record_status(dossier, status, actor=actor, actor_label=label or None, note=note, at=at, save=position == 0)
        dossier.save()
        Dossier.objects.filter(pk=dossier.pk).update(created_at=received_at, updated_at=events[-1][1])
        self._hand_off(dossier, received_at)
        return dossier

    def _supplement_request(self, dossier, user, items, requested_at, fulfilled_at):
        """The citizen's supplement request, as the workflow makes it; returns
        the history note (what is missing and where to upload it)."""
        request = SupplementRequest.objects.create(
            dossier=dossier,
            items=items,
            requested_by=user,
            deadline_at=add_working_days(requested_at, settings.EFORMS_SUPPLEMENT_DAYS),
        )
        SupplementRequest.objects.filter(pk=request.pk).update(
            requested_at=requested_at,
            fulfilled_at=fulfilled_at,
            citizen_note="Đã nộp bổ sung bản điện tử giấy tờ theo yêu cầu." if fulfilled_at else "",
        )
        link = settings.PORTAL_BASE_URL.rstrip("/") + supplement_upload_path(request)
        return f"Giấy tờ cần bổ sung:\n{items}\n\nNộp bổ sung trực tuyến tại: {link}"

    def _hand_off(self, dossier, received_at):
        """Create the branches through the outbox and deliver the workspace
        ones here (the workspace backend only records the delivery), so the
        dossiers are in the queues without a running worker. Publishing
        after commit then finds nothing open and sends nothing."""
        for branch in enqueue_handoff(dossier):
            if branch.backend != BackendKind.WORKSPACE:
                continue  # webhook / e-mail: the worker delivers it after commit
            deliver(branch.pk, worker=DEMO_WORKER)
            at = received_at + dt.timedelta(seconds=self.rng.randint(2, 20))
            HandOff.objects.filter(pk=branch.pk).update(
                created_at=received_at, dispatched_at=at, delivered_at=at, updated_at=at
            )
            DeliveryAttempt.objects.filter(handoff_id=branch.pk).update(started_at=at, finished_at=at)
