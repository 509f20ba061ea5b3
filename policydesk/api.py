"""The library entry points the CLI and other layers call: bytes or a path -> Guide."""
from __future__ import annotations

from pathlib import Path

from .model import Guide, Source
from .parse import parse_text
from .read import read_document

MAX_BYTES = 200 * 1024 * 1024


def parse_bytes(data: bytes, name: str = "<stdin>") -> Guide:
    decoded = read_document(data)
    source = Source(name=name, sha256=decoded.sha256, format=decoded.format, encoding=decoded.encoding)
    return parse_text(decoded.text, source)


def parse_file(path: str | Path) -> Guide:
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name)
