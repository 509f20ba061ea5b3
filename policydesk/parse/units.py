"""Responsibility units: clean a name, split organ and office, merge `X科、Y科` blocks,
spread phones over names. Pure functions over strings; the word lists come from the lexicon."""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from ..model import Unit
from .lexicon import lexicon
from .stream import fold_width

_TRIM = " \t\n,，、;；:：.。"


@lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """Drop list tails (`等部门`), a note on the list after the last name (`（排在第一位的为牵头
    单位，下同）`, `（按职责分工负责）`, a duty: `（负责立项审批）`) and stray punctuation around a name;
    `无` names none."""
    lx = lexicon()
    name = name.strip(_TRIM)
    folded = fold_width(name)  # (same length: an index in one is an index in the other)
    if folded.endswith(")") and "(" in folded:
        opens = folded.rindex("(")
        note = folded[opens:]
        if any(rule in note for rule in lx.first_is_lead_rules) or \
                lx.inline_role_of.get(note[1:-1]) == "responsible" or note.startswith(lx.duty_notes, 1):
            name = name[:opens]  # `（按职责分工负责）`, `（负责立项审批）`
    for tail in lx.list_tails:
        if name.endswith(tail) and len(name) > len(tail) + 1:
            name = name[: -len(tail)]
            break
    name = name.strip(_TRIM)
    return "" if name in lx.no_unit else name


def is_generic(name: str) -> bool:
    """`各区级部门`, `相关行业主管部门`: every unit of a kind, not one body."""
    lx = lexicon()
    return any(m in name for m in lx.generic_markers)


def _strip_admin(stem: str) -> str:
    for p in lexicon().admin_prefixes:
        if stem.startswith(p):
            return stem[len(p):]
    return stem


def _paren_depths(name: str) -> list[int]:
    depth, out = 0, []
    for ch in name:
        if ch in "(（":
            depth += 1
        out.append(depth)
        if ch in ")）":
            depth = max(0, depth - 1)
    return out


def _inside_suffix_words(folded: str) -> set[int]:
    """Cut positions that would split an ending word (`区政府办|公室`)."""
    lx = lexicon()
    inside: set[int] = set()
    for word in set(lx.organ_suffixes) | set(lx.office_suffixes):
        if len(word) < 2:
            continue
        start = folded.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            start = folded.find(word, start + 1)
    return inside


@lru_cache(maxsize=65536)
def split_org_office(name: str) -> tuple[str, str | None]:
    """The organ is the shortest prefix that ends in an organ ending and is more than an
    administrative prefix; a `(…)` right after it and a `…分局` part belong to the organ."""
    lx = lexicon()
    if is_generic(name):
        return name, None
    folded = fold_width(name)
    depths = _paren_depths(folded)
    inside = _inside_suffix_words(folded)
    org_end = None
    for end in range(2, len(folded) + 1):
        if depths[end - 1] != 0 or folded[end - 1] in ")" or end in inside:
            continue
        prefix = folded[:end]
        for suffix in lx.organ_suffixes:
            if prefix.endswith(suffix) and len(_strip_admin(prefix[: -len(suffix)])) >= 1:
                org_end = end
                break
        if org_end:
            break
    if org_end is None:
        return name, None
    # a bracketed alias right after the organ: 区科委（中关村延庆园管委会）
    if org_end < len(folded) and folded[org_end] == "(":
        close = folded.find(")", org_end)
        if close > 0:
            org_end = close + 1
    # a branch of the organ: 市规划自然资源委 + 延庆分局, 人民银行 + 南岗支行; a company's legal form
    rest = folded[org_end:]
    for word in lx.branch_suffixes:
        branch = rest.find(word)
        if 0 <= branch <= 6:
            org_end += branch + len(word)
            break
    org, office = name[:org_end], name[org_end:]
    return org, (office or None)


@lru_cache(maxsize=65536)
def is_office_only(name: str) -> bool:
    """`教科文科` after `区财政局行政政法科、`: an office of the organ named before it."""
    lx = lexicon()
    if is_generic(name) or any(name.startswith(p) for p in lx.admin_prefixes):
        return False
    org, office = split_org_office(name)
    if office is not None:
        return False
    return any(name.endswith(s) for s in lx.office_suffixes) and not any(
        name.endswith(s) for s in lx.organ_suffixes if s not in lx.office_suffixes)


def merge_office_lists(names: list[str]) -> list[str]:
    merged: list[str] = []
    for n in names:
        if merged and is_office_only(n) and split_org_office(merged[-1])[1] is not None:
            merged[-1] = merged[-1] + "、" + n
        else:
            merged.append(n)
    return merged


def make_units(names: list[str], phones: list[str], scope: str | None,
               phone_owners: dict[str, str] | None = None) -> list[Unit]:
    """Units of one block. Its phones: each to the unit it names (`64001111（财政局）`); the
    rest one each when there are as many as units, else all to every unit."""
    names = [n for n in map(clean_name, names) if n]
    if len(names) > 1:
        names = merge_office_lists(names)
    named = {p: _unit_named(names, who) for p, who in (phone_owners or {}).items() if p in phones}
    named = {p: n for p, n in named.items() if n is not None}
    rest = [p for p in phones if p not in named]
    units = []
    for i, n in enumerate(names):
        if len(names) > 1 and len(rest) == len(names) and not named:
            own = [rest[i]]
        else:
            own = [p for p in phones if named.get(p, n) == n]
        org, office = split_org_office(n)
        units.append(Unit(name=n, org=org, office=office, phones=own, scope=scope))
    return units


def shared_phones_to_leads(units: list[Unit], leads: set[str]) -> None:
    """A block's phones given to every unit of its list (fewer phones than units, none naming
    its unit) are the lead's alone where the list marks its leads (`A（牵头）、B`, or the first
    listed under a first-is-lead rule): the one who answers for the task."""
    if len(units) < 2 or not units[0].phones or not any(u.name in leads for u in units):
        return
    if any(u.phones != units[0].phones for u in units):
        return
    for unit in units:
        if unit.name not in leads:
            unit.phones = []


def _unit_named(names: list[str], who: str) -> str | None:
    """The one unit a phone's note names (`财政局` names `区财政局`), if exactly one."""
    found = [n for n in names if who and who in n]
    return found[0] if len(found) == 1 else None


def split_at_spaces(spans: list[tuple[int, int]], fold: str, breaks: list[int],
                    line_breaks: list[int] = ()) -> list[tuple[int, int]]:
    """`区发改委  区财政局`: a space within a line parts two units when the name before it ends
    as a unit does and the one after starts with a level of government or `各`. A line break
    parts them only before `各` (`镇财政所` / `各村`): scrapes break names anywhere, even right
    after an organ's ending (`区城市管理委` / `市容环境科`), but no name goes on with `各`.
    `line_breaks` may hold every place the stream was cut (spaces too)."""
    if not spans or not breaks and fold.find("各", spans[0][0] + 1, spans[-1][1]) < 0 \
            and fold.find("共", spans[0][0] + 1, spans[-1][1]) < 0:
        return spans  # (the cheap test first: no space inside, no word that only starts a name)
    endings, starts = _name_bounds()
    out = []
    for a, b in spans:
        cuts = {i for i in breaks[bisect_left(breaks, a + 1):bisect_left(breaks, b)] if fold.startswith(starts, i)}
        if fold.find("各", a + 1, b) >= 0 or fold.find("共", a + 1, b) >= 0:
            cuts.update(i for i in line_breaks[bisect_left(line_breaks, a + 1):bisect_left(line_breaks, b)]
                        if fold.startswith(_NEVER_INSIDE_A_NAME, i))
        if not cuts:
            out.append((a, b))
            continue
        cut = a
        for i in sorted(cuts):
            if fold[cut:i].endswith(endings) and not fold.startswith(_GOES_ON_A_NAME, i):
                out.append((cut, i))
                cut = i
        out.append((cut, b))
    return out


def split_at_conjunctions(spans: list[tuple[int, int]], fold: str) -> list[tuple[int, int]]:
    """`区税务局和区发改委`, `区市场监管局及各街道`: 和 / 及 / 与 parts two units where the name before
    it ends as a unit does and the one after starts with a level of government or `各` (never
    inside a name: `区住房和城乡建设委`, `区文化和旅游局`)."""
    if not any(fold.find(c, a, b) >= 0 for c in _CONJUNCTIONS for a, b in spans):
        return spans
    endings, starts = _name_bounds()
    out = []
    for a, b in spans:
        cut = a
        for i in range(a + 1, b - 1):
            if fold[i] in _CONJUNCTIONS and fold[cut:i].endswith(endings) and fold.startswith(starts, i + 1):
                out.append((cut, i))
                cut = i + 1
        out.append((cut, b))
    return out


@lru_cache(maxsize=1)
def _name_bounds() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(how a unit's name ends, how one starts) for parting two names written together."""
    lx = lexicon()
    return lx.organ_suffixes + lx.office_suffixes, lx.admin_prefixes + _NEVER_INSIDE_A_NAME


_CONJUNCTIONS = "和及与"
_NEVER_INSIDE_A_NAME = ("各", "中共", "共青团")  # words that start a unit's name, never go on one
# ... except `各` of the bodies under an organ (`区政府各部门`, `市委各有关单位`): one generic name
_GOES_ON_A_NAME = ("各部门", "各单位", "各有关", "各相关", "各成员", "各直属", "各委办局", "各级")
