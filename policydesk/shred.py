"""The shredder: corrupt a clean guide the way scraped copies are corrupted, so that
`parse(shred(guide))` can be checked against `parse(guide)` on many cases.

What a scrape does (DESIGN.md): the text is cut into sentences at `。`; some sentences are copied
to other places (a copy usually replaces a sentence that is then lost), some move, headings are
lost, and line breaks fall anywhere, gluing phones to the next item number.

Copies and moves are the kind the numbering can undo, as the guide's readers do ("keep the copy
that fits the numbering", "move it back by its number"): a copy lands where it fits the numbering
worse than its original (every copy, the others set aside), a moved item sentence at least two items away from its place (an
echoed one that lost its original, out of its order), and never one whose sub-items would then
read on from the item before it (`11.（1）` after a lone `10.（1）`: its `（2）` could be either's).
Else no reader could tell which copy is the original, or which of two neighbours moved, whose
sub-items are left behind, or that anything moved at all.

The seed shows how most of its copies came about: a second, partial rendering of the page (an
*echo*) interleaved with the main one. The echo holds a share of the sentences in their order and
runs ahead of the main text, so each copy stands before its original; where the original was
lost, the echo's copy is the only one and stands far from its place.
"""
from __future__ import annotations

import random
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

_SENTENCE = re.compile(r"[^。]*。|[^。]+$")
# an item number: not inside a number, but maybe glued to the phone before it once the lines
# are joined (`联系电话：691469273.…` is phone 69146927, then item 3)
_NUMBER_START = r"(?:(?<![\d.])|(?<=[：:、，,]\d{8})|(?<=[：:、，,]1\d{10}))"
_ARABIC = re.compile(_NUMBER_START + r"(\d{1,3})[.．](?!\d)")
_SUB = re.compile(r"[（(](\d{1,2})[）)]")
_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}、[^。：:]*?(?=[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,3}[.．])"
                      r"|[（(][一二三四五六七八九十]{1,3}[）)][^。：:]*?(?=\d{1,3}[.．])")
_ROLE = re.compile(r"责任单位|牵头单位|配合单位")
# units named inside a sentence (`（X牵头，Y配合）`, a bare `（市贸易局）` at its end): a copy never
# lands over such a sentence, which would lose facts, not just words
_INLINE_UNITS = re.compile(r"牵头|配合|负责|[（(][^（）()]*[）)]。?$")


@dataclass
class Shredded:
    text: str
    deleted: list[str] = field(default_factory=list)   # sentences lost to copies
    copies: int = 0
    moved: int = 0
    moved_sentences: list[str] = field(default_factory=list)  # the item sentences moved, as written
    headings_dropped: int = 0
    echoed: int = 0
    echo_lost: int = 0


def _is_plain(sentence: str) -> bool:
    return not (_ARABIC.search(sentence) or _SUB.search(sentence) or _ROLE.search(sentence))


def _has_item(sentence: str) -> bool:
    return bool(_ARABIC.search(sentence) or _SUB.search(sentence))


def _movable(body: list[str], i: int) -> bool:
    """An item sentence with nothing unnumbered after it can leave its place without orphaning
    text (its block stays glued to the next label)."""
    return i + 1 == len(body) or not _is_plain(body[i + 1])


def _run_reads_on(body: list[str], numbering: dict[str, "Numbering"], i: int) -> bool:
    """Taken out, the item sentence at `i` (`11.（1）`) would leave its `(k+1)` … reading on
    from the item before it, which ends at the same `(k)` (a measure with a lone `10.（1）`):
    no reader could tell whose they are, so it does not move."""
    me = numbering.get(body[i])
    if me is None or me.first[0] != "num" or me.last_sub == 0:
        return False
    j = _items_back(body, i, 1)
    after = next((numbering[s] for s in body[i + 1:] if s in numbering), None)
    return (j >= 0 and numbering[body[j]].last_sub == me.last_sub
            and after is not None and after.first == ("sub", me.last_sub + 1))


def _items_back(body: list[str], i: int, n: int) -> int:
    """The index of the n-th item sentence before `i` (-1 when there are fewer)."""
    before = [j for j in range(i - 1, -1, -1) if _has_item(body[j])]
    return before[n - 1] if len(before) >= n else -1


MOVE_PAST = 2  # item sentences a moved one passes at least
COPY_TRIES = 20  # items tried for a copy before giving up


def places_out_of_order(body: list[str], i: int) -> list[int]:
    """Where an item sentence taken out at `i` may land: past at least MOVE_PAST item sentences
    (copies do not count). Between the same two items as before, it would only hand the
    sentences around it to another item; past one item, either of the two could have moved."""
    count = Counter(body)
    items = [j for j, s in enumerate(body) if _has_item(s) and count[s] == 1]
    k = bisect_left(items, i)  # items[:k] stand before its place, items[k:] after it
    return [d for d in range(len(body) + 1) if abs(bisect_left(items, d) - k) >= MOVE_PAST]


@dataclass(frozen=True)
class Numbering:
    """An item sentence's place in the numbering of the clean page."""
    first: tuple[str, int]  # its first label: ("num", n) or ("sub", k)
    measure: int            # the measure it belongs to
    last_sub: int           # its last sub-item number (0: none)


def number_items(body: list[str]) -> dict[str, Numbering]:
    """Each item sentence of a clean page, numbered as the page numbers it."""
    numbering: dict[str, Numbering] = {}
    measure = 0
    for sentence in body:
        labels = sorted([(m.start(), "num", int(m.group(1))) for m in _ARABIC.finditer(sentence)]
                        + [(m.start(), "sub", int(m.group(1))) for m in _SUB.finditer(sentence)])
        if not labels:
            continue
        nums = [v for _, kind, v in labels if kind == "num"]
        subs = [v for _, kind, v in labels if kind == "sub"]
        measure = nums[-1] if nums else measure
        numbering.setdefault(sentence, Numbering(labels[0][1:], measure, subs[-1] if subs else 0))
    return numbering


def _leads_to(before: Numbering | None, item: Numbering) -> bool:
    kind, n = item.first
    return before is not None and ((kind == "num" and before.measure == n - 1)
                                   or (kind == "sub" and before.last_sub == n - 1))


def _goes_on(item: Numbering, before: Numbering | None, after: Numbering | None) -> bool:
    """The item after continues `item`; a bare sub-item reads as part of the measure before it."""
    if after is None:
        return False
    measure = item.measure if item.first[0] == "num" else (before.measure if before else 0)
    kind, n = after.first
    return (kind == "num" and n == measure + 1) or (kind == "sub" and n == item.last_sub + 1)


def fits_worse_than_home(body: list[str], numbering: dict[str, Numbering], src: int,
                         places: list[int], over: bool) -> list[int]:
    """The places (insert positions, or with `over` sentences replaced) where a copy of the item
    sentence at `src` fits the numbering worse than its original does (0-2: the item before
    leads to it, it to the item after; its other copies set aside)."""
    item = body[src]
    me = numbering[item]
    others = [j for j, s in enumerate(body) if s in numbering and s != item]

    def fit(start: int, end: int) -> int:
        k, m = bisect_left(others, start), bisect_left(others, end)
        before = numbering[body[others[k - 1]]] if k else None
        after = numbering[body[others[m]]] if m < len(others) else None
        return _leads_to(before, me) + _goes_on(me, before, after)

    home = fit(src, src + 1)
    return [d for d in places if (fit(d, d + 1) if over else fit(d, d)) < home]


def _shift(copied: list[list[int]], at: int, step: int) -> None:
    """Keep the copies' sites right after a sentence is inserted at (step 1) or taken back from
    (step -1) index `at`."""
    for pair in copied:
        for k, site in enumerate(pair):
            if site > at or (step > 0 and site == at):
                pair[k] = site + step


def _copies_tell(body: list[str], numbering: dict[str, Numbering], copied: list[list[int]]) -> bool:
    """Every copy made still fits the numbering worse than its original does, the other
    copies set aside (a reader tells each apart on its own): a later copy may land beside an
    earlier one's original or copy where it then fits as well, and no reader could tell."""
    for n, (original, copy) in enumerate(copied):
        others = {c for m, (_, c) in enumerate(copied) if m != n}
        kept = [s for j, s in enumerate(body) if j not in others]
        def site(j: int) -> int:
            return j - sum(c < j for c in others)
        if not fits_worse_than_home(kept, numbering, site(original), [site(copy)], True):
            return False
    return True


def _copy_keeping_copies(body: list[str], numbering: dict[str, Numbering], copied: list[list[int]], src: int,
                         places: list[int], first: int, over: bool, deleted: list[str]) -> bool:
    """Copy the item sentence at `src` to the first of `places` (from places[first], round the
    list) where every copy still fits worse than its original; False when there is none."""
    src = next((o for o, c in copied if c == src), src)  # a copy of a copy is one of its original
    for k in range(len(places)):
        dst = places[(first + k) % len(places)]
        if over:
            lost, body[dst] = body[dst], body[src]
            if _copies_tell(body, numbering, copied + [[src, dst]]):
                deleted.append(lost)
                copied.append([src, dst])
                return True
            body[dst] = lost
        else:
            body.insert(dst, body[src])
            _shift(copied, dst, 1)
            pair = [src + (dst <= src), dst]
            if _copies_tell(body, numbering, copied + [pair]):
                copied.append(pair)
                return True
            body.pop(dst)
            _shift(copied, dst, -1)
    return False


ECHO_REACH = (0.2, 1.0)  # where the main text may be when the echo ends, as a share of it


def interleave_echo(body: list[str], rng: random.Random, share: float, lost_share: float,
                    movable: set[str] | None = None) -> tuple[list[str], int, int]:
    """Interleave an ordered echo of a random share of the sentences, running ahead of the main
    text; a share `lost_share` of echoed item sentences that can move (`movable`, by default
    those with nothing unnumbered after them) lose their original.
    Returns the new body, the number of echoed sentences and of originals lost."""
    whole = [i for i, s in enumerate(body) if s.endswith("。")]  # not the closing block, no sentence
    picked = sorted(rng.sample(whole, k=round(share * len(whole))))
    if not picked:
        return body, 0, 0
    reach = rng.uniform(*ECHO_REACH) * len(body)  # where the main text is when the echo ends
    slots = sorted(rng.uniform(0, reach) for _ in picked)
    slots = [min(slot, i) for slot, i in zip(slots, picked)]  # a copy comes before its original
    # an original is lost only where its copy stands as far as a move takes an item
    lost = {i for i, slot in zip(picked, slots) if _has_item(body[i]) and body.count(body[i]) == 1
            and (body[i] in movable if movable is not None else _movable(body, i))
            and rng.random() < lost_share and slot <= _items_back(body, i, MOVE_PAST)}
    out: list[str] = []
    e = 0
    for j, sentence in enumerate(body):
        while e < len(picked) and slots[e] <= j:
            out.append(body[picked[e]])
            e += 1
        if j not in lost:
            out.append(sentence)
    return out, len(picked), len(lost)


def shred(text: str, rng: random.Random, copies: int = 3, moves: int = 2, drop_headings: int = 1,
          line_every: int = 60, replace_share: float = 0.6, echo: float = 0.0,
          echo_lost: float = 0.3) -> Shredded:
    """copies: sentences copied elsewhere (a share `replace_share` of them over an unnumbered
    sentence, which is lost); moves: numbered sentences moved out of order; drop_headings:
    heading titles lost; echo: the share of sentences rendered a second time ahead of the text
    (`interleave_echo`), `echo_lost` of the echoed item sentences losing their original."""
    joined = text.replace("\r", "").replace("\n", "")
    sentences = _SENTENCE.findall(joined)
    first_item = next((i for i, s in enumerate(sentences) if _has_item(s)), len(sentences))
    head, body = sentences[:first_item], sentences[first_item:]
    out = Shredded(text="")

    for _ in range(drop_headings):
        with_heading = [i for i, s in enumerate(body) if _HEADING.search(s)]
        if not with_heading:
            break
        i = rng.choice(with_heading)
        body[i] = _HEADING.sub("", body[i], count=1)
        out.headings_dropped += 1

    # judged on the page as written: a copy landing after an item must not let it move away
    # from the sentences that are its own, nor its sub-items read on from the item before
    numbering = number_items(body)
    movable_here = {s for i, s in enumerate(body) if _movable(body, i) and not _run_reads_on(body, numbering, i)}
    body, out.echoed, out.echo_lost = interleave_echo(body, rng, echo, echo_lost, movable_here)

    copied: list[list[int]] = []  # [original, copy] sites of each copy made, kept up to date
    for _ in range(copies):
        items = [i for i, s in enumerate(body) if _has_item(s)]
        plain = [i for i, s in enumerate(body) if _is_plain(s) and not _INLINE_UNITS.search(s)
                 and body.count(s) == 1]
        if not items:
            break
        over = bool(plain) and rng.random() < replace_share
        for _ in range(COPY_TRIES):  # an item that fits nowhere worse than at home: another one
            src = rng.choice(items)
            places = fits_worse_than_home(body, numbering, src, plain if over else list(range(len(body) + 1)), over)
            if places and _copy_keeping_copies(body, numbering, copied, src, places, rng.randrange(len(places)),
                                               over, out.deleted):
                out.copies += 1
                break

    for _ in range(moves):
        # an item sentence with nothing unnumbered after it moves without orphaning text
        movable = [i for i, s in enumerate(body) if _ARABIC.search(s) and body.count(s) == 1
                   and s in movable_here and _movable(body, i)]
        if not movable:
            break
        i = rng.choice(movable)
        if body[i] in out.moved_sentences:
            continue  # drawn again, it stays: moved twice, it could land back beside its place
        sentence = body.pop(i)
        places = places_out_of_order(body, i)
        if not places:  # the only item: it cannot stand out of order
            body.insert(i, sentence)
            break
        body.insert(rng.choice(places), sentence)
        out.moved_sentences.append(sentence)
        out.moved += 1

    flat = "".join(head + body)
    pieces = []
    pos = 0
    while pos < len(flat):
        step = rng.randint(1, 2 * line_every)
        pieces.append(flat[pos:pos + step])
        pos += step
    out.text = "\n".join(pieces) + "\n"
    return out
