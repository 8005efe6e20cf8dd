"""The postal service of a dossier: the citizen's choice on a draft, its
postage, the orders made at submission, at return (status 10) and at the
counter, and what the tracking page shows.

Orders are rows of the postal outbox (``delivery``): written in the
transaction that needs them, created at the operator after commit and
retried by the sweep, so an operator timeout loses nothing.
"""

from dataclasses import dataclass

import structlog
from django.conf import settings
from django.utils.translation import gettext as _

from eforms.formdefs import divisions
from eforms.postal.charges import line_label
from eforms.postal.constants import DEFAULT_WEIGHT_G, OrderKind, OrderState, ParcelStatus
from eforms.postal.delivery import enqueue_after_commit
from eforms.postal.models import ParcelEvent, PostalChoice, PostalOrder
from eforms.postal.operators import protocol
from eforms.postal.operators.base import OperatorError
from eforms.postal.operators.registry import get_operator

log = structlog.get_logger(__name__)


class PostalError(Exception):
    """A refusal with a Vietnamese message for the person who asked."""


@dataclass
class PostageLine:
    kind: str
    label: str
    amount: int


def postal_enabled():
    """``POSTAL_BACKEND=none``: no operator; the e-form offers no postal
    choice and a result handed back by post is taken to the post office by
    hand (the counter still records a dossier that arrived by post)."""
    return settings.POSTAL_BACKEND != "none"


def center_province():
    return int(settings.POSTAL_CENTER_PROVINCE_CODE)


# --- the citizen's choice on a draft ------------------------------------------------


def choice_of(draft):
    return PostalChoice.objects.filter(draft=draft).first()


def initial_choice(draft):
    """The form's initial values: the stored choice, else the applicant's address."""
    choice = choice_of(draft)
    if choice is not None:
        return {
            "postal_send": choice.send_paper,
            "postal_receive": choice.receive_result,
            "postal_province": choice.province_code,
            "postal_address": choice.address,
        }
    data = draft.data or {}
    return {
        "postal_province": data.get("applicant_address_province") or None,
        "postal_address": (data.get("applicant_address") or "")[:300],
    }


def save_choice(draft, cleaned):
    choice, _created = PostalChoice.objects.update_or_create(
        draft=draft,
        defaults={
            "send_paper": bool(cleaned.get("postal_send")),
            "receive_result": bool(cleaned.get("postal_receive")),
            "province_code": cleaned.get("postal_province"),
            "address": cleaned.get("postal_address") or "",
        },
    )
    return choice


def quote_choice(choice):
    """``[PostageLine]`` of a choice, computed by the operator. Raises
    ``PostalError`` when the operator cannot quote now."""
    if choice is None or not choice.any or not postal_enabled():
        return []
    kinds = [k for k, on in ((OrderKind.PICKUP, choice.send_paper), (OrderKind.RESULT, choice.receive_result)) if on]
    try:
        amount = get_operator().quote(
            from_province=choice.province_code, to_province=center_province(), weight_g=DEFAULT_WEIGHT_G
        )
    except OperatorError as error:
        log.warning("postal_quote_failed", error=str(error)[:300])
        raise PostalError(
            _("Chưa tính được cước bưu chính (hệ thống bưu điện chưa trả lời). Vui lòng thử lại sau ít phút.")
        ) from error
    return [PostageLine(kind=k, label=line_label(k), amount=amount) for k in kinds]


# --- orders ---------------------------------------------------------------------------


def orders_at_submission(draft, dossier, lines):
    """Inside the submission's transaction: the pickup order (sent to the
    operator after commit) and the result order (waiting for status 10),
    with the postage quoted on the review page."""
    choice = choice_of(draft)
    if choice is None or not choice.any:
        return []
    orders = []
    for line in lines:
        order = PostalOrder.objects.create(
            dossier=dossier,
            kind=line.kind,
            state=OrderState.PENDING if line.kind == OrderKind.PICKUP else OrderState.WAITING,
            province_code=choice.province_code,
            address=choice.address,
            contact_name=dossier.applicant_name[:200],
            contact_phone=dossier.applicant_phone[:20],
            postage_vnd=line.amount,
        )
        orders.append(order)
        if order.state == OrderState.PENDING:
            enqueue_after_commit(order.pk)
    return orders


def request_result_delivery(dossier):
    """At "Đã trả kết quả" by post (inside the officer's transaction): the
    result order the citizen chose (postage paid online) or, for a dossier
    whose applicant asked at the counter, a new one to the applicant's
    address. Sent to the operator after commit; nothing without an operator."""
    if not postal_enabled():
        return None
    order = PostalOrder.objects.select_for_update().filter(dossier=dossier, kind=OrderKind.RESULT).first()
    if order is None:
        order = PostalOrder.objects.create(
            dossier=dossier,
            kind=OrderKind.RESULT,
            state=OrderState.PENDING,
            province_code=_province_of(dossier),
            address=dossier.applicant_address[:300],
            contact_name=dossier.applicant_name[:200],
            contact_phone=dossier.applicant_phone[:20],
        )
    elif order.state == OrderState.WAITING:
        order.state = OrderState.PENDING
        order.save(update_fields=["state", "updated_at"])
    else:
        return order
    enqueue_after_commit(order.pk)
    log.info("postal_result_delivery_requested", dossier=dossier.code, order=str(order.uuid))
    return order


def _province_of(dossier):
    code = (dossier.form_data or {}).get("applicant_address_province")
    if code and divisions.province_name(code):
        return int(code)
    return center_province()


def clean_item_code(value):
    """The item code typed at the counter, normalised, or ``PostalError``."""
    code = "".join(str(value or "").split()).upper()
    if not protocol.valid_item_code(code):
        raise PostalError(
            _(
                "Số hiệu bưu gửi không hợp lệ: gồm 13 ký tự theo chuẩn S10, "
                "ví dụ EB123456785VN (2 chữ cái, 9 chữ số, VN)."
            )
        )
    if PostalOrder.objects.filter(item_code=code).exists():
        raise PostalError(_("Số hiệu bưu gửi %(code)s đã được tiếp nhận cho một hồ sơ khác.") % {"code": code})
    return code


def record_counter_intake(dossier, item_code, *, at):
    """Inside the counter's transaction: the parcel that brought a paper
    dossier (channel 3), delivered to the center."""
    order = PostalOrder.objects.create(
        dossier=dossier,
        kind=OrderKind.INTAKE,
        state=OrderState.CREATED,
        operator=settings.POSTAL_BACKEND,
        item_code=item_code,
        address=dossier.applicant_address[:300],
        contact_name=dossier.applicant_name[:200],
        contact_phone=dossier.applicant_phone[:20],
        status=ParcelStatus.DELIVERED_TO_CENTER,
        status_at=at,
        delivered_at=at,
    )
    ParcelEvent.objects.create(
        order=order,
        event_id=f"counter-{order.uuid.hex}",
        status=ParcelStatus.DELIVERED_TO_CENTER,
        location=settings.PORTAL_CENTER_NAME[:200],
        note=_("Cán bộ tiếp nhận hồ sơ tại quầy"),
        occurred_at=at,
    )
    return order


# --- what the citizen and the officer see -------------------------------------------------


def parcels_of(dossier):
    """The dossier's parcels with their history, for the tracking page."""
    if dossier is None:
        return []
    return list(
        PostalOrder.objects.filter(dossier=dossier).exclude(state=OrderState.CANCELLED).prefetch_related("events")
    )
