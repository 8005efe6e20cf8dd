"""The receipt (Mẫu 01) names the dossier's own channel: a paper dossier
received at the counter never says it was submitted online (issue #10)."""

import pypdfium2 as pdfium
import pytest

from eforms.dossiers.constants import Channel
from eforms.dossiers.documents.receipt import render_receipt_pdf

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def pdf_text(data):
    document = pdfium.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


@pytest.mark.parametrize(
    "channel, says, never",
    [
        (Channel.IN_PERSON, "(Liên: giao người nộp hồ sơ)", "trực tuyến"),
        (Channel.POSTAL, "bưu chính công ích", "nộp trực tuyến"),
        (Channel.ONLINE, "nộp trực tuyến", "bưu chính"),
    ],
)
def test_receipt_names_the_channel(procedure, channel, says, never):
    dossier = DossierFactory(procedure=procedure, channel=channel, submitted=True)
    text = " ".join(pdf_text(render_receipt_pdf(dossier)).split())
    assert says in text
    assert never not in text
