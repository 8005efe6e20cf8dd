"""The case questions of an e-form ("Trường hợp của Ông/Bà").

Each dossier component may carry a case (``ProcedureComponent.case_group``;
empty = always). The e-form asks which cases apply, one question per group
of cases (``content.models.component_kinds.case_kind``):

- who applies ("Đối với tổ chức", "Đối với người nước ngoài" …): the
  alternatives of one question, one answer (radio buttons);
- a power of attorney ("Trường hợp ủy quyền"): its own question, since it
  is independent of who applies;
- the other situations ("Trường hợp …"): several may apply at once
  (checkboxes); one situation alone is a radio question.

Every question offers the ordinary case ``ORDINARY_CASE`` ("Không thuộc
trường hợp nào ở trên"), which cannot be ticked together with another case.
The upload of a case component carries the condition ``{"field": question,
"equals": case}``, so the existing conditional-field rules (``condition_met``)
show and require it only when that case is chosen, in the step, on the
review page and in the final validation.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from content.models.component_kinds import CASE_APPLICANT, CASE_PROXY, CASE_SITUATION, case_kind

#: the stored answer of the ordinary case (schemas are frozen in Vietnamese)
ORDINARY_CASE = gettext_noop("Không thuộc trường hợp nào ở trên")
CASE_STEP_ROLE = "cases"

_QUESTIONS = {
    CASE_APPLICANT: ("truong_hop_doi_tuong", gettext_noop("Trường hợp của Ông/Bà: đối tượng nộp hồ sơ")),
    CASE_PROXY: ("truong_hop_uy_quyen", gettext_noop("Trường hợp của Ông/Bà: nộp hồ sơ theo ủy quyền")),
    CASE_SITUATION: ("truong_hop", gettext_noop("Trường hợp của Ông/Bà")),
}
_ORDER = (CASE_APPLICANT, CASE_PROXY, CASE_SITUATION)


def cases_of(components):
    """The distinct cases of ``components`` in the order they first appear."""
    seen = []
    for component in components:
        case = (component.case_group or "").strip()
        if case and case not in seen:
            seen.append(case)
    return seen


def case_questions(components, taken):
    """``(fields, {case: question name})`` for the cases of ``components``;
    ``([], {})`` when every component always applies. ``taken`` is the set
    of field names in use (updated)."""
    grouped = {}
    for case in cases_of(components):
        grouped.setdefault(case_kind(case), []).append(case)
    fields, question_of = [], {}
    for kind in _ORDER:
        cases = grouped.get(kind)
        if not cases:
            continue
        base, label = _QUESTIONS[kind]
        name = base
        number = 2
        while name in taken:
            name = f"{base}_{number}"
            number += 1
        taken.add(name)
        several = kind != CASE_APPLICANT and len(cases) > 1
        field = {
            "type": "multichoice" if several else "choice",
            "name": name,
            "label": _(label),
            "help_text": _(
                "Chọn mọi trường hợp đúng với Ông/Bà; nếu không có, chọn “Không thuộc trường hợp nào ở trên”."
            )
            if several
            else _("Chọn một. Hồ sơ chỉ cần các giấy tờ của trường hợp Ông/Bà chọn."),
            "required": True,
            "choices": [*cases, _(ORDINARY_CASE)],
            "role": "case_question",
        }
        if several:
            field["exclusive_choice"] = _(ORDINARY_CASE)
        fields.append(field)
        question_of.update(dict.fromkeys(cases, name))
    return fields, question_of


def case_step(fields):
    return {
        "title": _("Trường hợp của Ông/Bà"),
        "intro": _(
            "Một số giấy tờ chỉ cần trong một số trường hợp. Hãy chọn trường hợp của Ông/Bà: "
            "bước sau chỉ yêu cầu các giấy tờ cần cho trường hợp đó."
        ),
        "role": CASE_STEP_ROLE,
        "fields": fields,
    }


def case_condition(component, question_of):
    """The condition of a case component's field, ``None`` for a
    component that always applies."""
    case = (component.case_group or "").strip()
    if not case or case not in question_of:
        return None
    return {"field": question_of[case], "equals": case}


def ordinary_answers(schema):
    """The answers of a citizen in the ordinary case: every case question
    answered with ``ORDINARY_CASE`` (tests, benchmarks)."""
    answers = {}
    for step in schema["steps"]:
        for field in step["fields"]:
            if field.get("role") == "case_question":
                ordinary = field["choices"][-1]
                answers[field["name"]] = [ordinary] if field["type"] == "multichoice" else ordinary
    return answers
