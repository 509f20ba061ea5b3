"""DOCX: paragraphs and tables in document order; merged cells come back repeated by python-docx,
which is what the ledger-table renderer expects. Labels of Word's automatic list numbering are
written back before their paragraphs (docx_numbering); headings in Word's heading styles that
carry no number are numbered as sections (read/headings.py)."""
from __future__ import annotations

import io
import re
import zipfile

from .docx_numbering import ListNumbering
from .errors import ReadError
from .headings import heading_mark, number_headings
from .tables import render_table


def _iter_blocks(document):
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def _table_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        rows.append([cell.text.strip() for cell in row.cells])
    return rows


def decode_docx(data: bytes) -> str:
    try:
        import docx
    except ImportError:  # pragma: no cover - installed with the package
        raise ReadError("读取 DOCX 需要 python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"DOCX 文件已损坏，无法读取（{type(exc).__name__}）") from None
    parts: list[str] = []
    numbering = ListNumbering.of(document)
    heading_levels = _heading_levels(document)
    for block in _iter_blocks(document):
        if hasattr(block, "rows"):
            rows = _table_rows(block)
            rendered = render_table(rows)
            parts.append(rendered if rendered is not None else "\n".join("  ".join(r) for r in rows))
        else:
            label = numbering.label(block)
            level = None if label else heading_levels.get(_style_id(block))
            parts.append((heading_mark(level) if level else label) + block.text)
    return number_headings("\n".join(parts)).strip() + "\n"


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _heading_levels(document) -> dict[str, int]:
    """Style id -> level of Word's heading styles (`Heading 2`, `标题 2`), read once: asking each
    paragraph for its style looks the style up again every time."""
    levels = {}
    for style in document.styles:
        m = _HEADING_STYLE.match(getattr(style, "name", None) or "")
        if m and style.style_id:
            levels[style.style_id] = int(m.group(1))
    return levels


def _style_id(paragraph) -> str | None:
    ppr = paragraph._p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
