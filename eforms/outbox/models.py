"""The abstract outbox row every delivery table inherits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxItem(models.Model):
    """A row that must be delivered at least once.

    Subclasses declare ``state`` with their own choices and say which of
    them play which part in ``outbox_states`` (an ``engine.States``).
    ``claimed_until`` is the lease of the worker delivering the row;
    ``next_attempt_at`` is when the sweep looks at it again.
    """

    attempts = models.PositiveIntegerField(_("Số lần thử"), default=0)
    last_error = models.TextField(_("Lỗi gần nhất"), blank=True)
    next_attempt_at = models.DateTimeField(_("Thử lại lúc"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("Đang gửi đến"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("Giao xong lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # System rows written on every delivery: keep them out of Wagtail's
    # reference index (a SELECT and an INSERT per save otherwise).
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True
