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
    for block in _iter_blocks(document):
        if hasattr(block, "rows"):
            rows = _table_rows(block)
            rendered = render_table(rows)
            parts.append(rendered if rendered is not None else "\n".join("  ".join(r) for r in rows))
        else:
            label = numbering.label(block)
            level = _heading_level(block) if not label else None
            parts.append((heading_mark(level) if level else label) + block.text)
    return number_headings("\n".join(parts)).strip() + "\n"


_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _heading_level(paragraph) -> int | None:
    """The level of a paragraph in one of Word's heading styles (`Heading 2`, `标题 2`)."""
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return None
    m = _HEADING_STYLE.match(name or "")
    return int(m.group(1)) if m else None
