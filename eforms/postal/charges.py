"""The postage as its own lines of the amount to pay (registered with
``eforms.payments.charges`` in ``apps.py``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eforms.postal.constants import OrderKind

LINE_LABELS = {
    OrderKind.PICKUP: gettext_noop("Cước bưu chính công ích: gửi hồ sơ giấy"),
    OrderKind.RESULT: gettext_noop("Cước bưu chính công ích: chuyển phát kết quả"),
}


def line_label(kind):
    return _(LINE_LABELS[kind])


def postage_lines(dossier):
    """``[(label, amount)]`` of the postage the citizen chose to pay online."""
    if dossier.pk is None:
        return []
    orders = dossier.postal_orders.filter(kind__in=list(LINE_LABELS), postage_vnd__gt=0).order_by("id")
    return [(line_label(order.kind), order.postage_vnd) for order in orders]
