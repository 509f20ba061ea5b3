"""text -> Guide. The parser knows nothing of databases or HTTP."""
from .pipeline import NotAGuide, parse_text

__all__ = ["parse_text", "NotAGuide"]
