"""Sign a PDF (PAdES baseline: B-B, B-T with a time stamp) and keep it
readable: pyHanko appends an incremental update, so the text of the pages
is unchanged and still extractable.

A visible note ("Ký số bởi …, ngày …, xác thực tại …/xac-thuc-van-ban/")
sits in the bottom margin of the last page, as the appearance of the
signature field, in DejaVu Sans (every Vietnamese letter).

:func:`sign_pdf` raises; :func:`signed_or_plain` is what documents call:
a signer without a key, or any failure, gives the PDF back unsigned and
logs ``signing_failed`` — a citizen never gets a 500 for a signature.
"""

import asyncio
import concurrent.futures
import io
import logging
import os
from functools import lru_cache
from pathlib import Path

import structlog
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from fontTools import subset, ttLib
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory  # fontTools + uharfbuzz
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle

from portal.signing.backends import SigningUnavailable, signer_for

log = structlog.get_logger(__name__)
# "FFTM NOT subset" on every signature: DejaVu's FontForge timestamp table, harmless
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

FIELD_NAME = "ChuKySo"
# bottom-left corner of the last page, inside the 14 mm margin of A4
STAMP_BOX = (57, 4, 330, 38)
STAMP_UNICODES = [
    *range(0x20, 0x7F),  # ASCII
    *range(0xA0, 0x250),  # Latin-1, Latin Extended-A/B (Đ đ Ơ ơ Ư ư)
    *range(0x300, 0x370),  # combining marks
    *range(0x1EA0, 0x1F00),  # Latin Extended Additional (ạ ả … ỹ)
    *range(0x2010, 0x2030),  # dashes, quotes
]
STAMP_TEXT = "Ký số bởi: %(signer)s\nThời gian ký: %(when)s\nXác thực văn bản tại: %(url)s"


def _stamp_font():
    """DejaVu Sans cut down to Latin and Vietnamese (100 KB instead of
    700 KB) and scaled to 1000 units per em, made once under ``var/cache/``:
    pyHanko subsets the stamp's font on every signature (the whole font
    costs ~0.3 s each time)."""
    target = Path(settings.VAR_DIR) / "cache" / "signing-stamp-font-1000-unhinted.ttf"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = ["kern", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.hinting = False  # its instructions do not survive the rescaling below
    font = ttLib.TTFont(settings.THEMES_DIR / "base" / "pdf-fonts" / "DejaVuSans.ttf")
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=STAMP_UNICODES)
    subsetter.subset(font)
    # pyHanko writes the glyph widths in font units, PDF reads them per 1000:
    # DejaVu's 2048 units per em would double every advance
    scale_upem(font, 1000)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(str(tmp))
    os.replace(tmp, target)
    return target


@lru_cache(maxsize=1)
def _stamp_style():
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        # the same size for shaping and for rendering (pyHanko issue 733)
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(_stamp_font()), font_size=7), font_size=7),
        border_width=1,
        background=None,
    )


def verification_url():
    return getattr(settings, "PORTAL_BASE_URL", "").rstrip("/") + reverse("signing:verify")


def outside_event_loop(function, *args, **kwargs):
    """Call ``function`` where no asyncio loop runs: pyHanko's synchronous
    API starts its own loop (``asyncio.run``), which fails in a thread that
    already runs one (an async view under ASGI, a test driving a browser).
    There it runs in a short-lived worker thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-signing") as pool:
        return pool.submit(function, *args, **kwargs).result()


def sign_pdf(data, identity, *, reason="", location=""):
    """``data`` signed by ``identity`` (``portal.signing.identity``); raises
    ``SigningUnavailable`` or pyHanko's errors."""
    return outside_event_loop(_sign_pdf, data, identity, reason=reason, location=location)


def _sign_pdf(data, identity, *, reason="", location=""):
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or getattr(settings, "PORTAL_PROVINCE_NAME", "") or None,
        name=identity.name,
    )
    when = timezone.localtime().strftime("%H:%M:%S %d/%m/%Y")
    with signer_for(identity) as (signer, timestamper):
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=timestamper,
            stamp_style=_stamp_style(),
            new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=-1, box=STAMP_BOX),
        )
        out = pdf_signer.sign_pdf(writer, appearance_text_params={"when": when, "url": verification_url()})
    return out.getvalue()


def has_portal_signature(data):
    """Whether ``data`` already carries the portal's signature field (a
    second signing is skipped: signing is idempotent)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return any(sig.field_name == FIELD_NAME for sig in reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - unreadable: signing will say so
        return False


def signed_or_plain(data, identity, *, reason="", document=""):
    """``data`` signed, or ``data`` itself when it cannot be signed (logged)."""
    try:
        signed = sign_pdf(data, identity, reason=reason)
    except SigningUnavailable as error:
        log.warning("signing_unavailable", signer=identity.suffix, document=document, error=str(error))
        return data
    except Exception as error:  # noqa: BLE001 - an unsigned document beats no document
        log.error("signing_failed", signer=identity.suffix, document=document, error=repr(error))
        return data
    log.info("document_signed", signer=identity.suffix, document=document)
    return signed
