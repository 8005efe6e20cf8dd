"""The register of dossiers (Sổ theo dõi hồ sơ, Mẫu số 07 of Circular 03/2025/TT-VPCP): its book and
running numbers, the rows of a period, and the period itself.

No stored field: an agency keeps one book a year (``Quyển số`` is the
year, or what ``DOSSIER_REGISTER_BOOKS[<agency code>]`` says, with
``{year}`` replaced), and a dossier's ``Số thứ tự`` is its rank among the
agency's dossiers of that year by reception time (then id). Dossiers are
never deleted and their reception time never changes, so the number
printed on a receipt is the number the register shows.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.models import Dossier, DossierStatusChange

MAX_PERIOD_DAYS = 366
DMY = re.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})")
YMD = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")


class PeriodError(ValueError):
    """A period that cannot be read; ``message`` says why, in Vietnamese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    book: str
    number: int


def _year_bounds(year):
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def book_label(agency, year):
    books = getattr(settings, "DOSSIER_REGISTER_BOOKS", {}) or {}
    template = books.get(getattr(agency, "code", None) or "")
    return str(template).replace("{year}", str(year)) if template else str(year)


def _same_book(dossier):
    year = timezone.localtime(dossier.received_at).year
    start, end = _year_bounds(year)
    return year, Dossier.objects.filter(agency_id=dossier.agency_id, received_at__gte=start, received_at__lt=end)


def entry_of(dossier):
    """The dossier's :class:`Entry` in its agency's register."""
    year, book = _same_book(dossier)
    before = book.filter(received_at__lt=dossier.received_at).count()
    same = book.filter(received_at=dossier.received_at, pk__lte=dossier.pk).count()
    return Entry(book=book_label(dossier.agency, year), number=before + same)


def numbers_for(dossiers):
    """``{pk: Entry}`` for ``dossiers``, one query per agency and year."""
    wanted = {}
    for dossier in dossiers:
        key = (dossier.agency_id, timezone.localtime(dossier.received_at).year)
        wanted.setdefault(key, []).append(dossier)
    result = {}
    for (agency_id, year), items in wanted.items():
        start, end = _year_bounds(year)
        last = max(d.received_at for d in items)
        ids = (
            Dossier.objects.filter(agency_id=agency_id, received_at__gte=start, received_at__lt=end)
            .filter(received_at__lte=last)
            .order_by("received_at", "pk")
            .values_list("pk", flat=True)
        )
        rank = {pk: index for index, pk in enumerate(ids, start=1)}
        label = book_label(items[0].agency, year)
        result.update({d.pk: Entry(label, rank[d.pk]) for d in items if d.pk in rank})
    return result


def parse_day(text, label):
    value = (text or "").strip()
    if not value:
        raise PeriodError(_("Vui lòng nhập %(label)s (ngày/tháng/năm).") % {"label": label})
    if len(value) > 10:
        raise PeriodError(_("%(label)s không đúng dạng ngày/tháng/năm.") % {"label": label.capitalize()})
    match = DMY.fullmatch(value) or YMD.fullmatch(value)
    if match:
        parts = {k: int(v) for k, v in match.groupdict().items()}
        try:
            return dt.date(parts["y"], parts["m"], parts["d"])
        except ValueError:
            pass
    raise PeriodError(_("%(label)s không đúng dạng ngày/tháng/năm.") % {"label": label.capitalize()})


def parse_period(start_text, end_text):
    """``(first day, last day)`` of a register period typed by an officer;
    :class:`PeriodError` with a clear message otherwise."""
    start = parse_day(start_text, _("ngày bắt đầu"))
    end = parse_day(end_text, _("ngày kết thúc"))
    if end < start:
        raise PeriodError(_("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise PeriodError(_("Mỗi lần chỉ xuất sổ cho tối đa %(days)s ngày.") % {"days": MAX_PERIOD_DAYS})
    if start.year < 2000 or end > timezone.localdate() + dt.timedelta(days=MAX_PERIOD_DAYS):
        raise PeriodError(_("Khoảng thời gian nằm ngoài phạm vi của sổ theo dõi hồ sơ."))
    return start, end


@dataclass
class Row:
    """One line of the register (the columns of Mẫu số 07)."""

    entry: Entry
    dossier: Dossier
    sent_at: dt.datetime | None  # chuyển hồ sơ đến cơ quan giải quyết
    result_at: dt.datetime | None  # nhận kết quả từ cơ quan giải quyết
    note: str


def _first_times(dossiers, status):
    rows = (
        DossierStatusChange.objects.filter(dossier__in=dossiers, to_status=status)
        .order_by("created_at", "pk")
        .values_list("dossier_id", "created_at")
    )
    first = {}
    for dossier_id, at in rows:
        first.setdefault(dossier_id, at)
    return first


def _note(dossier):
    due = getattr(dossier, "original_due_at", None) or dossier.due_at
    finished = dossier.completed_at or dossier.returned_at
    notes = [DossierStatus(dossier.status).label]
    if due and finished and finished > due:
        notes.append(_("quá hạn"))
    rescheduled = getattr(dossier, "rescheduled_due_at", None)
    if rescheduled:
        notes.append(_("hẹn lại %(day)s") % {"day": timezone.localtime(rescheduled).strftime("%d/%m/%Y")})
    return "; ".join(str(n) for n in notes)


def register_rows(agencies, start, end):
    """The register lines of ``agencies`` for the local days ``start`` to
    ``end`` (inclusive), in reception order."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    dossiers = list(
        Dossier.objects.filter(agency__in=agencies, received_at__gte=since, received_at__lt=until)
        .select_related("agency", "procedure")
        .order_by("received_at", "pk")
    )
    numbers = numbers_for(dossiers)
    sent = _first_times(dossiers, DossierStatus.PROCESSING)
    results = _first_times(dossiers, DossierStatus.COMPLETED)
    return [
        Row(
            entry=numbers[d.pk],
            dossier=d,
            sent_at=sent.get(d.pk),
            result_at=results.get(d.pk) or d.completed_at,
            note=_note(d),
        )
        for d in dossiers
    ]
