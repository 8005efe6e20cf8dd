"""The few catalogue objects a hand-off test needs, through the factories
of ``tests.eforms.factories`` (no demo catalogue)."""

import itertools

from ..factories import AgencyPageFactory, DossierFactory, ProcedurePageFactory

_counter = itertools.count(1)


def make_agency(code=None, title=None, **fields):
    if code is not None:
        fields["code"] = code
    if title is not None:
        fields["title"] = title
    return AgencyPageFactory(**fields)


def make_procedure(agency, coordinating=(), code=None, title="Đăng ký kết hôn"):
    extra = {"code": code} if code else {}
    return ProcedurePageFactory(agency=agency, coordinating=coordinating, title=f"{title} {next(_counter)}", **extra)


def make_dossier(procedure, agency=None, **fields):
    """A dossier of ``procedure`` (its agency unless ``agency``), not handed off."""
    if agency is not None:
        fields["agency"] = agency
    fields.setdefault("applicant_name", f"Nguyễn Văn An {next(_counter)}")
    fields.setdefault("applicant_id_number", "079090001234")
    fields.setdefault("applicant_email", "an@example.vn")
    fields.setdefault("applicant_phone", "")
    fields.setdefault("applicant_address", "")
    return DossierFactory(procedure=procedure, **fields)
