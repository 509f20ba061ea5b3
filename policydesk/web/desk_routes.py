"""The tracking desk on the web: login, the office dashboard, the unit page, assignment pages with
forms, the audit log, the ledger download and import, and /api/v1/desk for programs.

Every form carries the session's CSRF token; the API takes it in the X-CSRF-Token header. A unit
account that reaches for another organ's task gets 403, and the attempt is logged and audited."""
from __future__ import annotations

import hmac
import logging
import secrets
from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ..desk import accounts as acc
from ..desk import audit
from ..desk.assignments import (STATUSES, Conflict, DeskError, Forbidden, NotFound, get_assignment,
                                list_assignments, open_urgings, report_progress, set_due_date, urge)
from ..desk.charts import stacked_bars, line_chart
from ..desk.clock import today
from ..desk.dashboard import dashboard
from ..desk.ledger import LedgerErrors, import_ledger, ledger_xlsx
from ..desk.notify import send_urging

log = logging.getLogger("policydesk.desk")
SESSION_COOKIE = "pd_session"
LOGIN_CSRF_COOKIE = "pd_login_csrf"
MAX_UPLOAD = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NeedLogin(Exception):
    pass


class DeskHTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class ReportIn(BaseModel):
    version: int
    status: str = Field(max_length=10)
    text: str = Field(max_length=5000)
    public_summary: str = Field("", max_length=5000)
    hold_reason: str = Field("", max_length=5000)
    report_date: str = Field("", max_length=10)
    submission_id: str = Field(min_length=8, max_length=64)


class LoginIn(BaseModel):
    name: str = Field(max_length=100)
    password: str = Field(max_length=200)


def install(app, registry, page) -> None:
    router = APIRouter()
    engine = registry.engine
    secure = __import__("os").environ.get("POLICYDESK_SECURE_COOKIES") == "1"

    # ---- who is asking ------------------------------------------------------------------
    def session_of(request: Request) -> tuple[acc.Account, str] | None:
        with engine.connect() as conn:
            return acc.load_session(conn, request.cookies.get(SESSION_COOKIE))

    def require(request: Request, office: bool = False) -> tuple[acc.Account, str]:
        found = session_of(request)
        if found is None:
            raise NeedLogin()
        if office and not found[0].is_office:
            raise DeskHTTPError(403, "只有督查室账号可以访问这个页面")
        return found

    def check_csrf(expected: str, given: str | None) -> None:
        if not given or not hmac.compare_digest(expected, given):
            raise DeskHTTPError(403, "表单已失效（安全校验未通过），请刷新页面后重试")

    def forbidden(account: acc.Account, assignment_id: int, exc: Forbidden) -> DeskHTTPError:
        log.warning("forbidden: account %s (%s) tried assignment %s", account.name, account.org, assignment_id)
        with engine.begin() as conn:
            audit.record(conn, account.name, "assignment", assignment_id, "forbidden")
        return DeskHTTPError(403, str(exc))

    def client(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def desk_page(request: Request, name: str, who: tuple[acc.Account, str], status: int = 200, **ctx):
        return page(request, name, status=status, me=who[0], csrf=who[1], **ctx)

    @app.exception_handler(NeedLogin)
    async def need_login(request: Request, exc: NeedLogin):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "请先登录"}, status_code=401)
        return RedirectResponse("/login?next=" + quote(request.url.path), status_code=303)

    @app.exception_handler(DeskHTTPError)
    async def desk_error(request: Request, exc: DeskHTTPError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        return page(request, "error.html", status=exc.status, code=exc.status, message=exc.message)

    # ---- login --------------------------------------------------------------------------
    def login_form(request: Request, message: str = "", status: int = 200, next_: str = "/desk"):
        token = secrets.token_urlsafe(24)
        response = page(request, "login.html", status=status, login_csrf=token, message=message, next=next_)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, max_age=3600)
        return response

    def safe_next(value: str) -> str:
        return value if value.startswith("/") and not value.startswith("//") else "/desk"

    @router.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = Query("/desk", max_length=300)):
        return login_form(request, next_=safe_next(next))

    @router.post("/login", include_in_schema=False)
    def login(request: Request, name: str = Form("", max_length=100), password: str = Form("", max_length=200),
              csrf_token: str = Form("", max_length=100), next: str = Form("/desk", max_length=300)):
        check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_hex(8), csrf_token)
        try:
            with engine.begin() as conn:
                account = acc.authenticate(conn, name, password, client(request))
                cookie = acc.open_session(conn, account) if account else None
        except acc.TooManyAttempts as exc:
            return login_form(request, str(exc), status=429, next_=safe_next(next))
        if cookie is None:
            return login_form(request, "用户名或密码不正确", status=401, next_=safe_next(next))
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax", secure=secure,
                            max_age=int(acc.SESSION_LIFETIME.total_seconds()))
        response.delete_cookie(LOGIN_CSRF_COOKIE)
        return response

    @router.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf_token: str = Form("", max_length=100)):
        who = require(request)
        check_csrf(who[1], csrf_token)
        with engine.begin() as conn:
            acc.close_session(conn, request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    # ---- pages --------------------------------------------------------------------------
    @router.get("/desk", include_in_schema=False)
    def desk_home(request: Request):
        who = require(request)
        return RedirectResponse("/desk/dashboard" if who[0].is_office else "/desk/assignments", status_code=303)

    @router.get("/desk/dashboard", include_in_schema=False)
    def desk_dashboard(request: Request, guide: int | None = None, as_of: date | None = None):
        who = require(request, office=True)
        with engine.connect() as conn:
            figures = dashboard(conn, who[0], as_of or today(), guide)
            from ..store import queries
            guides = queries.list_guides(conn)
        charts = {
            "org": stacked_bars(figures["by_org"], list(STATUSES), "各部门任务完成情况"),
            "section": stacked_bars(figures["by_section"], list(STATUSES), "各部分任务完成情况"),
            "overdue": stacked_bars(figures["overdue_by_org"], ["逾期"], "各部门逾期任务"),
            "time": line_chart(figures["completed_over_time"], "累计完成（按填报日期）"),
        }
        return desk_page(request, "desk_dashboard.html", who, f=figures, charts=charts, guides=guides,
                         guide=guide, as_of=(as_of or today()).isoformat())

    @router.get("/desk/assignments", include_in_schema=False)
    def desk_list(request: Request, guide: int | None = None, org: str | None = Query(None, max_length=300),
                  status: str | None = Query(None, max_length=10), when: str | None = Query(None, max_length=10)):
        who = require(request)
        with engine.connect() as conn:
            rows = list_assignments(conn, who[0], guide_id=guide, org=org or None, status=status or None,
                                    when=when or None)
            urgings = open_urgings(conn, who[0])
            from ..store import queries
            guides = queries.list_guides(conn)
        return desk_page(request, "desk_list.html", who, rows=rows, urgings=urgings, guides=guides,
                         statuses=STATUSES, filters={"guide": guide, "org": org, "status": status, "when": when})

    def assignment_or_error(who, assignment_id: int) -> dict:
        try:
            with engine.connect() as conn:
                return get_assignment(conn, assignment_id, who[0])
        except NotFound as exc:
            raise DeskHTTPError(404, str(exc)) from None
        except Forbidden as exc:
            raise forbidden(who[0], assignment_id, exc) from None

    def show_assignment(request: Request, who, assignment_id: int, status: int = 200, message: str = "",
                        draft: dict | None = None):
        a = assignment_or_error(who, assignment_id)
        history = []
        if who[0].is_office:
            with engine.connect() as conn:
                history = audit.entries(conn, "assignment", assignment_id, limit=50)
        return desk_page(request, "desk_assignment.html", who, status=status, a=a, statuses=STATUSES,
                         message=message, draft=draft or {}, history=history,
                         submission_id=secrets.token_urlsafe(16), today=today().isoformat())

    @router.get("/desk/assignments/{assignment_id}", include_in_schema=False)
    def desk_assignment(request: Request, assignment_id: int):
        return show_assignment(request, require(request), assignment_id)

    @router.post("/desk/assignments/{assignment_id}/report", include_in_schema=False)
    def desk_report(request: Request, assignment_id: int, csrf_token: str = Form("", max_length=100),
                    version: int = Form(...), status: str = Form("", max_length=10),
                    text: str = Form("", max_length=5000), public_summary: str = Form("", max_length=5000),
                    hold_reason: str = Form("", max_length=5000), report_date: str = Form("", max_length=10),
                    submission_id: str = Form("", max_length=64)):
        who = require(request)
        check_csrf(who[1], csrf_token)
        draft = {"status": status, "text": text, "public_summary": public_summary, "hold_reason": hold_reason,
                 "report_date": report_date}
        try:
            with engine.begin() as conn:
                report_progress(conn, who[0], assignment_id, version=version, status=status, text_=text,
                                public_summary=public_summary, hold_reason=hold_reason,
                                report_date=report_date, submission_id=submission_id)
        except Forbidden as exc:
            raise forbidden(who[0], assignment_id, exc) from None
        except NotFound as exc:
            raise DeskHTTPError(404, str(exc)) from None
        except Conflict as exc:
            return show_assignment(request, who, assignment_id, status=409, message=str(exc), draft=draft)
        except DeskError as exc:
            return show_assignment(request, who, assignment_id, status=400, message=str(exc), draft=draft)
        return RedirectResponse(f"/desk/assignments/{assignment_id}?saved=1", status_code=303)

    @router.post("/desk/assignments/{assignment_id}/due", include_in_schema=False)
    def desk_due(request: Request, assignment_id: int, csrf_token: str = Form("", max_length=100),
                 version: int = Form(...), due_date: str = Form("", max_length=10)):
        who = require(request, office=True)
        check_csrf(who[1], csrf_token)
        try:
            with engine.begin() as conn:
                set_due_date(conn, who[0], assignment_id, version=version, due_date=due_date)
        except NotFound as exc:
            raise DeskHTTPError(404, str(exc)) from None
        except Conflict as exc:
            return show_assignment(request, who, assignment_id, status=409, message=str(exc))
        except DeskError as exc:
            return show_assignment(request, who, assignment_id, status=400, message=str(exc))
        return RedirectResponse(f"/desk/assignments/{assignment_id}", status_code=303)

    @router.post("/desk/assignments/{assignment_id}/urge", include_in_schema=False)
    def desk_urge(request: Request, assignment_id: int, csrf_token: str = Form("", max_length=100),
                  message: str = Form("", max_length=5000)):
        who = require(request, office=True)
        check_csrf(who[1], csrf_token)
        try:
            with engine.begin() as conn:
                urging_id, a = urge(conn, who[0], assignment_id, message)
        except NotFound as exc:
            raise DeskHTTPError(404, str(exc)) from None
        except DeskError as exc:
            return show_assignment(request, who, assignment_id, status=400, message=str(exc))
        send_urging(engine, urging_id, a, message.strip(), str(request.base_url))
        return RedirectResponse(f"/desk/assignments/{assignment_id}", status_code=303)

    @router.get("/desk/audit", include_in_schema=False)
    def desk_audit(request: Request, limit: int = Query(200, ge=1, le=5000)):
        who = require(request, office=True)
        with engine.connect() as conn:
            rows = audit.entries(conn, limit=limit)
        return desk_page(request, "desk_audit.html", who, rows=rows)

    @router.get("/desk/ledger/{guide_id}.xlsx", include_in_schema=False)
    def desk_ledger(request: Request, guide_id: int):
        who = require(request)
        try:
            with engine.connect() as conn:
                data = ledger_xlsx(conn, who[0], guide_id)
        except DeskError as exc:
            raise DeskHTTPError(404, str(exc)) from None
        return Response(data, media_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="ledger-{guide_id}.xlsx"'})

    @router.get("/desk/ledger/{guide_id}/import", include_in_schema=False)
    def desk_import_form(request: Request, guide_id: int):
        who = require(request)
        return desk_page(request, "desk_import.html", who, guide_id=guide_id, errors=[], message="")

    @router.post("/desk/ledger/{guide_id}/import", include_in_schema=False)
    async def desk_import(request: Request, guide_id: int, csrf_token: str = Form("", max_length=100),
                          sheet: UploadFile = File(...)):
        who = require(request)
        check_csrf(who[1], csrf_token)
        data = await sheet.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return desk_page(request, "desk_import.html", who, status=413, guide_id=guide_id, errors=[],
                             message="文件过大（不超过 10 MB）")
        try:
            with engine.begin() as conn:
                stored = import_ledger(conn, who[0], guide_id, data)
        except LedgerErrors as exc:
            return desk_page(request, "desk_import.html", who, status=400, guide_id=guide_id, errors=exc.errors,
                             message="台账有错误，未导入任何内容，请改正后重新上传：")
        except DeskError as exc:
            return desk_page(request, "desk_import.html", who, status=400, guide_id=guide_id, errors=[],
                             message=str(exc))
        return desk_page(request, "desk_import.html", who, guide_id=guide_id, errors=[],
                         message=f"已导入 {stored} 条进展")

    # ---- API ----------------------------------------------------------------------------
    @router.post("/api/v1/desk/login", tags=["desk"], summary="登录，返回 CSRF 令牌（会话在 Cookie 中）")
    def api_login(request: Request, body: LoginIn):
        try:
            with engine.begin() as conn:
                account = acc.authenticate(conn, body.name, body.password, client(request))
                cookie = acc.open_session(conn, account) if account else None
                session = acc.load_session(conn, cookie) if cookie else None
        except acc.TooManyAttempts as exc:
            return JSONResponse({"error": str(exc)}, status_code=429)
        if session is None:
            return JSONResponse({"error": "用户名或密码不正确"}, status_code=401)
        response = JSONResponse({"name": session[0].name, "role": session[0].role, "csrf_token": session[1]})
        response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="lax", secure=secure,
                            max_age=int(acc.SESSION_LIFETIME.total_seconds()))
        return response

    @router.get("/api/v1/desk/assignments", tags=["desk"], summary="本账号可见的任务分工")
    def api_assignments(request: Request, guide: int | None = None, when: str | None = Query(None, max_length=10)):
        who = require(request)
        with engine.connect() as conn:
            return list_assignments(conn, who[0], guide_id=guide, when=when)

    @router.get("/api/v1/desk/assignments/{assignment_id}", tags=["desk"], summary="一项任务分工及其进展")
    def api_assignment(request: Request, assignment_id: int):
        return assignment_or_error(require(request), assignment_id)

    @router.post("/api/v1/desk/assignments/{assignment_id}/reports", tags=["desk"], status_code=201,
                 summary="填报进展（请求头 X-CSRF-Token）")
    def api_report(request: Request, assignment_id: int, body: ReportIn):
        who = require(request)
        check_csrf(who[1], request.headers.get("x-csrf-token"))
        try:
            with engine.begin() as conn:
                report_id = report_progress(conn, who[0], assignment_id, version=body.version, status=body.status,
                                            text_=body.text, public_summary=body.public_summary,
                                            hold_reason=body.hold_reason, report_date=body.report_date,
                                            submission_id=body.submission_id)
        except Forbidden as exc:
            raise forbidden(who[0], assignment_id, exc) from None
        except NotFound as exc:
            raise DeskHTTPError(404, str(exc)) from None
        except Conflict as exc:
            raise DeskHTTPError(409, str(exc)) from None
        except DeskError as exc:
            raise DeskHTTPError(400, str(exc)) from None
        return {"report_id": report_id}

    app.include_router(router)
