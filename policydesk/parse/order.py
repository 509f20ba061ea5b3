"""Restore document order of scraped atoms: drop copies, move displaced items back by their
number, find the parent of a bare `(2)` and the owner of an unnumbered sentence.

Only used when the atoms are out of order or copied; a clean document keeps its order.
Evidence, strongest first:
- a responsibility block belongs to the item just before the label that follows it;
- labels count up: `(2)` follows `(1)`, `5.` follows `4.`; a copy of a sentence is kept where its
  neighbours continue its numbering, and the other copies are alien where they stand;
- arabic item numbers run across the document and bare `(k)` do not move, so the heaviest chain of
  numbers and runs of `(k)` (each standing for the measure it continues) is in place;
- an item whose number is followed directly by text (`3.受…`) has no sub-items;
- an unnumbered sentence shares words with the item it came from;
- a scrape that renders the page twice (an echo running ahead of it, as in the seed) keeps the
  order of each rendering: a repeated sentence follows its item in both, and a document's copies
  stand on one side of their originals, which its numbered copies show.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from math import log
from itertools import repeat
from operator import add

from .atoms import Atom, make_atom
from .lexer import Label, Para, Resp, Text

SITE_COHERENCE = 3.0  # weight of shared words with the neighbours at a copy's site
SCOPE_ECHO = 4.0  # weight of a block's scope words found in the item it belongs to
SITE_FIT = 1.0  # weight of how well a copied bare `(k)` continues the numbering at a site
IN_PLACE_HINT = 0.01  # tie-break between equally long runs of item numbers
SUB_ITEM_WEIGHT = 1.4  # a bare sub-item in place, in the chain of measures in place (a measure counts 1:
                       # a bare (k) does not move, so one left behind outweighs the opening that moved past it)
ECHOED_SUB_ITEM_WEIGHT = 0.6  # ... in a page rendered twice, whose lone (k) may be the echo of one lost in place
WHOLE_MEASURE = 0.9  # a chain heavier by this holds a measure more (a measure weighs 1 give or take IN_PLACE_HINTs)
ECHO_SHARE = 0.2  # a page is rendered twice where at least this share of its sentences stand more than once
CONTINUING_RUN_BONUS = 0.6  # ... more for a run right after the opening it continues (it left no (k) behind)
RUN_REACH = 4  # openings on each side of a run of (k) whose numbers bound the measure it may continue
UNSEEN_WORD_WEIGHT = 1.0  # idf given to scope words that occur in no sentence
INTRUDER = 0.5  # malus for a copy standing between two items that continue each other
OWN_SENTENCES = 0.1  # tie-break between two copies by whose sentences lie between them
MOVED_OWNER_VOTE = 0.3  # share of a vote from a block whose item's sentence was moved away
RUN_END_VOTE = 0.5  # a vote for the measure whose number follows the block closing a run of `(k)`
                    # (1.5 overturns the seed's 15(2); 0.5 and 1.0 gain the same shreds)
COPY_DIRECTION = 2.0  # weight of the side (earlier/later) on which this document's item copies were originals
COPY_DIRECTION_SHARE = 0.8  # ... when at least this share of them agree
COPY_DIRECTION_MIN = 3      # ... out of at least this many
LATER_COPY_PRIOR = 0.2  # without it, a tie-break for the later copy of a sentence or item (an echo runs ahead)
RENDERED_ITEM_VOTE = 0.9  # a copied item out of place just before a sentence: its words must tip it
SHARED_WINDOW = 4  # items looked at before each copy of a repeated sentence (shared_predecessor)
MIN_COPY_CHARS = 6  # sentences shorter than this may repeat in a clean text

# an item key: (arabic number, sub number or 0)
Key = tuple[int, int]


@dataclass(slots=True)
class Placement:
    atoms: list[Atom]                         # kept atoms in restored order
    synthetic_before: dict[int, list[Label]]  # id(atom) -> labels to insert before it
    duplicates_removed: int = 0
    displaced: list[str] = field(default_factory=list)
    front_matter: list[Atom] = field(default_factory=list)


def _sentence_chars(atom: Atom) -> int:
    return sum(t.end - t.start for t in atom.tokens if isinstance(t, Text))


def _last_text(atom: Atom, fold: str) -> str:
    for tok in reversed(atom.tokens):
        if isinstance(tok, Text):
            return fold[tok.start:tok.end]
    return ""


def split_glued_copies(atoms: list[Atom], fold: str) -> list[Atom]:
    """A copy that lands after a sentence-less block (the last block of a document has no `。`)
    is glued to it: `[block of the last item][block…(3)text。]`. Where the tail from one of its
    blocks (or from its first label or text) on is another atom as a whole, cut the atom there,
    so the tail is seen as the copy."""
    keys = Counter(a.key for a in atoms)
    # a glued copy ends like the atom it copies: only atoms whose last text recurs can hold one
    endings = Counter(_last_text(a, fold) for a in atoms)
    out: list[Atom] = []
    for atom in atoms:
        cut, offset = None, 0
        if keys[atom.key] == 1 and atom.leading_resp and endings[_last_text(atom, fold)] > 1:
            # try each block of the leading run, and what follows the run, as the copy's start
            for i, tok in enumerate(atom.tokens):
                if isinstance(tok, Para):
                    continue  # (not part of the key)
                if i and keys.get(atom.key[offset:], 0):
                    cut = i
                    break
                if not isinstance(tok, Resp):
                    break
                offset += tok.end - tok.start
        if cut is None:
            out.append(atom)
            continue
        out.append(make_atom(atom.tokens[:cut], fold))
        out.append(make_atom(atom.tokens[cut:], fold))
    return out


def split_closing_block(atoms: list[Atom], fold: str) -> list[Atom]:
    """The last block of a document has no `。`, so a sentence moved or copied to the end is
    glued to it: `[block of the last item][block of the moved item's predecessor]4.…` or
    `[block]heading 1.(1)…`. Cut the closing block off where a second block group begins (a lead
    role after others; among unscoped leads only, the last lead that has supports after it), or
    where the blocks end when text follows them or the item after them is the document's first
    (split_blocks_before_first_item), so the closing block stays with the last item. Copies that
    landed after the moved sentence keep their blocks: the closing block is then in the last
    atom that is no copy, and only a second group of blocks tells where to cut."""
    keys = Counter(a.key for a in atoms)
    last = len(atoms) - 1
    while last >= 0 and keys[atoms[last].key] > 1:
        last -= 1  # copies landed after it: they keep their blocks, as their originals do
    if last < 0:
        return atoms
    tokens = atoms[last].tokens
    run = _leading_blocks(tokens)
    if run == 0 or run == len(tokens):
        return atoms
    cut = next((j for j in range(1, run) if tokens[j].role == "lead" and tokens[j - 1].role != "lead"), None)
    if cut is None and last == len(atoms) - 1:  # (with copies after it, only that tells)
        cut = _closing_cut(tokens, run)
    if cut is None:
        return atoms
    return atoms[:last] + [make_atom(tokens[:cut], fold), make_atom(tokens[cut:], fold)] + atoms[last + 1:]


def _closing_cut(tokens: list, run: int) -> int | None:
    """Where the closing block ends in the document's last atom when no lead follows a support:
    between scoped leads and an unscoped one, before the last unscoped lead with supports after
    it, or where the blocks end and text follows."""
    # `[scoped L][scoped L][L]4.…`: an item's leads are all scoped or none is
    cut = next((j for j in range(1, run) if tokens[j].role == tokens[j - 1].role == "lead"
                and bool(tokens[j].scope) != bool(tokens[j - 1].scope)), None)
    if cut is None and not any(t.scope for t in tokens[:run]):
        # `[L][L S S]4.…`: the group with supports is the moved item's predecessor's, the one before
        # it the last item's (unscoped leads of one item rarely stand apart from its supports)
        leads = [j for j in range(1, run) if tokens[j].role == "lead"]
        if leads and any(t.role != "lead" for t in tokens[leads[-1]:run]):
            cut = leads[-1]
    if cut is None and type(tokens[run]) is Text:
        cut = run
    return cut


def _leading_blocks(tokens: list) -> int:
    """How many responsibility blocks open an atom."""
    run = 0
    while run < len(tokens) and type(tokens[run]) is Resp:
        run += 1
    return run


def split_blocks_before_first_item(atoms: list[Atom], fold: str) -> list[Atom]:
    """A moved sentence carries the blocks of the item before it at home; the document's first
    item has none, so blocks in front of it where it stands out of place (after other items) are
    the item's before it there: cut them off, so they stay."""
    numbers = [l.value for a in atoms for l in a.labels if l.kind == "ar"]
    if not numbers:
        return atoms
    first = min(numbers)
    keys = Counter(a.key for a in atoms)
    out: list[Atom] = []
    seen_item = False
    for atom in atoms:
        tokens = atom.tokens
        run = _leading_blocks(tokens)
        opens_first = next((l.value for l in atom.labels if l.kind == "ar"), None) == first
        if seen_item and opens_first and 0 < run < len(tokens) and keys[atom.key] == 1 \
                and type(tokens[run]) is not Resp:
            out += [make_atom(tokens[:run], fold), make_atom(tokens[run:], fold)]
        else:
            out.append(atom)
        seen_item = seen_item or any(l.kind == "ar" for l in atom.labels)
    return out


def dedupe(atoms: list[Atom]) -> tuple[list[Atom], list[Atom]]:
    """Return (unique atoms with all their sites, the site sequence as unique atoms)."""
    by_key: dict[str, Atom] = {}
    sequence: list[Atom] = []
    for atom in atoms:
        # a sentence repeated is a scrape copy; a block repeated ("牵头单位：区发改局") is not
        copyable = _sentence_chars(atom) >= MIN_COPY_CHARS
        kept = by_key.get(atom.key) if copyable else None
        if kept is None:
            kept = atom
            if copyable:
                by_key[atom.key] = atom
        elif sequence[-1] is kept:
            continue  # a copy right after its original: one site, nothing to choose
        kept.sites.append(len(sequence))
        sequence.append(kept)
    unique = list({id(a): a for a in sequence}.values())
    return unique, sequence


def is_disordered(sequence: list[Atom]) -> bool:
    """True when copies exist or arabic numbers go backwards. Numbers that start again after
    a heading (一、1. 2. 二、1. 2.) are numbering per section, not disorder."""
    if len({id(a) for a in sequence}) != len(sequence):
        return True
    openers = [lab.value for atom in sequence for lab in atom.labels if lab.kind == "ar"]
    per_section = openers.count(1) > 1  # two different sentences numbered 1: numbering restarts
    last, new_section = 0, False
    plain_before = False  # the last label was an item number followed by its own text (`4.…`)
    seen_sub = False
    last_sub = 0  # the last `(k)` of the measure being read
    for atom in sequence:
        labels = atom.labels
        for i, lab in enumerate(labels):
            if lab.kind in ("annex", "part", "chap", "cn", "pcn"):
                new_section = True
            elif lab.kind == "ar":
                if lab.value < last and not (per_section and new_section and lab.value == 1):
                    return True  # a new section may start again from 1, nothing else goes back
                last, new_section = lab.value, False
            elif lab.kind == "par" and plain_before and lab.value > 1:
                return True  # `(2)` after an item without sub-items: that item was moved in
            elif lab.kind == "par" and openers and not last and not seen_sub and lab.value > 1:
                return True  # `(2)` before any item number: its measure's opening moved away
            elif lab.kind == "par" and last_sub and lab.value != last_sub + 1:
                return True  # `5.(1)` then `(3)`: the sub-items of two measures interleave
            seen_sub = seen_sub or lab.kind == "par"
            if lab.kind == "par":
                last_sub = lab.value
            elif lab.kind in ("annex", "part", "chap", "cn", "pcn", "art", "ar"):
                last_sub = 0
            plain_before = lab.kind == "ar" and (i + 1 == len(labels) or labels[i + 1].kind != "par")
    return False


def heaviest_chain(elements: list[tuple[list[tuple[int, int]], float]]) -> dict[int, int]:
    """A chain of elements, in their order, with the largest total weight, where each element
    takes one of its (start, end) spans and each span starts above the end of the one before it.
    Returns {element index: index of the span it takes}. A Fenwick tree over the ends (n log n);
    an element's spans are all judged against the chain before it, so it takes at most one."""
    ends = sorted({end for spans, _ in elements for _, end in spans})
    slot_of_end = {end: j + 1 for j, end in enumerate(ends)}
    size = len(ends)
    weight_at = [0.0] * (size + 1)  # the best chain ending at or below each end (Fenwick)
    chain_at: list[tuple[int, int]] = [(-1, -1)] * (size + 1)  # ... its last (element, span)
    prev: dict[tuple[int, int], tuple[int, int]] = {}
    best_total, best_last = 0.0, (-1, -1)
    for i, (spans, weight) in enumerate(elements):
        found = []
        for s, (start, end) in enumerate(spans):
            j, total, last = bisect_left(ends, start), 0.0, (-1, -1)  # best chain ending below start
            while j:
                if weight_at[j] > total:
                    total, last = weight_at[j], chain_at[j]
                j &= j - 1
            here = (i, s)
            prev[here] = last
            found.append((total + weight, here, slot_of_end[end]))
        for total, here, j in found:
            if total > best_total:
                best_total, best_last = total, here
            while j <= size:
                if total > weight_at[j]:
                    weight_at[j], chain_at[j] = total, here
                j += j & -j
    out = {}
    i, s = best_last
    while i >= 0:
        out[i] = s
        i, s = prev[(i, s)]
    return out


def bigrams(text: str) -> frozenset[str]:
    return frozenset(map(add, text, text[1:]))


@dataclass(eq=False, slots=True)
class Info:
    """What the restorer needs of one unique atom, computed once."""
    atom: Atom
    kind: str                 # num | sub | cont | head
    labels: list[Label]
    ar: Label | None          # first arabic label
    sub: int | None           # first (k) label when the atom opens with a bare sub-item
    last: Key | None          # last item the atom opens, for num atoms
    plain_item: bool          # `3.` followed by text: an item without sub-items
    lead_resp: bool
    grams: frozenset[str]
    scope_grams: frozenset[str]  # words of scopes in those blocks (`国有企业房屋`), which echo that item

    @property
    def first(self) -> Label | None:
        return self.labels[0] if self.labels else None


_WORDS = re.compile(r"[^\s;；,，、.。:：()（）]")


def describe(atom: Atom, fold: str) -> Info:
    labels = [t for t in atom.tokens if isinstance(t, Label)]
    ar = next((l for l in labels if l.kind == "ar"), None)
    sub = next((l.value for l in labels if l.kind == "par"), None)
    if not labels:
        kind = "cont"
    elif ar is not None:
        kind = "num"
    elif sub is not None:
        kind = "sub"
    else:
        kind = "head"
    last = None
    plain = False
    if ar is not None:
        n, k = ar.value, 0
        after = labels[labels.index(ar) + 1:]
        plain = not (after and after[0].kind == "par")
        for lab in after:
            if lab.kind == "ar":
                n, k = lab.value, 0
            elif lab.kind == "par":
                k = lab.value
        last = (n, k)
    lead_resp = False
    scopes: list[str] = []
    for t in atom.tokens:
        if isinstance(t, Label) or (isinstance(t, Text) and _WORDS.search(fold, t.start, t.end)):
            break  # blocks after words close a sentence (`…（X牵头）。`); they do not open the atom
        if isinstance(t, Resp):
            lead_resp = True
            if t.scope:
                scopes.append(t.scope)
    text = "".join(fold[t.start:t.end] for t in atom.tokens if isinstance(t, Text))
    return Info(atom, kind, labels, ar, sub if kind == "sub" else None, last, plain, lead_resp, bigrams(text),
                bigrams("".join(scopes)))


class Restorer:
    def __init__(self, sequence: list[Atom], fold: str, is_front_matter):
        self.fold = fold
        infos: dict[int, Info] = {}
        for a in sequence:
            if id(a) not in infos:
                infos[id(a)] = describe(a, fold)
        self.info = infos
        self.seq: list[Info] = [infos[id(a)] for a in sequence]
        self.front = {id(a) for a in sequence if is_front_matter(a)}
        self.parent: dict[int, int] = {}     # id(sub atom) -> arabic parent
        self.owner: dict[int, Key] = {}      # id(continuation/heading atom) -> item key
        self.site_of: dict[int, int] = {}    # id(atom) -> chosen site
        self.displaced: set[int] = set()
        self.strays: set[int] = set()  # bare `(k)` placed in a measure other than the one around them
        self.direction = 0  # the side of its copies this document's originals stand on (copy_direction)
        self.slots: dict[Key, int] = {}      # item key -> id(atom) that opens it
        self.opening: dict[int, Info] = {}   # measure -> the numbered item that opens it
        self.max_sub: dict[int, int] = {}
        self.members: dict[int, list[frozenset]] = defaultdict(list)   # parent -> texts
        self.item_texts: dict[Key, list[frozenset]] = defaultdict(list)
        self.numbers = sorted({i.ar.value for i in infos.values() if i.kind == "num"})
        self.plain_items = {i.ar.value for i in infos.values() if i.kind == "num" and i.plain_item}
        df = Counter()
        for i in infos.values():
            df.update(i.grams)
        n = len(infos) + 1
        idf_of_count = [0.0] + [log(n / c) for c in range(1, n)]
        self.idf = {g: idf_of_count[c] for g, c in df.items()}
        # a scope's words need not occur in any sentence: unseen, each still counts a little
        # (as a word in a third of the sentences would), so that a scope with one attested
        # word does not echo in full wherever that word is
        self.unseen_idf = UNSEEN_WORD_WEIGHT
        self._weights: dict[frozenset, float] = {}
        self._best_shared: dict[int, dict[int, float]] = defaultdict(dict)  # parent -> id(info) -> weight
        self._neighbour: dict[tuple[int, int], float] = {}
        self._by_id: dict[int, Info] = {id(i): i for i in infos.values()}
        # a bare (k)'s weight in the chain of measures in place: less on a page rendered twice
        copied = sum(len(i.atom.sites) > 1 for i in infos.values())
        self.run_weight = ECHOED_SUB_ITEM_WEIGHT if copied >= ECHO_SHARE * len(infos) else SUB_ITEM_WEIGHT

    # ---- keys and texts ------------------------------------------------------------------
    def key_of(self, info: Info) -> Key | None:
        if info.kind == "num":
            return info.last
        if info.kind == "sub" and id(info.atom) in self.parent:
            return (self.parent[id(info.atom)], _last_sub(info))
        return self.owner.get(id(info.atom))

    def sim(self, grams: frozenset, texts: list[frozenset]) -> float:
        """Shared bigrams weighted by rarity in this document, as a share of the atom's weight."""
        if not texts:
            return 0.0
        total = self.weight(grams)
        if not total:
            return 0.0
        return max(self.shared(grams, t) for t in texts) / total

    def member_shared(self, info: Info, p: int) -> float:
        """Shared weight of an atom with its best-matching item of measure p; computed when
        first asked and kept up to date as members join (see add_member)."""
        cache = self._best_shared[p]
        best = cache.get(id(info))
        if best is None:
            best = cache[id(info)] = max((self.shared(info.grams, m) for m in self.members.get(p, ())),
                                         default=0.0)
        return best

    def add_member(self, parent: int, grams: frozenset) -> None:
        self.members[parent].append(grams)
        cache = self._best_shared[parent]
        for key, best in list(cache.items()):
            info = self._by_id[key]
            if id(info.atom) in self.parent:
                del cache[key]  # placed: it will not ask again
                continue
            shared = self.shared(info.grams, grams)
            if shared > best:
                cache[key] = shared

    def shared(self, a: frozenset, b: frozenset) -> float:
        """weight(a & b): the hot path of the restorer."""
        common = a & b
        return sum(map(self.idf.__getitem__, common)) if common else 0.0

    def weight(self, grams: frozenset) -> float:
        w = self._weights.get(grams)
        if w is None:
            w = self._weights[grams] = sum(map(self.idf.get, grams, repeat(self.unseen_idf)))
        return w

    # ---- neighbours ----------------------------------------------------------------------
    def neighbour_sim(self, site: int, info: Info) -> float:
        """Shared words with the sentences on either side of a site (fixed: cached)."""
        key = (site, id(info))
        cached = self._neighbour.get(key)
        if cached is None:
            cached = self._neighbour[key] = self._neighbour_sim(site, info)
        return cached

    def _neighbour_sim(self, site: int, info: Info) -> float:
        texts = []
        for j in (site - 1, site + 1):
            if 0 <= j < len(self.seq) and self.seq[j].atom is not info.atom and self.seq[j].kind != "head":
                texts.append(self.seq[j].grams)
        return self.sim(info.grams, texts)

    def alien(self, site: int) -> bool:
        """A site holding a moved-in sentence or a copy kept elsewhere."""
        atom = id(self.seq[site].atom)
        if atom in self.displaced or atom in self.front or atom in self.strays:
            return True
        chosen = self.site_of.get(atom)
        return chosen is not None and chosen != site

    def site(self, info: Info) -> int:
        """Where an item atom is read: its chosen site, else its first."""
        return self.site_of.get(id(info.atom), info.atom.sites[0])

    def prev_site(self, site: int, labeled: bool, me: Atom | None = None) -> int | None:
        """The nearest site before `site` in place (with `labeled`, an item or a placed
        sentence); the other copies of the atom at `site` (or of `me`) are passed: a copy is no
        neighbour of itself."""
        me = me or self.seq[site].atom
        for j in range(site - 1, -1, -1):
            if self.alien(j) or self.seq[j].atom is me:
                continue
            if not labeled or self.seq[j].kind in ("num", "sub"):
                return j
            if self.seq[j].kind == "cont" and id(self.seq[j].atom) in self.owner:
                return j
        return None

    def next_site(self, site: int) -> int | None:
        for j in range(site + 1, len(self.seq)):
            if not self.alien(j):
                return j
        return None

    def back_key(self, site: int) -> Key | None:
        j = self.prev_site(site, labeled=True)
        return self.key_of(self.seq[j]) if j is not None else None

    def provisional_back_key(self, site: int) -> Key | None:
        """The item before a site read through bare `(k)` that have no parent yet, when they
        count up without a break from a placed item and no copy stands in between:
        `2.(1)` `(2)` then the site gives (2, 2). Weaker evidence than a placed neighbour."""
        chain: list[Info] = []
        me = self.seq[site].atom
        j = self.prev_site(site, labeled=True)
        while j is not None:
            info = self.seq[j]
            key = self.key_of(info)
            if key is not None:
                break
            if info.kind != "sub" or any(self.alien(x) for x in range(j + 1, site)):
                return None
            chain.append(info)
            site, j = j, self.prev_site(j, labeled=True, me=me)
        if j is None or not chain:
            return None
        for info in reversed(chain):
            if info.sub != key[1] + 1:
                return None
            key = (key[0], max(lab.value for lab in info.labels if lab.kind == "par"))
        return key

    def fwd_owner(self, site: int, over_sentences: bool = False) -> Key | None:
        """The item that owns the block opening the next atom (the item before its first label);
        with over_sentences, unnumbered sentences in between are passed (they share the owner)."""
        return self.owner_of_block(self.next_block_site(site, over_sentences))

    def next_block_site(self, site: int, over_sentences: bool) -> int | None:
        """The next site in place, passing unnumbered sentences when asked."""
        j = self.next_site(site)
        while over_sentences and j is not None and self.seq[j].kind == "cont" and not self.seq[j].lead_resp:
            j = self.next_site(j)
        return j

    def owner_of_block(self, j: int | None) -> Key | None:
        """The item that owns the block opening the atom at site j, when its labels tell."""
        if j is None:
            return None
        nxt = self.seq[j]
        if not nxt.lead_resp:
            return None
        if nxt.first is None:
            # the document's closing block (no label follows it): the last item in numbering
            return max(self.slots) if self.slots and self.next_site(j) is None else None
        if nxt.kind == "num" and all(l.kind in ("cn", "pcn") for l in nxt.labels[:nxt.labels.index(nxt.ar)]):
            n = nxt.ar.value - 1
            return (n, self.max_sub.get(n, 0))
        if nxt.kind == "sub" and id(nxt.atom) in self.parent:
            return (self.parent[id(nxt.atom)], nxt.sub - 1)
        return None

    # ---- choosing one site per copied atom -------------------------------------------------
    def _follows(self, before: Info | None, after: Info) -> float:
        """How well `after` continues the numbering of `before` (label arithmetic only)."""
        if before is None or after.first is None:
            return 0.0
        if before.kind == "num":
            n, k = before.last
        elif before.kind == "sub":
            n, k = None, max(l.value for l in before.labels if l.kind == "par")
        else:
            return 0.0
        if after.kind == "num":
            if n is not None:
                return 1.0 if after.ar.value == n + 1 else 0.0
            return 0.5  # a sub-item of an unknown measure may close it
        if after.kind == "sub" and after.sub == k + 1:
            return 1.0
        return 0.0

    def _labeled_neighbour(self, site: int, step: int, info: Info) -> Info | None:
        """The nearest item atom from `site` in direction `step`, passing sentences, headings,
        the atom's own other copies and copies already known to stand elsewhere."""
        j = self._labeled_neighbour_site(site, step, info)
        return self.seq[j] if j is not None else None

    def _labeled_neighbour_site(self, site: int, step: int, info: Info) -> int | None:
        """Where `_labeled_neighbour` finds it (a copy not yet placed may be read at any site)."""
        j = site + step
        while 0 <= j < len(self.seq):
            other = self.seq[j]
            if other.kind in ("num", "sub") and other is not info and not self.alien(j):
                return j
            j += step
        return None

    def site_fit(self, site: int, info: Info) -> float:
        """How well a copy at `site` fits the numbering around it, as if its other copies were gone."""
        prev = self._labeled_neighbour(site, -1, info)
        nxt = self._labeled_neighbour(site, 1, info)
        if prev is None:  # nothing numbered before it: only the first item of the document fits
            opens = info.kind == "num" and bool(self.numbers) and info.ar.value == self.numbers[0]
            score = 1.0 if opens else 0.0
        else:
            score = self._follows(prev, info)
            if prev.kind == "sub" and info.kind == "num":  # the measure of the `(k)` before it, if it tells
                opening = self._run_opening(site, info)
                if opening is not None:
                    score = 1.0 if info.ar.value == opening.ar.value + 1 else 0.0
        score += self._follows(info, nxt) if nxt else 0.5
        after = self.seq[site + 1] if site + 1 < len(self.seq) else None
        if after is not None and after.kind == "cont" and not after.lead_resp and not self._in_text_before(site, info):
            score += 0.25  # its unnumbered sentences follow the original
        if prev is not None and nxt is not None and self._follows(prev, nxt) >= 1.0:
            score -= INTRUDER  # `18.(1)` `19.(1)` `(2)`: the numbering runs on without it
        return score

    def _in_text_before(self, site: int, info: Info) -> bool:
        """The sentences that follow an item at `site` end at the block of the item before it
        (the measure before, or the block that opens another copy of this very item): the copy
        landed in that item's text (an echo of the page runs ahead of it), and they are not its
        own."""
        j = self.next_block_site(site, over_sentences=True)
        if j is not None and self.seq[j].atom is info.atom and (
                info.lead_resp or (j - 1 > site and any(isinstance(t, Resp) for t in self.seq[j - 1].atom.tokens))):
            return True  # (a block, or units written into the last sentence, `…（X牵头）。`, close that item)
        if info.kind != "num":
            return False
        owner = self.owner_of_block(j)
        return owner is not None and owner[0] == info.ar.value - 1

    def _run_opening(self, site: int, info: Info, expected: int | None = None) -> Info | None:
        """The numbered item that the run of bare `(k)` just before a site counts on from without
        a break (the run ending at `(expected)` when given; with `expected`, an empty run is the
        numbered item itself); None when the run does not tell."""
        at = self._labeled_neighbour_site(site, -1, info)
        while at is not None and self.seq[at].kind == "sub":
            step = self.seq[at]
            if expected is not None and _last_sub(step) != expected:
                return None
            expected = step.sub - 1  # an atom may open several: `(2)[block](3)…`
            at = self._labeled_neighbour_site(at, -1, info)  # (from where it stands here)
        if at is None or expected is None or self.seq[at].last[1] != expected:
            return None
        return self.seq[at]

    def choose_sites(self) -> None:
        """Pick the site of every copied item sentence where it continues the numbering; a
        second round judges each again with the copies of the others set aside. Where numbering
        and words tie, the later copy; once the side this document's copies take is known
        (copy_direction), that side (`_copy_side`)."""
        copied = [i for i in self.info.values() if len(i.atom.sites) > 1 and i.kind == "num"]
        for _ in range(2):
            chosen = {}
            for info in copied:
                self.site_of.pop(id(info.atom), None)
                best = None
                for s in info.atom.sites:
                    score = self.site_fit(s, info) + 0.01 * self.neighbour_sim(s, info) \
                        + self.own_sentences_between(s, info) + self._copy_side(s, info.atom.sites)
                    if best is None or score > best[0]:
                        best = (score, s)
                chosen[id(info.atom)] = best[1]
            self.site_of.update(chosen)

    def own_sentences_between(self, site: int, info: Info) -> float:
        """Two copies with only unnumbered sentences between them (a copy landed inside the
        item's own text, or just before it): the earlier site is the original when those
        sentences read like the item rather than like the item before it. A bonus for the
        earlier site, the same malus for the later one; 0 otherwise."""
        sites = info.atom.sites
        if len(sites) != 2:
            return 0.0
        a, b = sites
        between = self.seq[a + 1:b]
        if not between or any(x.kind != "cont" or x.lead_resp for x in between):
            return 0.0
        before = self._labeled_neighbour(a, -1, info)
        if before is None:
            return 0.0
        grams = frozenset().union(*(x.grams for x in between))
        lean = self.sim(grams, [info.grams]) - self.sim(grams, [before.grams])
        lean = OWN_SENTENCES * (1 if lean > 0 else -1 if lean < 0 else 0)
        return lean if site == a else -lean

    # ---- stages --------------------------------------------------------------------------
    def place_numbered(self) -> None:
        nums = [i for i in self.info.values() if i.kind == "num"]
        nums.sort(key=self.site)
        # the heaviest chain of numbers stays in place, the runs of sub-items counting for the
        # measure they continue (_in_place_chain); between chains as heavy as each other, the one
        # whose items are followed by their own sentences (a moved item leaves those behind) and,
        # above all, whose sub-items do not wait for them elsewhere and which split no other
        # measure's sub-items
        by_number, weights = self._opening_weights(nums)
        in_run, total = self._in_place_chain(nums, weights)
        if self.resite_copies_by_chain(nums, weights, in_run, total):
            nums.sort(key=self.site)
            by_number, weights = self._opening_weights(nums)
            in_run, _ = self._in_place_chain(nums, weights)
        for idx, info in enumerate(nums):
            self.site_of.setdefault(id(info.atom), info.atom.sites[0])
            if idx not in in_run:
                self.displaced.add(id(info.atom))
        for info in nums:
            if id(info.atom) not in self.displaced and (
                    self._inside_previous_measure(info, by_number) or self._inside_next_measure(info, by_number)
                    or self._took_over_run(info, by_number)):
                self.displaced.add(id(info.atom))
            n, k = info.last
            self.max_sub[n] = max(self.max_sub.get(n, 0), k)
            self.slots.setdefault(info.last, id(info.atom))
            self.opening.setdefault(info.ar.value, info)
            self.members[info.ar.value].append(info.grams)
            self.item_texts[info.last].append(info.grams)

    def _opening_weights(self, nums: list[Info]) -> tuple[dict[int, Info], list[float]]:
        """The openings by number, and each one's weight in the chain where they stand now."""
        by_number = {i.ar.value: i for i in nums}
        awaited = [self._awaited_elsewhere(i, by_number) for i in nums]
        return by_number, [1.0 + IN_PLACE_HINT * (self._continued(i) - 2 * wait - 2 * self._splits_sub_items(i))
                           for i, wait in zip(nums, awaited)]

    def rejudge_copies_past_moves(self) -> None:
        """Copies were judged by the numbering around them before anything was known to have
        moved: a moved item standing beside a copy's original made it look out of place. With
        the moved items set aside, the copies are judged again, and the numbers placed anew
        where a copy changed its site."""
        moved = {i for i in self.displaced if len(self.info[i].atom.sites) == 1}
        if not moved or not any(len(i.atom.sites) > 1 and i.kind == "num" for i in self.info.values()):
            return
        judged, displaced = dict(self.site_of), self.displaced
        self.displaced = moved
        self.choose_sites()
        self.displaced = set()
        if self.site_of == judged:
            self.displaced = displaced
            return
        for placed in (self.max_sub, self.slots, self.opening, self.members, self.item_texts, self._best_shared):
            placed.clear()
        self.place_numbered()

    def _inside_previous_measure(self, info: Info, by_number: dict[int, Info]) -> bool:
        """`3.(1)…` `4.…` `(2)…`: an item that splits the sub-items of the measure before it,
        when it cannot own the `(k)` that follows, was moved there (its number still counts up);
        unless the opening of the measure after it stands out of place and could own it."""
        site = self.site_of[id(info.atom)]
        nxt = self._labeled_neighbour(site, 1, info)
        if nxt is None or nxt.kind != "sub" or len(nxt.atom.sites) > 1:
            return False  # (a copied `(k)` may stand anywhere: no evidence)
        if not info.plain_item and nxt.sub == info.last[1] + 1:
            return False  # `4.(1)` then `(2)`: its own
        if self._moved_opening_continues(info.ar.value + 1, nxt.sub, by_number):
            return False  # `38.…` `(2)…` with `39.(1)` moved away: the `(2)` may be 39's
        # the measure before must have reached the sub number before that `(k)`
        before = self._run_opening(site, info, expected=nxt.sub - 1)
        return before is not None and before.ar.value == info.ar.value - 1

    def _inside_next_measure(self, info: Info, by_number: dict[int, Info]) -> bool:
        """`11.…` `(2)…` `12.…`, 13's opening `13.(1)` moved away: the `(2)` cannot be 11's (no
        `(1)` before it) and continues 13's opening; bare `(k)` do not move, so 12 was moved in
        among 13's sub-items."""
        if not info.plain_item:
            return False
        site = self.site(info)
        prev = self._labeled_neighbour(site, -1, info)
        if prev is None or prev.kind != "sub" or len(prev.atom.sites) > 1:
            return False
        first, at = prev, self.site(prev)  # the first `(k)` of the run ending at prev
        step = self._labeled_neighbour(at, -1, prev)
        while step is not None and step.kind == "sub" and len(step.atom.sites) == 1 and _last_sub(step) == first.sub - 1:
            first, at = step, self.site(step)
            step = self._labeled_neighbour(at, -1, step)
        if step is None or step.kind != "num" or step.last[1] == first.sub - 1:
            return False  # the run counts on from the item before it
        nxt = by_number.get(info.ar.value + 1)
        return (nxt is not None and id(nxt.atom) in self.displaced and nxt.last[1] == first.sub - 1
                and step.ar.value == info.ar.value - 1)

    def _moved_opening_continues(self, measure: int, k: int, by_number: dict[int, Info]) -> bool:
        """The opening of `measure` stands out of place and a `(k)` would continue it: a `(k)`
        left behind where it belongs may be that measure's."""
        opening = by_number.get(measure)
        return opening is not None and id(opening.atom) in self.displaced and opening.last[1] == k - 1

    def _took_over_run(self, info: Info, by_number: dict[int, Info]) -> bool:
        """`14.(1)` `15.(1)` `(2)` `(3)` `(2)`: the run after this item counts on from its last
        sub-item, as it would from the measure before's, and starts again before the next
        measure; the first run was the measure before's, which this item was moved into (the
        `(k)` that starts again is its own)."""
        k = info.last[1]
        if k == 0 or len(info.atom.sites) > 1:
            return False
        site = self.site(info)
        prev = self._labeled_neighbour(site, -1, info)
        if prev is None:
            return False
        before = prev if prev.kind == "num" else self._run_opening(site, info)
        if before is None or before.ar.value != info.ar.value - 1 or _last_k(prev) != k:
            return False
        count, nxt = self._run_after(site, info, k)
        if not (count > 0 and nxt is not None and nxt.kind == "sub" and len(nxt.atom.sites) == 1
                and nxt.sub == k + 1):
            return False
        # the measure after, moved away, may be what that `(k)` continues
        if self._moved_opening_continues(info.ar.value + 1, k + 1, by_number):
            return False  # (a measure may have a lone `(1)`)
        # a copy standing in front of it may be what that `(k)` continues (an echo of the page
        # renders an item's sub-items after it)
        lo, hi = self.site(prev), self.site(nxt)
        return not any(len(x.atom.sites) > 1 and _last_k(x) == k
                       for x in self.seq[lo + 1:hi] if x.kind in ("num", "sub"))

    def _awaited_elsewhere(self, info: Info, by_number: dict[int, Info]) -> bool:
        """The bare sub-items that continue this item stand right after the measure before it
        (past that measure's own run of `(k)`: `2.(1)` `(2)` `(2)` `4.…`), which cannot own
        them, and not after this item: it was moved away from them, and the `(k)` that follow it
        where it stands are not its own. (A copied `(k)` may stand anywhere: no evidence.)"""
        before = by_number.get(info.ar.value - 1)
        if before is None:
            return False
        _, nxt = self._run_after(self.site(before), before, before.last[1])  # past its own
        if nxt is None or nxt.kind != "sub" or nxt.sub != info.last[1] + 1 or len(nxt.atom.sites) > 1:
            return False
        mine = self._labeled_neighbour(self.site(info), 1, info)
        return mine is not nxt

    def resite_copies_by_chain(self, nums: list[Info], weights: list[float], kept: dict[int, int],
                               chosen: float) -> bool:
        """A copied opening read at each of its sites: where the heaviest chain through them is
        heavier by a whole measure than the chain `kept` (weighing `chosen`) through the sites
        chosen by their neighbours (two items moved away from around the original left it no
        neighbour that continues it), the chain's sites are taken. True when a site changed."""
        if not any(len(i.atom.sites) > 1 for i in nums):
            return False
        sites, total = self._in_place_chain(nums, weights, every_site=True)
        if total < chosen + WHOLE_MEASURE or any(x not in sites for x in kept if len(nums[x].atom.sites) == 1):
            return False  # (nor where it would take an item read once out of its place)
        changed = False
        for x, site in sites.items():
            if len(nums[x].atom.sites) > 1 and self.site(nums[x]) != site:
                self.site_of[id(nums[x].atom)] = site
                changed = True
        return changed

    def _in_place_chain(self, nums: list[Info], weights: list[float], every_site: bool = False):
        """The measures that stand in place (indices into nums): the heaviest chain, in document
        order, of measure openings and runs of bare `(k)`, each run standing for one measure
        whose opening it continues. Bare `(k)` do not move: a moved opening leaves them behind,
        and the measure they wait for belongs where they stand, among the numbers of the
        openings around them (RUN_REACH on each side: the document's length does not matter)."""
        if not nums:
            return set()
        width = 2 + max(_last_k(i) for i in self.info.values() if i.kind in ("num", "sub"))
        measures_ending: dict[int, set[int]] = defaultdict(set)  # the (k) an opening ends at -> measures
        for info in nums:
            measures_ending[info.last[1]].add(info.ar.value)
        ending_at = {k: sorted(v) for k, v in measures_ending.items()}
        index = {id(i.atom): x for x, i in enumerate(nums)}
        items = list(self._openings_and_runs(every_site))
        numbers = [item[0].ar.value for item in items if isinstance(item[0], Info)]
        elements: list[tuple[list[tuple[int, int]], float]] = []
        tags: list[tuple[int, int] | None] = []  # the opening's index into nums and its site; None for a run
        previous, seen = None, 0  # the item before; how many openings stand before this one
        for item in items:
            if isinstance(item[0], Info):
                item, site = item
                n, x = item.ar.value, index[id(item.atom)]
                elements.append(([(n * width, n * width + item.last[1])], weights[x]))
                tags.append((x, site))
                seen += 1
            else:
                first, last, count = item
                around = numbers[max(0, seen - RUN_REACH):seen + RUN_REACH] or [0]
                lo, hi = min(around) - 1, max(around) + 1
                # the measures whose opening ends at (first-1), or earlier where the run goes on
                # from an earlier run of theirs that a moved item interrupted
                measures = sorted({m for j in ([first - 1] if first <= 2 else range(1, first))
                                   for m in _between(ending_at.get(j, []), lo, hi)})
                spans = [(m * width + first, m * width + last) for m in measures]
                if spans:
                    # a run right after the opening it continues reads as that measure's
                    continues = isinstance(previous, Info) and previous.last[1] == first - 1
                    elements.append((spans, self.run_weight * count + CONTINUING_RUN_BONUS * continues))
                    tags.append(None)
            previous = item
        chain = heaviest_chain(elements)
        total = sum(elements[e][1] for e in chain)
        return dict(tags[e] for e in chain if tags[e] is not None), total

    def _openings_and_runs(self, every_site: bool = False):
        """In document order, the measure openings where they are read (at each of their sites
        with every_site) as (opening, site), and the runs of bare `(k)` read at one site that
        count up without a break, as (first k, last k, length)."""
        run = None
        for site, info in enumerate(self.seq):
            if info.kind == "sub" and len(info.atom.sites) > 1:
                continue  # a copied `(k)` may stand anywhere: no evidence
            if info.kind == "sub" and not self.alien(site):
                if run is not None and info.sub == run[1] + 1:
                    run = (run[0], _last_sub(info), run[2] + 1)
                    continue
                if run is not None:
                    yield run
                run = (info.sub, _last_sub(info), 1)
            elif info.kind == "num" and (every_site or self.site(info) == site):  # (where chosen to stand)
                if run is not None:
                    yield run
                run = None
                yield info, site
        if run is not None:
            yield run

    def _run_after(self, site: int, at: Info, k: int) -> tuple[int, Info | None]:
        """The run of bare `(k+1)`, `(k+2)` … (each read at one site) that follows `at` at
        `site`: how many, and the item atom that ends it (None at the document's end)."""
        count = 0
        while True:
            nxt = self._labeled_neighbour(site, 1, at)
            if nxt is None or nxt.kind != "sub" or nxt.sub != k + 1 or len(nxt.atom.sites) > 1:
                return count, nxt
            count += 1
            k, at = _last_sub(nxt), nxt
            site = nxt.atom.sites[0]

    def _splits_sub_items(self, info: Info) -> bool:
        """It stands between a `(k)` and the `(k+1)` after it, which it cannot own."""
        site = self.site(info)
        prev = self._labeled_neighbour(site, -1, info)
        if prev is None:
            return False
        before = _last_k(prev)
        return before != info.last[1] and self._sibling_follows(site, info, before)

    def _continued(self, info: Info) -> bool:
        site = self.site(info)
        nxt = self.seq[site + 1] if site + 1 < len(self.seq) else None
        # a sentence of its own (a closing block-only atom is no evidence), or its next `(k)`
        return nxt is not None and ((nxt.kind == "cont" and not nxt.lead_resp)
                                    or (nxt.kind == "sub" and nxt.sub == info.last[1] + 1))

    def place_subs(self) -> None:
        """Give each bare `(k)` its arabic parent: context votes plus shared words with the
        parent's other items; a parent whose slot `k` is taken, or whose number is followed by
        its own text, is unlikely. The surest placements are made first (lazy greedy), so a
        clear claim on a slot is not lost to a vague one that came earlier in the scrape; a
        `(k)` right after a placed atom is judged again (the item before it is known now)."""
        import heapq
        lo, hi = (self.numbers[0], self.numbers[-1]) if self.numbers else (1, 1)
        subs = [i for i in self.info.values() if i.kind == "sub"]
        heap = []
        for n, info in enumerate(subs):
            best = self._best_parent(info, lo, hi)
            if best is not None:
                heapq.heappush(heap, (-best[0], n, best))
        index = {id(info.atom): n for n, info in enumerate(subs)}
        while heap:
            neg, n, _ = heapq.heappop(heap)
            info = subs[n]
            if id(info.atom) in self.parent:
                continue  # placed already (an entry pushed again when its neighbour was placed)
            best = self._best_parent(info, lo, hi)
            if best is None:
                continue
            if heap and best[0] < -heap[0][0] - 1e-9:
                heapq.heappush(heap, (-best[0], n, best))  # got weaker since: wait its turn
                continue
            _, parent, site = best
            self.parent[id(info.atom)] = parent
            self.site_of[id(info.atom)] = site
            key = self.key_of(info)
            self.slots.setdefault((parent, info.sub), id(info.atom))
            self.max_sub[parent] = max(self.max_sub.get(parent, 0), key[1])
            self.add_member(parent, info.grams)
            self.item_texts[key].append(info.grams)
            for m in self._unplaced_after(info, index):  # they may read better now: judge again
                again = self._best_parent(subs[m], lo, hi)
                if again is not None:
                    heapq.heappush(heap, (-again[0], m, again))

    def _unplaced_after(self, info: Info, index: dict[int, int]) -> list[int]:
        """The bare `(k)` without a parent that stand right after a site of a just placed atom:
        the item before them is now known (or, at the copy not chosen, passed)."""
        out = []
        for s in info.atom.sites:
            j = s + 1
            while j < len(self.seq) and (self.seq[j].kind not in ("num", "sub") or self.alien(j)):
                j += 1
            if j < len(self.seq) and id(self.seq[j].atom) in index and id(self.seq[j].atom) not in self.parent:
                out.append(index[id(self.seq[j].atom)])
        return out

    def mark_strays(self) -> None:
        """A bare `(k)` given to a measure that neither the item before it nor the block after it
        belongs to (the only copy of a sub-item, carried off by an echo of the page) stands out
        of place: the sentences after it are not its own."""
        strays = []
        for info in self.info.values():
            if info.kind != "sub" or len(info.atom.sites) != 1 or id(info.atom) not in self.parent:
                continue
            site = info.atom.sites[0]
            back = self.back_key(site)
            fwd = self.fwd_owner(site, over_sentences=True)
            parent = self.parent[id(info.atom)]
            if back is not None and abs(back[0] - parent) > 1 and (fwd is None or fwd[0] != parent):
                strays.append(id(info.atom))
        self.strays.update(strays)

    def _best_parent(self, info: Info, lo: int, hi: int) -> tuple[float, int, int] | None:
        best = None
        many = len(info.atom.sites) > 1
        for site in info.atom.sites:
            fit = SITE_FIT * self.site_fit(site, info) + self._side_with_context(site, info) if many else 0.0
            for score, parent in self._sub_candidates(site, info, lo, hi)[:1]:
                score += fit
                if best is None or score > best[0]:
                    best = (score, parent, site)
        return best

    def _side_with_context(self, site: int, info: Info) -> float:
        """The document's side of copies counts for a site only where a placed item stands before
        it or a block after it tells its owner: a parent found by shared words alone is no
        reading of that site."""
        bonus = self.side_bonus(site, info.atom.sites)
        if bonus > 0 and self.back_key(site) is None and self.provisional_back_key(site) is None \
                and self.fwd_owner(site, over_sentences=True) is None:
            return 0.0
        return bonus

    def _sub_candidates(self, site: int, info: Info, lo: int, hi: int) -> list[tuple[float, int]]:
        k = info.sub
        votes: dict[int, float] = defaultdict(float)
        back = self.back_key(site)
        taken = None  # a measure whose run of `(k)` before this site already counts past k
        if back is None:
            guess = self.provisional_back_key(site)
            if guess is not None and k == guess[1] + 1 and guess[0] not in self.plain_items:
                votes[guess[0]] += 1.5
            elif guess is not None and k <= guess[1]:
                taken = guess[0]
        if back is not None:
            p, j = back
            if k > j and p not in self.plain_items:
                if not (k > j + 1 and self._sibling_follows(site, info, j)):
                    votes[p] += 2.0 if k == j + 1 else 1.0
            else:
                # numbering restarts, or the item before has no sub-items: the next measure
                # that can have them (its opening sentence may be lost or elsewhere)
                q = p + 1
                while q in self.plain_items:
                    q += 1
                # (half as likely when that measure opens later in place: its `(k)` would come first)
                votes[q] += 0.75 if self._opens_later(q, site) else 1.5
        block = self.next_block_site(site, over_sentences=True)
        fwd = self.owner_of_block(block)
        if fwd is not None and not (self.seq[block].kind == "sub"
                                    and fwd[1] != max(l.value for l in info.labels if l.kind == "par")):
            # (a block before `(k+1)` is item k's; before `(3)` it is not ours)
            votes[fwd[0]] += 2.0 * (MOVED_OWNER_VOTE if self._left_behind(site, info, fwd) else 1.0)
        else:
            end = self._run_end_owner(site, info)
            if end is not None:
                votes[end] += RUN_END_VOTE
        # an original sits among its siblings; a copy lands among strangers
        coherence = SITE_COHERENCE * self.neighbour_sim(site, info)
        total = self.weight(info.grams)
        candidates = [p for p in votes if lo <= p <= hi and p not in self.plain_items and p != taken]
        out = [(self._parent_score(info, p, votes[p] + coherence, total), p) for p in candidates]
        # a measure without a vote scores at most this: when a voted one beats it, the
        # others need no look (the common case, and the hot path of the restorer)
        unvoted_bound = coherence + 2.0 + (SCOPE_ECHO if info.scope_grams else 0.0)
        if not out or max(out)[0] <= unvoted_bound:
            out += [(self._parent_score(info, p, coherence, total), p) for p in self.members
                    if p not in votes and lo <= p <= hi and p not in self.plain_items and p != taken]
        return [max(out)] if out else []

    def _run_end_owner(self, site: int, info: Info) -> int | None:
        """The measure whose number follows the block closing the run of bare `(k)`, `(k+1)` …
        that this one opens: `(2)…[block](3)…[block]12.` is measure 11's run."""
        _, nxt = self._run_after(site, info, _last_sub(info))
        # (in place: the neighbour search passes what stands elsewhere)
        return nxt.ar.value - 1 if nxt is not None and nxt.kind == "num" and nxt.lead_resp else None

    def _opens_later(self, measure: int, site: int) -> bool:
        """The measure's numbered opening stands in place after the site."""
        opening = self.opening.get(measure)
        if opening is None or id(opening.atom) in self.displaced:
            return False
        return self.site(opening) > site

    def _sibling_follows(self, site: int, info: Info, j: int) -> bool:
        """The next item in place is the `(j+1)` that continues the item before: a `(k)` with a
        larger number between them cannot be that measure's here (it would stand before its
        own `(j+1)`)."""
        nxt = self._labeled_neighbour(site, 1, info)
        return nxt is not None and nxt.kind == "sub" and len(nxt.atom.sites) == 1 and nxt.sub == j + 1

    def _left_behind(self, site: int, info: Info, owner: Key) -> bool:
        """The block after this `(k)` is owned by an item whose sentence was moved away, and the
        run of bare sub-items this `(k)` ends does not continue that item (`26.(1)` moved in
        front of `(5)(6)`, which then cannot be 26's) or continues a measure standing in place
        before the run (`9.(1)` `(2)` `(3)`, then the block of `10.(1)`, which moved): the run
        was left behind there."""
        if self.slots.get(owner) not in self.displaced:
            return False
        first = info.sub
        j = site - 1
        while j >= 0:
            other = self.seq[j]
            if self.alien(j):
                break
            if other.kind == "num":
                if other.last[1] == first - 1 and other.ar.value != owner[0]:
                    return True
                break
            if other.kind == "sub":
                if _last_sub(other) != first - 1:
                    break
                first = other.sub
            j -= 1
        return first != owner[1] + 1

    def _parent_score(self, info: Info, p: int, base: float, total: float) -> float:
        """Context votes and coherence (`base`) plus shared words with measure p's items, the
        echo of the block's scope in item k-1, less a penalty when slot (p, k) is taken."""
        k = info.sub
        score = base
        if total:
            score += 2.0 * (self.member_shared(info, p) / total)
        if info.scope_grams:
            score += SCOPE_ECHO * self.sim(info.scope_grams, self.item_texts.get((p, k - 1), []))
        if self.slots.get((p, k)) not in (None, id(info.atom)):
            score -= 3.0
        return score

    def copy_direction(self) -> int:
        """+1 when nearly all of this document's copied item sentences were read at their later
        site (an echo of the page running ahead of it, as when a scrape renders a page twice),
        -1 when at the earlier, 0 when it varies or too few tell. It counts the item copies
        placed so far: the numbered ones after choose_sites, the bare `(k)` too after place_subs.
        Where nothing else tells which copy is the original, the side the others took can."""
        later = earlier = 0
        for info in self.info.values():
            sites = info.atom.sites
            if info.kind not in ("num", "sub") or len(sites) != 2:
                continue
            chosen = self.site_of.get(id(info.atom))
            if chosen is None:
                continue
            later += chosen == sites[1]
            earlier += chosen == sites[0]
        total = later + earlier
        if total < COPY_DIRECTION_MIN:
            return 0
        if later >= COPY_DIRECTION_SHARE * total:
            return 1
        if earlier >= COPY_DIRECTION_SHARE * total:
            return -1
        return 0

    def side_bonus(self, site: int, sites: list[int]) -> float:
        """COPY_DIRECTION for the site on this document's side of copies, its negative for the other."""
        if not self.direction or len(sites) < 2:
            return 0.0
        side = 1 if site == sites[-1] else -1 if site == sites[0] else 0
        return COPY_DIRECTION * self.direction * side

    def _copy_side(self, site: int, sites: list[int]) -> float:
        """side_bonus for a repeated sentence; without evidence of the document's side, a
        tie-break for its last copy (an echo runs ahead of the page, and a copy landing inside
        its own item's text follows it)."""
        if not self.direction:
            return LATER_COPY_PRIOR if len(sites) > 1 and site == sites[-1] else 0.0
        return self.side_bonus(site, sites)

    def place_continuations(self) -> None:
        first = self.first_numbered_site()
        order = sorted((i for i in self.info.values() if i.kind in ("cont", "head")
                        and id(i.atom) not in self.front and not self._header_line(i, first)),
                       key=lambda i: i.atom.sites[0])
        for info in order:
            if len(info.atom.sites) > 1 and id(info.atom) not in self.site_of:
                shared = self.shared_predecessor(info)
                if shared is not None:
                    self._give(info, *shared)
                    continue
            sites = [self.site_of[id(info.atom)]] if id(info.atom) in self.site_of else info.atom.sites
            best = None
            for site in sites:
                bonus = self._copy_side(site, sites)
                for score, key in self._owner_candidates(site, info):
                    score += bonus
                    if best is None or score > best[0]:
                        best = (score, key, site)
            if best is not None:
                self._give(info, best[1], best[2])

    def _give(self, info: Info, key: Key, site: int) -> None:
        """An unnumbered atom belongs to item `key`, read at `site`."""
        self.owner[id(info.atom)] = key
        self.site_of[id(info.atom)] = site
        if info.kind == "cont":
            self.item_texts[key].append(info.grams)

    def shared_predecessor(self, info: Info) -> tuple[Key, int] | None:
        """A sentence repeated where two renderings of the page interleave follows its item in
        both: the item found shortly before every copy (passing items that are copies, which
        may belong to the other rendering) owns it, unless an item that continues its numbering
        stands in place between them (then the sentence is that item's). Returns the owner's key
        and the site after its own, or None when no one item precedes all copies."""
        if info.kind != "cont" or info.lead_resp:
            return None
        windows = [self._items_before(site) for site in info.atom.sites]
        ids = [[a for a, _ in w] for w in windows]
        common = set(ids[0]).intersection(*ids[1:])
        if not common:
            return None
        nearest = min(common, key=lambda a: (sum(w.index(a) for w in ids), ids[-1].index(a)))
        key = self.key_of(self.info[nearest])
        if key is None:
            return None
        for window, order in zip(windows, ids):
            for a, j in window[:order.index(nearest)]:
                if not self.alien(j) and self._continues(key, self.info[a]):
                    return None
        own = self.site_of.get(nearest, -1)
        after = [s for s in info.atom.sites if s > own] or info.atom.sites[-1:]
        # both copies after their item: the one on this document's side of copies (the later
        # one unless the numbered copies said otherwise: an echo runs ahead of the page)
        return key, after[0] if self.direction < 0 else after[-1]

    def _continues(self, key: Key, info: Info) -> bool:
        """The item atom is the next in numbering after item `key`: the next measure, or the
        next sub-item placed in the same measure."""
        n, k = key
        if info.kind == "num":
            return info.ar.value == n + 1
        return info.kind == "sub" and self.parent.get(id(info.atom)) == n and info.sub == k + 1

    def _items_before(self, site: int) -> list[tuple[int, int]]:
        """The item atoms (id, site) before a site, nearest first, up to the first that is no
        copy and at most SHARED_WINDOW of them; unnumbered sentences are passed."""
        out: list[tuple[int, int]] = []
        for j in range(site - 1, -1, -1):
            other = self.seq[j]
            if other.kind == "head" or (other.kind == "cont" and other.lead_resp):
                break
            if other.kind not in ("num", "sub"):
                continue
            out.append((id(other.atom), j))
            if len(out) == SHARED_WINDOW or (len(other.atom.sites) == 1 and not self.alien(j)):
                break
        return out

    def _header_line(self, info: Info, first_numbered: int) -> bool:
        """Words before the first item that end no sentence (a signature, a date): front matter,
        even when the item's opening sentence moved away and a block now follows them."""
        atom = info.atom
        return (info.kind == "cont" and atom.sites[0] < first_numbered and not info.lead_resp
                and "。" not in self.fold[atom.start:atom.end])

    def _owner_candidates(self, site: int, info: Info) -> list[tuple[float, Key]]:
        if info.kind == "head":
            j = self.next_site(site)
            while j is not None and self.seq[j].kind not in ("num", "sub"):
                j = self.next_site(j)
            return [(1.0, (-1, j))] if j is not None else []
        if self.next_site(site) is None and self.slots and all(isinstance(t, (Resp, Para)) for t in info.atom.tokens):
            # the closing block of the document (no label follows it): the last item in numbering
            return [(1.0, max(self.slots))]
        back = self.back_key(site)
        # a repeated sentence: the block after the sentences that follow it tells too (a copy
        # landed mid-text gets no fewer votes than one landed before a block)
        fwd = self.fwd_owner(site, over_sentences=len(info.atom.sites) > 1)
        scores: dict[Key, float] = defaultdict(float)
        if back is not None:
            scores[back] += 1.0
        rendered = self._rendered_item_before(site)
        if rendered is not None and back is not None and rendered != back:
            scores[rendered] += RENDERED_ITEM_VOTE
        if fwd is not None:
            # the block says its item stood here; if that item's sentence moved away,
            # what was left behind more likely belongs to the item before it
            opener = self.slots.get(fwd)
            scores[fwd] += MOVED_OWNER_VOTE if opener in self.displaced else 1.0
        if len(scores) > 1 or len(info.atom.sites) > 1:
            for key in list(scores):
                scores[key] += 2.0 * self.sim(info.grams, self.item_texts.get(key, []))
        return sorted(((s, k) for k, s in scores.items()), reverse=True)

    def _rendered_item_before(self, site: int) -> Key | None:
        """The item whose sentence stands just before a site (past unnumbered sentences) when
        that is the copy of a repeated item sentence chosen here yet out of its numbering's
        place: a second rendering of the page carried it, and its own sentences with it."""
        for j in range(site - 1, -1, -1):
            other = self.seq[j]
            if other.kind == "cont" and not other.lead_resp:
                continue
            if (other.kind in ("num", "sub") and id(other.atom) in self.displaced
                    and len(other.atom.sites) > 1 and self.site_of.get(id(other.atom)) == j):
                return self.key_of(other)
            return None
        return None

    def first_numbered_site(self) -> int:
        for i, info in enumerate(self.seq):
            if info.kind in ("num", "sub"):
                return i
        return len(self.seq)


def restore(atoms: list[Atom], fold: str, is_front_matter) -> Placement:
    atoms = split_closing_block(split_glued_copies(atoms, fold), fold)
    atoms = split_blocks_before_first_item(atoms, fold)
    unique, sequence = dedupe(atoms)
    removed = len(atoms) - len(unique)
    if not is_disordered(sequence):
        return Placement(atoms=unique, synthetic_before={}, duplicates_removed=removed)
    r = Restorer(sequence, fold, is_front_matter)
    r.choose_sites()
    r.direction = r.copy_direction()
    if r.direction:  # judged again: the side this document's copies take weighs in now
        r.choose_sites()
        r.direction = r.copy_direction()
    r.place_numbered()
    r.rejudge_copies_past_moves()
    r.place_subs()
    r.mark_strays()
    r.direction = r.copy_direction()
    r.place_continuations()

    first_site = r.first_numbered_site()
    front = [a for a in unique if id(a) in r.front or
             (r.info[id(a)].kind in ("cont", "head") and id(a) not in r.owner and a.sites[0] < first_site)]
    front_ids = {id(a) for a in front}

    def rank(info: Info):
        site = r.site(info)
        if info.kind == "num":
            after = info.labels[info.labels.index(info.ar) + 1:]
            k0 = after[0].value if after and after[0].kind == "par" else 0
            return (info.ar.value, k0, 0, site)
        if info.kind == "sub" and id(info.atom) in r.parent:
            return (r.parent[id(info.atom)], info.sub, 0, site)
        owner = r.owner.get(id(info.atom))
        if owner is None:
            return None
        if owner[0] == -1:  # heading-only atom: just before the item that follows it
            nxt = r.seq[owner[1]]
            nxt_rank = rank(nxt) if nxt is not info else None
            return (nxt_rank[0], nxt_rank[1], -1, site) if nxt_rank else None
        return (owner[0], owner[1], 1, site)

    placed, unplaced = [], []
    for atom in unique:
        if id(atom) in front_ids:
            continue
        rk = rank(r.info[id(atom)])
        if rk is None:
            unplaced.append(atom)
        else:
            placed.append((rk, atom))
    placed.sort(key=lambda x: x[0])
    synthetic = _synthetic_labels(placed, r)
    displaced = [_ref_of(r.info[id(a)].last) for _, a in placed if id(a) in r.displaced]
    ordered_front = sorted(front, key=lambda a: a.sites[0])
    return Placement(atoms=ordered_front + [a for _, a in placed] + unplaced,
                     synthetic_before=synthetic, duplicates_removed=removed, displaced=displaced,
                     front_matter=ordered_front)


def _last_sub(info: Info) -> int:
    """The last `(k)` a bare sub-item atom opens."""
    return [l.value for l in info.labels if l.kind == "par"][-1]


def _last_k(info: Info) -> int:
    """The `(k)` an item atom ends at, numbered or bare (0: a numbered item without one)."""
    return info.last[1] if info.kind == "num" else _last_sub(info)


def _between(values: list[int], lo: int, hi: int) -> list[int]:
    """The values of a sorted list from lo to hi."""
    return values[bisect_left(values, lo):bisect_right(values, hi)]


def _ref_of(key) -> str:
    n, k = key
    return f"{n}({k})" if k else str(n)


def _synthetic_labels(placed, r: Restorer) -> dict[int, list[Label]]:
    """Numbers lost with their sentence but implied by what survives: a bare `(2)` whose parent
    never appears, a block that belongs to an item whose label was lost."""
    synthetic: dict[int, list[Label]] = {}
    cur_n, cur_k = None, 0
    for rk, atom in placed:
        n, k, phase, _ = rk
        info = r.info[id(atom)]
        labels: list[Label] = []
        if info.kind == "num":
            if info.lead_resp and cur_n is not None and n - 1 > cur_n:
                labels.append(Label("ar", n - 1, atom.start, atom.start))
            cur_n, cur_k = info.last
        elif info.kind == "sub":
            if n != cur_n:
                labels.append(Label("ar", n, atom.start, atom.start))
                cur_n, cur_k = n, 0
            if info.lead_resp and k - 1 > cur_k:
                labels.append(Label("par", k - 1, atom.start, atom.start))
            cur_k = r.key_of(info)[1]
        elif phase == 1:
            if n != cur_n:
                labels.append(Label("ar", n, atom.start, atom.start))
                cur_n, cur_k = n, 0
            if k and k != cur_k:
                labels.append(Label("par", k, atom.start, atom.start))
                cur_k = k
        if labels:
            synthetic[id(atom)] = labels
    return synthetic
