"""Pick the reader by looking at the bytes, never at the file name."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .delimited import render_delimited
from .records import render_records
from .cell_lines import render_cell_lines
from .errors import ReadError
from .html import decode_html
from .text import decode_text

_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF87a": "GIF 图片",
    b"GIF89a": "GIF 图片",
    b"BM": None,  # too short to trust alone; checked with its header below
    b"RIFF": "RIFF 媒体文件",
    b"II*\x00": "TIFF 图片",
    b"MM\x00*": "TIFF 图片",
}


@dataclass
class Decoded:
    text: str
    format: str
    encoding: str | None
    sha256: str


def _looks_like_html(head: bytes) -> bool:
    probe = head[:2048].lstrip().lower()
    for bom in (b"\xef\xbb\xbf",):
        probe = probe.removeprefix(bom)
    return probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in probe or b"<html" in probe


def read_document(data: bytes) -> Decoded:
    """Decode any supported input; raise ReadError with a one-line Chinese message otherwise."""
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise ReadError("文件是空的：没有可读取的内容")
    for magic, label in _IMAGE_MAGIC.items():
        if label and data.startswith(magic):
            raise ReadError(f"这是{label}，不是指引文本；扫描件请先做文字识别（OCR）")
    if data.startswith(b"%PDF"):
        from .pdf import decode_pdf
        text, _ = decode_pdf(data)
        return Decoded(text=text, format="pdf", encoding=None, sha256=digest)
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind == "docx":
            from .docx import decode_docx
            return Decoded(text=decode_docx(data), format="docx", encoding=None, sha256=digest)
        if kind == "xlsx":
            from .xlsx import decode_xlsx
            return Decoded(text=decode_xlsx(data), format="xlsx", encoding=None, sha256=digest)
        raise ReadError("这是 ZIP 压缩包，不是 DOCX/XLSX 文档：请解压后读取其中的指引")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("这是旧版 Word（.doc）或 Excel 文件：请另存为 DOCX 后再读取")
    if _looks_like_html(data):
        text, encoding = decode_html(data)
        fmt = "html"
    else:
        text, encoding = decode_text(data)
        # a ledger sheet saved as text (tabs, CSV, Markdown), exported as labelled records, or
        # copied one cell a line
        text = render_delimited(text) or render_records(text) or render_cell_lines(text) or text
        fmt = "text"
    if _control_ratio(text) > 0.05:
        raise ReadError("这是二进制文件，不是文本：无法作为指引读取")
    return Decoded(text=text, format=fmt, encoding=encoding, sha256=digest)


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _control_ratio(text: str) -> float:
    """Share of control characters and replacement marks in the first 20,000 characters."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _zip_kind(data: bytes) -> str | None:
    import io
    import zipfile
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise ReadError("ZIP 文件已损坏，无法读取") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
