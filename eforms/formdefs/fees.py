"""The fee questions of an e-form ("Phí, lệ phí").

Asked only when they change what the applicant pays:

- "Ông/Bà thuộc đối tượng được miễn, giảm phí/lệ phí?" when the procedure's
  schedule has exemptions (``ProcedureFeeExemption``); the answer is one of
  its categories or ``NO_CATEGORY``. The document that proves a category is
  an upload shown and required only when that category is chosen (the same
  ``condition`` rule as the case components, ``cases.case_condition``);
- the number of copies / units when a row of the schedule counts them.

The amount itself is never a field: ``content.fees.quote`` computes it on
the server from the stored answers (``answers_for_quote``).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.fees import exemption_categories, has_per_unit_fee, unit_question_label
from content.models.fees import MAX_FEE_UNITS

#: the stored answer of an applicant who claims no category (schemas are frozen in Vietnamese)
NO_CATEGORY = gettext_noop("Không thuộc đối tượng được miễn, giảm")
CATEGORY_FIELD = "fee_category"
UNITS_FIELD = "fee_units"
FEE_STEP_ROLE = "fees"
PROOF_STEP_ROLE = "fee_proofs"


def fee_steps(procedure, taken):
    """The fee steps of the e-form (``[]`` when nothing is to be asked):
    the question(s), then, when a category has a proof, the step of its
    upload (shown and required only for the category chosen, decided on
    the server like the case uploads). ``taken`` is updated."""
    questions, proofs = [], []
    categories = exemption_categories(procedure)
    if categories:
        taken.add(CATEGORY_FIELD)
        questions.append(
            {
                "type": "choice",
                "name": CATEGORY_FIELD,
                "label": _("Ông/Bà thuộc đối tượng được miễn, giảm phí/lệ phí?"),
                "help_text": _(
                    "Chọn đối tượng của Ông/Bà, nếu có; bước sau yêu cầu giấy tờ chứng minh. Số tiền phải nộp "
                    "được tính lại theo đối tượng đã chọn."
                ),
                "required": True,
                "choices": [*(label for label, _proof, _percent in categories), _(NO_CATEGORY)],
                "role": "fee_category",
            }
        )
        for number, (label, proof, _percent) in enumerate(categories, start=1):
            if proof:
                proofs.append(_proof_field(number, label, proof, taken))
    if has_per_unit_fee(procedure):
        taken.add(UNITS_FIELD)
        unit = unit_question_label(procedure)
        questions.append(
            {
                "type": "number",
                "name": UNITS_FIELD,
                "label": _("Số %(unit)s đề nghị cấp") % {"unit": unit},
                "help_text": _("Một số nguyên từ 1 đến %(max)d; phí, lệ phí được tính theo số lượng này.")
                % {"max": MAX_FEE_UNITS},
                "required": True,
                "min_value": "1",
                "max_value": str(MAX_FEE_UNITS),
                "role": "fee_units",
            }
        )
    if not questions:
        return []
    steps = [
        {
            "title": _("Phí, lệ phí"),
            "intro": _("Số tiền phải nộp được tính từ biểu phí, lệ phí của thủ tục và hiện ở trang xem lại hồ sơ."),
            "role": FEE_STEP_ROLE,
            "fields": questions,
        }
    ]
    if proofs:
        none_note = {
            "type": "help",
            "name": "",
            "label": _("Ông/Bà không thuộc đối tượng được miễn, giảm nên không phải tải lên giấy tờ chứng minh."),
            "condition": {"field": CATEGORY_FIELD, "equals": _(NO_CATEGORY)},
        }
        steps.append(
            {
                "title": _("Giấy tờ chứng minh đối tượng miễn, giảm"),
                "intro": _("Tải lên bản điện tử (PDF, JPG, PNG) của giấy tờ chứng minh đối tượng Ông/Bà đã chọn."),
                "role": PROOF_STEP_ROLE,
                "fields": [*proofs, none_note],
            }
        )
    return steps


def _proof_field(number, label, proof, taken):
    name = f"fee_proof_{number}"
    taken.add(name)
    return {
        "type": "file",
        "name": name,
        "label": proof,
        "help_text": _("Giấy tờ chứng minh Ông/Bà thuộc đối tượng “%(category)s”.") % {"category": label},
        "required": True,
        "component_id": None,
        "component_name": proof,
        "case_group": "",
        "condition": {"field": CATEGORY_FIELD, "equals": label},
        "allowed_types": ["pdf", "jpeg", "png"],
        "max_size_mb": 10,
        "multiple": True,
        "role": "fee_proof",
    }


def answers_for_quote(schema, answers):
    """``(category, units)`` from the stored answers of a schema: the
    category only when the schema asked it (and not ``NO_CATEGORY``), the
    units only when it asked them. Values are returned as stored; the
    calculator checks them."""
    names = {f.get("name") for step in schema.get("steps", []) for f in step.get("fields", [])}
    category = answers.get(CATEGORY_FIELD, "") if CATEGORY_FIELD in names else ""
    if category in (NO_CATEGORY, _(NO_CATEGORY)):
        category = ""
    units = answers.get(UNITS_FIELD) if UNITS_FIELD in names else 1
    return category, units


def fee_step_key(schema):
    for step in schema.get("steps", []):
        if step.get("role") == FEE_STEP_ROLE:
            return step.get("key")
    return None
