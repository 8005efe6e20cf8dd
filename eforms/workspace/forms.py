"""Forms of the officer workspace and of the citizen's supplement upload."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.models import AgencyPage
from eforms.dossiers.calendar import is_working_day
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.deadlines import time_limit_words
from eforms.formdefs.forms import DATE_INPUT_FORMATS, CCCDField
from eforms.formdefs.validators import check_cccd_matches
from eforms.workspace.services import MAX_COMMENT_LENGTH, MAX_REASON_LENGTH, ReturnMethod

MAX_QUERY_LENGTH = 100


class QueueFilterForm(forms.Form):
    """Filters of the queue (GET). Bad values are dropped, never a 500."""

    SORTS = [
        ("han", _("Hạn trả gần nhất")),
        ("-han", _("Hạn trả xa nhất")),
        ("-nhan", _("Mới tiếp nhận")),
        ("nhan", _("Tiếp nhận sớm nhất")),
        ("ma", _("Mã hồ sơ")),
    ]
    SORT_FIELDS = {
        "han": ["due_at", "received_at"],
        "-han": ["-due_at", "-received_at"],
        "-nhan": ["-received_at"],
        "nhan": ["received_at"],
        "ma": ["code"],
    }
    DEADLINES = [
        ("", _("Tất cả")),
        ("sap-den-han", _("Sắp đến hạn")),
        ("qua-han", _("Quá hạn")),
        ("qua-han-bo-sung", _("Quá hạn bổ sung")),
    ]

    SCOPES = [("", _("Hồ sơ cần xử lý")), ("tat-ca", _("Tất cả hồ sơ"))]

    scope = forms.ChoiceField(label=_("Phạm vi"), required=False, choices=SCOPES)
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Mã hồ sơ, tên người nộp hoặc số CCCD"), "type": "search"}),
    )
    status = forms.TypedChoiceField(
        label=_("Trạng thái"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả trạng thái"))] + list(DossierStatus.choices),
    )
    procedure = forms.ChoiceField(label=_("Thủ tục"), required=False, choices=[("", _("Tất cả thủ tục"))])
    deadline = forms.ChoiceField(label=_("Thời hạn"), required=False, choices=DEADLINES)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORTS)

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", _("Tất cả thủ tục"))] + [
            (code, f"{code} — {name[:80]}") for code, name in procedures
        ]


REASON_TOO_LONG = _("Lý do quá dài (tối đa %(limit_value)s ký tự).")
NOTE_TOO_LONG = _("Ghi chú quá dài (tối đa %(limit_value)s ký tự).")
TEXT_TOO_LONG = _("Nội dung quá dài (tối đa %(limit_value)s ký tự).")


def text_field(label, *, too_long, required_message=None, rows=3, max_length=MAX_REASON_LENGTH, **kwargs):
    """A free-text box of the workspace: required unless no
    ``required_message`` is given, with its limit in the error."""
    messages = {"max_length": too_long}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        required=bool(required_message),
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=messages,
        **kwargs,
    )


class ReasonForm(forms.Form):
    reason = text_field(_("Lý do"), required_message=_("Vui lòng nhập lý do."), too_long=REASON_TOO_LONG)


class NoteForm(forms.Form):
    note = text_field(_("Ghi chú"), too_long=NOTE_TOO_LONG, rows=2)


class AcceptForm(NoteForm):
    start_processing = forms.BooleanField(label=_("Bắt đầu xử lý ngay"), required=False, initial=True)


class SupplementForm(forms.Form):
    items = text_field(
        _("Giấy tờ cần bổ sung"),
        required_message=_("Vui lòng nêu giấy tờ cần bổ sung."),
        too_long=TEXT_TOO_LONG,
        help_text=_("Nêu rõ từng giấy tờ còn thiếu hoặc cần sửa; nội dung này được gửi cho công dân."),
    )


class PaymentForm(NoteForm):
    amount = forms.IntegerField(
        label=_("Số tiền phải nộp (đồng)"),
        min_value=1,
        max_value=10**11,
        error_messages={
            "required": _("Vui lòng nhập số tiền."),
            "invalid": _("Số tiền không hợp lệ."),
            "min_value": _("Số tiền phải lớn hơn 0."),
            "max_value": _("Số tiền quá lớn."),
        },
    )


class ForwardForm(NoteForm):
    to_agency = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"),
        queryset=None,
        error_messages={
            "required": _("Vui lòng chọn cơ quan nhận hồ sơ."),
            "invalid_choice": _("Cơ quan không hợp lệ."),
        },
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = AgencyPage.objects.live().order_by("title")
        if dossier is not None and dossier.agency_id:
            queryset = queryset.exclude(pk=dossier.agency_id)
        self.fields["to_agency"].queryset = queryset


class ReturnForm(NoteForm):
    how = forms.ChoiceField(
        label=_("Hình thức trả kết quả"),
        choices=ReturnMethod.CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn hình thức trả kết quả."),
            "invalid_choice": _("Hình thức trả kết quả không hợp lệ."),
        },
    )


class CommentForm(forms.Form):
    body = text_field(
        _("Nội dung trao đổi"),
        required_message=_("Vui lòng nhập nội dung trao đổi."),
        too_long=TEXT_TOO_LONG,
        max_length=MAX_COMMENT_LENGTH,
    )


class ApologyForm(forms.Form):
    new_date = forms.DateField(
        label=_("Ngày hẹn trả kết quả mới"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Vui lòng chọn ngày hẹn trả mới."),
            "invalid": _("Ngày không hợp lệ (định dạng ngày/tháng/năm)."),
        },
    )
    reason = text_field(
        _("Lý do chậm trễ"), required_message=_("Vui lòng nhập lý do chậm trễ."), too_long=REASON_TOO_LONG, rows=4
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def clean_new_date(self):
        value = self.cleaned_data["new_date"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(_("Ngày hẹn trả mới phải sau ngày hôm nay."))
        if value > today + dt.timedelta(days=366):
            raise forms.ValidationError(_("Ngày hẹn trả mới không được quá một năm kể từ hôm nay."))
        promised = self.dossier and (self.dossier.rescheduled_due_at or self.dossier.due_at)
        if promised and value <= timezone.localtime(promised).date():
            raise forms.ValidationError(_("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại."))
        if not is_working_day(value):
            raise forms.ValidationError(
                _("Ngày hẹn trả mới phải là ngày làm việc (không phải thứ Bảy, Chủ nhật, ngày lễ).")
            )
        return value


class CitizenSupplementForm(forms.Form):
    note = text_field(_("Ghi chú gửi cơ quan giải quyết"), too_long=NOTE_TOO_LONG)


class CounterApplicantForm(forms.Form):
    """A paper dossier received at the counter (channel 1)."""

    applicant_name = forms.CharField(
        label=_("Họ và tên người nộp"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập họ và tên người nộp.")},
    )
    applicant_id_number = CCCDField(
        label=_("Số định danh cá nhân / CCCD"),
        required=False,
        help_text=_("12 chữ số ghi trên thẻ căn cước; không nhận số chứng minh nhân dân 9 số."),
    )
    applicant_birth_date = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ghi theo thẻ căn cước, để đối chiếu với số định danh."),
        error_messages={"invalid": _("Ngày không hợp lệ (định dạng ngày/tháng/năm).")},
    )
    applicant_sex = forms.ChoiceField(
        label=_("Giới tính"),
        required=False,
        choices=[("", _("— Không ghi —")), ("Nam", _("Nam")), ("Nữ", _("Nữ"))],
        error_messages={"invalid_choice": _("Lựa chọn không hợp lệ.")},
    )
    applicant_phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^\+?[\d .-]{8,15}$",
        required=False,
        error_messages={"invalid": _("Số điện thoại không hợp lệ.")},
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"), required=False, error_messages={"invalid": _("Thư điện tử không hợp lệ.")}
    )
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    sets_count = forms.IntegerField(
        label=_("Số lượng bộ hồ sơ"),
        min_value=1,
        max_value=50,
        initial=1,
        error_messages={
            "invalid": _("Số lượng không hợp lệ."),
            "min_value": _("Ít nhất 1 bộ."),
            "max_value": _("Tối đa 50 bộ."),
        },
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=MAX_REASON_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        """The identification number agrees with the birth date and sex on
        the card (digits 4–6 of the number)."""
        cleaned = super().clean()
        number = cleaned.get("applicant_id_number")
        if number and not self.has_error("applicant_birth_date"):
            try:
                check_cccd_matches(
                    number, birth_date=cleaned.get("applicant_birth_date"), sex=cleaned.get("applicant_sex")
                )
            except ValidationError as error:
                self.add_error("applicant_id_number", error)
        return cleaned


class CounterTimeLimitForm(forms.Form):
    """The time limit of a counter dossier: the one the procedure publishes
    for the counter channel. Only a leader of the agency may set another,
    and then must say why (the reason goes into the dossier's history)."""

    processing_days = forms.DecimalField(
        label=_("Thời hạn giải quyết (ngày làm việc)"),
        required=False,
        min_value=0,
        max_value=365,
        decimal_places=1,
        help_text=_("0 là giải quyết trong ngày làm việc."),
        error_messages={
            "invalid": _("Thời hạn không hợp lệ."),
            "min_value": _("Thời hạn không được âm."),
            "max_value": _("Thời hạn tối đa 365 ngày."),
            "max_decimal_places": _("Thời hạn tính theo ngày hoặc nửa ngày (ví dụ 2,5)."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do thay đổi thời hạn"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Lý do quá dài (tối đa %(limit_value)d ký tự).")},
    )

    def __init__(self, *args, published=None, may_change=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.published = published
        self.may_change = may_change

    def clean_processing_days(self):
        value = self.cleaned_data["processing_days"]
        if value is not None and (value * 2) % 1:
            raise ValidationError(_("Thời hạn tính theo ngày hoặc nửa ngày (ví dụ 2,5)."))
        return value

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        value = cleaned.get("processing_days")
        reason = (cleaned.get("reason") or "").strip()
        changed = value is not None and value != self.published
        if changed and not self.may_change:
            raise ValidationError(
                _(
                    "Thời hạn giải quyết là thời hạn đã công bố của thủ tục (%(published)s). "
                    "Chỉ lãnh đạo cơ quan mới được thay đổi, và phải ghi lý do."
                )
                % {"published": time_limit_words(self.published)}
            )
        if changed and len(reason) < 10:
            self.add_error("reason", _("Vui lòng ghi lý do thay đổi thời hạn giải quyết (ít nhất 10 ký tự)."))
        cleaned["time_limit"] = value if changed else self.published
        cleaned["changed"] = changed
        cleaned["reason"] = reason
        return cleaned
