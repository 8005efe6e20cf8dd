"""The layout of a procedure without an official one: "ĐƠN/TỜ KHAI …"
named after the procedure's application form (or the procedure), the
applicant block, every other answer in the e-form's order (the render adds
them), the declaration and the requester's signature."""

import re

from eforms.dossiers.documents.applications.blocks import Inline, Line
from eforms.dossiers.documents.applications.layouts import (
    ADDRESS,
    APPLICANT,
    BIRTH,
    EMAIL,
    ID_NUMBER,
    PHONE,
    Layout,
    Signer,
)

DECLARATION = (
    "Tôi xin cam đoan những thông tin khai trên là đúng sự thật và chịu trách nhiệm trước pháp luật về nội dung "
    "đã khai."
)
TRAILING = re.compile(r"\s*(\(.*\)|theo mẫu.*|;.*)$", re.I)


def _title(source):
    """ "TỜ KHAI ĐĂNG KÝ LẠI KHAI SINH" from the component "Tờ khai đăng ký
    lại khai sinh theo mẫu"; "ĐƠN ĐỀ NGHỊ" without one."""
    if source.component is not None:
        name = TRAILING.sub("", re.sub(r"\s+", " ", source.component.name or "")).strip(" .,;")
        if name and len(name) <= 160:
            return name.upper()
    return "ĐƠN ĐỀ NGHỊ"


def _subtitle(source):
    code = f" (mã {source.procedure_code})" if source.procedure_code else ""
    return f"Về việc: {source.procedure_name}{code}"


def generic_layout(source):
    return Layout(
        key="generic",
        title=_title(source),
        subtitle=_subtitle(source),
        official=False,
        blocks=(
            Line("Họ, chữ đệm và tên người yêu cầu", APPLICANT),
            Inline([("Ngày, tháng, năm sinh", BIRTH), ("Số định danh cá nhân", ID_NUMBER)]),
            Line("Nơi cư trú", ADDRESS),
            Inline([("Số điện thoại", PHONE), ("Thư điện tử", EMAIL)]),
        ),
        declaration=DECLARATION,
        signers=(Signer("Người yêu cầu", note="(Ký, ghi rõ họ tên)", keys=APPLICANT),),
    )
