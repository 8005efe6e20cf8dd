"""One satisfaction rating per dossier, tied to what it rates: the dossier,
its agency and procedure, and the officers who handled it (the actors of
its history rows)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eforms.ratings.constants import COMMENT_MAX_LENGTH, CRITERIA, MAX_SCORE, MIN_SCORE, Score


def _score(name):
    return models.PositiveSmallIntegerField(
        CRITERIA[name][0],
        choices=Score.choices,
        validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)],
    )


class DossierRating(models.Model):
    dossier = models.OneToOneField(
        "eforms.Dossier", verbose_name=_("Hồ sơ"), on_delete=models.CASCADE, related_name="satisfaction"
    )
    agency = models.ForeignKey(
        "content.AgencyPage",
        verbose_name=_("Cơ quan giải quyết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "content.ProcedurePage",
        verbose_name=_("Thủ tục"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Cán bộ xử lý"), blank=True, related_name="+"
    )
    information = _score("information")
    timeliness = _score("timeliness")
    attitude = _score("attitude")
    visits = _score("visits")
    cost = _score("cost")
    overall = models.PositiveSmallIntegerField(
        _("Mức độ hài lòng chung"), help_text=_("Trung bình các tiêu chí, làm tròn (1–5).")
    )
    comment = models.TextField(_("Ý kiến đánh giá"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("Thời điểm đánh giá"), auto_now_add=True)

    class Meta:
        app_label = "eforms"
        verbose_name = _("Đánh giá mức độ hài lòng")
        verbose_name_plural = _("Đánh giá mức độ hài lòng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    *[
                        models.Q(**{f"{name}__gte": MIN_SCORE, f"{name}__lte": MAX_SCORE})
                        for name in (*CRITERIA, "overall")
                    ]
                ),
                name="dossier_rating_scores_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.dossier_id}: {self.overall}/5"

    @property
    def overall_label(self):
        """“Hài lòng” … of the overall score."""
        return Score(self.overall).label
