"""Structured logging: ``log.info("handoff_delivered", dossier=code, agency=agency_code)``.

Our code logs through structlog (``log = structlog.get_logger(__name__)``);
the records go through the standard library, so Django's, Celery's and
third-party log lines come out in the same format, and pytest's ``caplog``
sees them. ``LOG_FORMAT=json`` (production default) writes one JSON object
per line for a log collector; ``LOG_FORMAT=console`` (dev and test default)
writes ``key=value`` pairs that a person can read.
"""

import logging

import structlog

SHARED_PROCESSORS = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.StackInfoRenderer(),
]


def _drop_duplicate_message(logger, method_name, event_dict):
    """A standard-library record already formatted by another handler carries
    ``message`` = ``event``; keep one."""
    if event_dict.get("message") == event_dict.get("event"):
        event_dict.pop("message")
    return event_dict


def configure_structlog():
    """Route structlog through the standard library (called once from the settings)."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED_PROCESSORS,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def formatter(log_format):
    """The ``formatters`` entry of Django's LOGGING for ``json`` or ``console``."""
    if log_format == "json":
        renderer = structlog.processors.JSONRenderer(ensure_ascii=False)
    else:
        renderer = structlog.processors.KeyValueRenderer(
            key_order=["timestamp", "level", "logger", "event"], drop_missing=True
        )
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
        "foreign_pre_chain": [*SHARED_PROCESSORS, structlog.stdlib.ExtraAdder(), _drop_duplicate_message],
    }


def get_logger(name):
    return structlog.get_logger(name)


__all__ = ["configure_structlog", "formatter", "get_logger", "logging"]
