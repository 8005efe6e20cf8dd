"""Tagged PDF for every document ``portal.pdf.build_pdf`` prints.

ReportLab writes no structure tree, so the toolkit adds one without
changing the layout:

- Before the build, ``tag_story`` walks the story (into tables, their
  cells and ``KeepTogether``) and gives every paragraph a tagging
  subclass: it draws inside ``/P <</MCID n>> BDC … EMC`` (``/H1`` for the
  ``title``/``doc_title`` styles, ``/H2`` for ``h2``). A paragraph split
  over two pages stays one element with content on both.
- Ruled tables (``grid_table``, or any table with a ``GRID``) become
  ``Table``/``TR``/``TH``/``TD`` through ReportLab's table render
  callback; the header rows (``repeatRows``) are ``TH`` with
  ``/Scope /Column``, the shaded label column of a table without header
  rows (``key_value_table``) ``TH`` with ``/Scope /Row``; the header rows
  a table repeats on the next page are artifacts. Unruled tables
  (``columns``: the official header, signature blocks) only place things
  side by side: their cells' paragraphs are children of the enclosing
  element, left column first.
- Everything else that paints is wrapped in ``/Artifact BMC … EMC`` when
  its page is closed: grid lines, table backgrounds, rules, page numbers
  and footers drawn by ``on_page`` or a numbering canvas, the QR code and
  Code128 barcode of the receipt (their facts are printed as text next
  to them).
- ``finish`` (pikepdf) writes ``/StructTreeRoot`` (one ``Document``
  element, children in drawing order, which is reading order),
  ``/ParentTree``, ``/StructParents`` and ``/Tabs /S`` on each page,
  ``/MarkInfo <</Marked true>>``, ``/Lang``, ``DisplayDocTitle`` and XMP
  metadata with the title and language.

Not tagged: lists (no document uses ``ListFlowable``), figures (images are
artifacts, no ``Alt``), link annotations, and the signature widget that
pyHanko adds when a document is signed (an incremental update after this
step). Because of that last one the file does not claim PDF/UA
(``pdfuaid:part``). The text is the font subsets' own: ReportLab's
``ToUnicode`` maps cover every Vietnamese letter, so no ``ActualText``.
"""

import io
from functools import lru_cache

import pikepdf
from pikepdf import Array, Dictionary, Name
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table

HEADINGS = {"title": "H1", "doc_title": "H1", "h2": "H2"}
RULED = {"GRID", "INNERGRID"}
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh", "BI"}
ARTIFACT = object()  # the current "parent" while a repeated header row is drawn


class _Mark(str):
    """A marked-content operator the tagger wrote (not decoration)."""


class Element:
    """A structure element: its type, parent, kids (elements or
    ``(page, mcid)``) and attributes."""

    __slots__ = ("kind", "parent", "kids", "attrs")

    def __init__(self, kind, parent=None, attrs=None):
        self.kind, self.parent, self.kids, self.attrs = kind, parent, [], attrs or {}
        if parent is not None:
            parent.kids.append(self)


class Tagger:
    """What one build drew: the element tree and, per page, the element
    of each MCID."""

    def __init__(self):
        self.root = Element("Document")
        self.stack = [self.root]
        self.pages = {}

    @property
    def current(self):
        return self.stack[-1]

    def open_content(self, canvas, element):
        """Starts marked content of ``element`` on the canvas's page."""
        page = canvas.getPageNumber() - 1
        owners = self.pages.setdefault(page, [])
        mcid = len(owners)
        owners.append(element)
        element.kids.append((page, mcid))
        canvas._code.append(_Mark(f"/{element.kind} <</MCID {mcid}>> BDC"))

    @staticmethod
    def open_artifact(canvas):
        canvas._code.append(_Mark("/Artifact BMC"))

    @staticmethod
    def close(canvas):
        canvas._code.append(_Mark("EMC"))


class _Slot:
    """The element of one paragraph, shared by the parts it splits into."""

    __slots__ = ("kind", "element")

    def __init__(self, kind):
        self.kind, self.element = kind, None


class _TaggedLeaf:
    """Mixed in before a paragraph class: draws as marked content."""

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = getattr(canvas, "pdf_tagger", None)
        if tagger is None:
            return super().drawOn(canvas, x, y, _sW)
        if tagger.current is ARTIFACT:
            tagger.open_artifact(canvas)
        else:
            slot = self._pdf_slot
            if slot.element is None:
                slot.element = Element(slot.kind, tagger.current)
            tagger.open_content(canvas, slot.element)
        try:
            return super().drawOn(canvas, x, y, _sW)
        finally:
            tagger.close(canvas)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, _TaggedLeaf):
                part._pdf_slot = self._pdf_slot
        return parts


@lru_cache(maxsize=32)
def _tagged_class(cls):
    return type(f"Tagged{cls.__name__}", (_TaggedLeaf, cls), {})


class TableTags:
    """ReportLab's table render callback: the structure of one table,
    shared by the parts it splits into (one ``Table`` element)."""

    def __init__(self, row_headers=False):
        self.row_headers = row_headers
        self.element = None
        self.parts = 0

    def __call__(self, table, event, *args):
        canvas = table.canv
        tagger = getattr(canvas, "pdf_tagger", None)
        if tagger is None:
            return
        handler = getattr(self, f"_{event}", None)
        if handler is not None:
            handler(tagger, table, canvas, *args)

    def _startTable(self, tagger, table, canvas):
        if self.element is None:
            self.element = Element("Table", tagger.current)
        self.parts += 1
        tagger.stack.append(self.element)

    def _endTable(self, tagger, table, canvas):
        tagger.stack.pop()

    def _startRow(self, tagger, table, canvas, row):
        repeated = self.parts > 1 and row < _header_count(table)
        tagger.stack.append(ARTIFACT if repeated else Element("TR", self.element))

    def _endRow(self, tagger, table, canvas):
        tagger.stack.pop()

    def _startCell(self, tagger, table, canvas, row, column, value, *_geometry):
        parent = tagger.current
        if parent is ARTIFACT:
            cell = ARTIFACT
        elif row < _header_count(table):
            cell = Element("TH", parent, {"O": "Table", "Scope": "Column"})
        elif self.row_headers and column == 0:
            cell = Element("TH", parent, {"O": "Table", "Scope": "Row"})
        else:
            cell = Element("TD", parent)
        tagger.stack.append(cell)
        # text given as a string (not a paragraph) is drawn by the table itself
        self._text_cell = cell is not ARTIFACT and isinstance(value, str) and value.strip() != ""
        if self._text_cell:
            tagger.open_content(canvas, cell)

    def _endCell(self, tagger, table, canvas):
        if self._text_cell:
            tagger.close(canvas)
            self._text_cell = False
        tagger.stack.pop()


def _header_count(table):
    rows = table.repeatRows
    return rows if isinstance(rows, int) else len(rows)


def mark_layout(table):
    """``table`` only places flowables side by side: no Table element."""
    table._pdf_layout = True
    return table


def mark_data(table, *, row_headers=False):
    """``table`` is a data table (``row_headers``: its first column labels
    each row)."""
    table._pdf_data = True
    table._pdf_row_headers = row_headers
    return table


def _is_data_table(table):
    if getattr(table, "_pdf_layout", False):
        return False
    if getattr(table, "_pdf_data", False):
        return True
    return any(command[0] in RULED for command in getattr(table, "_linecmds", ()))


def tag_story(story):
    """Prepares the flowables of ``story`` (in place) for tagging."""
    for flowable in story:
        _tag(flowable)
    return story


def _tag(flowable):
    if isinstance(flowable, (list, tuple)):
        for item in flowable:
            _tag(item)
    elif isinstance(flowable, Table):
        # a story built twice starts afresh (no element of the last build)
        if _is_data_table(flowable) and isinstance(getattr(flowable, "_renderCB", None), (TableTags, type(None))):
            flowable._renderCB = TableTags(getattr(flowable, "_pdf_row_headers", False))
        for row in flowable._cellvalues:
            for cell in row:
                _tag(cell)
    elif isinstance(flowable, Paragraph):
        name = getattr(flowable.style, "name", "").removesuffix("_fit")
        flowable._pdf_slot = _Slot(HEADINGS.get(name, "P"))
        if not isinstance(flowable, _TaggedLeaf):
            flowable.__class__ = _tagged_class(type(flowable))
    elif isinstance(flowable, Flowable) and isinstance(getattr(flowable, "_content", None), (list, tuple)):
        _tag(flowable._content)


class TaggingCanvas(Canvas):
    """Closes each page with its untagged painting wrapped as artifacts.
    Placed last before ReportLab's canvas, so that a numbering canvas's
    own ``showPage`` (which replays pages at the end) passes through it."""

    pdf_tagger = None

    def showPage(self):
        self._code[:] = _wrap_artifacts(self._code)
        super().showPage()


def canvas_class(tagger, canvasmaker=None):
    """A canvas class for one build with ``tagger``."""
    bases = (TaggingCanvas,) if canvasmaker in (None, Canvas) else (canvasmaker, TaggingCanvas)
    return type("PortalTaggedCanvas", bases, {"pdf_tagger": tagger})


def _paints(entry):
    return any(token in PAINT for token in entry.split())


def _wrap_artifacts(code):
    """``code`` with each run of painting operators outside marked content
    (and outside ``q``/``Q``, which are never split) as an artifact."""
    out, run, depth = [], [], 0

    def flush():
        if any(_paints(entry) for entry in run):
            out.extend([_Mark("/Artifact BMC"), *run, _Mark("EMC")])
        else:
            out.extend(run)
        run.clear()

    for entry in code:
        if isinstance(entry, _Mark):
            flush()
            depth += 1 if entry.endswith(("BDC", "BMC")) else -1
            out.append(entry)
        elif depth or entry.strip() in ("q", "Q"):
            flush()
            out.append(entry)
        else:
            run.append(entry)
    flush()
    return [str(entry) for entry in out]


def finish(data, tagger, *, title, lang, author=""):
    """The built PDF ``data`` with its structure tree and metadata."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = pdf.pages
        root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        owners = {}
        document = _write(pdf, tagger.root, root, pages, owners)
        root.K = Array([document])
        nums = Array()
        for index in sorted(tagger.pages):
            page = pages[index]
            page.obj.StructParents = index
            page.obj.Tabs = Name.S
            nums.extend([index, pdf.make_indirect(Array([owners[id(e)] for e in tagger.pages[index]]))])
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(pages)
        catalog = pdf.Root
        catalog.StructTreeRoot = root
        catalog.MarkInfo = Dictionary(Marked=True)
        catalog.Lang = pikepdf.String(lang)
        preferences = catalog.get("/ViewerPreferences", Dictionary())
        preferences.DisplayDocTitle = True
        catalog.ViewerPreferences = preferences
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [lang]
            if author:
                meta["dc:creator"] = [author]
        out = io.BytesIO()
        # object streams keep the many small structure elements compact
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _write(pdf, element, parent, pages, owners):
    """The indirect ``StructElem`` of ``element`` (and its subtree)."""
    node = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.kind), P=parent))
    owners[id(element)] = node
    first_page = next((kid[0] for kid in element.kids if isinstance(kid, tuple)), None)
    if first_page is not None:
        node.Pg = pages[first_page].obj
    if element.attrs:
        node.A = Dictionary({f"/{key}": Name("/" + value) for key, value in element.attrs.items()})
    kids = Array()
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(_write(pdf, kid, node, pages, owners))
        elif kid[0] == first_page:
            kids.append(kid[1])
        else:
            kids.append(Dictionary(Type=Name.MCR, Pg=pages[kid[0]].obj, MCID=kid[1]))
    # one kid is written alone (the form checkers expect it)
    node.K = kids[0] if len(kids) == 1 else kids
    return node
