"""The Guide: dataclasses that mirror spec/guide-json.md, with to/from JSON.

Everything downstream (CLI, export, registry) reads these; the parser is the only writer.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_ID = "policydesk.guide/1"


@dataclass
class Source:
    name: str
    sha256: str
    format: str = "text"
    encoding: str | None = "utf-8"


@dataclass
class Reference:
    title: str
    doc_number: str | None = None


@dataclass
class Document:
    title: str | None = None
    notice_title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass
class Heading:
    path: list[str]
    title: str
    text: str | None = None  # words under the heading that are no task (`全年引进项目50个。`)


class HeadingsWithoutTasks:
    """The outline's headings with a title and no task under them (`一、目标任务` and its words),
    for a view that walks the tasks: given out in document order, where they stood (before the
    heading that comes after them), the rest at the end."""

    def __init__(self, outline: list[tuple[tuple, str]], task_paths: list[tuple]):
        above_tasks = {path[:depth] for path in task_paths for depth in range(1, len(path))}
        self.order = {path: i for i, (path, _) in enumerate(outline)}  # a heading's place in the outline
        self._pending = [path for path, title in outline if title and path not in above_tasks]

    def before(self, index: int) -> list[tuple]:
        """The headings not given out yet that stand before the outline's heading at `index`."""
        n = next((i for i, path in enumerate(self._pending) if self.order[path] >= index), len(self._pending))
        out, self._pending = self._pending[:n], self._pending[n:]
        return out

    def rest(self) -> list[tuple]:
        out, self._pending = self._pending, []
        return out


@dataclass
class Unit:
    name: str
    org: str
    office: str | None = None
    phones: list[str] = field(default_factory=list)
    scope: str | None = None


@dataclass
class Deadline:
    text: str
    date: str | None = None


@dataclass
class Task:
    ref: str
    path: list[str]
    text: str
    lead: list[Unit] = field(default_factory=list)
    support: list[Unit] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    spans: list[list[int]] = field(default_factory=list)


@dataclass
class Contact:
    name: str
    org: str
    office: str | None
    phones: list[str]
    refs: list[str]


@dataclass
class Warning:
    code: str
    message: str
    refs: list[str] = field(default_factory=list)


@dataclass
class Report:
    chars_in: int = 0
    duplicates_removed: int = 0
    gaps: list[int] = field(default_factory=list)
    displaced: list[str] = field(default_factory=list)
    unattached: list[str] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)


@dataclass
class Guide:
    source: Source
    document: Document
    outline: list[Heading]
    tasks: list[Task]
    contacts: list[Contact]
    report: Report
    schema: str = SCHEMA_ID

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # the contract puts "schema" first; dict order is what json.dumps prints
        return {"schema": data.pop("schema"), **data}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Guide":
        doc = dict(data["document"])
        doc["references"] = [Reference(**r) for r in doc.get("references", [])]
        report = dict(data["report"])
        report["warnings"] = [Warning(**w) for w in report.get("warnings", [])]
        return cls(
            schema=data.get("schema", SCHEMA_ID),
            source=Source(**data["source"]),
            document=Document(**doc),
            outline=[Heading(**h) for h in data.get("outline", [])],
            tasks=[_task_from_dict(t) for t in data.get("tasks", [])],
            contacts=[Contact(**c) for c in data.get("contacts", [])],
            report=Report(**report),
        )

    @classmethod
    def from_json(cls, text: str) -> "Guide":
        return cls.from_dict(json.loads(text))


def _task_from_dict(t: dict[str, Any]) -> Task:
    t = dict(t)
    t["lead"] = [Unit(**u) for u in t.get("lead", [])]
    t["support"] = [Unit(**u) for u in t.get("support", [])]
    t["deadlines"] = [Deadline(**d) for d in t.get("deadlines", [])]
    return Task(**t)
