"""Units written in brackets at the end of a task instead of labelled lines:
`（区发改局牵头，区财政局、区住建局等部门配合）`, `（市发改委）`, `（区商务局负责）`.

A bracket becomes a responsibility block only when every clause in it reads as units or as
the task's deadline (`（区工信局牵头；2023年6月底前完成）`), at least one as units;
`（其中就业困难人员1.2万名）` stays text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .facts import find_deadlines
from .lexer import DeadlineNote, Label, Resp, Text, split_unit_list
from .lexicon import lexicon
from .units import clean_name, is_generic, split_org_office

_TRAILING = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)([。;；])?$")
_TRAILING_SQUARE = re.compile(r"【([^【】]*)】([。;；])?$")  # `【县税务局牵头，县财政局配合】`
_CLOSERS = (")", "】")
_CLAUSE_SPLIT = re.compile(r"[,，;；]")


def _looks_like_unit(name: str) -> bool:
    name = clean_name(name)
    if not name or len(name) > 40 or re.search(r"\d", name):
        return False
    return is_generic(name) or split_org_office(name)[0] != name or _ends_as_organ(name)


@lru_cache(maxsize=1)
def _unit_endings() -> tuple[str, ...]:
    lx = lexicon()
    return tuple(lx.organ_suffixes + lx.office_suffixes)


@lru_cache(maxsize=1)
def _role_words_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon().inline_role_of, key=len, reverse=True))


def _ends_as_organ(name: str) -> bool:
    return name.endswith(_unit_endings())


def _clause_role(fold: str, start: int, end: int) -> tuple[str, int]:
    """(role, end of the names): the role word the clause ends with, if any."""
    clause = fold[start:end]
    for word in _role_words_longest_first():
        if clause.endswith(word):
            return lexicon().inline_role_of[word], end - len(word)
    return "responsible", end


@lru_cache(maxsize=1)
def _leading_role() -> re.Pattern:
    """`牵头单位为X`, `责任单位是X`: a role word, then 为/是 and the names."""
    return re.compile(f"(?:{lexicon().role_words})(?:为|是)")


def _read_clause(fold: str, start: int, end: int) -> tuple[str, int, int] | None:
    """(role, start and end of the names) for one clause, or None when it is not a unit clause."""
    lead_in = _leading_role().match(fold, start, end)
    if lead_in:
        role, names_end = lexicon().role_of[fold[start:lead_in.end() - 1]], end
        start = lead_in.end()
    else:
        role, names_end = _clause_role(fold, start, end)
        opening = next((w for w in lexicon().inline_openings if fold.startswith(w, start, names_end)), None)
        if opening is not None:  # `会同X等部门落实`: X supports
            start += len(opening)
            role = lexicon().inline_openings[opening] or role if role == "responsible" else role
    spans = split_unit_list(fold, start, names_end)
    if not spans or not all(_looks_like_unit(fold[a:b]) for a, b in spans):
        return None
    return role, start, names_end


def _is_deadline_clause(fold: str, start: int, end: int) -> bool:
    """The clause is a deadline and nothing else: one date phrase (`2023年6月底前完成`, `年底前`)
    or a standing one (`长期坚持`)."""
    clause = fold[start:end].strip()
    tail = next((t for t in lexicon().deadline_tails if clause.endswith(t)), "")
    clause = clause[:len(clause) - len(tail)]
    if clause in lexicon().standing_deadlines:
        return True
    found = find_deadlines(clause, 2000)  # any year: only whether the phrase is a date matters
    return len(found) == 1 and found[0].text == clause


def _read_clauses(fold: str, clauses: list[tuple[int, int]]) -> list | None:
    """Blocks for clauses that each name units or give the deadline, at least one naming units."""
    out: list = []
    for a, b in clauses:
        read = _read_clause(fold, a, b)
        if read is not None:
            role, names_start, names_end = read
            out.append(Resp(role=role, names=split_unit_list(fold, names_start, names_end), start=a, end=names_end))
        elif _is_deadline_clause(fold, a, b):
            out.append(DeadlineNote(a, b))
        else:
            return None
    return out if any(type(x) is Resp for x in out) else None


def _running_text_block(tok: Text, fold: str) -> list | None:
    """`由X牵头，Y、Z配合。` as the last sentence of a task, or the clauses from `，由X负责` on in its
    only sentence (`（1）增长6%，由区发改委负责；`): every clause names units and a role."""
    end = tok.end - 1 if fold[tok.end - 1:tok.end] in ("。", ";", "；") else tok.end
    cut = max(fold.rfind(ch, tok.start, end) for ch in "。；;")
    by = _BY_CLAUSE.search(fold, tok.start, end) if cut < tok.start else None
    if by:
        cut = by.start()  # (the comma: no part of the text either)
    clauses_say_roles = cut >= tok.start and _leading_role().match(fold, cut + 1, end) is not None
    if not clauses_say_roles and not fold.endswith(_role_words_longest_first(), tok.start, end):
        # the last clause ends with its role word (the cheapest test first), or gives the deadline
        # after a clause that does
        if not (fold.endswith(lexicon().deadline_tails, tok.start, end)
                or fold.endswith(lexicon().standing_deadlines, tok.start, end)):
            return None
        clause = max(fold.rfind(ch, tok.start, end) for ch in ",，")
        if clause < tok.start or not fold.endswith(_role_words_longest_first(), tok.start, clause):
            return None
    if cut < tok.start or end - cut - 1 > 120 or end - cut - 1 < 2:
        return None  # the task's only sentence, or no short last sentence
    start = cut + 1
    clauses, pos = [], start
    for sep in list(_CLAUSE_SPLIT.finditer(fold, start, end)) + [None]:
        stop = sep.start() if sep else end
        clauses.append((pos, stop))
        pos = stop + 1
    if any(_clause_role(fold, a, b)[1] == b and not _leading_role().match(fold, a, b)
           and not _is_deadline_clause(fold, a, b) for a, b in clauses):
        return None  # every clause of units must say its role (牵头/配合/负责, 牵头单位为…)
    blocks = _read_clauses(fold, clauses)
    if blocks is None:
        return None  # and name units
    return [Text(tok.start, cut if by else cut + 1)] + blocks


_BY_CLAUSE = re.compile(r"[,，](?=由)")


def extract_inline_blocks(tokens: list, fold: str) -> list:
    out: list = []
    for i, tok in enumerate(tokens):
        if type(tok) is Text:
            if out and type(out[-1]) is Label and not _block_before_next_label(tokens, i + 1):
                unit = _leading_unit(tok, fold)
                if unit is not None:  # `1.区住建委：负责…`: a list of duties by unit
                    out.append(unit)
                    tok = Text(unit.end, tok.end)
            out.extend(_read_text(tok, fold))
        else:
            out.append(tok)
    return out


_LEADING_NAME = re.compile(r"([^\s:：,，。；;()（）【】“”]{2,25})[:：]")


def _leading_unit(tok: Text, fold: str) -> Resp | None:
    """An item that opens with a unit's name and a colon (`区住建委：负责老旧小区改造。`): that
    unit is responsible for it."""
    m = _LEADING_NAME.match(fold, tok.start, tok.end)
    if m is None or m.end() >= tok.end or not _looks_like_unit(m.group(1)):
        return None
    return Resp(role="responsible", names=[(m.start(1), m.end(1))], start=m.start(), end=m.end())


def _block_before_next_label(tokens: list, i: int) -> bool:
    """A block naming who leads or answers for the item follows before the next label: the item
    names its units itself (a block of supporting units only supports the unit it opens with)."""
    for j in range(i, len(tokens)):  # (no slice: a copy of the rest of a long file per item)
        tok = tokens[j]
        if type(tok) is Label:
            return False
        if type(tok) is Resp and tok.role != "support":
            return True
    return False


def _read_text(tok: Text, fold: str) -> list:
    """A bracket of units may close any sentence of a text, not only its last: a scrape glues
    the next item's sentences on (`…（X牵头）。另一句…`). A running-text clause closes the last."""
    out: list = []
    start = tok.start
    stop = fold.find("。", start, tok.end - 1)
    while stop >= 0:
        block = _trailing_block(Text(start, stop + 1), fold)
        if block is not None:
            out.extend(block)
            start = stop + 1
        stop = fold.find("。", stop + 1, tok.end - 1)
    rest = Text(start, tok.end) if start > tok.start else tok
    block = _trailing_block(rest, fold) or _running_text_block(rest, fold)
    out.extend(block if block is not None else [rest])
    return out


def _trailing_block(tok: Text, fold: str) -> list | None:
    """`…（X牵头，Y配合）。` closing this text: its text, the blocks, the closing `。`; or None.
    Brackets of units right before it are blocks too (`…。（市贸易局）（市发改委）`: a scrape put a
    copy that starts with the next item's bracket after this one)."""
    # a trailing bracket ends the text (`…）` or `…）。`): look for it only then
    m = _trailing_bracket(fold, tok.start, tok.end)
    if not m or m.start() == tok.start:
        return None
    blocks = _bracket_blocks(fold, m)
    if blocks is None:
        return None
    text_end = m.start()
    while fold[text_end - 1:text_end] in _CLOSERS:  # peel brackets of units standing before it
        before = _trailing_bracket(fold, tok.start, text_end)
        earlier = _bracket_blocks(fold, before) if before and before.start() > tok.start else None
        if earlier is None:
            break
        blocks = earlier + blocks
        text_end = before.start()
    out: list = [Text(tok.start, text_end)] + blocks
    if m.group(2):
        out.append(Text(m.end() - 1, m.end()))
    return out


def _trailing_bracket(fold: str, start: int, end: int) -> re.Match | None:
    """The bracket (`（…）` or `【…】`, maybe with a `。` after it) that ends fold[start:end]."""
    tail = fold[max(start, end - 2):end].rstrip("。;；")  # (`（4）…（区民政局）；（5）…`)
    if tail.endswith(")"):
        return _TRAILING.search(fold, start, end)
    if tail.endswith("】"):
        return _TRAILING_SQUARE.search(fold, start, end)
    return None


def _bracket_blocks(fold: str, m: re.Match) -> list | None:
    """The responsibility blocks of one bracket, when every clause in it reads as units."""
    inner_start, inner_end = m.start(1), m.end(1)
    clauses = []
    pos = inner_start
    for sep in list(_CLAUSE_SPLIT.finditer(fold, inner_start, inner_end)) + [None]:
        end = sep.start() if sep else inner_end
        if _depth(fold, inner_start, end) == 0:
            clauses.append((pos, end))
            pos = end + 1
    blocks = _read_clauses(fold, clauses)
    if blocks is None:
        return None
    for block in blocks:
        if type(block) is Resp:
            block.in_parens = True
    return blocks


def _depth(fold: str, start: int, end: int) -> int:
    depth = 0
    for ch in fold[start:end]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
    return depth
