"""Publish delivery tasks by name (no import of the task modules: services
never import their tasks, the tasks import the services)."""

from celery import current_app

# Try the broker twice, quickly: when it is down the sweep publishes later.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def signature(task_name, pk):
    """``task_name(pk)`` as a signature of the current app (eager in unit tests)."""
    return current_app.signature(task_name, args=[pk])


def _publish(task_name, messages):
    """Publish ``task_name(arg)`` for each ``(arg, queue, pks)`` of
    ``messages`` on one producer; ``(published pks, error or "")``, stopping
    at the first failure."""
    published = []
    if not messages:
        return published, ""
    try:
        with current_app.producer_or_acquire() as producer:
            for arg, queue, pks in messages:
                options = {"queue": queue, "routing_key": queue} if queue else {}
                signature(task_name, arg).apply_async(
                    producer=producer, retry=True, retry_policy=PUBLISH_RETRY_POLICY, **options
                )
                published.extend(pks)
    except Exception as exc:  # noqa: BLE001 - any broker or transport error: recorded, the sweep retries
        return published, f"{type(exc).__name__}: {exc}"
    return published, ""


def send_by_name(task_name, rows):
    """Publish ``task_name(pk)`` for each ``(pk, queue)`` of ``rows`` on one
    producer (``queue`` ``None``: the router decides). Returns ``(published
    pks, error or "")`` and stops at the first failure: the broker is down,
    the rest keep their turn for the sweep."""
    return _publish(task_name, [(pk, queue, [pk]) for pk, queue in rows])


def send_batches(task_name, rows, size):
    """Publish ``task_name([pk, …])``, one message per ``size`` rows of the
    same queue (``rows``: ``(pk, queue)``), on one producer: a backlog of
    10,000 rows is a hundred messages, and the consumer locks and records
    each hundred together. Same answer and failure rule as ``send_by_name``."""
    by_queue = {}
    for pk, queue in rows:
        by_queue.setdefault(queue, []).append(pk)
    size = max(1, int(size))
    messages = []
    for queue, pks in by_queue.items():
        for i in range(0, len(pks), size):
            chunk = pks[i : i + size]
            messages.append((chunk, queue, chunk))
    return _publish(task_name, messages)
