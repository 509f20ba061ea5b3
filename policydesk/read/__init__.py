"""bytes -> decoded text. One module per format; the format is sniffed from content."""
from .errors import ReadError
from .sniff import read_document, Decoded

__all__ = ["ReadError", "read_document", "Decoded"]
