from django.db import models
from django.utils.translation import gettext_lazy as _

# Letters and digits hard to confuse (no 0/O, 1/I/L, 2/Z, 5/S, 8/B): a code
# read aloud, typed at the kiosk or from an SMS.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8
SECRET_LENGTH = 10
NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
# A booking form is a few hundred bytes; anything far larger is refused unread.
MAX_BODY_BYTES = 16 * 1024


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Đã đặt")
    CHECKED_IN = "checked_in", _("Đã đến (đã lấy số)")
    NO_SHOW = "no_show", _("Không đến")
    CANCELLED = "cancelled", _("Đã hủy")


# Statuses that hold a place in their slot.
HOLDING = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN, AppointmentStatus.NO_SHOW)
