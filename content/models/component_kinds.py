"""What a dossier component is, read from its own wording.

Pure functions on text (no model import), so that the importer, the demo
loader and the data migration share one rule:

- ``detect_present_only``: a document only shown at the counter ("để xuất
  trình", "xuất trình bản chính", "Bản chính … để đối chiếu") is not an
  upload online;
- ``detect_generated_from_eform``: the procedure's own application form
  (tờ khai, đơn, giấy đề nghị theo mẫu …: a component with a template whose
  name starts with one of ``APPLICATION_FORM_PREFIXES``) is filled in on the
  e-form, never uploaded by the citizen;
- ``case_kind``: how the e-form asks about a case (``case_group``).
"""

import re

#: names that start like this and have a template (mẫu) are the procedure's
#: own application form
APPLICATION_FORM_PREFIXES = (
    "tờ khai",
    "đơn ",
    "đơn,",
    "giấy đề nghị",
    "phiếu đề nghị",
    "phiếu yêu cầu",
    "văn bản yêu cầu",
    "văn bản đề nghị",
    "đề nghị ",
    "giấy khai",
    "bản khai",
    "thông báo",
)
#: names that start like an application form but are not one
NOT_APPLICATION_FORM_PREFIXES = ("đơn vị", "đơn giá", "thông báo kết quả", "thông báo của cơ quan")
PRESENT_ONLY_PHRASES = ("để xuất trình", "xuất trình bản chính", "chỉ xuất trình")

#: the kinds of case question (see ``case_kind``)
CASE_APPLICANT = "applicant"  # "Đối với …": who applies; alternatives, one answer
CASE_PROXY = "proxy"  # "… ủy quyền …": independent of who applies
CASE_SITUATION = "situation"  # "Trường hợp …": situations; several may apply


def _clean(text):
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def detect_present_only(name):
    """True when the component is only shown (xuất trình) at the counter."""
    text = _clean(name)
    if any(phrase in text for phrase in PRESENT_ONLY_PHRASES):
        return True
    return text.startswith("bản chính") and "đối chiếu" in text


def detect_generated_from_eform(name, template_name="", has_template=False):
    """True for the procedure's own application form (it has a template)."""
    if not (str(template_name or "").strip() or has_template):
        return False
    text = _clean(name)
    return text.startswith(APPLICATION_FORM_PREFIXES) and not text.startswith(NOT_APPLICATION_FORM_PREFIXES)


def case_kind(case_group):
    """The question a case belongs to: ``CASE_PROXY`` for a power of
    attorney, ``CASE_APPLICANT`` for a case that says who applies ("Đối với
    tổ chức", "Đối với người nước ngoài": alternatives, one answer),
    ``CASE_SITUATION`` for the rest ("Trường hợp …": several may apply)."""
    text = _clean(case_group)
    if "ủy quyền" in text or "uỷ quyền" in text:
        return CASE_PROXY
    if text.startswith("đối với"):
        return CASE_APPLICANT
    return CASE_SITUATION
