"""The fee of a draft and of the dossier made from it.

The amount is computed on the server by ``content.fees.quote`` from the
procedure's fee schedule and the draft's stored answers (the category and
the number of copies the e-form asked); nothing the browser sends is taken
as an amount. The review page, the payment, the dossier and the receipt
show the same computed lines.
"""

from dataclasses import dataclass

from content.constants import SubmissionMethod
from content.fees import FeeError, FeeQuote, quote
from eforms.dossiers.models import DossierFee
from eforms.formdefs.fees import answers_for_quote, fee_step_key


@dataclass
class DraftFee:
    quote: FeeQuote | None
    error: str = ""
    step_key: str | None = None


def draft_fee(draft, answers=None):
    """The ``DraftFee`` of ``draft`` (online channel): the quote, or the
    Vietnamese reason it cannot be computed and the step to correct."""
    schema = draft.form_version.schema
    category, units = answers_for_quote(schema, draft.data if answers is None else answers)
    try:
        return DraftFee(quote=quote(draft.procedure, SubmissionMethod.ONLINE, category, units))
    except FeeError as error:
        return DraftFee(quote=None, error=str(error), step_key=fee_step_key(schema))


def record_fee(dossier, fee_quote):
    """Freeze the computed lines on the dossier (``DossierFee``)."""
    data = fee_quote.as_json()
    return DossierFee.objects.update_or_create(
        dossier=dossier,
        defaults={
            "channel": data["channel"],
            "category": data["category"][:255],
            "units": data["units"],
            "lines": data["lines"],
            "total_vnd": data["total"],
        },
    )[0]
