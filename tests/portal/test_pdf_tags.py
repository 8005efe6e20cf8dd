"""The official PDFs are tagged (issue 14): a structure tree in reading
order (H1, P, Table/TR/TH/TD), every piece of text on a page either
marked content of exactly one structure element or an artifact, the
language and title for screen readers, the Vietnamese text intact; the
signed ones keep their tree and their signature validates.

The content streams are read with pikepdf, the text decoded through the
fonts' own ToUnicode maps (what a screen reader gets), independently of
how ``portal.pdf_tags`` wrote them."""

import io
import json
import re
import subprocess
import sys
from decimal import Decimal

import pikepdf
import pytest
from django.utils import timezone

from content.pdf import render_procedure_pdf
from eforms.dossiers.constants import DossierStatus
from eforms.dossiers.documents.applications import ApplicationSource, application_pdf
from eforms.dossiers.documents.applications.source import Answer
from eforms.dossiers.documents.control import control_pdf
from eforms.dossiers.documents.receipt import render_receipt_pdf
from eforms.dossiers.documents.refusal import refusal_pdf
from eforms.dossiers.documents.register_sheet import register_pdf
from eforms.dossiers.documents.supplement import supplement_pdf
from eforms.dossiers.models import DossierStatusChange, SupplementRequest
from portal.pdf import Page, build_pdf, grid_table, head_row, para, styles
from portal.signing.verify import verify_pdf
from tests.eforms.factories import ProcedurePageFactory

from ..eforms.workspace.conftest import _mail_locmem, dossier, officer, procedure, stp  # noqa: F401

pytestmark = pytest.mark.django_db
TEXT_OPS = {"Tj", "TJ", "'", '"'}
LINE_OPS = {"T*", "Td", "TD", "Tm", "BT", "'", '"'}  # a new line: a space between words


# --- reading a tagged PDF ------------------------------------------------------------


def _unicode_map(font):
    """code → text from a font's ToUnicode CMap (one-byte codes, as
    ReportLab's subsets use); latin-1 for a standard font without one."""
    if "/ToUnicode" not in font:
        return None
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _decode(raw, mapping):
    if mapping is None:
        return raw.decode("latin-1")
    return "".join(mapping.get(byte, "") for byte in raw)


def page_content(page):
    """``({mcid: text}, problems)`` of one page: ``problems`` lists the
    text shown outside marked content with an MCID or an artifact."""
    fonts = {str(name): _unicode_map(font) for name, font in page.Resources.get("/Font", {}).items()}
    texts, problems, stack, mapping = {}, [], [], None
    for instruction in pikepdf.parse_content_stream(page):
        op, operands = str(instruction.operator), instruction.operands
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
            stack.append((tag, mcid))
            if mcid is not None:
                assert mcid not in texts, f"MCID {mcid} used twice on a page"
                texts[mcid] = ""
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            mapping = fonts.get(str(operands[0]))
        if op in LINE_OPS:
            owner = next((mcid for _tag, mcid in reversed(stack) if mcid is not None), None)
            if owner is not None and texts[owner] and not texts[owner].endswith(" "):
                texts[owner] += " "
        if op in TEXT_OPS:
            strings = operands[0] if op == "TJ" else operands[-1:]
            shown = "".join(_decode(bytes(s), mapping) for s in strings if isinstance(s, pikepdf.String))
            owner = next((mcid for _tag, mcid in reversed(stack) if mcid is not None), None)
            if owner is not None:
                texts[owner] += shown
            elif not any(tag == "/Artifact" for tag, _mcid in stack):
                problems.append(shown)
    assert not stack, "unbalanced BDC/EMC"
    return texts, problems


def structure(data):
    """The document's tagging as ``(pdf_info, elements, problems)``:
    ``elements`` the structure elements in reading order as
    ``(role, text, depth)``; checks every MCID is owned by exactly one
    element, the same one the ParentTree names."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    content, problems = {}, []
    for index, page in enumerate(pdf.pages):
        texts, outside = page_content(page)
        content[index] = texts
        problems += outside
    owners, elements = {}, []
    root = pdf.Root.StructTreeRoot

    def kids_of(node):
        kids = node.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, pikepdf.Array) else [kids]

    def walk(element, page, depth):
        page = pages[element.Pg.objgen] if "/Pg" in element else page
        index = len(elements)
        elements.append(None)
        text = ""
        for kid in kids_of(element):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (pages[kid.Pg.objgen], int(kid.MCID))
            elif isinstance(kid, pikepdf.Dictionary):
                text += " " + walk(kid, page, depth + 1)
                continue
            else:
                key = (page, int(kid))
            assert key not in owners, f"MCID {key} referenced twice"
            owners[key] = element.objgen
            text += " " + content[key[0]][key[1]]
        elements[index] = (str(element.S), text, depth)
        return text

    for top in kids_of(root):
        walk(top, None, 0)
    marked = {(page, mcid) for page, texts in content.items() for mcid in texts}
    assert marked == set(owners), "an MCID without a structure element, or one pointing at nothing"
    nums = list(root.ParentTree.Nums)
    for key, array in zip(nums[::2], nums[1::2], strict=True):
        page_index = next(i for i, page in enumerate(pdf.pages) if int(page.obj.StructParents) == int(key))
        for mcid, element in enumerate(array):
            assert owners[(page_index, mcid)] == element.objgen, "ParentTree disagrees with the tree"
    info = {
        "marked": bool(pdf.Root.MarkInfo.Marked),
        "lang": str(pdf.Root.Lang),
        "display_title": bool(pdf.Root.ViewerPreferences.DisplayDocTitle),
        "xmp_title": pdf.open_metadata().get("dc:title"),
        "pages": len(pdf.pages),
    }
    return info, elements, problems


def flat(text):
    return " ".join(text.split())


def assert_tagged(data, *facts, roles=("Document", "H1", "P", "Table", "TR", "TD")):
    """The checks every document passes; returns the elements."""
    info, elements, problems = structure(data)
    assert info["marked"] and info["lang"] == "vi-VN" and info["display_title"] and info["xmp_title"]
    assert problems == [], f"text outside any tag or artifact: {problems[:5]}"
    found = {role.lstrip("/") for role, _text, _depth in elements}
    assert set(roles) <= found, found
    reading = flat(" ".join(text for role, text, depth in elements if depth == 0))
    positions = [reading.find(fact) for fact in facts]
    assert -1 not in positions, [fact for fact in facts if fact not in reading]
    assert positions == sorted(positions), "facts out of reading order"
    return elements


def pdfua_findings(data, tmp_path):
    """The ``pdfua`` checker's findings (machine-checkable PDF/UA-1)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    run = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1, 2, 3), run.stderr
    report = json.loads(run.stdout)
    files = report if isinstance(report, list) else report.get("files", [report])
    return [finding for item in files for finding in item.get("findings", [])]


def assert_pdfua_clean(data, tmp_path):
    """No machine-checkable PDF/UA-1 failure except the missing claim
    (the files do not claim PDF/UA: see ``portal.pdf_tags``)."""
    findings = pdfua_findings(data, tmp_path)
    assert [f["rule_id"] for f in findings if f["rule_id"] != "UA-28-004"] == [], findings


# --- the documents -------------------------------------------------------------------


def test_the_receipt_is_tagged_in_reading_order_and_stays_signed(dossier, tmp_path):  # noqa: F811
    pdf = render_receipt_pdf(dossier)
    report = verify_pdf(pdf)
    assert report.ok, report.signatures  # the tags were written before the signature
    elements = assert_tagged(
        pdf,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {dossier.code}",
        f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}",
        "Hồ sơ gồm những giấy tờ sau",
        "NGƯỜI NỘP HỒ SƠ",
        roles=("Document", "H1", "P", "Table", "TR", "TH", "TD"),
    )
    heading = next(text for role, text, _depth in elements if role == "/H1")
    assert flat(heading) == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    # the components table: a header row of TH, then one row per component
    table = next(i for i, (role, _text, _depth) in enumerate(elements) if role == "/Table")
    first_row = [role for role, _text, depth in elements[table + 2 : table + 12] if depth == elements[table][2] + 2]
    assert first_row and set(first_row) == {"/TH"}
    assert_pdfua_clean(pdf, tmp_path)


def test_a_supplement_request_mau_02_is_tagged(dossier, officer):  # noqa: F811
    request = SupplementRequest.objects.create(
        dossier=dossier,
        items="Bản chụp CCCD còn hạn\nGiấy ủy quyền có chứng thực",
        requested_by=officer,
        deadline_at=timezone.now() + timezone.timedelta(days=5),
    )
    pdf = supplement_pdf(request)
    assert verify_pdf(pdf).ok
    assert_tagged(
        pdf,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        dossier.procedure_name,
        "Bản chụp CCCD còn hạn",
        "Giấy ủy quyền có chứng thực",
        roles=("Document", "H1", "P"),
    )


def test_the_control_sheet_has_its_table_of_steps(dossier):  # noqa: F811
    pdf = control_pdf(dossier)
    assert verify_pdf(pdf).ok
    elements = assert_tagged(pdf, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", dossier.code)
    assert any(role == "/TH" for role, _text, _depth in elements)


def test_a_refusal_mau_03_is_tagged(dossier, officer):  # noqa: F811
    dossier.status = DossierStatus.NOT_ACCEPTED
    dossier.save(update_fields=["status"])
    DossierStatusChange.objects.create(
        dossier=dossier,
        from_status=DossierStatus.PROCESSING,
        to_status=DossierStatus.NOT_ACCEPTED,
        actor=officer,
        actor_label="Lê Thị Hoa",
        note="Quá hạn bổ sung hồ sơ theo phiếu yêu cầu.",
        created_at=timezone.now(),
    )
    pdf = refusal_pdf(dossier)
    assert verify_pdf(pdf).ok
    assert_tagged(pdf, dossier.code, "Quá hạn bổ sung hồ sơ theo phiếu yêu cầu.", roles=("Document", "H1", "P"))


def test_the_register_book_is_one_table_with_its_header_rows(dossier, stp, tmp_path):  # noqa: F811
    today = timezone.localdate()
    pdf = register_pdf([stp], today - timezone.timedelta(days=31), today + timezone.timedelta(days=1))
    elements = assert_tagged(pdf, "SỔ THEO DÕI HỒ SƠ", roles=("Document", "Table", "TR", "TH", "TD"))
    tables = [text for role, text, _depth in elements if role == "/Table"]
    assert len(tables) == 1
    assert dossier.code in "".join(tables[0].split())  # a narrow column wraps the code
    assert_pdfua_clean(pdf, tmp_path)


def _application_source(**extra):
    values = {
        "procedure_code": "2.000488",
        "procedure_name": "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam",
        "recipient": "Sở Tư pháp tỉnh Lâm Đồng",
        "place": "Xuân Hương - Đà Lạt",
        "dossier_code": "000.00.05.H41-261201-0007",
        "answers": [
            Answer("applicant_name", "Họ và tên", "Nguyễn Thị Hồng Nhung"),
            Answer("applicant_birth_date", "Ngày sinh", "05/07/1990"),
            Answer("noi_sinh", "Nơi sinh", "Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng"),
            Answer("qua_trinh_cu_tru", "Quá trình cư trú", "\n".join(["2008-2012; Hà Nội; Sinh viên"] * 40)),
        ],
        "made_at": timezone.now(),
    }
    return ApplicationSource(**{**values, **extra})


def test_a_circular_01_application_form_is_tagged(tmp_path):
    pdf = application_pdf(_application_source())
    info, elements, _problems = structure(pdf)
    assert info["pages"] >= 2  # its residence table runs over a page
    assert_tagged(
        pdf,
        "TỜ KHAI YÊU CẦU CẤP PHIẾU LÝ LỊCH TƯ PHÁP",
        "Nguyễn Thị Hồng Nhung",
        "Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng",
    )
    # one Table element across pages; its header row is not repeated in the tree
    tables = [text for role, text, _depth in elements if role == "/Table"]
    assert any(flat(text).count("Sinh viên") == 40 for text in tables)
    headers = [text for role, text, _depth in elements if role == "/TH"]
    assert len(headers) == len(set(headers))
    assert_pdfua_clean(pdf, tmp_path)


def test_the_procedure_sheet_is_tagged(home_page, tmp_path):
    page = ProcedurePageFactory(
        title="Đăng ký khai sinh",
        code="1.001193",
        processing_days=Decimal("3"),
        components=[("Tờ khai đăng ký khai sinh", 1, 0, True), ("Giấy chứng sinh", 1, 0, True)],
    )
    pdf = render_procedure_pdf(page)
    elements = assert_tagged(pdf, "Đăng ký khai sinh", "1.001193", "Tờ khai đăng ký khai sinh", "Giấy chứng sinh")
    roles = [role for role, _text, _depth in elements]
    assert "/H1" in roles and "/H2" in roles and roles.index("/H1") < roles.index("/H2")
    assert_pdfua_clean(pdf, tmp_path)


# --- the toolkit ---------------------------------------------------------------------


def test_layout_is_the_same_as_the_untagged_build():
    """The tags add marked-content operators only: the same text at the
    same places as before."""
    import pypdfium2 as pdfium

    st = styles()
    rows = [head_row(("STT", "Tên giấy tờ"), st["head"])]
    rows += [[para(str(n), st["cell"]), para(f"Giấy tờ số {n} — Đà Lạt", st["cell"])] for n in range(80)]
    story = [para("Danh mục giấy tờ", st["title"]), grid_table(rows, (40, 400))]
    pdf = build_pdf(story, Page(), title="Danh mục")
    document = pdfium.PdfDocument(pdf)
    assert len(document) == 3
    text = document[1].get_textpage().get_text_range()
    assert "STT" in text and "Giấy tờ số 79 — Đà Lạt" in document[2].get_textpage().get_text_range()
    assert_tagged(pdf, "Danh mục giấy tờ", "Giấy tờ số 0 — Đà Lạt", "Giấy tờ số 79 — Đà Lạt")


def test_a_story_built_twice_is_tagged_twice():
    """A flowable keeps no element of an earlier build."""
    st = styles()
    story = [para("Mã hồ sơ: 1", st["title"]), grid_table([head_row(("A", "B"), st["head"])] * 2, (100, 100))]
    first = build_pdf(list(story), Page(), title="Một")  # a build consumes its list
    second = build_pdf(list(story), Page(), title="Hai")
    assert_tagged(first, "Mã hồ sơ: 1", roles=("Document", "H1", "Table", "TR", "TH"))
    assert_tagged(second, "Mã hồ sơ: 1", roles=("Document", "H1", "Table", "TR", "TH"))


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "a\x00b", "x" * 20_000, ""])
def test_hostile_text_is_tagged_without_error(text):
    st = styles()
    pdf = build_pdf([para(text, st["title"]), para("Mã hồ sơ: 1", st["base"])], Page(), title=text[:80] or "—")
    assert_tagged(pdf, "Mã hồ sơ: 1", roles=("Document", "H1", "P"))
