"""Fixtures of the signature tests: PDFs made by the portal's own toolkit,
signed by the sandbox CA generated in the test run's temporary var dir."""

import pytest

from portal.pdf import Page, build_pdf, para, styles
from portal.signing import identity
from portal.signing.sign import sign_pdf

TEXT = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả — phường Xuân Hương - Đà Lạt"


def plain_pdf(text=TEXT):
    st = styles()
    return build_pdf(
        [para(text, st["title"]), para("Mã hồ sơ: 000.00.00.H00-261201-0001", st["base"])], Page(), title="Thử"
    )


@pytest.fixture
def unsigned_pdf():
    return plain_pdf()


@pytest.fixture
def signed_pdf(settings):
    settings.DOCUMENT_SIGNING_BACKEND = "sandbox"
    return sign_pdf(plain_pdf(), identity.center(), reason="Thử nghiệm")


def flip_byte_in_content(data):
    """One byte changed inside the first page content stream (the signed
    range), the file still parses."""
    start = data.index(b"stream", data.index(b"/Length")) + len(b"stream\n") + 8
    changed = bytearray(data)
    changed[start] ^= 0x01
    return bytes(changed)
