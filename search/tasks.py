"""Periodic work of search (Celery beat, see ``SEARCH_QUERYLOG_FLUSH_SECONDS``)."""

from celery import shared_task

from . import querylog


@shared_task(name="search.flush_query_log")
def flush_query_log():
    """Write the query-log counts of the closed time buckets from the shared
    cache into the search log. Idempotent: a bucket already written is
    skipped (the watermark moves in the same transaction)."""
    return querylog.flush()
