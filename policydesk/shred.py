"""The shredder: corrupt a clean guide the way scraped copies are corrupted, so that
`parse(shred(guide))` can be checked against `parse(guide)` on many cases.

What a scrape does (DESIGN.md): the text is cut into sentences at `。`; some sentences are copied
to other places (a copy usually replaces a sentence that is then lost), some move, headings are
lost, and line breaks fall anywhere, gluing phones to the next item number. A moved item
sentence (and an echoed one that lost its original) stands out of its numbering's order: one
that landed between the same two items as before would only hand the sentences around it to
another item, and no reader could tell.

The seed shows how most of its copies came about: a second, partial rendering of the page (an
*echo*) interleaved with the main one. The echo holds a share of the sentences in their order and
runs ahead of the main text, so each copy stands before its original; where the original was
lost, the echo's copy is the only one and stands far from its place.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

_SENTENCE = re.compile(r"[^。]*。|[^。]+$")
_ARABIC = re.compile(r"(?<![\d.])\d{1,3}[.．](?!\d)")
_SUB = re.compile(r"[（(]\d{1,2}[）)]")
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


def _item_before(body: list[str], i: int) -> int:
    """The index of the nearest item sentence before `i` (-1 when none)."""
    return next((j for j in range(i - 1, -1, -1) if _has_item(body[j])), -1)


def places_out_of_order(body: list[str], i: int) -> list[int]:
    """Where an item sentence taken out at `i` may land so that it stands out of order: not
    between the same two item sentences as before. Landing there would only hand the sentences
    around it to another item, and nothing could tell that it moved (it is no displacement)."""
    before = _item_before(body, i)
    after = next((j for j in range(i, len(body)) if _has_item(body[j])), len(body))
    return [d for d in range(len(body) + 1) if not before < d <= after]


ECHO_REACH = (0.2, 1.0)  # where the main text may be when the echo ends, as a share of it


def interleave_echo(body: list[str], rng: random.Random, share: float,
                    lost_share: float) -> tuple[list[str], int, int]:
    """Interleave an ordered echo of a random share of the sentences, running ahead of the main
    text; a share `lost_share` of echoed item sentences that can move lose their original.
    Returns the new body, the number of echoed sentences and of originals lost."""
    whole = [i for i, s in enumerate(body) if s.endswith("。")]  # not the closing block, no sentence
    picked = sorted(rng.sample(whole, k=round(share * len(whole))))
    if not picked:
        return body, 0, 0
    reach = rng.uniform(*ECHO_REACH) * len(body)  # where the main text is when the echo ends
    slots = sorted(rng.uniform(0, reach) for _ in picked)
    slots = [min(slot, i) for slot, i in zip(slots, picked)]  # a copy comes before its original
    # an original is lost only where its copy stands out of order (before the item sentence
    # before it): else nothing could tell that anything moved
    lost = {i for i, slot in zip(picked, slots) if _has_item(body[i]) and body.count(body[i]) == 1
            and _movable(body, i) and rng.random() < lost_share and slot <= _item_before(body, i)}
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
    # from the sentences that are its own
    movable_here = {s for i, s in enumerate(body) if _movable(body, i)}
    body, out.echoed, out.echo_lost = interleave_echo(body, rng, echo, echo_lost)

    for _ in range(copies):
        items = [i for i, s in enumerate(body) if _has_item(s)]
        plain = [i for i, s in enumerate(body) if _is_plain(s) and not _INLINE_UNITS.search(s)
                 and body.count(s) == 1]
        if not items:
            break
        src = body[rng.choice(items)]
        if plain and rng.random() < replace_share:
            dst = rng.choice(plain)
            out.deleted.append(body[dst])
            body[dst] = src
        else:
            body.insert(rng.randrange(len(body) + 1), src)
        out.copies += 1

    for _ in range(moves):
        # an item sentence with nothing unnumbered after it moves without orphaning text
        movable = [i for i, s in enumerate(body) if _ARABIC.search(s) and body.count(s) == 1
                   and s in movable_here and _movable(body, i)]
        if not movable:
            break
        i = rng.choice(movable)
        sentence = body.pop(i)
        places = places_out_of_order(body, i)
        if not places:  # the only item: it cannot stand out of order
            body.insert(i, sentence)
            break
        body.insert(rng.choice(places), sentence)
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
