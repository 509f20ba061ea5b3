"""Items numbered with decimals (`1.1 新建5G基站…`, `2.3 …`) under measures written `1 夯实…` or
`1.夯实…`. Single line breaks are dropped from the stream and `1.5亿元` is a number in a
sentence, so decimal labels are read on the lines of the decoded input, and only where the
document counts with them: at least MIN_ITEMS line openings `N.k` that go on from one another
(`N.k+1` after `N.k`, `N+1.1` after any `N.k`). A bare `N` opening the line before a run of `N.k`
is its measure."""
from __future__ import annotations

import re
from dataclasses import dataclass

# (after a line break: a pattern opening with a literal is searched for fast, `^` at every character)
_DECIMAL_LINE = re.compile(r"\n[^\S\n]*(\d{1,2})[.．](\d{1,2})(?![\d.．%％万亿千百倍个元])(?=[^\S\n]|[^\x00-\x7f])")
_MEASURE_LINE = re.compile(r"(?m)^[^\S\n]*(\d{1,2})(?=[^\S\n]+[^\s\d])")
MIN_ITEMS = 3
MAX_STEP = 2  # a decimal item may skip one number (a lost line), no more


@dataclass(frozen=True)
class LineLabel:
    """A numbering label read on an input line: offsets into the input, its kind and value."""
    start: int
    end: int
    kind: str   # "dec" (`1.1`) or "ar" (a bare measure number, `1`)
    value: int  # dec: major * 100 + minor


def find_decimal_labels(text: str) -> list[LineLabel]:
    """The decimal item labels of `text` and the bare measure numbers above their runs, in order."""
    found: list[LineLabel] = []
    major = minor = 0
    for m in _DECIMAL_LINE.finditer("\n" + text):  # (offsets one past the text's)
        n, k = int(m.group(1)), int(m.group(2))
        if (n == major and minor < k <= minor + MAX_STEP) or (n > major and k == 1):
            found.append(LineLabel(m.start(1) - 1, m.end(2) - 1, "dec", n * 100 + k))
            major, minor = n, k
    if len(found) < MIN_ITEMS or not any(b.value == a.value + 1 for a, b in zip(found, found[1:])):
        return []
    measures = []
    for i, label in enumerate(found):
        if label.value % 100 != 1:
            continue
        since = found[i - 1].start if i else 0
        lines = [m for m in _MEASURE_LINE.finditer(text, since, label.start) if int(m.group(1)) == label.value // 100]
        if lines:  # the nearest line `N …` above `N.1`, after the item before it
            measures.append(LineLabel(lines[-1].start(1), lines[-1].end(1), "ar", label.value // 100))
    return sorted(found + measures, key=lambda label: label.start)
