"""Read-side queries the portal and the API share. Plain dicts out; parameters always bound."""
from __future__ import annotations

import json

from sqlalchemy import text


def _task_row(r) -> dict:
    return {
        "id": r.id, "guide_id": r.guide_id, "ref": r.ref, "path": json.loads(r.path_json),
        "section": r.section, "text": r.text, "lead": json.loads(r.lead_json),
        "support": json.loads(r.support_json), "deadlines": json.loads(r.deadlines_json),
        "beneficiaries": json.loads(r.beneficiaries_json),
    }


_TASK_COLS = ("t.id, t.guide_id, t.ref, t.path_json, t.section, t.text, t.lead_json, t.support_json, "
              "t.deadlines_json, t.beneficiaries_json")


def list_guides(conn) -> list[dict]:
    rows = conn.execute(text(
        "SELECT g.id, g.title, g.doc_number, g.issuer, g.date, g.version, g.series, "
        "(SELECT count(*) FROM tasks t WHERE t.guide_id = g.id) AS n FROM guides g ORDER BY g.id")).all()
    return [dict(r._mapping) for r in rows]


def get_guide(conn, guide_id: int) -> dict | None:
    r = conn.execute(text("SELECT * FROM guides WHERE id = :id"), {"id": guide_id}).first()
    if r is None:
        return None
    g = dict(r._mapping)
    g["guide"] = json.loads(g.pop("guide_json"))
    g["tasks"] = [_task_row(t) for t in conn.execute(text(
        f"SELECT {_TASK_COLS} FROM tasks t WHERE t.guide_id = :id ORDER BY t.position"), {"id": guide_id})]
    g["contacts"] = [{"name": c.name, "phones": [p for p in c.phones.split("、") if p],
                      "refs": json.loads(c.refs_json), "organ_id": c.organ_id} for c in conn.execute(text(
        "SELECT c.name, c.phones, c.refs_json, u.organ_id FROM contacts c LEFT JOIN units u ON u.id = c.unit_id "
        "WHERE c.guide_id = :id ORDER BY c.id"), {"id": guide_id})]
    g["versions"] = [dict(v._mapping) for v in conn.execute(text(
        "SELECT id, version, source_name, created_at FROM guides WHERE series = :s ORDER BY version"),
        {"s": g["series"]})]
    return g


def get_task(conn, task_id: int) -> dict | None:
    r = conn.execute(text(f"SELECT {_TASK_COLS}, g.title AS guide_title, g.doc_number, g.source_text, g.guide_json "
                          "FROM tasks t JOIN guides g ON g.id = t.guide_id WHERE t.id = :id"), {"id": task_id}).first()
    if r is None:
        return None
    task = _task_row(r)
    task["guide_title"] = r.guide_title or r.doc_number
    guide = json.loads(r.guide_json)
    spans = next((t["spans"] for t in guide["tasks"] if t["ref"] == r.ref), [])
    task["passages"] = [r.source_text[a:b] for a, b in spans]
    # other tasks of this guide that the organs leading this one take part in (a guide has at
    # most a few hundred tasks, so this stays cheap however busy the organ is registry-wide);
    # the department pages list everything else
    task["related"] = [dict(x._mapping) for x in conn.execute(text(
        "SELECT t2.id, t2.ref, substr(t2.text, 1, 60) AS text FROM tasks t2 WHERE t2.guide_id = :g "
        "AND t2.id != :id AND EXISTS (SELECT 1 FROM task_units b JOIN units u2 ON u2.id = b.unit_id "
        " WHERE b.task_id = t2.id AND u2.organ_id IN (SELECT u.organ_id FROM task_units a "
        " JOIN units u ON u.id = a.unit_id WHERE a.task_id = :id AND a.role = 'lead')) "
        "ORDER BY t2.position LIMIT 20"), {"id": task_id, "g": r.guide_id})]
    task["lead_organs"] = [dict(x._mapping) for x in conn.execute(text(
        "SELECT DISTINCT o.id, o.name FROM task_units a JOIN units u ON u.id = a.unit_id "
        "JOIN organs o ON o.id = u.organ_id WHERE a.task_id = :id AND a.role = 'lead' ORDER BY o.name"),
        {"id": task_id})]
    return task


def list_organs(conn, q: str | None = None) -> list[dict]:
    sql = ("SELECT o.id, o.name, count(DISTINCT tu.task_id) AS n FROM organs o JOIN units u ON u.organ_id = o.id "
           "LEFT JOIN task_units tu ON tu.unit_id = u.id ")
    params = {}
    if q:
        sql += "WHERE o.name LIKE :q OR u.name LIKE :q "
        params["q"] = f"%{q}%"
    sql += "GROUP BY o.id, o.name ORDER BY n DESC, o.name"
    return [dict(r._mapping) for r in conn.execute(text(sql), params)]


def get_organ(conn, organ_id: int) -> dict | None:
    r = conn.execute(text("SELECT id, name FROM organs WHERE id = :id"), {"id": organ_id}).first()
    if r is None:
        return None
    organ = dict(r._mapping)
    offices = []
    for u in conn.execute(text("SELECT id, name, office FROM units WHERE organ_id = :id ORDER BY name"), {"id": organ_id}):
        links = conn.execute(text(
            "SELECT tu.role, tu.phones, tu.scope, t.id AS task_id, t.ref, substr(t.text, 1, 60) AS text, "
            "g.title AS guide_title FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
            "JOIN guides g ON g.id = t.guide_id WHERE tu.unit_id = :u ORDER BY t.guide_id, t.position"),
            {"u": u.id}).all()
        phones = []
        for link in links:
            for p in (link.phones or "").split("、"):
                if p and p not in phones:
                    phones.append(p)
        offices.append({"id": u.id, "name": u.name, "office": u.office, "phones": phones,
                        "tasks": [dict(x._mapping) for x in links]})
    organ["units"] = offices
    return organ


def changes_from_previous(conn, guide_id: int) -> dict | None:
    """What changed against the previous version of the same guide (same 发文字号 or title):
    tasks added and removed, and tasks whose units or phones changed."""
    row = conn.execute(text("SELECT series, version FROM guides WHERE id = :id"), {"id": guide_id}).first()
    if row is None or row.version <= 1:
        return None
    prev = conn.execute(text("SELECT id, version FROM guides WHERE series = :s AND version < :v "
                             "ORDER BY version DESC"), {"s": row.series, "v": row.version}).first()
    if prev is None:
        return None

    def units_by_ref(gid):
        out = {}
        for t in conn.execute(text("SELECT ref, text, lead_json, support_json FROM tasks WHERE guide_id = :g "
                                   "ORDER BY position"), {"g": gid}):
            people = [(u["name"], tuple(u["phones"])) for u in json.loads(t.lead_json) + json.loads(t.support_json)]
            out[t.ref] = {"text": t.text, "units": people}
        return out

    old, new = units_by_ref(prev.id), units_by_ref(guide_id)
    changed = []
    for ref in new:
        if ref in old and old[ref]["units"] != new[ref]["units"]:
            before, after = dict(old[ref]["units"]), dict(new[ref]["units"])
            changed.append({
                "ref": ref,
                "units_added": [n for n in after if n not in before],
                "units_removed": [n for n in before if n not in after],
                "phones_changed": [{"name": n, "before": list(before[n]), "after": list(after[n])}
                                   for n in after if n in before and before[n] != after[n]],
            })
    return {
        "previous_id": prev.id, "previous_version": prev.version,
        "added": [r for r in new if r not in old],
        "removed": [r for r in old if r not in new],
        "text_changed": [r for r in new if r in old and old[r]["text"] != new[r]["text"]],
        "units_changed": changed,
    }
