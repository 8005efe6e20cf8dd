"""The rating form: one radio group per criterion, an optional comment, and
the dossier code and look-up secret it rates (hidden when they came with
the link)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eforms.ratings.constants import COMMENT_MAX_LENGTH, CRITERIA, Score


def plain_text(value):
    """Control characters (NUL …) removed; markup kept as typed, it is
    escaped wherever the comment is shown."""
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32).strip()


class PlainTextField(forms.CharField):
    """A text whose control characters are dropped before validation (so a
    NUL byte is removed, not refused)."""

    def to_python(self, value):
        return plain_text(super().to_python(value))


class CodeForm(forms.Form):
    ma = PlainTextField(label=_("Mã hồ sơ"), max_length=40, error_messages={"required": _("Vui lòng nhập mã hồ sơ.")})
    mtc = PlainTextField(
        label=_("Mã tra cứu"), max_length=16, error_messages={"required": _("Vui lòng nhập mã tra cứu.")}
    )

    def clean_ma(self):
        return self.cleaned_data["ma"].upper()


class RatingForm(CodeForm):
    comment = PlainTextField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
        error_messages={"max_length": _("Ý kiến tối đa %(limit_value)d ký tự (Ông/Bà đã nhập %(show_value)d ký tự).")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ma"].widget = forms.HiddenInput()
        self.fields["mtc"].widget = forms.HiddenInput()
        for name, (legend, hint) in CRITERIA.items():
            self.fields[name] = forms.TypedChoiceField(
                label=legend,
                help_text=hint,
                choices=Score.choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Vui lòng chọn mức độ hài lòng về “%(criterion)s”.") % {"criterion": legend},
                    "invalid_choice": _(
                        "Mức đánh giá về “%(criterion)s” không hợp lệ; vui lòng chọn một mức từ 1 đến 5."
                    )
                    % {"criterion": legend},
                },
            )
        self.order_fields([*CRITERIA, "comment"])

    def criteria(self):
        return [self[name] for name in CRITERIA]

    def scores(self):
        return {name: self.cleaned_data[name] for name in CRITERIA}
