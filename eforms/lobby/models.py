"""Counters of the reception hall, queue tickets and the calls of the board.

A ticket (số thứ tự) waits at one counter, or in the queue of a field
(lĩnh vực) of an agency that any counter serving that field may call, or in
the agency's general queue. Numbers run per agency and local day and start
again at 1 every morning; the board announces each row of ``TicketCall``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.lobby.constants import CallKind, TicketSource, TicketStatus


class Counter(models.Model):
    """A reception counter (quầy) of an agency: "Quầy 5"."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "content.AgencyPage",
        verbose_name=_("Cơ quan"),
        on_delete=models.CASCADE,
        related_name="lobby_counters",
    )
    number = models.PositiveSmallIntegerField(_("Số quầy"), help_text=_("Số hiển thị trên bảng: “Quầy 5”."))
    name = models.CharField(_("Tên quầy"), max_length=200, blank=True)
    fields = models.ManyToManyField(
        "content.FieldPage",
        verbose_name=_("Lĩnh vực tiếp nhận"),
        related_name="lobby_counters",
        blank=True,
        help_text=_("Số thứ tự lấy theo một lĩnh vực được gọi tại các quầy tiếp nhận lĩnh vực đó."),
    )
    active = models.BooleanField(_("Đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("Quầy tiếp nhận")
        verbose_name_plural = _("Quầy tiếp nhận")
        ordering = ["agency_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="lobby_counter_unique_number")]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return _("Quầy %(number)s") % {"number": self.number}


class TicketSequence(models.Model):
    """Last number given by an agency on a local day (never reused)."""

    agency = models.ForeignKey("content.AgencyPage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="lobby_sequence_unique_day")]

    def __str__(self):
        return f"{self.agency_id} {self.day:%Y-%m-%d}: {self.last_number}"


class Ticket(models.Model):
    """One queue ticket; its page (``uuid`` in the URL) is what the kiosk prints."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        "content.AgencyPage", verbose_name=_("Cơ quan"), on_delete=models.CASCADE, related_name="lobby_tickets"
    )
    day = models.DateField(_("Ngày"))
    number = models.PositiveIntegerField(_("Số thứ tự"))
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("Quầy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        help_text=_("Quầy chờ (lấy số theo quầy), rồi quầy đã gọi số."),
    )
    field = models.ForeignKey(
        "content.FieldPage",
        verbose_name=_("Lĩnh vực"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lobby_tickets",
    )
    priority = models.BooleanField(_("Ưu tiên"), default=False)
    source = models.CharField(_("Nguồn"), max_length=20, choices=TicketSource.choices, default=TicketSource.KIOSK)
    note = models.CharField(_("Ghi chú"), max_length=200, blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING, db_index=True
    )
    issued_at = models.DateTimeField(_("Thời điểm lấy số"))
    called_at = models.DateTimeField(_("Thời điểm gọi"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Thời điểm kết thúc"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Cán bộ gọi số"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    estimated_wait_minutes = models.PositiveIntegerField(_("Thời gian chờ dự kiến (phút)"), default=0)

    class Meta:
        verbose_name = _("Số thứ tự")
        verbose_name_plural = _("Số thứ tự")
        ordering = ["day", "agency_id", "number"]
        constraints = [models.UniqueConstraint(fields=["agency", "day", "number"], name="lobby_ticket_unique_number")]
        indexes = [models.Index(fields=["agency", "day", "status"])]

    def __str__(self):
        return f"{self.number} ({self.day:%d/%m/%Y})"


class TicketCall(models.Model):
    """Each call or recall of a ticket at a counter: what the board announces."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="calls")
    kind = models.CharField(max_length=10, choices=CallKind.choices, default=CallKind.CALL)
    at = models.DateTimeField(db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.ticket} → {self.counter}"
