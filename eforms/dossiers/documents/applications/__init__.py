"""The application form of a procedure (tờ khai, đơn, giấy đề nghị theo
mẫu), generated from the e-form's answers and attached to the dossier as
that dossier component: the citizen fills it in online, never uploads it.

- ``source`` — what a form is printed from (a dossier, or a draft for the
  preview): the answers through the one renderer, the procedure's
  ``generated_from_eform`` component, the addressee and the place;
- ``blocks`` — the pieces of a paper form (labelled line with its dotted
  blank, fields on one line, tick boxes, two-party and list tables);
- ``layouts`` — a form as data and the registry procedure → form (by
  national code, then by the wording of the component and the procedure);
- ``civil`` (Tờ khai đăng ký khai sinh, Tờ khai đăng ký kết hôn),
  ``residence`` (Mẫu CT01), ``judicial`` (Tờ khai yêu cầu cấp Phiếu lý lịch
  tư pháp): the official layouts; ``generic`` for every other procedure;
- ``render`` — layout + source → PDF through ``portal.pdf``;
- ``attach`` — the PDF stored as the dossier's private attachment of that
  component, once (``DossierAttachment.generated``).

Contract: ``application_pdf(source) -> bytes``;
``attach_application_form(dossier) -> DossierAttachment | None``.
"""

from eforms.dossiers.documents.applications import civil, judicial, residence  # noqa: F401 - register the layouts
from eforms.dossiers.documents.applications.generic import generic_layout
from eforms.dossiers.documents.applications.layouts import LAYOUTS, registered_layout
from eforms.dossiers.documents.applications.render import render_layout
from eforms.dossiers.documents.applications.source import (
    FALLBACK_COMPONENT_NAME,
    ApplicationSource,
    application_component,
    source_for_dossier,
    source_for_draft,
)


def layout_for(source):
    """The official layout of the source's procedure, else the generic one."""
    return registered_layout(source) or generic_layout(source)


def application_pdf(source):
    """The application form of ``source`` as PDF bytes."""
    return render_layout(layout_for(source), source)


__all__ = [
    "FALLBACK_COMPONENT_NAME",
    "LAYOUTS",
    "ApplicationSource",
    "application_component",
    "application_pdf",
    "layout_for",
    "source_for_dossier",
    "source_for_draft",
]
