"""What every official document of a dossier shares, on top of
``portal.pdf``: the issuing agency, local times, the header block."""

from django.conf import settings
from django.utils import timezone
from reportlab.platypus import Paragraph

from portal.pdf import esc, official_header, para, place_name


def issuing_agency(dossier):
    """The agency that issues the dossier's documents, or None."""
    return dossier.agency or dossier.procedure.agency


def agency_name(dossier):
    agency = issuing_agency(dossier)
    return agency.title if agency else settings.PORTAL_CENTER_NAME


def local(value, fmt="%d/%m/%Y %H:%M"):
    return timezone.localtime(value).strftime(fmt) if value else "—"


def document_header(dossier, width, st, *, number="", dated=None):
    """The official header of a dossier's document: province and agency
    on the left with the document number, the motto and the dateline on
    the right."""
    left = [
        para(f"UBND {settings.PORTAL_PROVINCE_NAME}".upper(), st["center"]),
        Paragraph(f"<b>{esc(agency_name(dossier).upper())}</b>", st["center"]),
        para("———————", st["center"]),
    ]
    if number:
        left.append(para(f"Số: {number}", st["center"]))
    dateline = (place_name(settings.PORTAL_PROVINCE_NAME), dated) if dated else None
    return official_header(left, width, st, dateline=dateline)
