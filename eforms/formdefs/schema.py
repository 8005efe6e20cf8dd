"""Form schemas: the JSON a ``FormVersion`` freezes, built from an editor's
``ProcedureForm`` or generated for a procedure without one.

Schema::

    {"title": str, "intro": str, "declaration": str,
     "steps": [{"key": "step1", "title": str, "intro": str,
                "fields": [{"type": "text", "name": "ho_ten", "label": str,
                            "help_text": str, "required": bool,
                            "condition": {"field": "x", "equals": "y"} | None,
                            "role": "applicant_name" | None, ...type options}]}]}

Every schema ends with a "Thành phần hồ sơ" step holding one upload per
dossier component the editor did not bind, so a required component can
never be forgotten; a component only shown at the counter (``present_only``)
or filled in on the e-form (``generated_from_eform``) is a note there, not
an upload. When components carry cases, a "Trường hợp của Ông/Bà" step
(``eforms.formdefs.cases``) comes before the first upload that depends on
it, and each case upload has a condition on its question. The applicant
block is added first when a custom form has none (the receipt needs it).
"""

import hashlib
import json
import re

from anyascii import anyascii
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from eforms.formdefs.cases import case_condition, case_questions, case_step
from eforms.formdefs.components import component_by_number, public_components
from eforms.formdefs.fees import fee_steps
from eforms.formdefs.models import FormVersion, ProcedureForm

INPUT_TYPES = {
    "text",
    "textarea",
    "number",
    "date",
    "choice",
    "multichoice",
    "checkbox",
    "email",
    "phone",
    "cccd",
    "address",
    "file",
}
DISPLAY_TYPES = {"heading", "help"}
DEFAULT_FILE_TYPES = ["pdf", "jpeg", "png"]
DEFAULT_MAX_SIZE_MB = 10
APPLICANT_ROLES = ("applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address")


def default_declaration():
    return _(
        "Tôi xin cam đoan những thông tin khai trên là đúng sự thật và chịu trách nhiệm trước pháp luật "
        "về nội dung đã khai; các tệp đính kèm là bản điện tử của giấy tờ thật."
    )


def applicant_fields():
    return [
        {"type": "heading", "name": "", "label": _("Thông tin người nộp hồ sơ")},
        {
            "type": "text",
            "name": "applicant_name",
            "label": _("Họ, chữ đệm và tên"),
            "required": True,
            "max_length": 200,
            "role": "applicant_name",
            "autocomplete": "name",
        },
        {
            "type": "cccd",
            "name": "applicant_id_number",
            "label": _("Số định danh cá nhân / CCCD"),
            "required": True,
            "help_text": _("12 chữ số, in trên thẻ căn cước hoặc căn cước công dân."),
            "role": "applicant_id_number",
        },
        {
            "type": "date",
            "name": "applicant_birth_date",
            "label": _("Ngày sinh"),
            "required": True,
            "autocomplete": "bday",
        },
        {
            "type": "phone",
            "name": "applicant_phone",
            "label": _("Số điện thoại di động"),
            "required": True,
            "help_text": _("Để nhận tin nhắn về tình trạng hồ sơ."),
            "role": "applicant_phone",
            "autocomplete": "tel",
        },
        {
            "type": "email",
            "name": "applicant_email",
            "label": _("Thư điện tử"),
            "required": True,
            "help_text": _("Giấy tiếp nhận hồ sơ được gửi đến địa chỉ này."),
            "role": "applicant_email",
            "autocomplete": "email",
        },
        {
            "type": "address",
            "name": "applicant_address",
            "label": _("Địa chỉ thường trú"),
            "required": True,
            "role": "applicant_address",
        },
    ]


def slugify_name(label, taken):
    base = re.sub(r"[^a-z0-9]+", "_", anyascii(label or "").lower()).strip("_")[:40] or "truong"
    if not base[0].isalpha():
        base = f"f_{base}"
    name, n = base, 2
    while name in taken:
        name = f"{base}_{n}"
        n += 1
    taken.add(name)
    return name


def component_upload_field(component, taken, question_of=None):
    """The upload of one component; a case component's upload is shown and
    required only when its case is chosen (``cases.case_condition``)."""
    help_text = _("Bản chính: %(originals)s; bản sao: %(copies)s.") % {
        "originals": component.originals,
        "copies": component.copies,
    }
    if component.case_group:
        help_text = _("%(case)s. %(counts)s") % {"case": component.case_group.strip(), "counts": help_text}
    field = {
        "type": "file",
        "name": slugify_name(f"tep_{component.pk}", taken),
        "label": component.name,
        "help_text": help_text,
        "required": bool(component.required),
        "component_id": component.pk,
        "component_name": component.name,
        "case_group": component.case_group or "",
        "allowed_types": list(DEFAULT_FILE_TYPES),
        "max_size_mb": DEFAULT_MAX_SIZE_MB,
        "multiple": True,
    }
    condition = case_condition(component, question_of or {})
    if condition:
        field["condition"] = condition
    return field


def component_note(component, question_of=None):
    """What the citizen reads instead of an upload: a document shown at the
    counter, or the application form filled in on this e-form."""
    if component.generated_from_eform:
        text = _("“%(name)s”: lập từ thông tin Ông/Bà khai trên tờ khai điện tử này, không phải tải lên.")
    else:
        text = _("“%(name)s”: chỉ xuất trình bản chính khi cơ quan yêu cầu hoặc khi nhận kết quả, không phải tải lên.")
    note = {
        "type": "help",
        "name": "",
        "label": text % {"name": component.name},
        "note_of_component": component.pk,
    }
    condition = case_condition(component, question_of or {})
    if condition:
        note["condition"] = condition
    return note


def uploaded_online(component):
    return not (getattr(component, "present_only", False) or getattr(component, "generated_from_eform", False))


def _block_to_field(block_type, value, components, taken, question_of):
    if block_type == "applicant":
        return None
    if block_type in DISPLAY_TYPES:
        return {"type": block_type, "name": "", "label": value["text"]}
    field = {
        "type": block_type,
        "label": value["label"],
        "help_text": value.get("help_text") or "",
        "required": bool(value.get("required")),
    }
    field["name"] = value.get("name") or ""
    if field["name"]:
        taken.add(field["name"])
    if value.get("show_if_field"):
        field["condition"] = {
            "field": value["show_if_field"].strip(),
            "equals": (value.get("show_if_value") or "").strip(),
        }
    if block_type == "text":
        field["max_length"] = value.get("max_length") or 255
    elif block_type == "number":
        for key in ("min_value", "max_value"):
            if value.get(key) is not None:
                field[key] = str(value[key])
    elif block_type in ("choice", "multichoice"):
        field["choices"] = [c for c in value.get("choices", []) if c]
    elif block_type == "file":
        component = component_by_number(components, value.get("component_number"))
        field["component_id"] = component.pk if component else None
        field["component_name"] = component.name if component else value["label"]
        field["case_group"] = component.case_group if component else ""
        condition = case_condition(component, question_of) if component else None
        if condition and not field.get("condition"):
            field["condition"] = condition
        field["allowed_types"] = list(value.get("allowed_types") or DEFAULT_FILE_TYPES)
        field["max_size_mb"] = value.get("max_size_mb") or DEFAULT_MAX_SIZE_MB
        field["multiple"] = bool(value.get("multiple"))
    return field


def _components_step(components, taken, question_of):
    """One upload per component the citizen uploads; a note for one shown at
    the counter or filled in on the e-form."""
    fields = [
        component_upload_field(c, taken, question_of) if uploaded_online(c) else component_note(c, question_of)
        for c in components
    ]
    return {
        "title": _("Thành phần hồ sơ"),
        "intro": _("Tải lên bản điện tử (PDF, JPG, PNG) của từng giấy tờ. Mỗi tệp tối đa %(mb)s MB.")
        % {"mb": DEFAULT_MAX_SIZE_MB},
        "fields": fields,
    }


def _finish(schema, procedure, components, taken, question_fields=(), question_of=None):
    """Add the applicant block when missing, the case questions before the
    first upload that depends on them, and an upload (or a note) per unbound
    component; give every step a key and every input a unique name."""
    steps = schema["steps"]
    names = {f["name"] for s in steps for f in s["fields"] if f.get("name")}
    if "applicant_name" not in names:
        steps.insert(0, {"title": _("Người nộp hồ sơ"), "intro": "", "fields": applicant_fields()})
        taken.update(APPLICANT_ROLES)
    bound = {f.get("component_id") for s in steps for f in s["fields"] if f["type"] == "file"}
    missing = [c for c in components if c.pk not in bound]
    if missing:
        steps.append(_components_step(missing, taken, question_of))
    if question_fields:
        first = next(
            (
                i
                for i, s in enumerate(steps)
                if any(f.get("condition") and f["type"] in ("file", "help") for f in s["fields"])
            ),
            len(steps),
        )
        steps.insert(first, case_step(list(question_fields)))
    steps.extend(fee_steps(procedure, taken))
    for index, step in enumerate(steps, start=1):
        step["key"] = f"step{index}"
        for field in step["fields"]:
            if field["type"] in INPUT_TYPES and not field.get("name"):
                field["name"] = slugify_name(field["label"], taken)
    schema["procedure_code"] = procedure.code
    return schema


def compile_form(form):
    procedure = form.procedure
    components = public_components(procedure)
    taken = set()
    question_fields, question_of = case_questions(components, taken)
    steps = []
    for step in form.steps:
        fields = []
        for child in step.value["fields"]:
            if child.block_type == "applicant":
                fields.extend(applicant_fields())
                taken.update(APPLICANT_ROLES)
                continue
            fields.append(_block_to_field(child.block_type, child.value, components, taken, question_of))
        steps.append({"title": step.value["title"], "intro": step.value.get("intro") or "", "fields": fields})
    schema = {
        "title": form.title,
        "intro": form.intro,
        "declaration": form.declaration or default_declaration(),
        "steps": steps,
    }
    return _finish(schema, procedure, components, taken, question_fields, question_of)


def default_schema(procedure):
    components = public_components(procedure)
    schema = {
        "title": _("Tờ khai nộp hồ sơ trực tuyến: %(title)s") % {"title": procedure.title},
        "intro": "",
        "declaration": default_declaration(),
        "steps": [
            {"title": _("Người nộp hồ sơ"), "intro": "", "fields": applicant_fields()},
            {
                "title": _("Nội dung đề nghị"),
                "intro": "",
                "fields": [
                    {
                        "type": "textarea",
                        "name": "request_content",
                        "label": _("Nội dung đề nghị"),
                        "required": False,
                        "help_text": _("Ghi rõ yêu cầu của ông/bà nếu cần (không bắt buộc)."),
                    },
                ],
            },
        ],
    }
    taken = set(APPLICANT_ROLES) | {"applicant_birth_date", "request_content"}
    question_fields, question_of = case_questions(components, taken)
    return _finish(schema, procedure, components, taken, question_fields, question_of)


def schema_hash(schema):
    return hashlib.sha256(json.dumps(schema, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _store_version(procedure, schema, form=None):
    digest = schema_hash(schema)
    existing = FormVersion.objects.filter(procedure=procedure, schema_hash=digest).first()
    if existing:
        return existing
    number = (FormVersion.objects.filter(procedure=procedure).count() or 0) + 1
    try:
        with transaction.atomic():
            return FormVersion.objects.create(
                procedure=procedure,
                form=form,
                number=number,
                schema=schema,
                schema_hash=digest,
                is_default=form is None,
            )
    except IntegrityError:
        return FormVersion.objects.get(procedure=procedure, schema_hash=digest)


def publish_form_version(form):
    """Freeze the form as published into a ``FormVersion`` (called when an
    editor publishes the snippet)."""
    with translation.override("vi"):
        schema = compile_form(form)
    return _store_version(form.procedure, schema, form=form)


def current_version(procedure):
    """The version a new draft uses: the latest published version of the
    procedure's e-form, else the (deduplicated) default form."""
    form = ProcedureForm.objects.filter(procedure=procedure, live=True).first()
    if form is not None:
        version = FormVersion.objects.filter(form=form).order_by("-created_at", "-id").first()
        if version is None:
            version = publish_form_version(form)
        return version
    with translation.override("vi"):
        schema = default_schema(procedure)
    return _store_version(procedure, schema)


def iter_fields(schema, types=None):
    for step in schema["steps"]:
        for field in step["fields"]:
            if field["type"] in INPUT_TYPES and (types is None or field["type"] in types):
                yield step, field


def condition_met(field, answers):
    condition = field.get("condition")
    if not condition:
        return True
    value = answers.get(condition["field"])
    expected = condition.get("equals", "")
    if isinstance(value, bool):
        return value == (expected.lower() in ("co", "có", "true", "1", "yes"))
    if isinstance(value, list):
        return expected in value
    return str(value if value is not None else "") == expected


def freeze_on_publish(sender, instance, **kwargs):
    """Each publish of an e-form freezes an immutable ``FormVersion``."""
    publish_form_version(instance)
