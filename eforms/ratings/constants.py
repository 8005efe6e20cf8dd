"""The criteria and the scale of a satisfaction rating.

The criteria follow the satisfaction measures of the service index of
Quyết định 766/QĐ-TTg (public, transparent information; time against the
promise; the officers' attitude; the number of trips; the cost), each on
a five-step scale; 4 and 5 count as satisfied on the statistics board.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 1
MAX_SCORE = 5
COMMENT_MAX_LENGTH = 2000


class Score(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Rất hài lòng")
    SATISFIED = 4, _("Hài lòng")
    NEUTRAL = 3, _("Bình thường")
    DISSATISFIED = 2, _("Không hài lòng")
    VERY_DISSATISFIED = 1, _("Rất không hài lòng")


# field name → (legend, hint)
CRITERIA = {
    "information": (
        _("Thông tin về thủ tục hành chính"),
        _("Thông tin được công khai, minh bạch, đầy đủ, dễ hiểu."),
    ),
    "timeliness": (
        _("Thời gian giải quyết"),
        _("Thời gian giải quyết so với thời hạn đã hẹn trên giấy tiếp nhận."),
    ),
    "attitude": (
        _("Thái độ của cán bộ, công chức"),
        _("Cán bộ tiếp nhận và giải quyết hồ sơ lịch sự, tận tình, hướng dẫn rõ ràng."),
    ),
    "visits": (
        _("Số lần đi lại"),
        _("Số lần Ông/Bà phải đi lại hoặc liên hệ để hoàn thành hồ sơ."),
    ),
    "cost": (
        _("Chi phí"),
        _("Phí, lệ phí đúng quy định, không phát sinh chi phí ngoài quy định."),
    ),
}
