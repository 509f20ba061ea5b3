"""Restore document order of scraped atoms: drop copies, move displaced items back by their
number, find the parent of a bare `(2)` and the owner of an unnumbered sentence.

Only used when the atoms are out of order or copied; a clean document keeps its order.
Evidence used, strongest first:
- a responsibility block belongs to the item just before the label that follows it;
- arabic item numbers run across the document, so their longest increasing run is in place;
- sub-items count up under one parent; a restart means the next parent;
- an unnumbered sentence shares words with the item it came from.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .atoms import Atom
from .lexer import Label

MIN_COPY_CHARS = 6  # sentences shorter than this may repeat in a clean text

# an item key: (arabic number, sub number or 0)
Key = tuple[int, int]


@dataclass
class Placement:
    atoms: list[Atom]                       # kept atoms in restored order
    synthetic_before: dict[int, list[Label]]  # id(atom) -> labels to insert before it
    duplicates_removed: int = 0
    displaced: list[str] = field(default_factory=list)
    front_matter: list[Atom] = field(default_factory=list)


def dedupe(atoms: list[Atom]) -> tuple[list[Atom], list[Atom]]:
    """Return (unique atoms with all their sites, the site sequence as unique atoms)."""
    by_key: dict[str, Atom] = {}
    sequence: list[Atom] = []
    for i, atom in enumerate(atoms):
        # a sentence repeated is a scrape copy; a block repeated ("牵头单位：区发改局") is not
        k = atom.key
        copyable = _sentence_chars(atom) >= MIN_COPY_CHARS
        if copyable and k in by_key:
            kept = by_key[k]
        else:
            kept = atom
            if copyable:
                by_key[k] = atom
        kept.sites.append(i)
        sequence.append(kept)
    unique = []
    seen = set()
    for a in sequence:
        if id(a) not in seen:
            seen.add(id(a))
            unique.append(a)
    return unique, sequence


def _sentence_chars(atom: Atom) -> int:
    from .lexer import Text
    return sum(t.end - t.start for t in atom.tokens if isinstance(t, Text))


def first_arabic(atom: Atom) -> Label | None:
    for lab in atom.labels:
        if lab.kind == "ar":
            return lab
    return None


def last_item_in(atom: Atom, parent: int | None) -> Key | None:
    """The key of the last item an atom's labels open (`4.(1)` -> (4, 1))."""
    n, k = None, 0
    for lab in atom.labels:
        if lab.kind == "ar":
            n, k = lab.value, 0
        elif lab.kind == "par":
            k = lab.value
            if n is None:
                n = parent
    if n is None:
        return None
    return (n, k)


def is_disordered(sequence: list[Atom]) -> bool:
    """True when copies exist or arabic numbers go backwards."""
    if len({id(a) for a in sequence}) != len(sequence):
        return True
    last = 0
    for atom in sequence:
        for lab in atom.labels:
            if lab.kind == "ar":
                if lab.value < last:
                    return True
                last = lab.value
    return False


def longest_increasing(values: list[tuple[int, int]]) -> set[int]:
    """Indices (into values: (position, number)) of one longest strictly increasing run of number."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(values)
    for i, (_, v) in enumerate(values):
        j = bisect_left(tails, v)
        if j == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[j] = v
            tails_idx[j] = i
        prev[i] = tails_idx[j - 1] if j else -1
    out = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def atom_text(atom: Atom, fold: str) -> str:
    """The words of an atom without its responsibility blocks and labels."""
    from .lexer import Text
    return "".join(fold[t.start:t.end] for t in atom.tokens if isinstance(t, Text))


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    ga, gb = bigrams(a), bigrams(b)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


class Restorer:
    def __init__(self, sequence: list[Atom], fold: str, is_front_matter):
        self.seq = sequence
        self.fold = fold
        self.is_front_matter = is_front_matter
        self.parent: dict[int, int] = {}        # id(sub atom) -> arabic parent
        self.owner: dict[int, Key] = {}          # id(continuation atom) -> item key
        self.site_of: dict[int, int] = {}        # id(atom) -> chosen site
        self.displaced_ids: set[int] = set()
        self.slots: dict[Key, int] = {}          # item key -> id(atom) that opens it
        self.max_sub: dict[int, int] = {}
        self._idf: dict[str, float] | None = None
        self.plain_items: set[int] = set()

    # ---- helpers -------------------------------------------------------------------------
    def kind(self, atom: Atom) -> str:
        labels = atom.labels
        if not labels:
            return "cont"
        if first_arabic(atom):
            return "num"
        if any(l.kind == "par" for l in labels):
            return "sub"
        return "head"

    def item_key(self, atom: Atom) -> Key | None:
        return last_item_in(atom, self.parent.get(id(atom)))

    def text_of_item(self, key: Key) -> str:
        parts = []
        for atom in self.seq:
            if self.item_key(atom) == key or self.owner.get(id(atom)) == key:
                parts.append(atom.key)
        return "".join(dict.fromkeys(parts))

    def back_context(self, site: int) -> tuple[Key | None, bool]:
        """The item of the nearest labeled atom before a site, and whether that atom is trusted."""
        for j in range(site - 1, -1, -1):
            atom = self.seq[j]
            if self.is_front_matter(atom) or id(atom) in self.displaced_ids:
                continue  # a moved-in sentence hides what really stood before
            k = self.kind(atom)
            if k in ("num", "sub"):
                key = self.item_key(atom)
                if key is None:
                    return None, False
                trusted = id(atom) not in self.displaced_ids and self.site_of.get(id(atom), j) == j
                return key, trusted
            if k == "cont" and id(atom) in self.owner:
                return self.owner[id(atom)], self.site_of.get(id(atom), j) == j
        return None, False

    def _next_site(self, site: int) -> int | None:
        """The next site, passing over sentences that were moved in from elsewhere."""
        for j in range(site + 1, len(self.seq)):
            if id(self.seq[j]) not in self.displaced_ids:
                return j
        return None

    def fwd_trust(self, site: int) -> float:
        """A copy of the next atom that is kept elsewhere says little about this site."""
        j = self._next_site(site)
        if j is None:
            return 0.0
        chosen = self.site_of.get(id(self.seq[j]))
        if chosen is not None and chosen != j:
            return 0.3
        return 1.0

    def fwd_owner(self, site: int) -> Key | None:
        """The item that owns the block opening the next atom (the item before its first label)."""
        nxt_site = self._next_site(site)
        if nxt_site is None:
            return None
        nxt = self.seq[nxt_site]
        if not nxt.leading_resp:
            return None
        first = nxt.first_label()
        if first is None:
            return None
        ar = first_arabic(nxt)
        labels = nxt.labels
        if ar is not None and all(l.kind in ("cn", "pcn") for l in labels[:labels.index(ar)]):
            n = ar.value - 1
            return (n, self.max_sub.get(n, 0))
        if first.kind == "par" and id(nxt) in self.parent:
            return (self.parent[id(nxt)], first.value - 1)
        return None

    # ---- stages --------------------------------------------------------------------------
    def place_numbered(self) -> None:
        sites = [(i, first_arabic(a).value) for i, a in enumerate(self.seq) if self.kind(a) == "num"]
        in_run = {sites[i][0] for i in longest_increasing(sites)}
        seen: set[int] = set()
        for i, _ in sites:
            atom = self.seq[i]
            if id(atom) in seen:
                continue
            seen.add(id(atom))
            chosen = next((s for s in atom.sites if s in in_run), None)
            if chosen is None:
                chosen = atom.sites[0]
                self.displaced_ids.add(id(atom))
            self.site_of[id(atom)] = chosen
            key = self.item_key(atom)
            for lab in atom.labels:
                if lab.kind == "par" and key:
                    self.max_sub[key[0]] = max(self.max_sub.get(key[0], 0), lab.value)
            if key:
                self.slots.setdefault(key, id(atom))

    def place_subs(self) -> None:
        """Give each bare `(k)` its arabic parent: context votes (what precedes it, whose block
        opens the next atom) plus shared words with the parent's other items; a parent whose
        slot `k` is already filled by another sentence is unlikely."""
        numbers = sorted({first_arabic(a).value for a in self.seq if self.kind(a) == "num"})
        self.plain_items = {first_arabic(a).value for a in self.seq
                            if self.kind(a) == "num" and self._opens_plain_item(a)}
        lo, hi = (numbers[0], numbers[-1] + 1) if numbers else (1, 1)
        pending = []
        for atom in dict.fromkeys(a for a in self.seq if self.kind(a) == "sub"):
            pending.append(atom)
        for atom in pending:
            k = next(l.value for l in atom.labels if l.kind == "par")
            best = None
            for site in atom.sites:
                cands = self._sub_candidates(site, atom, k, range(lo, hi + 1))
                if cands and (best is None or cands[0][0] > best[0][0]):
                    best = (cands[0], site)
            if best is None:
                continue
            (score, parent), site = best
            self.parent[id(atom)] = parent
            self.site_of[id(atom)] = site
            self.slots.setdefault((parent, k), id(atom))
            self.max_sub[parent] = max(self.max_sub.get(parent, 0), k)

    def _sub_candidates(self, site: int, atom: Atom, k: int, numbers) -> list[tuple[float, int]]:
        scores: dict[int, float] = {}
        back, trusted = self.back_context(site)
        if back is not None:
            p, j = back
            if k > j:
                scores[p] = scores.get(p, 0) + (2.0 if k == j + 1 else 1.0) * (1 if trusted else 0.5)
            else:
                scores[p + 1] = scores.get(p + 1, 0) + 1.5 * (1 if trusted else 0.5)
        fwd = self.fwd_owner(site)
        if fwd is not None:
            scores[fwd[0]] = scores.get(fwd[0], 0) + 2.0 * self.fwd_trust(site)
        own = atom_text(atom, self.fold)
        out = []
        for p in numbers:
            if p in self.plain_items:
                continue  # `3.` followed by its own text has no sub-items
            s = scores.get(p, 0.0)
            texts = self.parent_texts(p)
            if not texts and p not in scores:
                continue
            s += 2.0 * max((self.sim(own, t) for t in texts), default=0.0)
            if self.slots.get((p, k)) not in (None, id(atom)):
                s -= 3.0
            out.append((s, p))
        out.sort(reverse=True)
        return out

    def _opens_plain_item(self, atom: Atom) -> bool:
        labels = atom.labels
        ar = first_arabic(atom)
        after = labels[labels.index(ar) + 1:]
        return not (after and after[0].kind == "par")

    def parent_texts(self, n: int) -> list[str]:
        parts = []
        for atom in dict.fromkeys(self.seq):
            kind = self.kind(atom)
            if (kind == "num" and first_arabic(atom).value == n) or self.parent.get(id(atom)) == n:
                parts.append(atom_text(atom, self.fold))
        return parts

    def sim(self, a: str, b: str) -> float:
        """Shared bigrams weighted by rarity in this document, as a share of a's weight."""
        if self._idf is None:
            from collections import Counter
            from math import log
            df = Counter()
            texts = [atom_text(x, self.fold) for x in dict.fromkeys(self.seq)]
            for t in texts:
                df.update(bigrams(t))
            n = len(texts) + 1
            self._idf = {g: log(n / c) for g, c in df.items()}
        ga, gb = bigrams(a), bigrams(b)
        total = sum(self._idf.get(g, 0.0) for g in ga)
        if not total:
            return 0.0
        return sum(self._idf.get(g, 0.0) for g in ga & gb) / total

    def place_continuations(self) -> None:
        done: set[int] = set()
        for atom in self.seq:
            if self.kind(atom) not in ("cont", "head") or id(atom) in done:
                continue
            done.add(id(atom))
            if self.is_front_matter(atom):
                continue
            best = None
            for site in atom.sites:
                for score, key in self._owner_candidates(site, atom):
                    if best is None or score > best[0]:
                        best = (score, key, site)
            if best is None:
                continue
            _, key, site = best
            self.owner[id(atom)] = key
            self.site_of[id(atom)] = site

    def _owner_candidates(self, site: int, atom: Atom) -> list[tuple[float, Key]]:
        if self.kind(atom) == "head":
            fwd_atom = self._next_labeled(site)
            if fwd_atom is None:
                return []
            key = self.item_key(fwd_atom)
            return [(1.0, (key[0] - 0, -1))] if key else []
        back, trusted = self.back_context(site)
        fwd = self.fwd_owner(site)
        scores: dict[Key, float] = {}
        if back is not None:
            scores[back] = scores.get(back, 0) + (1.0 if trusted else 0.4)
        if fwd is not None:
            scores[fwd] = scores.get(fwd, 0) + 1.0 * self.fwd_trust(site)
        if len(scores) > 1 or len(atom.sites) > 1:
            for key in list(scores):
                scores[key] += 2.0 * self.sim(atom_text(atom, self.fold), self.text_of_item(key))
        return sorted(((s, k) for k, s in scores.items()), reverse=True)

    def _next_labeled(self, site: int) -> Atom | None:
        for j in range(site + 1, len(self.seq)):
            if self.kind(self.seq[j]) in ("num", "sub"):
                return self.seq[j]
        return None


def restore(atoms: list[Atom], fold: str, is_front_matter) -> Placement:
    unique, sequence = dedupe(atoms)
    removed = len(atoms) - len(unique)
    if not is_disordered(sequence):
        return Placement(atoms=unique, synthetic_before={}, duplicates_removed=removed)
    r = Restorer(sequence, fold, is_front_matter)
    r.place_numbered()
    r.place_subs()
    r.place_continuations()

    front = [a for a in unique if r.is_front_matter(a) or
             (r.kind(a) in ("cont", "head") and id(a) not in r.owner and a.sites[0] < _first_numbered_site(r))]
    front_ids = {id(a) for a in front}

    def rank(atom: Atom):
        site = r.site_of.get(id(atom), atom.sites[0])
        kind = r.kind(atom)
        if kind == "num":
            n, _ = r.item_key(atom)
            ar = first_arabic(atom)
            after = atom.labels[atom.labels.index(ar) + 1:]
            k0 = after[0].value if after and after[0].kind == "par" else 0
            return (n, k0, 0, site)
        if kind == "sub" and id(atom) in r.parent:
            k = next(l.value for l in atom.labels if l.kind == "par")
            return (r.parent[id(atom)], k, 0, site)
        if id(atom) in r.owner:
            n, k = r.owner[id(atom)]
            if k == -1:  # heading-only atom: just before the item that follows it
                nxt = r._next_labeled(site)
                return (*rank(nxt)[:2], -1, site) if nxt is not None else (n, 0, -1, site)
            return (n, k, 1, site)
        return None

    placed = []
    unplaced = []
    for atom in unique:
        if id(atom) in front_ids:
            continue
        rk = rank(atom)
        (placed if rk is not None else unplaced).append((rk, atom))
    placed.sort(key=lambda x: x[0])
    ordered = [a for _, a in placed]
    synthetic = _synthetic_labels(placed, r)
    displaced = []
    for rk, atom in placed:
        if id(atom) in r.displaced_ids:
            key = r.item_key(atom)
            displaced.append(_ref_of(key))
    ordered_front = sorted(front, key=lambda a: a.sites[0])
    result = Placement(atoms=ordered_front + ordered + [a for _, a in unplaced],
                       synthetic_before=synthetic, duplicates_removed=removed, displaced=displaced,
                       front_matter=ordered_front)
    return result


def _first_numbered_site(r: Restorer) -> int:
    for i, atom in enumerate(r.seq):
        if r.kind(atom) in ("num", "sub"):
            return i
    return len(r.seq)


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
        labels: list[Label] = []
        kind = r.kind(atom)
        if kind == "num":
            if atom.leading_resp and cur_n is not None and n - 1 > cur_n:
                labels.append(Label("ar", n - 1, atom.start, atom.start))
            cur_n = r.item_key(atom)[0]
            cur_k = r.item_key(atom)[1]
        elif kind == "sub":
            if n != cur_n:
                labels.append(Label("ar", n, atom.start, atom.start))
                cur_n, cur_k = n, 0
            if atom.leading_resp and k - 1 > cur_k:
                labels.append(Label("par", k - 1, atom.start, atom.start))
            cur_k = k
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
