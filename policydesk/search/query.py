"""Run a question against the registry: expand words with synonyms, fetch candidates with
FTS5, rank by how much of the question a task covers (weighted by rarity) and then BM25."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from sqlalchemy import text

from .segment import query_words, tokens
from .synonyms import expand

# a task must cover at least this share of the question's weight to be shown
RELEVANCE_FLOOR = 0.55
# best-ranked tasks holding the question's heaviest words that are checked for coverage
CANDIDATES = 300


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


def _alternatives(word: str) -> list[frozenset[str]]:
    """Ways a task can contain a query word: the word or a synonym as one token, or all the
    finer pieces of it (`养老保险` is in `养老、失业、工伤保险费` as 养老 + 保险)."""
    alts: set[frozenset[str]] = set()
    for variant in expand(word):
        alts.add(frozenset([variant]))
        parts = [p for p in tokens(variant) if p != variant and len(p) > 1]
        if len(parts) > 1:
            alts.add(frozenset(parts))
    return sorted(alts, key=lambda a: (len(a), sorted(a)))


class _Fts5:
    """SQLite: FTS5 with bm25()."""
    def count(self, conn) -> int:
        return conn.execute(text("SELECT count(*) FROM tasks")).scalar_one()

    def term_docs(self, conn, terms: list[str]) -> dict[str, int]:
        """Documents per word, from the vocabulary table (no scan of the index)."""
        return dict(conn.execute(text(
            "SELECT term, doc FROM task_fts_vocab WHERE term IN (" +
            ",".join(f":t{i}" for i in range(len(terms))) + ")"),
            {f"t{i}": t for i, t in enumerate(terms)}).all())

    def candidates(self, conn, floor_sets):
        match = " OR ".join("(" + " AND ".join(f"({_group_match(a)})" for a in fs) + ")" for fs in floor_sets)
        return conn.execute(text(
            "SELECT rowid AS id, -rank AS score, body FROM task_fts WHERE task_fts MATCH :q "
            "ORDER BY rank LIMIT :n"), {"q": match, "n": CANDIDATES}).all()


class _TsVector:
    """PostgreSQL: tsvector over the same segmented words, ranked with ts_rank."""
    def count(self, conn) -> int:
        return conn.execute(text("SELECT count(*) FROM tasks")).scalar_one()

    def term_docs(self, conn, terms: list[str]) -> dict[str, int]:
        """Documents per word, kept up to date at ingest (search_terms)."""
        return dict(conn.execute(text("SELECT term, docs FROM search_terms WHERE term = ANY(:terms)"),
                                 {"terms": list(terms)}).all())

    def candidates(self, conn, floor_sets):
        q = " | ".join("(" + " & ".join(f"({_tsquery(a)})" for a in fs) + ")" for fs in floor_sets)
        return conn.execute(text(
            "SELECT task_id AS id, ts_rank(tsv, to_tsquery('simple', :q)) * 100 AS score, body "
            "FROM task_search WHERE tsv @@ to_tsquery('simple', :q) ORDER BY score DESC LIMIT :n"),
            {"q": q, "n": CANDIDATES}).all()


def _tsquery(alternatives: list[frozenset[str]]) -> str:
    def lexeme(t: str) -> str:
        return "'" + t.replace("'", "''").replace("\\", "") + "'"
    return " | ".join("(" + " & ".join(lexeme(t) for t in sorted(alt)) + ")" for alt in alternatives)


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


def search(registry, query: str, limit: int = 10) -> dict:
    backend = _Fts5() if registry.is_sqlite else _TsVector()
    words = query_words(query)
    result = {"query": query, "results": []}
    if not words:
        return result
    groups = []
    for w in words:
        alts = _alternatives(w)
        if all(g != alts for _, g in groups):  # 专精特新 and 独角兽 are one synonym group: ask once
            groups.append((w, alts))
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
        rows = backend.candidates(conn, _floor_sets(groups, weights))
        hits = []
        weight_sum = sum(weights)
        for row in rows:
            body = set(row.body.split())
            covered, matched = 0.0, []
            for (word, alts), wgt in zip(groups, weights):
                found = [alt for alt in alts if alt <= body]
                if found:
                    covered += wgt
                    matched.extend(t for alt in found for t in alt)
            coverage = covered / weight_sum if weight_sum else 0.0
            if coverage >= RELEVANCE_FLOOR:
                hits.append(Hit(row.id, float(row.score), coverage, matched))
        hits.sort(key=lambda h: (-round(h.coverage, 3), -h.bm25))
        for h in hits[:limit]:
            result["results"].append(_describe(conn, h))
    return result


def _describe(conn, hit: Hit) -> dict:
    row = conn.execute(text(
        "SELECT t.ref, t.path_json, t.text, t.lead_json, t.support_json, t.section, t.beneficiaries_json, "
        "g.title, g.doc_number, g.id AS guide_id FROM tasks t JOIN guides g ON g.id = t.guide_id WHERE t.id = :id"),
        {"id": hit.task_id}).one()
    highlights = sorted({m for m in hit.matched if m in row.text}, key=len, reverse=True)
    return {
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
        "highlights": highlights,
        "beneficiaries": json.loads(row.beneficiaries_json),
    }
