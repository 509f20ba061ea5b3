"""Open a registry (SQLite file or any SQLAlchemy URL), migrate it, store and read guides."""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from sqlalchemy import create_engine, delete, event, insert, select, text
from sqlalchemy.engine import Engine

from ..model import Guide
from .tables import contacts, guides, organs, outline, settings, task_units, tasks, units

DEFAULT_DB = "policydesk.db"


def database_url(db: str | None) -> str:
    """--db PATH, else POLICYDESK_DATABASE_URL, else policydesk.db in the working directory."""
    if db:
        return db if "://" in db else f"sqlite:///{Path(db).resolve()}"
    return os.environ.get("POLICYDESK_DATABASE_URL") or f"sqlite:///{Path(DEFAULT_DB).resolve()}"


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("policydesk.store").joinpath("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class IngestResult:
    status: str        # added | unchanged | new-version
    guide_id: int
    version: int
    tasks: int


class Registry:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"

    # ---- writing ------------------------------------------------------------------------
    def ingest(self, guide: Guide, source_text: str) -> IngestResult:
        """Store a parsed guide in one transaction. The same file again changes nothing; a new
        file with the same 发文字号 (or title) becomes the next version of that guide."""
        from ..desk.assignments import create_for_task, previous_state
        from ..search.index import index_body
        with self.engine.begin() as conn:
            row = conn.execute(select(guides.c.id, guides.c.version)
                               .where(guides.c.sha256 == guide.source.sha256)).first()
            if row:
                count = conn.execute(select(text("count(*)")).select_from(tasks)
                                     .where(tasks.c.guide_id == row.id)).scalar_one()
                return IngestResult("unchanged", row.id, row.version, count)
            d = guide.document
            series = d.doc_number or d.title or guide.source.name
            previous = conn.execute(select(guides.c.version).where(guides.c.series == series)
                                    .order_by(guides.c.version.desc())).first()
            version = previous.version + 1 if previous else 1
            guide_id = conn.execute(insert(guides).values(
                series=series, version=version, sha256=guide.source.sha256, source_name=guide.source.name,
                title=d.title, notice_title=d.notice_title, doc_number=d.doc_number, issuer=d.issuer,
                date=d.date, guide_json=guide.to_json(indent=None), source_text=source_text,
                created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            )).inserted_primary_key[0]
            headings = {tuple(h.path): h.title for h in guide.outline}
            carried = previous_state(conn, guide_id, series, version)
            for pos, t in enumerate(guide.tasks):
                section = " / ".join(headings[tuple(t.path[:i])] for i in range(1, len(t.path))
                                     if tuple(t.path[:i]) in headings)
                task_id = conn.execute(insert(tasks).values(
                    guide_id=guide_id, position=pos, ref=t.ref, path_json=json.dumps(t.path, ensure_ascii=False),
                    section=section, text=t.text,
                    lead_json=json.dumps([u.__dict__ for u in t.lead], ensure_ascii=False),
                    support_json=json.dumps([u.__dict__ for u in t.support], ensure_ascii=False),
                    deadlines_json=json.dumps([x.__dict__ for x in t.deadlines], ensure_ascii=False),
                    beneficiaries_json=json.dumps(t.beneficiaries, ensure_ascii=False),
                )).inserted_primary_key[0]
                links: list[tuple[int, str]] = []
                for role, people in (("lead", t.lead), ("support", t.support)):
                    for u in people:
                        unit_id = self._unit_id(conn, u.name, u.org, u.office)
                        if (unit_id, role) in links:
                            continue  # one unit named twice in a task (two scopes): one link
                        links.append((unit_id, role))
                        conn.execute(insert(task_units).values(task_id=task_id, unit_id=unit_id, role=role,
                                                               scope=u.scope, phones="、".join(u.phones)))
                create_for_task(conn, task_id, links, [x.__dict__ for x in t.deadlines],
                                {(u, r): v for (ref, u, r), v in carried.items() if ref == t.ref})
                body = index_body(t, section)
                if self.is_sqlite:
                    conn.execute(text("INSERT INTO task_fts(rowid, body) VALUES (:id, :body)"),
                                 {"id": task_id, "body": body})
                else:
                    conn.execute(text("INSERT INTO task_search(task_id, body) VALUES (:id, :body)"),
                                 {"id": task_id, "body": body})
                conn.execute(text("INSERT INTO search_terms(term, docs) VALUES (:t, 1) "
                                  "ON CONFLICT (term) DO UPDATE SET docs = search_terms.docs + 1"),
                             [{"t": t} for t in sorted(set(body.split()))])
            if guide.outline:
                conn.execute(insert(outline), [
                    {"guide_id": guide_id, "position": i, "path_json": json.dumps(h.path, ensure_ascii=False),
                     "title": h.title} for i, h in enumerate(guide.outline)])
            if guide.contacts:
                conn.execute(insert(contacts), [
                    {"guide_id": guide_id, "unit_id": self._unit_id(conn, c.name, c.org, c.office), "name": c.name,
                     "phones": "、".join(c.phones), "refs_json": json.dumps(c.refs, ensure_ascii=False)}
                    for c in guide.contacts])
            if version > 1:
                self._unindex_superseded(conn, series, version)
            return IngestResult("new-version" if version > 1 else "added", guide_id, version, len(guide.tasks))

    def _unindex_superseded(self, conn, series: str, version: int) -> None:
        """Search answers from the current version of a guide only; older versions stay readable."""
        old = ("SELECT t.id FROM tasks t JOIN guides g ON g.id = t.guide_id "
               "WHERE g.series = :s AND g.version < :v")
        params = {"s": series, "v": version}
        index, key = ("task_fts", "rowid") if self.is_sqlite else ("task_search", "task_id")
        bodies = conn.execute(text(f"SELECT body FROM {index} WHERE {key} IN ({old})"), params).scalars().all()
        docs = term_document_counts(bodies)
        if docs:
            conn.execute(text("UPDATE search_terms SET docs = docs - :n WHERE term = :t"),
                         [{"t": t, "n": n} for t, n in docs.items()])
        conn.execute(text(f"DELETE FROM {index} WHERE {key} IN ({old})"), params)

    def _unit_id(self, conn, name: str, org: str, office: str | None) -> int:
        found = conn.execute(select(units.c.id).where(units.c.name == name)).first()
        if found:
            return found.id
        organ = conn.execute(select(organs.c.id).where(organs.c.name == org)).first()
        organ_id = organ.id if organ else conn.execute(insert(organs).values(name=org)).inserted_primary_key[0]
        return conn.execute(insert(units).values(name=name, organ_id=organ_id, office=office)).inserted_primary_key[0]

    def index_is_current(self) -> bool:
        from ..search.concepts import index_version
        with self.engine.connect() as conn:
            stored = conn.execute(select(settings.c.value).where(settings.c.key == "index_version")).scalar()
        return stored == index_version()

    def reindex(self) -> int:
        """Rebuild the search index of every task with the current segmenter, dictionaries and
        synonym groups, in one transaction; return the number of tasks."""
        from ..search.concepts import index_version
        from ..search.index import body_of
        with self.engine.begin() as conn:
            rows = conn.execute(text(
                "SELECT t.id, t.text, t.section, t.beneficiaries_json, t.lead_json, t.support_json "
                "FROM tasks t JOIN guides g ON g.id = t.guide_id "
                "WHERE g.version = (SELECT max(g2.version) FROM guides g2 WHERE g2.series = g.series)")).all()
            bodies = [{"id": r.id, "body": body_of(r.text, r.section, json.loads(r.beneficiaries_json),
                                                   json.loads(r.lead_json) + json.loads(r.support_json))}
                      for r in rows]
            if self.is_sqlite:
                conn.execute(text("DELETE FROM task_fts"))
                if bodies:
                    conn.execute(text("INSERT INTO task_fts(rowid, body) VALUES (:id, :body)"), bodies)
            else:
                conn.execute(text("DELETE FROM task_search"))
                if bodies:
                    conn.execute(text("INSERT INTO task_search(task_id, body) VALUES (:id, :body)"), bodies)
            write_term_counts(conn, [b["body"] for b in bodies])
            conn.execute(delete(settings).where(settings.c.key == "index_version"))
            conn.execute(insert(settings).values(key="index_version", value=index_version()))
        return len(bodies)

    # ---- reading ------------------------------------------------------------------------
    def guide_rows(self):
        with self.engine.connect() as conn:
            return conn.execute(select(guides.c.id, guides.c.title, guides.c.doc_number, guides.c.version,
                                       guides.c.series, guides.c.source_name)).all()


def term_document_counts(bodies: list[str]) -> Counter:
    """How many index bodies hold each word."""
    return Counter(term for body in bodies for term in set(body.split()))


def write_term_counts(conn, bodies: list[str]) -> None:
    """Replace the per-word document counts the search weighs question words with."""
    conn.execute(text("DELETE FROM search_terms"))
    docs = term_document_counts(bodies)
    if docs:
        conn.execute(text("INSERT INTO search_terms(term, docs) VALUES (:t, :n)"),
                     [{"t": t, "n": n} for t, n in docs.items()])


def open_registry(db: str | None = None) -> Registry:
    engine = create_engine(database_url(db), future=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
    _migrate(engine)
    registry = Registry(engine)
    if not registry.index_is_current():
        registry.reindex()  # built with other synonyms or dictionaries (or before concept tokens)
    return registry
