"""Decode plain text: BOMs, UTF-8, UTF-16 without BOM, GB18030 (a superset of GBK/GB2312)."""
from __future__ import annotations

import codecs

from .errors import ReadError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _plausible_share(text: str) -> float:
    """Share of characters a Chinese document is made of: CJK, CJK punctuation, printable ASCII."""
    sample = text[:4000]
    if not sample:
        return 0.0
    good = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t")
    odd = sum(1 for ch in sample if 0xD800 <= ord(ch) <= 0xDFFF or 0xE000 <= ord(ch) <= 0xF8FF)
    return (good - odd) / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes in a text that decodes cleanly to readable characters."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data[:65536]:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if share > 0.95 and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError for bytes that are not text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise ReadError(f"文件声明为 {enc} 编码但无法解码（位置 {exc.start}）") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if b"\x00" in data[:65536]:
        raise ReadError("这是二进制文件，不是文本：无法作为指引读取")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError("无法识别文本编码（既不是 UTF-8、UTF-16，也不是 GB18030/GBK）") from None
