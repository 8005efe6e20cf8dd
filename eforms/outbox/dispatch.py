"""Publish delivery tasks by name (no import of the task modules: services
never import their tasks, the tasks import the services)."""

from celery import current_app

# Try the broker twice, quickly: when it is down the sweep publishes later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def signature(task_name, pk):
    """``task_name(pk)`` as a signature of the current app (eager in unit tests)."""
    return current_app.signature(task_name, args=[pk])


def send_by_name(task_name, rows):
    """Publish ``task_name(pk)`` for each ``(pk, queue)`` of ``rows`` on one
    producer (``queue`` ``None``: the router decides). Returns ``(published
    pks, error or "")`` and stops at the first failure: the broker is down,
    the rest keep their turn for the sweep."""
    published = []
    if not rows:
        return published, ""
    try:
        with current_app.producer_or_acquire() as producer:
            for pk, queue in rows:
                options = {"queue": queue, "routing_key": queue} if queue else {}
                signature(task_name, pk).apply_async(
                    producer=producer, retry=True, retry_policy=PUBLISH_RETRY_POLICY, **options
                )
                published.append(pk)
    except Exception as exc:  # noqa: BLE001 - any broker or transport error: recorded, the sweep retries
        return published, f"{type(exc).__name__}: {exc}"
    return published, ""
