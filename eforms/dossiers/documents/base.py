"""What every official document of a dossier shares, on top of
``portal.pdf``: the issuing agency and its header (``issuer``), local
times in the forms' wording, who acted, the original due date."""

from django.conf import settings
from django.utils import timezone
from reportlab.platypus import Spacer

from eforms.dossiers.documents.issuer import issuer_of
from portal.pdf import header_lines, official_header, para
from portal.signing import identity as signers
from portal.signing.sign import signed_or_plain

HEADER_SHARE = 0.44  # the issuing body's column, the rest is the motto's


def issuing_agency(dossier):
    """The agency that issues the dossier's documents, or None."""
    return dossier.agency or dossier.procedure.agency


def issuer(dossier):
    return issuer_of(issuing_agency(dossier))


def agency_name(dossier):
    """The issuing body's name in running text."""
    return issuer(dossier).display_name


def local(value, fmt="%d/%m/%Y %H:%M"):
    return timezone.localtime(value).strftime(fmt) if value else "—"


def day(value):
    """ "05/07/2025" (local date), "—" when unset."""
    return local(value, "%d/%m/%Y")


def moment(value):
    """ "14 giờ 05 phút, ngày 05/07/2025" (local), "—" when unset."""
    return local(value, "%H giờ %M phút, ngày %d/%m/%Y")


def moment_long(value):
    """ "14 giờ 05 phút, ngày 05 tháng 07 năm 2025" (Mẫu 01's wording)."""
    return local(value, "%H giờ %M phút, ngày %d tháng %m năm %Y")


def person(user, default=""):
    if user is None:
        return default
    return user.get_full_name() or user.get_username()


def original_due(dossier):
    """The due date of the receipt: kept apart from a re-scheduled date
    when the dossier model has one (``original_due_at``)."""
    return getattr(dossier, "original_due_at", None) or dossier.due_at


def issuer_block(who, width, st, *, number=""):
    """The left column of the header: parent body, issuing body (bold), a
    short rule, the document number; each line fitted to ``width``."""
    block = []
    if who.parent:
        block.extend(header_lines(who.parent, width, st["center"]))
    block.extend(header_lines(who.name, width, st["center"], bold=True))
    block.append(para("————", st["center"]))
    if number:
        block.extend(header_lines(f"Số: {number}", width, st["center"], min_size=7.5))
    return block


def document_header(dossier, width, st, *, number="", dated=None, who=None):
    """The official header of a dossier's document (Decree 30/2020): the
    issuing body under its parent on the left with the document number;
    the national title, the motto and "<place>, ngày … tháng … năm …" on
    the right. ``who``: an ``Issuer`` instead of the dossier's."""
    return issuer_header(who or issuer(dossier), width, st, number=number, dated=dated)


def issuer_header(who, width, st, *, number="", dated=None):
    left = issuer_block(who, width * HEADER_SHARE - 4, st, number=number)
    dateline = (who.place, dated) if dated else None
    return official_header(left, width, st, dateline=dateline, share=HEADER_SHARE)


def centered_title(title, st, *, subtitle=""):
    """The form's title in bold capitals, with an optional italic line."""
    story = [para(title, st["title"])]
    if subtitle:
        story.append(para(subtitle, st["small_center"]))
    return [*story, Spacer(1, 4)]


def legal_basis(dossier, limit=3):
    """The procedure's legal bases in running text ("<number> <title>; …"),
    or a generic phrase naming the procedure when it lists none."""
    bases = [f"{b.number} {b.title}".strip() for b in dossier.procedure.legal_bases.all()[:limit]]
    if bases:
        return "; ".join(bases)
    return f"các văn bản quy phạm pháp luật quy định về thủ tục {dossier.procedure_name}"


def author():
    return getattr(settings, "PORTAL_CENTER_NAME", "")


def center_signed(pdf, document):
    """An official form with the center's digital signature (PAdES,
    ``portal.signing``); the PDF unsigned, and the failure logged, when
    no key is configured."""
    reason = f"{document} do {author()} ban hành"
    return signed_or_plain(pdf, signers.center(), reason=reason, document=document)
