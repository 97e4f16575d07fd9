"""Draw a laid-out report (services.report_layout) as PDF (fpdf2) or .docx (python-docx).

The PDF embeds DejaVu Serif from the project's fonts/ directory: a fresh machine or a slim
container may have no fonts at all, and the standard PDF fonts have no Vietnamese glyphs. fpdf2
embeds a subset with a ToUnicode map, so text copied or extracted from the PDF is the NFC text
that was written. A .docx carries no glyphs: it names Times New Roman, the font of Vietnamese
administrative documents (Decree 30/2020/NĐ-CP), which Word substitutes where it is missing.

Page setup follows Decree 30/2020: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm;
13 pt body text.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.run import Run
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from services.report_layout import Layout, Paragraph, Table

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
PDF_FAMILY = "DejaVuSerif"
PDF_FONT_FILES = {
    "": "DejaVuSerif.ttf",
    "B": "DejaVuSerif-Bold.ttf",
    "I": "DejaVuSerif-Italic.ttf",
    "BI": "DejaVuSerif-BoldItalic.ttf",
}
DOCX_FONT = "Times New Roman"
TABLE_PT = 10.5  # .docx table text
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0}
HEADER_LEFT_MM = 68.0  # width of the issuing-body column (the motto takes the rest)
BODY_PT = 12.0  # DejaVu is wider than Times: 12 pt DejaVu sets about like 13 pt Times
SMALL_PT = 10.0

PDF_MEDIA_TYPE = "application/pdf"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _nfc(text: str) -> str:
    """Vietnamese may arrive decomposed (a base letter plus combining marks); DejaVu has the
    precomposed glyphs, and search and copy-paste expect NFC."""
    return unicodedata.normalize("NFC", text)


# -- PDF -----------------------------------------------------------------------------------------
class _ReportPDF(FPDF):
    def header(self) -> None:
        """Page numbers from the second page on, centred at the top (Decree 30/2020)."""
        if self.page_no() > 1:
            self.set_font(PDF_FAMILY, "", SMALL_PT)
            self.set_y(10)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(MARGINS_MM["top"])


def render_pdf(doc: Layout) -> bytes:
    pdf = _ReportPDF(orientation="P", unit="mm", format="A4")
    for style, name in PDF_FONT_FILES.items():
        pdf.add_font(PDF_FAMILY, style, str(FONT_DIR / name))
    pdf.set_margins(MARGINS_MM["left"], MARGINS_MM["top"], MARGINS_MM["right"])
    pdf.set_auto_page_break(True, MARGINS_MM["bottom"])
    pdf.set_lang("vi")
    pdf.set_title(_nfc(" ".join(doc.title)))
    pdf.set_creator("ANTQ")
    pdf.add_page()
    _pdf_header(pdf, doc)
    _pdf_title(pdf, doc)
    for block in doc.body:
        if isinstance(block, Paragraph):
            _pdf_paragraph(pdf, block)
        else:
            _pdf_table(pdf, block)
    _pdf_footer(pdf, doc)
    return bytes(pdf.output())


def _pdf_lines(
    pdf: FPDF, x: float, y: float, width: float, lines: list[tuple[str, str, float]]
) -> float:
    """Centred lines in a column starting at (x, y); returns the y below them."""
    pdf.set_xy(x, y)
    for text, style, size in lines:
        pdf.set_font(PDF_FAMILY, style, size)
        pdf.set_x(x)
        pdf.multi_cell(
            width, size * 0.45, _nfc(text), align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT
        )
    return pdf.get_y()


def _rule(pdf: FPDF, centre_x: float, y: float, length: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(centre_x - length / 2, y, centre_x + length / 2, y)


def _pdf_header(pdf: FPDF, doc: Layout) -> None:
    left = pdf.l_margin
    right_x = left + HEADER_LEFT_MM
    right_w = pdf.w - pdf.r_margin - right_x
    top = pdf.t_margin
    body_lines = [
        (line, "B" if i == len(doc.issuing_body) - 1 else "", SMALL_PT + 1)
        for i, line in enumerate(doc.issuing_body)
    ]
    y_left = _pdf_lines(pdf, left, top, HEADER_LEFT_MM, body_lines)
    _rule(pdf, left + HEADER_LEFT_MM / 2, y_left + 1.2, 24)
    y_left = _pdf_lines(pdf, left, y_left + 3, HEADER_LEFT_MM, [(doc.number, "", SMALL_PT + 1)])
    y_right = _pdf_lines(
        pdf,
        right_x,
        top,
        right_w,
        [(doc.motto[0], "B", SMALL_PT + 1), (doc.motto[1], "B", SMALL_PT + 2)],
    )
    _rule(pdf, right_x + right_w / 2, y_right + 1.2, 56)
    y_right = _pdf_lines(pdf, right_x, y_right + 3, right_w, [(doc.place_date, "I", BODY_PT)])
    pdf.set_y(max(y_left, y_right) + 8)


def _pdf_title(pdf: FPDF, doc: Layout) -> None:
    width = pdf.w - pdf.l_margin - pdf.r_margin
    lines = [(doc.title[0], "B", BODY_PT + 2)] + [(t, "B", BODY_PT) for t in doc.title[1:]]
    y = _pdf_lines(pdf, pdf.l_margin, pdf.get_y(), width, lines)
    _rule(pdf, pdf.l_margin + width / 2, y + 1.5, 40)
    pdf.set_y(y + 6)


def _pdf_paragraph(pdf: FPDF, p: Paragraph) -> None:
    style = ("B" if p.bold else "") + ("I" if p.italic else "")
    pdf.set_font(PDF_FAMILY, style, BODY_PT)
    if p.bold and not p.indent:
        pdf.ln(1.5)
    text = ("    " if p.indent else "") + _nfc(p.text)
    pdf.set_x(pdf.l_margin)
    # Headings are set ragged-right: justified, a two-line heading spreads its few words apart.
    align = Align.J if p.indent else Align.L
    pdf.multi_cell(0, BODY_PT * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.2)


def _pdf_table(pdf: FPDF, t: Table) -> None:
    pdf.set_font(PDF_FAMILY, "", SMALL_PT)
    pdf.ln(1)
    with pdf.table(
        col_widths=t.widths,
        width=pdf.w - pdf.l_margin - pdf.r_margin,
        align="LEFT",
        line_height=SMALL_PT * 0.45,
        padding=1,
        text_align=t.align,
        headings_style=FontFace(emphasis="BOLD"),
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        for text in t.headers:
            head.cell(_nfc(text), align="C")
        for values in t.rows:
            row = table.row()
            for text in values:
                row.cell(_nfc(text))
    pdf.ln(2)


def _pdf_footer(pdf: FPDF, doc: Layout) -> None:
    """ "Nơi nhận" on the left, the signature block on the right, kept on one page."""
    needed = 6 * max(len(doc.recipients) + 1, len(doc.signature) + 5)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    left_w = 85.0
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font(PDF_FAMILY, "BI", BODY_PT)
    pdf.cell(left_w, 5, "Nơi nhận:", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(PDF_FAMILY, "", SMALL_PT)
    for line in doc.recipients:
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(left_w, 4.5, _nfc(line), align=Align.L, new_x=XPos.LEFT, new_y=YPos.NEXT)
    sign_x = pdf.l_margin + left_w
    sign_w = pdf.w - pdf.r_margin - sign_x
    _pdf_lines(pdf, sign_x, top, sign_w, [(line, "B", BODY_PT) for line in doc.signature])


# -- DOCX ----------------------------------------------------------------------------------------
def _font(
    run_or_style: Run | ParagraphStyle,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    """Times New Roman for every script slot: Word picks the East Asian / complex-script font
    for some Vietnamese letters unless all four slots name it."""
    font = run_or_style.font
    font.name = DOCX_FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), DOCX_FONT)


def _cell_lines(
    cell: _Cell,
    lines: Sequence[tuple[str, bool, bool, float]],
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    first = True
    for text, bold, italic, size in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        para.alignment = align
        para.paragraph_format.space_after = Pt(0)
        _font(para.add_run(_nfc(text)), size, bold, italic)


def render_docx(doc: Layout) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _font(normal, 13)

    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(header, (Cm(6), Cm(10.5)))
    left, right = header.rows[0].cells
    _cell_lines(
        left,
        [
            (line, i == len(doc.issuing_body) - 1, False, 12)
            for i, line in enumerate(doc.issuing_body)
        ]
        + [("———", False, False, 8), (doc.number, False, False, 12)],
    )
    _cell_lines(
        right,
        [
            (doc.motto[0], True, False, 12),
            (doc.motto[1], True, False, 13),
            ("———————", False, False, 8),
            (doc.place_date, False, True, 13),
        ],
    )

    document.add_paragraph()
    for i, line in enumerate(doc.title):
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_after = Pt(0)
        _font(para.add_run(_nfc(line)), 14 if i == 0 else 13, True)
    document.add_paragraph()

    for block in doc.body:
        if isinstance(block, Paragraph):
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if block.indent else WD_ALIGN_PARAGRAPH.LEFT
            para.paragraph_format.space_after = Pt(6)
            if block.indent:
                para.paragraph_format.first_line_indent = Cm(1)
            _font(para.add_run(_nfc(block.text)), 13, block.bold, block.italic)
        else:
            _docx_table(document, block)

    footer = document.add_table(rows=1, cols=2)
    _widths(footer, (Cm(8), Cm(8.5)))
    left, right = footer.rows[0].cells
    _cell_lines(
        left,
        [("Nơi nhận:", True, True, 12)] + [(line, False, False, 11) for line in doc.recipients],
        WD_ALIGN_PARAGRAPH.LEFT,
    )
    _cell_lines(right, [(line, True, False, 13) for line in doc.signature])
    buffer = io.BytesIO()
    document.core_properties.title = _nfc(" ".join(doc.title))
    document.core_properties.language = "vi-VN"
    document.save(buffer)
    return buffer.getvalue()


def _widths(table: DocxTable, widths: tuple[Length, ...]) -> None:
    """Fixed column widths, on the grid (LibreOffice reads it) and on every cell (Word does)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _docx_table(document: DocxDocument, t: Table) -> None:
    table = document.add_table(rows=1, cols=len(t.headers))
    table.style = "Table Grid"
    total = sum(t.widths)
    usable = 16.5  # cm between the margins
    aligns = {
        "L": WD_ALIGN_PARAGRAPH.LEFT,
        "C": WD_ALIGN_PARAGRAPH.CENTER,
        "R": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    for cell, text in zip(table.rows[0].cells, t.headers, strict=True):
        _cell_lines(cell, [(text, True, False, TABLE_PT)])
    for values in t.rows:
        cells = table.add_row().cells
        for cell, text, align in zip(cells, values, t.align, strict=True):
            _cell_lines(cell, [(text, False, False, TABLE_PT)], aligns[align])
    _widths(table, tuple(Cm(usable * w / total) for w in t.widths))
    document.add_paragraph()
