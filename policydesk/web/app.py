"""FastAPI application: public pages in simplified Chinese and /api/v1. Everything a page needs
is served by the app itself; nothing loads from the internet."""
from __future__ import annotations

import csv
import io
from importlib import resources

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..desk import audit
from ..desk.assignments import public_progress
from ..model import HeadingsWithoutTasks
from ..search import search as run_search
from ..store import open_registry
from ..store import queries

ENTRY_POINTS = ["小微企业", "个体工商户", "高校毕业生", "外贸企业", "餐饮", "货车司机", "农民工", "创新型企业"]


def highlight(text: str, words: list[str]) -> Markup:
    """Escape the text, then mark the matched words."""
    out = str(escape(text))
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        ew = str(escape(w))
        out = out.replace(ew, f"\x00{ew}\x01")
    return Markup(out.replace("\x00", "<mark>").replace("\x01", "</mark>"))


def create_app(db: str | None = None) -> FastAPI:
    registry = open_registry(db)
    app = FastAPI(title="PolicyDesk API", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json")
    base = resources.files("policydesk.web")
    templates = Jinja2Templates(directory=str(base.joinpath("templates")))
    templates.env.filters["highlight"] = highlight
    templates.env.filters["describe"] = audit.describe
    templates.env.filters["action_label"] = audit.action_label
    app.mount("/static", StaticFiles(directory=str(base.joinpath("static"))), name="static")

    def page(request: Request, name: str, status: int = 200, **ctx):
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    def one_or_404(load, key: int) -> dict:
        """Run a read query for one row; a missing row is a 404, never a 500."""
        with registry.engine.connect() as conn:
            found = load(conn, key)
        if found is None:
            raise HTTPException(404)
        return found

    from .desk_routes import install as install_desk
    install_desk(app, registry, page)

    def with_progress(task: dict) -> dict:
        """The public sees the status and the summaries marked public, never internal notes."""
        with registry.engine.connect() as conn:
            task["progress"] = public_progress(conn, [task["id"]]).get(task["id"], {"status": "未开始", "summaries": []})
        return task

    # ---- errors: Chinese pages for people, JSON for the API, never a traceback ------------
    def _wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = {404: "页面不存在", 405: "不支持这种请求方式"}.get(exc.status_code, str(exc.detail))
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=exc.status_code)
        return page(request, "error.html", status=exc.status_code, code=exc.status_code, message=message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        message = "请求参数不正确"
        if _wants_json(request):
            return JSONResponse({"error": message, "detail": [e.get("msg") for e in exc.errors()]}, status_code=400)
        return page(request, "error.html", status=400, code=400, message=message)

    # ---- pages --------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        with registry.engine.connect() as conn:
            guides = queries.list_guides(conn)
        return page(request, "home.html", guides=guides, entry_points=ENTRY_POINTS)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = Query("", max_length=200), guide: int | None = None,
                    org: str | None = Query(None, max_length=100), who: str | None = Query(None, max_length=50)):
        results = run_search(registry, q, limit=50)["results"] if q.strip() else []
        facets = _facets(results)
        shown = [r for r in results
                 if (guide is None or r["guide_id"] == guide)
                 and (not org or any(u["org"] == org for u in r["lead"] + r["support"]))
                 and (not who or who in r.get("beneficiaries", []))]
        return page(request, "search.html", q=q, results=shown, facets=facets, guide=guide, org=org, who=who)

    @app.get("/guides/{guide_id}.json", include_in_schema=False)
    def guide_json(guide_id: int):
        g = _guide_or_404(guide_id)
        return JSONResponse(g["guide"], headers={"Content-Disposition": f'attachment; filename="guide-{guide_id}.json"'})

    @app.get("/guides/{guide_id}.csv", include_in_schema=False)
    def guide_csv(guide_id: int):
        g = _guide_or_404(guide_id)
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerows(_ledger(g))
        return Response("\ufeff" + buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="guide-{guide_id}.csv"'})

    @app.get("/guides/{guide_id}.xlsx", include_in_schema=False)
    def guide_xlsx(guide_id: int):
        from ..export.xlsx import ledger_workbook
        g = _guide_or_404(guide_id)
        data = ledger_workbook(_ledger(g), title=g["title"] or g["doc_number"] or "台账")
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="guide-{guide_id}.xlsx"'})

    @app.get("/guides/{guide_id}", response_class=HTMLResponse, include_in_schema=False)
    def guide_page(request: Request, guide_id: int):
        with registry.engine.connect() as conn:
            g = queries.get_guide(conn, guide_id)
            changes = queries.changes_from_previous(conn, guide_id) if g else None
        if g is None:
            raise HTTPException(404)
        with registry.engine.connect() as conn:
            progress = public_progress(conn, [t["id"] for t in g["tasks"]])
        return page(request, "guide.html", g=g, sections=_sections(g), changes=changes, progress=progress)

    @app.get("/tasks/{task_id}", response_class=HTMLResponse, include_in_schema=False)
    def task_page(request: Request, task_id: int):
        return page(request, "task.html", t=with_progress(one_or_404(queries.get_task, task_id)))

    @app.get("/departments", response_class=HTMLResponse, include_in_schema=False)
    def departments(request: Request, q: str = Query("", max_length=100)):
        with registry.engine.connect() as conn:
            organs = queries.list_organs(conn, q.strip() or None)
        return page(request, "departments.html", organs=organs, q=q)

    @app.get("/departments/{organ_id}", response_class=HTMLResponse, include_in_schema=False)
    def department(request: Request, organ_id: int):
        return page(request, "department.html", organ=one_or_404(queries.get_organ, organ_id))

    # ---- API ----------------------------------------------------------------------------
    @app.get("/api/v1/guides", tags=["guides"], summary="所有指引")
    def api_guides():
        with registry.engine.connect() as conn:
            return queries.list_guides(conn)

    @app.get("/api/v1/guides/{guide_id}", tags=["guides"], summary="一份指引的 Guide JSON")
    def api_guide(guide_id: int):
        return _guide_or_404(guide_id)["guide"]

    @app.get("/api/v1/guides/{guide_id}/changes", tags=["guides"], summary="与上一版相比的变化")
    def api_changes(guide_id: int):
        _guide_or_404(guide_id)
        with registry.engine.connect() as conn:
            return queries.changes_from_previous(conn, guide_id) or {"previous_id": None}

    @app.get("/api/v1/tasks/{task_id}", tags=["tasks"], summary="一项任务")
    def api_task(task_id: int):
        return with_progress(one_or_404(queries.get_task, task_id))

    @app.get("/api/v1/units", tags=["units"], summary="部门目录")
    def api_units(q: str = Query("", max_length=100)):
        with registry.engine.connect() as conn:
            return queries.list_organs(conn, q.strip() or None)

    @app.get("/api/v1/units/{organ_id}", tags=["units"], summary="一个部门及其科室、电话和任务")
    def api_unit(organ_id: int):
        return one_or_404(queries.get_organ, organ_id)

    @app.get("/api/v1/search", tags=["search"], summary="用平常话检索措施")
    def api_search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(10, ge=1, le=100)):
        return run_search(registry, q, limit=limit)

    def _guide_or_404(guide_id: int) -> dict:
        return one_or_404(queries.get_guide, guide_id)

    return app


def _facets(results: list[dict]) -> dict[str, list[tuple]]:
    from collections import Counter
    guides, sections, orgs, who = Counter(), Counter(), Counter(), Counter()
    names = {}
    for r in results:
        guides[r["guide_id"]] += 1
        names[r["guide_id"]] = r["guide"]
        if r.get("section"):
            sections[r["section"].split(" / ")[0]] += 1
        for u in r["lead"]:
            orgs[u["org"]] += 1
        for b in r.get("beneficiaries", []):
            who[b] += 1
    return {"guide": [(gid, names[gid], n) for gid, n in guides.most_common()],
            "section": sections.most_common(8), "org": orgs.most_common(10), "who": who.most_common(10)}


def _sections(g: dict) -> list[dict]:
    """Group the guide's tasks under their top headings, in order; a heading's words that are
    no task (`全年引进项目50个…`) are shown under it the first time it opens a group."""
    headings = g["guide"]["outline"]
    outline = {tuple(h["path"]): h for h in headings}
    childless = HeadingsWithoutTasks([(tuple(h["path"]), h["title"]) for h in headings],
                                     [tuple(t["path"]) for t in g["tasks"]])
    groups: list[dict] = []
    shown: set[tuple] = set()

    def line(h: dict) -> dict:
        text = h.get("text") if tuple(h["path"]) not in shown else None
        shown.add(tuple(h["path"]))
        return {"line": f"{h['path'][-1]} {h['title']}", "text": text}

    for t in g["tasks"]:
        heads = [outline.get(tuple(t["path"][:i + 1])) for i in range(len(t["path"]) - 1)]
        key = tuple((tuple(h["path"]), h["title"]) for h in heads if h)
        if not groups or groups[-1]["key"] != key:
            first_new = min((childless.order[k] for k, _ in key if k not in shown), default=None)
            if first_new is not None:
                groups += [{"key": (), "headings": [line(outline[path])], "tasks": []}
                           for path in childless.before(first_new)]
            groups.append({"key": key, "headings": [line(h) for h in heads if h], "tasks": []})
        groups[-1]["tasks"].append(t)
    groups += [{"key": (), "headings": [line(outline[path])], "tasks": []} for path in childless.rest()]
    return groups


def _ledger(g: dict) -> list[list[str]]:
    """The downloads use the export's ledger, so a downloaded sheet parses back to the guide."""
    from ..export.render import ledger_rows
    from ..model import Guide
    return ledger_rows(Guide.from_dict(g["guide"]))
