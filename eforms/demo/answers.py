"""Form answers of a demo dossier: the online form's fields filled from
the applicant, or the paper components received at the counter."""

import datetime as dt

from eforms.demo.constants import DEMO_KEY, DEMO_MARK
from eforms.dossiers.constants import Channel
from eforms.formdefs.schema import current_version, iter_fields

REQUEST_TEMPLATES = [
    "Đề nghị cơ quan giải quyết thủ tục “{title}” cho bản thân tôi.",
    "Kính đề nghị cơ quan xem xét, giải quyết hồ sơ “{title}” theo quy định.",
    "Tôi nộp hồ sơ “{title}”, đề nghị nhận kết quả đúng hẹn.",
    "",
]


class AnswersMixin:
    """``form_data`` (needs ``rng``, ``today``, ``_components``, ``_versions``)."""

    def form_data(self, plan, person, address):
        if plan.channel != Channel.ONLINE:
            components = self._components.get(plan.procedure.pk)
            if components is None:
                components = list(plan.procedure.components.all())
                self._components[plan.procedure.pk] = components
            received = [f"{c.name} — {c.originals or 1} bản chính, {c.copies or 0} bản sao" for c in components]
            return None, {
                "thanh_phan_da_nhan": {
                    "label": "Giấy tờ đã nhận (bản giấy)",
                    "value": received,
                    "items": [
                        {"component_id": c.pk, "name": c.name, "originals": c.originals or 1, "copies": c.copies or 0}
                        for c in components
                    ],
                },
                "ghi_chu": {"label": "Ghi chú tiếp nhận", "value": ""},
                DEMO_KEY: DEMO_MARK,
            }

        version = self._versions.get(plan.procedure.pk)
        if version is None:
            version = current_version(plan.procedure)
            self._versions[plan.procedure.pk] = version
        answers = {}
        for _step, spec in iter_fields(version.schema):
            name, kind = spec.get("name"), spec["type"]
            if not name or kind == "file":
                continue
            answers.update(self._answer(name, kind, spec, plan, person, address))
        answers[DEMO_KEY] = DEMO_MARK
        return version, answers

    def _answer(self, name, kind, spec, plan, person, address):
        fixed = {
            "applicant_name": person["name"],
            "applicant_id_number": person["cccd"],
            "applicant_birth_date": person["birth"].isoformat(),
            "applicant_phone": person["phone"],
            "applicant_email": person["email"],
        }
        if name in fixed:
            return {name: fixed[name]}
        if kind == "address":
            return {
                f"{name}_province": address["province"],
                f"{name}_ward": address["ward"],
                f"{name}_street": address["street"],
                name: address["text"],
            }
        if name == "request_content" or kind == "textarea":
            return {name: self.rng.choice(REQUEST_TEMPLATES).format(title=plan.procedure.title)}
        if kind == "date":
            return {name: (self.today - dt.timedelta(days=self.rng.randint(30, 900))).isoformat()}
        if kind == "number":
            return {name: self.rng.randint(1, 3)}
        if kind == "checkbox":
            return {name: True}
        if kind in ("choice", "multichoice"):
            options = [
                o.get("value", o) if isinstance(o, dict) else o
                for o in spec.get("choices") or spec.get("options") or []
            ]
            if not options:
                return {}
            return {name: [options[0]] if kind == "multichoice" else options[0]}
        if kind == "phone":
            return {name: person["phone"]}
        if kind == "email":
            return {name: person["email"]}
        if kind == "cccd":
            return {name: person["cccd"]}
        if spec.get("required"):
            return {name: person["name"] if "ten" in name else "Theo giấy tờ đính kèm"}
        return {}
