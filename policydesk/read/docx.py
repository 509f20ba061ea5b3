"""DOCX: paragraphs and tables in document order; merged cells come back repeated by python-docx,
which is what the ledger-table renderer expects. Labels of Word's automatic list numbering are
written back before their paragraphs (docx_numbering)."""
from __future__ import annotations

import io
import zipfile

from .docx_numbering import ListNumbering
from .errors import ReadError
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
            parts.append(numbering.label(block) + block.text)
    return "\n".join(parts).strip() + "\n"
