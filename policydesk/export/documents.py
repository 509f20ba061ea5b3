"""Markdown, HTML and DOCX renders of a Guide, from export/render.py's lines."""
from __future__ import annotations

import html
import io

from ..model import Guide
from .render import document_lines, ledger_rows


def to_markdown(guide: Guide) -> str:
    out = []
    for kind, text in document_lines(guide):
        if kind == "title":
            out.append(f"# {text}\n")
        elif kind == "heading":
            out.append(f"\n## {text}\n")
        elif kind == "task":
            out.append(f"\n{text}\n")
        else:
            out.append(f"{text}  ")
    return "\n".join(out).strip() + "\n"


def to_html(guide: Guide) -> str:
    body = []
    for kind, text in document_lines(guide):
        t = html.escape(text)
        tag = {"title": "h1", "heading": "h2", "task": "p", "meta": "p"}.get(kind, "p")
        cls = f' class="{kind}"'
        body.append(f"<{tag}{cls}>{t}</{tag}>")
    title = html.escape(guide.document.title or guide.source.name)
    return ("<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + title +
            "</title><style>body{font-family:serif;max-width:48rem;margin:2rem auto;line-height:1.8}"
            ".unit,.deadline{margin:0 0 0 2em;color:#333}</style></head><body>\n" + "\n".join(body) +
            "\n</body></html>\n")


def to_docx(guide: Guide) -> bytes:
    import docx
    d = docx.Document()
    for kind, text in document_lines(guide):
        if kind == "title":
            d.add_heading(text, level=0)
        elif kind == "heading":
            d.add_heading(text, level=1)
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def to_xlsx(guide: Guide) -> bytes:
    from .xlsx import ledger_workbook
    return ledger_workbook(ledger_rows(guide), title=guide.document.title or "台账")
