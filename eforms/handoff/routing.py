"""Which queue a branch travels on: one queue per department.

``backoffice.<agency code>`` carries the delivery tasks of one agency, so a
department (or a host near its back-office system) can run its own worker:
``celery -A portal worker -Q backoffice.stp``. Everything else (the retry
sweep, e-mails…) goes to ``default``.
"""

from django.conf import settings
from django.db import DatabaseError

from content.models import AgencyPage
from eforms.handoff.models import HandOff

DEFAULT_QUEUE = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "default")


def queue_name(agency_code):
    """The hand-off rule: the queue of the agency whose code is ``agency_code``."""
    return f"backoffice.{agency_code.lower()}"


def agency_queue_names():
    codes = AgencyPage.objects.order_by("code").values_list("code", flat=True)
    return [queue_name(code) for code in codes]


def all_queue_names():
    """``default`` plus ``backoffice.<code>`` for every agency (live or not:
    a branch may still be open for an agency taken offline)."""
    names = [DEFAULT_QUEUE]
    try:
        names += [name for name in agency_queue_names() if name not in names]
    except DatabaseError:
        # Database not migrated yet (first start): the default queue only;
        # restart the worker once agencies exist.
        pass
    return names


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery router (``CELERY_TASK_ROUTES``): ``handoff.deliver`` (and
    ``handoff.deliver_batch``, whose branches share one agency) sent without
    an explicit queue still lands on its agency's queue."""
    if name not in ("handoff.deliver", "handoff.deliver_batch") or options.get("queue"):
        return None
    handoff_id = (args or [None])[0] if args else (kwargs or {}).get("handoff_id", (kwargs or {}).get("handoff_ids"))
    if isinstance(handoff_id, (list, tuple)):
        handoff_id = handoff_id[0] if handoff_id else None
    if handoff_id is None:
        return None
    code = HandOff.objects.filter(pk=handoff_id).values_list("agency__code", flat=True).first()
    if code is None:
        return None
    queue = queue_name(code)
    return {"queue": queue, "routing_key": queue}
