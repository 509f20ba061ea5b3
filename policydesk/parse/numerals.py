"""Chinese numerals for path labels."""

_DIGITS = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三, 105 -> 一百零五."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + _DIGITS[rest] if rest < 10 else int_to_cn(rest) if rest >= 20 else "一" + int_to_cn(rest))
