"""The figures of the admin dashboard (read-only queries)."""

from django.db.models import Count, Max

from eforms.national.constants import OPEN_STATES, SyncState
from eforms.national.gateway import get_gateway, sync_enabled
from eforms.national.models import CatalogueRefresh, StatusSync

DEAD_LETTERS_SHOWN = 50


def figures():
    by_state = dict(StatusSync.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    configured, why_not = get_gateway().configured() if sync_enabled() else (False, "NATIONAL_PORTAL_URL")
    return {
        "enabled": sync_enabled(),
        "configured": configured,
        "why_not": why_not,
        "last_success": StatusSync.objects.filter(state=SyncState.DELIVERED).aggregate(at=Max("delivered_at"))["at"],
        "backlog": sum(by_state.get(state, 0) for state in OPEN_STATES),
        "retrying": by_state.get(SyncState.RETRY, 0),
        "delivered": by_state.get(SyncState.DELIVERED, 0),
        "dead_count": by_state.get(SyncState.DEAD, 0),
        "dead_letters": list(
            StatusSync.objects.filter(state=SyncState.DEAD).order_by("-updated_at")[:DEAD_LETTERS_SHOWN]
        ),
        "failing": list(
            StatusSync.objects.filter(state=SyncState.RETRY).exclude(last_error="").order_by("-updated_at")[:20]
        ),
        "last_refresh": CatalogueRefresh.objects.order_by("-started_at", "-id").first(),
    }
