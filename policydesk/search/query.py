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
        return conn.execute(text("SELECT count(*) FROM task_fts")).scalar_one()

    def df(self, conn, alts) -> int:
        return conn.execute(text("SELECT count(*) FROM task_fts WHERE task_fts MATCH :q"),
                            {"q": _group_match(alts)}).scalar_one()

    def candidates(self, conn, groups):
        match = " OR ".join(f"({_group_match(a)})" for _, a in groups)
        return conn.execute(text(
            "SELECT rowid AS id, -bm25(task_fts) AS score, body FROM task_fts WHERE task_fts MATCH :q "
            "ORDER BY bm25(task_fts) LIMIT 500"), {"q": match}).all()


class _TsVector:
    """PostgreSQL: tsvector over the same segmented words, ranked with ts_rank."""
    def count(self, conn) -> int:
        return conn.execute(text("SELECT count(*) FROM task_search")).scalar_one()

    def df(self, conn, alts) -> int:
        return conn.execute(text("SELECT count(*) FROM task_search WHERE tsv @@ to_tsquery('simple', :q)"),
                            {"q": _tsquery(alts)}).scalar_one()

    def candidates(self, conn, groups):
        q = " | ".join(f"({_tsquery(a)})" for _, a in groups)
        return conn.execute(text(
            "SELECT task_id AS id, ts_rank(tsv, to_tsquery('simple', :q)) * 100 AS score, body "
            "FROM task_search WHERE tsv @@ to_tsquery('simple', :q) ORDER BY score DESC LIMIT 500"), {"q": q}).all()


def _tsquery(alternatives: list[frozenset[str]]) -> str:
    def lexeme(t: str) -> str:
        return "'" + t.replace("'", "''").replace("\\", "") + "'"
    return " | ".join("(" + " & ".join(lexeme(t) for t in sorted(alt)) + ")" for alt in alternatives)


def search(registry, query: str, limit: int = 10) -> dict:
    backend = _Fts5() if registry.is_sqlite else _TsVector()
    words = query_words(query)
    result = {"query": query, "results": []}
    if not words:
        return result
    groups = [(w, _alternatives(w)) for w in words]
    with registry.engine.connect() as conn:
        total = backend.count(conn) or 1
        weights = []
        for _, alts in groups:
            df = backend.df(conn, alts)
            # a word no task uses weighs as much as the rarest word: asking about it and
            # finding nothing is part of the answer
            weights.append(math.log((total + 1) / (df + 0.5)) if df else math.log(total + 1))
        rows = backend.candidates(conn, groups)
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
