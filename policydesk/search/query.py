"""Run a question against the registry: expand words with synonyms (one concept token per
synonym group in the index), fetch candidates level by level of coverage from FTS5 or
PostgreSQL full-text search, rank by how much of the question a task covers (weighted by
rarity) and then BM25."""
from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text

from .segment import query_words
from .concepts import alternatives, concept_of
from .synonyms import expand

# a task must cover at least this share of the question's weight to be shown
RELEVANCE_FLOOR = 0.55
# best-ranked tasks holding the question's heaviest words that are checked for coverage
CANDIDATES = 300
# matches read per index query (newest first); FTS5's own bm25 costs about 10 µs a row, so
# ranking happens in _rank over these
RANK_ALL = 100
# coverage levels fetched one by one before falling back to the bm25-ranked floor sets
EXACT_LEVELS = 4
# questions with more distinct words than this skip the level-by-level fetch
MAX_LISTED_WORDS = 10


@dataclass
class Hit:
    task_id: int
    bm25: float
    coverage: float
    matched: list[str]


def _fts_quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _group_match(alternatives: list[frozenset[str]]) -> str:
    return " OR ".join("(" + " AND ".join(_fts_quote(t) for t in sorted(alt)) + ")" for alt in alternatives)


def _word_group(word: str) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """(how the index is asked for a question word, which tokens show it in a text). A word of
    a synonym group is asked as the group's concept token; any other word as itself or as all
    its finer pieces (`养老保险` is in `养老、失业、工伤保险费` as 养老 + 保险)."""
    variants = expand(word)
    concept = concept_of(variants) if len(variants) > 1 else None
    if concept:
        token, shown = concept
        return [frozenset([token])], shown
    alts = alternatives(variants)
    return alts, alts


class _Fts5:
    """SQLite: FTS5 with bm25()."""
    def count(self, conn) -> int:
        return conn.execute(text("SELECT count(*) FROM tasks")).scalar_one()

    def term_docs(self, conn, terms: list[str]) -> dict[str, int]:
        """Documents per word, kept up to date at ingest (search_terms; fts5vocab would walk
        each word's posting list)."""
        return dict(conn.execute(text(
            "SELECT term, docs FROM search_terms WHERE term IN (" +
            ",".join(f":t{i}" for i in range(len(terms))) + ")"),
            {f"t{i}": t for i, t in enumerate(terms)}).all())

    def _best(self, conn, match: str, n: int):
        """Up to RANK_ALL matches, newest first; the caller orders them by coverage, mentions
        and length. One pass over the index, no bm25 (about 10 µs a row in FTS5)."""
        return conn.execute(text(
            "SELECT rowid AS id, 0.0 AS score, body FROM task_fts WHERE task_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT :n"), {"q": match, "n": max(n, RANK_ALL)}).all()

    def candidates(self, conn, floor_sets):
        return self._best(conn, _any_tier([(fs, []) for fs in floor_sets], _FTS5_OPS), CANDIDATES)

    def exact(self, conn, tiers, n: int):
        """Tasks holding exactly the groups of one of the tiers, best first."""
        return self._best(conn, _any_tier(tiers, _FTS5_OPS), n)


class _TsVector:
    """PostgreSQL: tsvector over the same segmented words, ranked with ts_rank."""
    def count(self, conn) -> int:
        return conn.execute(text("SELECT count(*) FROM tasks")).scalar_one()

    def term_docs(self, conn, terms: list[str]) -> dict[str, int]:
        """Documents per word, kept up to date at ingest (search_terms)."""
        return dict(conn.execute(text("SELECT term, docs FROM search_terms WHERE term = ANY(:terms)"),
                                 {"terms": list(terms)}).all())

    def _best(self, conn, q: str, n: int):
        return conn.execute(text(
            "SELECT task_id AS id, ts_rank(tsv, to_tsquery('simple', :q)) * 100 AS score, body "
            "FROM task_search WHERE tsv @@ to_tsquery('simple', :q) ORDER BY score DESC LIMIT :n"),
            {"q": q, "n": n}).all()

    def candidates(self, conn, floor_sets):
        return self._best(conn, _any_tier([(fs, []) for fs in floor_sets], _TSQUERY_OPS), CANDIDATES)

    def exact(self, conn, tiers, n: int):
        return self._best(conn, _any_tier(tiers, _TSQUERY_OPS), max(n, RANK_ALL))


@dataclass(frozen=True)
class _Ops:
    """How one query language writes a group, `and`, `or` and `a but not b`."""
    group: Callable[[list[frozenset[str]]], str]
    and_: str
    or_: str
    but_not: str  # a format with {0} = what must hold, {1} = what must not


def _any_tier(tiers, ops: _Ops) -> str:
    """Tasks holding every group of `inside` and none of `outside`, for any (inside, outside)."""
    def clause(inside, outside):
        q = ops.and_.join(f"({ops.group(a)})" for a in inside)
        if outside:
            q = ops.but_not.format(q, ops.or_.join(f"({ops.group(a)})" for a in outside))
        return q
    return ops.or_.join(f"({clause(i, o)})" for i, o in tiers)


def _tsquery(alternatives: list[frozenset[str]]) -> str:
    def lexeme(t: str) -> str:
        return "'" + t.replace("'", "''").replace("\\", "") + "'"
    return " | ".join("(" + " & ".join(lexeme(t) for t in sorted(alt)) + ")" for alt in alternatives)


_FTS5_OPS = _Ops(_group_match, " AND ", " OR ", "({0}) NOT ({1})")
_TSQUERY_OPS = _Ops(_tsquery, " & ", " | ", "({0}) & !({1})")


def _floor_sets(groups, weights) -> list[list]:
    """The smallest sets of question words whose weight reaches the floor: a task holds all the
    words of at least one of them, or it cannot be shown. Fetching by these (AND inside, OR
    between) loses no answer and reads far fewer tasks than any-word matching."""
    from itertools import combinations
    need = RELEVANCE_FLOOR * sum(weights)
    idx = sorted(range(len(groups)), key=lambda i: -weights[i])[:8]
    minimal: list[tuple[int, ...]] = []
    for size in range(1, len(idx) + 1):
        for combo in combinations(idx, size):
            if sum(weights[i] for i in combo) + 1e-9 < need:
                continue
            if any(set(m) <= set(combo) for m in minimal):
                continue
            minimal.append(combo)
    return [[groups[i][1] for i in combo] for combo in minimal]


def _coverage_levels(groups, weights, present) -> list[list[tuple[list, list]]] | None:
    """Every set of question words a shown task could hold exactly, grouped by the coverage it
    gives, best first: [(words held, words absent), …] per level. Words no task holds are left
    out (a set that needs them is empty). None when the question has too many words to list."""
    from itertools import combinations
    usable = [i for i in range(len(groups)) if present[i]]
    if len(usable) > MAX_LISTED_WORDS:
        return None
    total = sum(weights)
    levels: dict[float, list] = {}
    for size in range(len(usable), 0, -1):
        for combo in combinations(usable, size):
            cover = sum(weights[i] for i in combo) / total
            if cover + 1e-9 < RELEVANCE_FLOOR:
                continue
            inside = [groups[i][1] for i in combo]
            outside = [groups[i][1] for i in usable if i not in combo]
            levels.setdefault(round(cover, 3), []).append((inside, outside))
    return [levels[k] for k in sorted(levels, reverse=True)]


def _fetch(backend, conn, groups, weights, present, want: int):
    """Candidates in the order they will be shown: level by level of coverage (each level ranked
    by bm25), which for most questions fills the page from the first levels with small
    indexed lookups; what the first levels leave open comes from the bm25-ranked floor sets."""
    levels = _coverage_levels(groups, weights, present)
    rows, seen = [], set()
    if levels is not None:
        for level in levels[:EXACT_LEVELS]:
            for row in backend.exact(conn, level, want - len(rows)):
                rows.append(row)
                seen.add(row.id)
            if len(rows) >= want:
                return rows
        if len(levels) <= EXACT_LEVELS:
            return rows
    return rows + [r for r in backend.candidates(conn, _floor_sets(groups, weights)) if r.id not in seen]


def search(registry, query: str, limit: int = 10) -> dict:
    backend = _Fts5() if registry.is_sqlite else _TsVector()
    words = query_words(query)
    result = {"query": query, "results": []}
    if not words:
        return result
    groups, shown = [], []
    for w in words:
        alts, show = _word_group(w)
        if all(g != alts for _, g in groups):  # 专精特新 and 独角兽 are one synonym group: ask once
            groups.append((w, alts))
            shown.append(show)
    with registry.engine.connect() as conn:
        total = backend.count(conn) or 1
        terms = sorted({t for _, alts in groups for alt in alts for t in alt})
        docs = backend.term_docs(conn, terms) if terms else {}
        weights = []
        for _, alts in groups:
            # documents holding the group, estimated from word counts: an alternative of several
            # pieces counts as its rarest piece, the group as its commonest alternative
            df = max((min(docs.get(t, 0) for t in alt) for alt in alts), default=0)
            # a word no task uses weighs as much as the rarest word: asking about it and
            # finding nothing is part of the answer
            weights.append(math.log((total + 1) / (df + 0.5)) if df else math.log(total + 1))
        present = [any(all(docs.get(t, 0) for t in alt) for alt in alts) for _, alts in groups]
        rows = _fetch(backend, conn, groups, weights, present, limit)
        hits = _rank(rows, groups, shown, weights)
        result["results"] = _describe(conn, hits[:limit])
    return result


def _rank(rows, groups, shown, weights) -> list[Hit]:
    """Keep the rows that cover enough of the question; order them by coverage, then BM25
    (k1 1.2, b 0.75) over the question's words, a word's frequency counting every variant of it
    the task uses. Computed here, the same on SQLite and PostgreSQL."""
    k1, b = 1.2, 0.75
    weight_sum = sum(weights) or 1.0
    parsed = [(row, row.body.split()) for row in rows]
    avgdl = (sum(len(w) for _, w in parsed) / len(parsed)) if parsed else 1.0
    hits = []
    for row, words_in in parsed:
        counts = Counter(words_in)
        body = counts.keys()
        covered, matched, score = 0.0, [], 0.0
        norm = k1 * (1 - b + b * len(words_in) / avgdl)
        for (_, alts), show, weight in zip(groups, shown, weights):
            if not any(alt <= body for alt in alts):
                continue
            covered += weight
            said = {t for alt in show if alt <= body for t in alt}
            matched.extend(said)
            tf = sum(counts[t] for t in said) or 1
            score += weight * tf * (k1 + 1) / (tf + norm)
        coverage = covered / weight_sum
        if coverage >= RELEVANCE_FLOOR:
            hits.append(Hit(row.id, score, coverage, matched))
    hits.sort(key=lambda h: (-round(h.coverage, 3), -h.bm25, h.task_id))
    return hits


def _describe(conn, hits: list[Hit]) -> list[dict]:
    """The hits as results, with their task, units and guide, in one query."""
    if not hits:
        return []
    rows = {r.id: r for r in conn.execute(text(
        "SELECT t.id, t.ref, t.path_json, t.text, t.lead_json, t.support_json, t.section, t.beneficiaries_json, "
        "g.title, g.doc_number, g.id AS guide_id FROM tasks t JOIN guides g ON g.id = t.guide_id WHERE t.id IN ("
        + ",".join(str(int(h.task_id)) for h in hits) + ")"))}
    out = []
    for hit in hits:
        row = rows[hit.task_id]
        out.append({
            "ref": row.ref,
            "task_id": hit.task_id,
            "guide": row.title or row.doc_number,
            "guide_id": row.guide_id,
            "path": json.loads(row.path_json),
            "section": row.section,
            "text": row.text,
            "score": round(hit.coverage + hit.bm25 / 100, 4),
            "lead": json.loads(row.lead_json),
            "support": json.loads(row.support_json),
            "highlights": sorted({m for m in hit.matched if m in row.text}, key=len, reverse=True),
            "beneficiaries": json.loads(row.beneficiaries_json),
        })
    return out
