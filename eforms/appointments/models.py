"""The administrator's slot rules per counter and the appointments booked.

A slot is not a row: it is computed from the counter's ``SlotSchedule`` and
the calendar (``eforms.dossiers.calendar``: working days, holidays, the
agency's office hours). A booking takes one numbered *place* of its slot;
the unique constraint on (counter, start, place) among the appointments
that hold a place makes two concurrent bookings of the last place end with
one booking and one "full", on SQLite as on PostgreSQL.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.appointments.constants import HOLDING, NAME_MAX_LENGTH, AppointmentStatus


class SlotSchedule(models.Model):
    """How a counter takes appointments: slot length and places per slot."""

    counter = models.OneToOneField(
        "lobby.Counter",
        verbose_name=_("Quầy"),
        on_delete=models.CASCADE,
        related_name="appointment_schedule",
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("Thời lượng mỗi khung giờ (phút)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text=_("Từ 5 đến 240 phút; các khung giờ nằm trong giờ làm việc của cơ quan."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("Số lượt hẹn mỗi khung giờ"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Số người dân được đặt lịch trong cùng một khung giờ tại quầy này."),
    )
    active = models.BooleanField(_("Nhận đặt lịch"), default=True)

    class Meta:
        verbose_name = _("Khung giờ đặt lịch của quầy")
        verbose_name_plural = _("Khung giờ đặt lịch của quầy")

    def __str__(self):
        return f"{self.counter} · {self.slot_minutes}′ × {self.capacity}"


class Appointment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("Mã lịch hẹn"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    procedure = models.ForeignKey(
        "content.ProcedurePage",
        verbose_name=_("Thủ tục hành chính"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="appointments",
    )
    procedure_name = models.CharField(_("Tên thủ tục"), max_length=500)
    agency = models.ForeignKey(
        "content.AgencyPage", verbose_name=_("Cơ quan thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    counter = models.ForeignKey(
        "lobby.Counter", verbose_name=_("Quầy"), on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("Giờ hẹn"))
    ends_at = models.DateTimeField(_("Kết thúc khung giờ"))
    place = models.PositiveSmallIntegerField(_("Lượt trong khung giờ"))
    name = models.CharField(_("Họ và tên"), max_length=NAME_MAX_LENGTH)
    phone = models.CharField(_("Số điện thoại"), max_length=10)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    ticket = models.ForeignKey(
        "lobby.Ticket", verbose_name=_("Số thứ tự"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_in_at = models.DateTimeField(_("Thời điểm xác nhận đến"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Thời điểm hủy"), null=True, blank=True)
    moves = models.PositiveSmallIntegerField(_("Số lần đổi lịch"), default=0)

    class Meta:
        verbose_name = _("Lịch hẹn")
        verbose_name_plural = _("Lịch hẹn")
        ordering = ["starts_at", "counter_id", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["counter", "starts_at", "place"],
                condition=models.Q(status__in=[s.value for s in HOLDING]),
                name="appointment_one_per_place",
            ),
            models.UniqueConstraint(
                fields=["phone", "starts_at"],
                condition=models.Q(status__in=[s.value for s in HOLDING]),
                name="appointment_one_per_phone_and_time",
            ),
            models.CheckConstraint(condition=models.Q(place__gte=1), name="appointment_place_positive"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in AppointmentStatus]), name="appointment_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["agency", "starts_at"]), models.Index(fields=["counter", "starts_at"])]

    def __str__(self):
        return self.code
