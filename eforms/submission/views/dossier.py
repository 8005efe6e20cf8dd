"""A submitted dossier behind its secret link: the confirmation page and
the receipt PDF (giấy tiếp nhận)."""

import structlog
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from eforms.dossiers.constants import PaymentStatus
from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.models import DossierFee
from eforms.payments.charges import amount_due, extra_lines
from eforms.payments.services import can_pay
from eforms.payments.window import window_state
from eforms.submission.views.common import dossier_or_404

log = structlog.get_logger(__name__)


@require_GET
def confirmation(request, dossier_uuid, secret):
    dossier, error = dossier_or_404(request, dossier_uuid, secret)
    if error:
        return error
    response = render(
        request,
        "eforms/confirmation.html",
        {
            "dossier": dossier,
            "receipt_url": reverse("eforms:receipt", args=[dossier.uuid, dossier.lookup_secret]),
            "payment_url": reverse("eforms:payment_start", args=[dossier.uuid, dossier.lookup_secret]),
            "can_pay": can_pay(dossier),
            "awaiting_payment": dossier.payment_status == PaymentStatus.PENDING,
            "tracking_url": reverse("eforms:track") + f"?ma={dossier.code}&mtc={dossier.lookup_secret}",
            "fee_record": DossierFee.objects.filter(dossier=dossier).first(),
            "window": window_state(dossier),
            "extend_url": reverse("eforms:payment_extend", args=[dossier.uuid, dossier.lookup_secret]),
            "just_extended": request.GET.get("gia-han") == "1",
            # the postage and any other line paid with the fee (``eforms.payments.charges``)
            "extra_lines": [{"label": label, "amount": amount} for label, amount in extra_lines(dossier)],
            "amount_due": amount_due(dossier),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def receipt(request, dossier_uuid, secret):
    dossier, error = dossier_or_404(request, dossier_uuid, secret)
    if error:
        return error
    response = HttpResponse(render_receipt_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    log.info("receipt_downloaded", dossier=dossier.code)
    return response
