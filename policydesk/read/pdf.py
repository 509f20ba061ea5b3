"""PDF with a text layer (pdfplumber): page text, with ledger tables rendered as labelled lines.
A PDF without text (a scan) is refused with a message saying so."""
from __future__ import annotations

import io

from .errors import ReadError
from .tables import render_table


def decode_pdf(data: bytes) -> tuple[str, int]:
    """Return (text, number of pages)."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - installed with the package
        raise ReadError("读取 PDF 需要 pdfplumber") from None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        raise ReadError(f"PDF 文件已损坏，无法读取（{type(exc).__name__}）") from None
    parts: list[str] = []
    with pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            tables = page.find_tables()
            rendered_tables = []
            for table in tables:
                rows = [[cell or "" for cell in row] for row in table.extract()]
                rendered = render_table(_fill_down(rows))
                if rendered is not None:
                    rendered_tables.append((table.bbox, rendered))
            if rendered_tables:
                outside = page
                for bbox, _ in rendered_tables:
                    outside = outside.outside_bbox(bbox)
                parts.append(outside.extract_text() or "")
                parts.extend(text for _, text in rendered_tables)
            else:
                parts.append(page.extract_text() or "")
    text = "\n".join(parts).strip()
    if not text:
        raise ReadError("这个 PDF 没有文字层（可能是扫描件）：请先做文字识别（OCR）再读取")
    return text + "\n", pages


def _fill_down(rows: list[list[str]]) -> list[list[str]]:
    """pdfplumber gives None for the lower parts of a merged cell: repeat the value above."""
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        filled = list(row)
        if r > 0 and any(filled):
            for c, cell in enumerate(filled):
                if not cell and c < len(out[-1]) and out[-1][c] and c > 0:
                    filled[c] = out[-1][c]
        out.append(filled)
    return out
