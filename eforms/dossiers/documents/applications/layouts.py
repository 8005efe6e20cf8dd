"""A layout is one paper form as data, and the registry says which
procedure prints which form.

``layout_for(source)`` looks, in order, at:

1. the procedure's national code (``BY_CODE``; a provincial suffix such as
   ``.H38`` is ignored, and a form keeps every code its procedure had, e.g.
   lý lịch tư pháp under ``2.000488`` and ``3.000333``);
2. the wording of the procedure's application-form component and of its
   template ("Tờ khai thay đổi thông tin cư trú (Mẫu CT01)"), then of the
   procedure's name (``PATTERNS``), so a re-coded or copied procedure
   still prints its official form;
3. otherwise the generic layout (``generic.generic_layout``).

Official layouts register themselves with ``register`` (modules
``civil``, ``residence``, ``judicial``).
"""

import re
from dataclasses import dataclass, field

APPLICANT = ("applicant_name",)
BIRTH = ("applicant_birth_date",)
ID_NUMBER = ("applicant_id_number",)
ADDRESS = ("applicant_address",)
PHONE = ("applicant_phone",)
EMAIL = ("applicant_email",)
GENDER = ("applicant_gender", "gioi_tinh_nguoi_yeu_cau", "applicant_gioi_tinh")


@dataclass(frozen=True)
class Signer:
    """One signature column: title, how to sign, the name printed under it."""

    title: str
    note: str = "(Ký, ghi rõ họ, chữ đệm, tên)"
    keys: tuple = ()


@dataclass(frozen=True)
class Layout:
    key: str
    title: str
    blocks: tuple
    form_number: str = ""  # top right: "Mẫu CT01 ban hành kèm theo …"
    subtitle: str = ""
    recipient_note: str = ""  # the footnote mark after "Kính gửi"
    declaration: str = ""
    after_declaration: tuple = ()
    signers: tuple = (Signer("Người yêu cầu", keys=APPLICANT),)
    dated_above_signers: bool = True
    prepare: object = None  # source → None: aliases before printing
    official: bool = True
    extra: dict = field(default_factory=dict)


LAYOUTS = {}
BY_CODE = {}
PATTERNS = []  # (compiled pattern on folded wording, layout key)


def register(layout, *, codes=(), patterns=()):
    LAYOUTS[layout.key] = layout
    for code in codes:
        BY_CODE[code] = layout.key
    for pattern in patterns:
        PATTERNS.append((re.compile(pattern), layout.key))
    return layout


def base_code(code):
    """ "1.000948" from "1.000948.H38"."""
    return ".".join(str(code or "").strip().split(".")[:2])


def _folded(text):
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def registered_layout(source):
    """The official layout of ``source``'s procedure, or None."""
    key = BY_CODE.get(base_code(source.procedure_code))
    if key is None:
        component = source.component
        texts = [f"{getattr(component, 'name', '')} {source.template_name}"] if component is not None else []
        texts.append(source.procedure_name)
        for text in texts:
            folded = _folded(text)
            key = next((k for pattern, k in PATTERNS if pattern.search(folded)), None)
            if key:
                break
    return LAYOUTS.get(key) if key else None


MAU = re.compile(r"\(?\s*(Mẫu\b[^()]*)\)?", re.I)


def form_number(layout, source):
    """The form's number as the catalogue names it (the component's
    template: "Mẫu số 03/2024/TK-LLTP"), else the layout's own."""
    template = source.template_name.strip()
    match = MAU.search(template)
    if match:
        return match.group(1).strip()
    return layout.form_number
