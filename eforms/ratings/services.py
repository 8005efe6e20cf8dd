"""Rating a returned dossier: find it by code and secret, check it can be
rated, store the rating once and fill ``Dossier.rating`` (the figure the
statistics count)."""

from decimal import ROUND_HALF_UP, Decimal

import structlog
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from eforms.dossiers.codes import lookup_secret_matches
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import Dossier
from eforms.ratings.constants import CRITERIA
from eforms.ratings.models import DossierRating

log = structlog.get_logger(__name__)

NOT_FOUND = "not_found"
NOT_RETURNED = "not_returned"
ALREADY_RATED = "already_rated"


class RatingRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def find_dossier(code, secret):
    """The dossier of ``code`` when ``secret`` is its look-up secret, else
    None (an unknown code and a wrong secret are the same answer)."""
    code = (code or "").strip().upper()
    if not code or "\x00" in code or len(code) > 40:
        return None
    dossier = Dossier.objects.filter(code=code).select_related("agency", "procedure").first()
    if dossier is None or not lookup_secret_matches(secret, dossier.lookup_secret):
        return None
    return dossier


def refusal(dossier):
    """Why ``dossier`` cannot be rated now, or None."""
    if dossier is None:
        return NOT_FOUND
    if dossier.status != DossierStatus.RETURNED:
        return NOT_RETURNED
    if dossier.rating is not None or DossierRating.objects.filter(dossier=dossier).exists():
        return ALREADY_RATED
    return None


def overall_score(scores):
    """The mean of the criteria, rounded half up (4.5 → 5)."""
    mean = Decimal(sum(scores)) / Decimal(len(scores))
    return int(mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def handlers(dossier):
    """The officers who handled the dossier: the actors of its history rows."""
    ids = dossier.history.filter(actor__isnull=False).values_list("actor_id", flat=True).distinct()
    return get_user_model().objects.filter(pk__in=ids)


def rate(dossier, scores, comment=""):
    """Store the rating of ``dossier`` (``scores``: criterion → 1..5).
    Raises :class:`RatingRefused` when the dossier is not returned or is
    already rated; the first rating is never changed."""
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            reason = refusal(locked)
            if reason:
                raise RatingRefused(reason)
            overall = overall_score([scores[name] for name in CRITERIA])
            rating = DossierRating.objects.create(
                dossier=locked,
                agency_id=locked.agency_id,
                procedure_id=locked.procedure_id,
                overall=overall,
                comment=comment,
                **{name: scores[name] for name in CRITERIA},
            )
            rating.officers.set(handlers(locked))
            Dossier.objects.filter(pk=locked.pk).update(rating=overall, rating_comment=comment)
    except IntegrityError as exc:  # a concurrent first rating won
        raise RatingRefused(ALREADY_RATED) from exc
    log.info("dossier_rated", dossier=dossier.pk, overall=overall)
    return rating
