"""The public form and the officers' forms. Every text is made plain
(``text.plain``: tags stripped, NUL and control characters dropped) before
it is validated, so hostile input is cleaned, not stored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from content.models import AgencyPage, ProcedurePage
from eforms.feedback.constants import (
    ADDRESS_MAX_LENGTH,
    ANSWER_MAX_LENGTH,
    CONTENT_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    FeedbackKind,
)
from eforms.feedback.text import plain
from eforms.formdefs.validators import normalize_phone, validate_vn_phone

HONEYPOT = "website"
TOO_LONG = _("%(field)s tối đa %(limit_value)d ký tự (Ông/Bà đã nhập %(show_value)d ký tự).")


class PlainText(forms.CharField):
    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)
        self.error_messages["max_length"] = _MaxLength(kwargs.get("label", ""))

    def to_python(self, value):
        return plain(super().to_python(value), multiline=self.multiline)


class _MaxLength(str):
    """The max-length message with the field's name (Django fills in the numbers)."""

    def __new__(cls, label):
        obj = str.__new__(cls, "")
        obj.label = label
        return obj

    def __mod__(self, params):
        return str(TOO_LONG) % {"field": self.label, **params}


def _required(message):
    return {"required": message}


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại phản ánh, kiến nghị"),
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn loại phản ánh, kiến nghị."),
            "invalid_choice": _("Loại phản ánh, kiến nghị không hợp lệ; vui lòng chọn một trong hai loại."),
        },
    )
    subject = PlainText(
        label=_("Tiêu đề"),
        max_length=SUBJECT_MAX_LENGTH,
        error_messages=_required(_("Vui lòng nhập tiêu đề phản ánh, kiến nghị.")),
    )
    content = PlainText(
        label=_("Nội dung phản ánh, kiến nghị"),
        max_length=CONTENT_MAX_LENGTH,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": CONTENT_MAX_LENGTH}),
        help_text=_("Tối đa 5.000 ký tự. Không cần ghi số căn cước hay thông tin cá nhân khác vào nội dung."),
        error_messages=_required(_("Vui lòng nhập nội dung phản ánh, kiến nghị.")),
    )
    dossier_code = PlainText(label=_("Mã hồ sơ (nếu có)"), max_length=40, required=False)
    dossier_secret = PlainText(
        label=_("Mã tra cứu của hồ sơ"),
        max_length=16,
        required=False,
        help_text=_("In trên giấy tiếp nhận; cần có để gắn phản ánh với hồ sơ của Ông/Bà."),
    )
    procedure = forms.ModelChoiceField(
        label=_("Thủ tục hành chính liên quan (nếu có)"),
        queryset=ProcedurePage.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Thủ tục đã chọn không có trong danh mục; vui lòng chọn lại.")},
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan liên quan (nếu có)"),
        queryset=AgencyPage.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Cơ quan đã chọn không có trong danh bạ; vui lòng chọn lại.")},
    )
    name = PlainText(label=_("Họ và tên"), max_length=NAME_MAX_LENGTH, required=False)
    phone = PlainText(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@example.vn.")},
    )
    address = PlainText(label=_("Địa chỉ"), max_length=ADDRESS_MAX_LENGTH, required=False)
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để nội dung phản ánh và câu trả lời được công khai trên Cổng (đã ẩn họ tên, số điện thoại, "
            "thư điện tử, số giấy tờ và mã hồ sơ)."
        ),
        required=False,
    )
    # the honeypot: hidden from people (CSS and aria-hidden), filled by robots
    website = forms.CharField(label=_("Không điền vào ô này"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = ProcedurePage.objects.live().order_by("title")
        self.fields["agency"].queryset = AgencyPage.objects.live().order_by("title")
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["procedure"].empty_label = _("— Không chọn —")
        self.fields["agency"].empty_label = _("— Không chọn —")

    @property
    def robot(self):
        return bool((self.data.get(HONEYPOT) or "").strip())

    def clean_phone(self):
        value = self.cleaned_data["phone"]
        if not value:
            return ""
        digits = normalize_phone(value)
        try:
            validate_vn_phone(digits)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("Số điện thoại không hợp lệ: số di động gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09.")
            ) from error
        return digits

    def clean_dossier_code(self):
        return self.cleaned_data["dossier_code"].upper()

    def clean(self):
        data = super().clean()
        if data.get("dossier_secret") and not data.get("dossier_code"):
            self.add_error("dossier_code", _("Vui lòng nhập mã hồ sơ đi kèm mã tra cứu."))
        return data

    def contact(self):
        data = self.cleaned_data
        return {k: data.get(k, "") for k in ("name", "phone", "email", "address")} | {"consent": data.get("consent")}


class AnswerForm(forms.Form):
    answer = PlainText(
        label=_("Dự thảo trả lời"),
        max_length=ANSWER_MAX_LENGTH,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_required(_("Vui lòng nhập nội dung trả lời.")),
    )


class NoteForm(forms.Form):
    text = PlainText(
        label=_("Ghi chú nội bộ"),
        max_length=NOTE_MAX_LENGTH,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Vui lòng nhập nội dung ghi chú.")),
    )


class ReasonForm(forms.Form):
    reason = PlainText(
        label=_("Lý do"),
        max_length=NOTE_MAX_LENGTH,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(_("Vui lòng nêu lý do.")),
    )


class PublishForm(forms.Form):
    public_subject = PlainText(
        label=_("Tiêu đề công khai"),
        max_length=SUBJECT_MAX_LENGTH,
        error_messages=_required(_("Vui lòng nhập tiêu đề công khai.")),
    )
    public_question = PlainText(
        label=_("Nội dung phản ánh công khai"),
        max_length=CONTENT_MAX_LENGTH,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("Vui lòng nhập nội dung phản ánh công khai.")),
    )
    public_answer = PlainText(
        label=_("Nội dung trả lời công khai"),
        max_length=ANSWER_MAX_LENGTH,
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=_required(_("Vui lòng nhập nội dung trả lời công khai.")),
    )


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan xử lý"),
        queryset=AgencyPage.objects.none(),
        error_messages={
            "required": _("Vui lòng chọn cơ quan xử lý."),
            "invalid_choice": _("Cơ quan đã chọn không thuộc phạm vi quản lý của Ông/Bà."),
        },
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
