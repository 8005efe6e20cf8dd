"""Django forms built from a frozen form schema, one per step.

Server-side validation is the truth: the browser's ``required``/``pattern``
hints are only hints. A field whose condition is not met is neither
required nor kept. File fields are validated in ``eforms.uploads``.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from content.fees import FeeError, clean_units
from eforms.formdefs import divisions
from eforms.formdefs.frozen import frozen_text
from eforms.formdefs.schema import condition_met
from eforms.formdefs.validators import (
    check_cccd_matches,
    normalize_cccd,
    normalize_phone,
    validate_cccd,
    validate_vn_mobile,
    validate_vn_phone,
)

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
# The applicant's identification number is checked against these answers.
ID_NUMBER_FIELD = "applicant_id_number"
BIRTH_DATE_FIELD = "applicant_birth_date"
SEX_FIELD = "applicant_sex"
# How the portal reaches the applicant: at least one of the two, whatever
# each field's own ``required`` says (forms frozen before e-mail became
# optional marked both required).
CONTACT_ROLES = ("applicant_phone", "applicant_email")
ERRORS = {
    "required": _("Vui lòng nhập thông tin này."),
    "invalid": _("Giá trị không hợp lệ."),
    "max_length": _("Nội dung quá dài."),
    "invalid_choice": _("Lựa chọn không hợp lệ."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CCCDField(forms.CharField):
    """A personal identification number as a citizen types it ("001 090
    012 345", full-width digits): validated and kept as its 12 ASCII digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_cccd])
        attrs = {"inputmode": "numeric", "maxlength": "20", "pattern": r"[0-9 .\-]{9,20}"}
        widget = kwargs.pop("widget", None) or forms.TextInput()
        widget.attrs = {**attrs, **widget.attrs}
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_cccd(value) if value else value


def validate_fee_units(value):
    """The number of copies the fee counts: a whole number (2.5 is refused
    on the step, with the same words the fee calculator uses)."""
    try:
        clean_units(value)
    except FeeError as error:
        raise ValidationError(str(error), code="fee_units") from None


class StepForm(forms.Form):
    """The fields of one step. ``answers`` are all answers known so far
    (other steps included) so that conditions can refer to them."""

    def __init__(self, step, *args, answers=None, **kwargs):
        self.step = step
        self.answers = dict(answers or {})
        super().__init__(*args, **kwargs)
        self.schema_fields = {}
        self.address_fields = {}
        self.file_fields = []
        for field in step["fields"]:
            kind = field["type"]
            if kind in ("heading", "help"):
                continue
            name = field["name"]
            self.schema_fields[name] = field
            if kind == "address":
                self._add_address(field)
            elif kind == "file":
                self.file_fields.append(field)
            else:
                self.fields[name] = self._make_field(field)

    # --- construction ----------------------------------------------------

    def _common(self, field):
        help_text = frozen_text(field.get("help_text"))
        if field.get("role") in self._contact_pair():
            help_text = " ".join(
                part
                for part in (help_text, gettext("Nhập số điện thoại di động hoặc thư điện tử, ít nhất một trong hai."))
                if part
            )
        return {
            "label": gettext(field["label"]) if field["label"] else "",
            "help_text": help_text,
            "required": False,  # required-ness is checked in clean() (conditions)
            "error_messages": ERRORS,
        }

    def _make_field(self, field):
        kind = field["type"]
        common = self._common(field)
        attrs = {}
        if field.get("autocomplete"):
            attrs["autocomplete"] = field["autocomplete"]
        if field.get("required") and not field.get("condition") and field.get("role") not in CONTACT_ROLES:
            attrs["aria-required"] = "true"
        if kind == "text":
            return forms.CharField(
                max_length=field.get("max_length") or 255, widget=forms.TextInput(attrs=attrs), **common
            )
        if kind == "textarea":
            return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4, **attrs}), **common)
        if kind == "number":
            validators = []
            if field.get("min_value") not in (None, ""):
                validators.append(MinValueValidator(Decimal(field["min_value"])))
            if field.get("max_value") not in (None, ""):
                validators.append(MaxValueValidator(Decimal(field["max_value"])))
            if field.get("role") == "fee_units":
                validators.append(validate_fee_units)
            return forms.DecimalField(
                validators=validators, widget=forms.TextInput(attrs={"inputmode": "decimal", **attrs}), **common
            )
        if kind == "date":
            return forms.DateField(
                input_formats=DATE_INPUT_FORMATS,
                widget=forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d"),
                **common,
            )
        if kind == "choice":
            return forms.ChoiceField(
                choices=[(c, c) for c in field.get("choices", [])], widget=forms.RadioSelect, **common
            )
        if kind == "multichoice":
            return forms.MultipleChoiceField(
                choices=[(c, c) for c in field.get("choices", [])], widget=forms.CheckboxSelectMultiple, **common
            )
        if kind == "checkbox":
            return forms.BooleanField(**common)
        if kind == "email":
            return forms.EmailField(max_length=254, widget=forms.EmailInput(attrs=attrs), **common)
        if kind == "phone":
            return forms.CharField(
                max_length=20,
                # the applicant's number receives the SMS: a mobile number
                validators=[validate_vn_mobile if field.get("role") == "applicant_phone" else validate_vn_phone],
                widget=forms.TextInput(attrs={"inputmode": "tel", "pattern": r"[0-9 +.\-]{10,15}", **attrs}),
                **common,
            )
        if kind == "cccd":
            return CCCDField(widget=forms.TextInput(attrs=attrs), **common)
        raise ValueError(f"unknown field type {kind}")

    def _add_address(self, field):
        name = field["name"]
        common = self._common(field)
        province_value = self._current(f"{name}_province")
        ward_choices = [("", gettext("— Chọn phường, xã, đặc khu —"))] + [
            (str(code), label) for code, label in divisions.wards_of(province_value)
        ]
        self.fields[f"{name}_province"] = forms.ChoiceField(
            label=gettext("Tỉnh, thành phố"),
            choices=[("", gettext("— Chọn tỉnh, thành phố —"))] + [(str(c), n) for c, n in divisions.provinces()],
            required=False,
            error_messages=ERRORS,
            widget=forms.Select(attrs={"data-eforms-province": name}),
        )
        self.fields[f"{name}_ward"] = forms.ChoiceField(
            label=gettext("Phường, xã, đặc khu"),
            choices=ward_choices,
            required=False,
            error_messages=ERRORS,
            widget=forms.Select(attrs={"data-eforms-ward": name}),
        )
        self.fields[f"{name}_street"] = forms.CharField(
            label=gettext("Số nhà, đường, thôn, tổ dân phố"),
            max_length=200,
            required=False,
            error_messages=ERRORS,
        )
        self.address_fields[name] = {"field": field, "label": common["label"], "help_text": common["help_text"]}

    def _current(self, key):
        if self.is_bound and key in self.data:
            return self.data.get(key)
        return (self.initial or {}).get(key)

    # --- validation --------------------------------------------------------

    def visible(self, field):
        merged = dict(self.answers)
        merged.update(getattr(self, "cleaned_data", {}) or {})
        return condition_met(field, merged)

    def clean(self):
        cleaned = super().clean()
        for key in list(self.fields):
            raw = self.data.getlist(key) if hasattr(self.data, "getlist") else [self.data.get(key)]
            if any(isinstance(v, str) and "\ufffd" in v for v in raw):
                self.errors.pop(key, None)
                cleaned.pop(key, None)
                self.add_error(key, gettext("Nội dung có ký tự không hợp lệ (không đúng mã UTF-8). Vui lòng gõ lại."))
        merged = dict(self.answers)
        merged.update(cleaned)
        for name, field in self.schema_fields.items():
            kind = field["type"]
            if kind == "file":
                continue
            shown = condition_met(field, merged)
            if kind == "address":
                self._clean_address(name, field, shown, cleaned)
                continue
            if not shown:
                cleaned[name] = None
                self.errors.pop(name, None)
                continue
            value = cleaned.get(name)
            if kind == "phone" and value:
                cleaned[name] = normalize_phone(value)
            if field.get("role") in self._contact_pair():
                continue  # at least one of the two: ``_clean_contact``
            if field.get("required") and name not in self.errors and value in (None, "", [], False):
                label = gettext(field["label"])
                question = label.rstrip().endswith("?")
                label = label[:1].lower() + label[1:]
                if kind == "checkbox":
                    message = gettext("Vui lòng đánh dấu ô này.")
                elif question:
                    # "Ông/Bà thuộc đối tượng …?" reads as a question, not a noun
                    message = gettext("Vui lòng trả lời câu hỏi “%(question)s”") % {"question": gettext(field["label"])}
                elif kind in ("choice", "multichoice"):
                    message = gettext("Vui lòng chọn %(label)s.") % {"label": label}
                else:
                    message = gettext("Vui lòng nhập %(label)s.") % {"label": label}
                self.add_error(name, message)
            exclusive = field.get("exclusive_choice")
            if (
                kind == "multichoice"
                and exclusive
                and isinstance(value, list)
                and exclusive in value
                and len(value) > 1
            ):
                self.add_error(
                    name,
                    gettext("Không chọn “%(choice)s” cùng với trường hợp khác; hãy bỏ một trong hai lựa chọn.")
                    % {"choice": gettext(exclusive)},
                )
            if kind == "phone" and value:
                cleaned[name] = normalize_phone(value)
        self._clean_contact(cleaned)
        self._clean_identity(cleaned)
        return cleaned

    def _contact_pair(self):
        """``{role: field name}`` of the phone and e-mail of the applicant
        when this step asks for both, else ``{}``."""
        fields = [f for f in self.step["fields"] if f.get("role") in CONTACT_ROLES]
        pair = {f["role"]: f["name"] for f in fields}
        return pair if len(pair) == len(CONTACT_ROLES) else {}

    def _clean_contact(self, cleaned):
        """A phone number or an e-mail address: the receipt and the tracking
        link go to whichever the applicant gave (SMS, e-mail, or both)."""
        pair = self._contact_pair()
        if not pair or any(name in self.errors for name in pair.values()):
            return
        shown = [name for name in pair.values() if self.visible(self.schema_fields[name])]
        if shown and not any(cleaned.get(name) for name in shown):
            message = gettext(
                "Vui lòng nhập số điện thoại di động hoặc thư điện tử (ít nhất một trong hai) "
                "để nhận giấy tiếp nhận và thông báo về hồ sơ."
            )
            for name in shown:
                self.add_error(name, message)

    def _clean_identity(self, cleaned):
        """The applicant's identification number agrees with the birth date
        and sex the form collects (digits 4–6), this step or an earlier one."""
        mine = [name for name in (ID_NUMBER_FIELD, BIRTH_DATE_FIELD, SEX_FIELD) if name in self.fields]
        if not mine or any(name in self.errors for name in mine):
            return
        merged = dict(self.answers)
        merged.update(cleaned)
        number = merged.get(ID_NUMBER_FIELD)
        if not number:
            return
        birth_date = merged.get(BIRTH_DATE_FIELD)
        if isinstance(birth_date, str):
            try:
                birth_date = datetime.date.fromisoformat(birth_date)
            except ValueError:
                birth_date = None
        try:
            validate_cccd(number)
        except ValidationError:
            return  # an earlier step's answer: its own step reports it
        try:
            check_cccd_matches(number, birth_date=birth_date, sex=merged.get(SEX_FIELD))
        except ValidationError as error:
            self.add_error(mine[0], error)

    def _clean_address(self, name, field, shown, cleaned):
        keys = [f"{name}_province", f"{name}_ward", f"{name}_street"]
        if not shown:
            for key in keys:
                cleaned[key] = None
                self.errors.pop(key, None)
            return
        province, ward_code, street = (cleaned.get(k) for k in keys)
        if field.get("required"):
            if not province:
                self.add_error(keys[0], gettext("Vui lòng chọn tỉnh, thành phố."))
            if not ward_code:
                self.add_error(keys[1], gettext("Vui lòng chọn phường, xã, đặc khu."))
            if not (street or "").strip():
                self.add_error(keys[2], gettext("Vui lòng nhập số nhà, đường, thôn, tổ dân phố."))
        if ward_code:
            found = divisions.ward(ward_code)
            if not found or str(found[1]) != str(province):
                self.add_error(keys[1], gettext("Phường, xã đã chọn không thuộc tỉnh, thành phố đã chọn."))

    def answers_to_store(self):
        """Cleaned values as JSON (dates ISO, decimals as strings)."""
        result = {}
        for key, value in self.cleaned_data.items():
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            result[key] = value
        for name in self.address_fields:
            province = result.get(f"{name}_province")
            result[name] = (
                divisions.format_address(result.get(f"{name}_street"), result.get(f"{name}_ward"), province)
                if province
                else None
            )
        return result


def initial_from_answers(step, answers):
    """Initial values of a step form from stored answers."""
    initial = {}
    for field in step["fields"]:
        name = field.get("name")
        if not name:
            continue
        if field["type"] == "address":
            for suffix in ("province", "ward", "street"):
                key = f"{name}_{suffix}"
                if answers.get(key) is not None:
                    initial[key] = answers[key]
        elif answers.get(name) is not None:
            initial[name] = answers[name]
    return initial


def answers_as_post(step, answers):
    """Stored answers of a step in the shape of POST data, to re-validate
    the whole dossier at submission."""
    data = {}
    for field in step["fields"]:
        name = field.get("name")
        if not name or field["type"] in ("file", "heading", "help"):
            continue
        if field["type"] == "address":
            for suffix in ("province", "ward", "street"):
                value = answers.get(f"{name}_{suffix}")
                if value is not None:
                    data[f"{name}_{suffix}"] = str(value)
            continue
        value = answers.get(name)
        if value is None:
            continue
        if field["type"] == "checkbox":
            if value:
                data[name] = "on"
        elif field["type"] == "multichoice":
            data[name] = list(value)
        else:
            data[name] = str(value)
    return MultiValueDict({k: (v if isinstance(v, list) else [v]) for k, v in data.items()})
