"""The tracking desk over real HTTP, on SQLite and on PostgreSQL: accounts and sessions, progress
reports, urgings with e-mail, due dates, the audit log, the dashboard, the ledger, and the security
rules (403 across units, CSRF, escaping, throttled logins, cookie flags)."""
from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import httpx
import pytest
import sqlalchemy

from conftest import EXAMPLES, SEED, new_database, run_cli
from deskclient import field, login, report_form
from smtpserver import smtp_server
from webserver import running_server

PASSWORD = "correct-horse-9"


@dataclass
class Desk:
    url: str
    db: str
    org_a: str
    org_b: str
    inbox: object
    log_path: str

    def engine(self):
        return sqlalchemy.create_engine(self.db if "://" in self.db else f"sqlite:///{self.db}")

    def count(self, sql: str, **params) -> int:
        engine = self.engine()
        with engine.connect() as conn:
            n = conn.execute(sqlalchemy.text(sql), params).scalar_one()
        engine.dispose()
        return n


def add_user(db: str, *args: str) -> None:
    proc = run_cli("user", "add", *args, "--db", db, stdin=(PASSWORD + "\n").encode())
    assert proc.returncode == 0, proc.stderr.decode()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def desk(request, tmp_path_factory):
    where = tmp_path_factory.mktemp("desk")
    db = new_database(request, request.param, where)
    proc = run_cli("ingest", str(SEED), str(EXAMPLES), "--db", db)
    assert proc.returncode == 0, proc.stderr.decode()
    engine = sqlalchemy.create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as conn:
        busiest = conn.execute(sqlalchemy.text(
            "SELECT o.name FROM assignments a JOIN units u ON u.id = a.unit_id JOIN organs o ON o.id = u.organ_id "
            "WHERE a.role = 'lead' GROUP BY o.name ORDER BY count(*) DESC, o.name LIMIT 2")).scalars().all()
    engine.dispose()
    org_a, org_b = busiest
    add_user(db, "duban", "--role", "office")
    add_user(db, "unit_a", "--role", "unit", "--org", org_a, "--email", "a@example.org")
    add_user(db, "unit_b", "--role", "unit", "--org", org_b)
    add_user(db, "unit_a2", "--role", "unit", "--org", org_a)
    log_path = str(where / "server.log")
    with smtp_server() as (port, inbox):
        env = {"POLICYDESK_SMTP_HOST": "127.0.0.1", "POLICYDESK_SMTP_PORT": str(port)}
        with running_server(db, env=env, log_path=log_path) as url:
            yield Desk(url, db, org_a, org_b, inbox, log_path)


def assignments_of(client: httpx.Client, **params) -> list[dict]:
    r = client.get("/api/v1/desk/assignments", params=params)
    assert r.status_code == 200
    return r.json()


def first_lead(client: httpx.Client) -> dict:
    return next(a for a in assignments_of(client) if a["role"] == "lead")


def test_desk_needs_login(desk):
    r = httpx.get(desk.url + "/desk/assignments")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert httpx.get(desk.url + "/api/v1/desk/assignments").status_code == 401


def test_session_cookie_flags(desk):
    client = httpx.Client(base_url=desk.url)
    page = client.get("/login")
    r = client.post("/login", data={"name": "unit_b", "password": PASSWORD, "csrf_token": field(page.text, "csrf_token")})
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith("pd_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=" in cookie
    # the cookie works, and stops working after logging out
    assert client.get("/desk/assignments").status_code == 200
    csrf = field(client.get("/desk/assignments").text, "csrf_token")
    stolen = client.cookies.get("pd_session")
    client.post("/logout", data={"csrf_token": csrf})
    replay = httpx.get(desk.url + "/desk/assignments", cookies={"pd_session": stolen})
    assert replay.status_code == 303


def test_forged_session_cookie_is_refused(desk):
    client = login(desk.url, "unit_b", PASSWORD)
    token = client.cookies.get("pd_session")
    forged = token.rsplit(".", 1)[0] + "." + "0" * 64
    assert httpx.get(desk.url + "/desk/assignments", cookies={"pd_session": forged}).status_code == 303


def test_wrong_password_then_brute_force_is_slowed_down(desk):
    add_user(desk.db, f"target_{uuid.uuid4().hex[:6]}", "--role", "unit", "--org", desk.org_b)
    name = run_cli("user", "list", "--db", desk.db).stdout.decode().split("\n")[-2].split("\t")[0]
    client = httpx.Client(base_url=desk.url)
    codes = []
    for _ in range(6):
        page = client.get("/login")
        r = client.post("/login", data={"name": name, "password": "guess-123", "csrf_token": field(page.text, "csrf_token")})
        codes.append(r.status_code)
    assert codes[:5] == [401] * 5 and codes[5] == 429
    page = client.get("/login")
    r = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": field(page.text, "csrf_token")})
    assert r.status_code == 429 and "15 分钟" in r.text   # even the right password waits


def test_login_form_needs_its_csrf_token(desk):
    r = httpx.post(desk.url + "/login", data={"name": "unit_a", "password": PASSWORD})
    assert r.status_code == 403


def test_unit_sees_only_its_own_assignments(desk):
    client = login(desk.url, "unit_a", PASSWORD)
    rows = assignments_of(client)
    assert rows and {a["org"] for a in rows} == {desk.org_a}
    page = client.get("/desk/assignments").text
    assert desk.org_b not in page.split("</nav>", 1)[1].split("<table", 1)[-1] or desk.org_b in desk.org_a


def test_unit_reports_progress_and_office_sees_audit(desk):
    client = login(desk.url, "unit_a", PASSWORD)
    a = first_lead(client)
    form = report_form(client, a["id"])
    r = client.post(f"/desk/assignments/{a['id']}/report",
                    data={**form, "status": "推进中", "text": "已召开专题会部署", "public_summary": "已部署落实"})
    assert r.status_code == 303
    after = client.get(f"/api/v1/desk/assignments/{a['id']}").json()
    assert after["status"] == "推进中" and after["version"] == a["version"] + 1
    assert after["reports"][0]["text"] == "已召开专题会部署"
    office = login(desk.url, "duban", PASSWORD)
    audit = office.get("/desk/audit").text
    assert "unit_a" in audit and "推进中" in audit
    # the public sees the status and the public summary, never the internal text
    public = httpx.get(f"{desk.url}/tasks/{a['task_id']}").text
    assert "推进中" in public and "已部署落实" in public and "已召开专题会部署" not in public
    api = httpx.get(f"{desk.url}/api/v1/tasks/{a['task_id']}").json()
    assert api["progress"]["status"] == "推进中" and "已召开专题会部署" not in str(api)


def test_other_units_task_is_forbidden_by_form_and_api_and_logged(desk):
    other = first_lead(login(desk.url, "unit_b", PASSWORD))
    client = login(desk.url, "unit_a", PASSWORD)
    assert client.get(f"/desk/assignments/{other['id']}").status_code == 403
    own = first_lead(client)
    csrf = report_form(client, own["id"])["csrf_token"]
    before = desk.count("SELECT count(*) FROM progress_reports WHERE assignment_id = :a", a=other["id"])
    r = client.post(f"/desk/assignments/{other['id']}/report",
                    data={"csrf_token": csrf, "version": other["version"], "status": "已完成",
                          "text": "越权填报", "submission_id": uuid.uuid4().hex})
    assert r.status_code == 403
    api = client.post(f"/api/v1/desk/assignments/{other['id']}/reports", headers={"X-CSRF-Token": csrf},
                      json={"version": other["version"], "status": "已完成", "text": "越权填报",
                            "submission_id": uuid.uuid4().hex})
    assert api.status_code == 403 and "无权" in api.json()["error"]
    assert desk.count("SELECT count(*) FROM progress_reports WHERE assignment_id = :a", a=other["id"]) == before
    assert desk.count("SELECT count(*) FROM audit_log WHERE action = 'forbidden' AND entity_id = :a",
                      a=other["id"]) >= 2
    assert f"tried assignment {other['id']}" in open(desk.log_path, encoding="utf-8").read()


def test_missing_or_forged_csrf_is_refused(desk):
    client = login(desk.url, "unit_a", PASSWORD)
    a = first_lead(client)
    form = report_form(client, a["id"])
    for token in ("", "forged-" + form["csrf_token"][7:]):
        r = client.post(f"/desk/assignments/{a['id']}/report",
                        data={**form, "csrf_token": token, "status": "推进中", "text": "无令牌"})
        assert r.status_code == 403
    api = client.post(f"/api/v1/desk/assignments/{a['id']}/reports",
                      json={"version": a["version"], "status": "推进中", "text": "无令牌", "submission_id": uuid.uuid4().hex})
    assert api.status_code == 403
    assert desk.count("SELECT count(*) FROM progress_reports WHERE text = '无令牌'") == 0


def test_script_in_report_is_shown_as_text_and_sql_is_inert(desk):
    client = login(desk.url, "unit_a", PASSWORD)
    a = first_lead(client)
    evil = "<script>alert('x')</script>'); DROP TABLE progress_reports; --"
    r = client.post(f"/desk/assignments/{a['id']}/report",
                    data={**report_form(client, a["id"]), "status": "推进中", "text": evil, "public_summary": evil})
    assert r.status_code == 303
    page = client.get(f"/desk/assignments/{a['id']}").text
    assert "<script>alert('x')</script>" not in page and "&lt;script&gt;" in page
    public = httpx.get(f"{desk.url}/tasks/{a['task_id']}").text
    assert "<script>alert('x')</script>" not in public and "&lt;script&gt;" in public
    assert desk.count("SELECT count(*) FROM progress_reports WHERE text = :t", t=evil) == 1
    office = login(desk.url, "duban", PASSWORD)
    listing = office.get("/desk/assignments", params={"org": "' OR '1'='1"})
    assert listing.status_code == 200 and "没有符合条件的任务" in listing.text
    assert httpx.get(desk.url + "/search", params={"q": "'; DROP TABLE tasks; --"}).status_code == 200
    assert desk.count("SELECT count(*) FROM tasks") > 0


def test_concurrent_edit_is_refused_with_message_and_keeps_the_text(desk):
    first, second = login(desk.url, "unit_a", PASSWORD), login(desk.url, "unit_a2", PASSWORD)
    a = first_lead(first)
    form1, form2 = report_form(first, a["id"]), report_form(second, a["id"])
    assert form1["version"] == form2["version"]
    before = desk.count("SELECT count(*) FROM progress_reports WHERE assignment_id = :a", a=a["id"])
    r1 = first.post(f"/desk/assignments/{a['id']}/report", data={**form1, "status": "推进中", "text": "甲的进展"})
    r2 = second.post(f"/desk/assignments/{a['id']}/report", data={**form2, "status": "推进中", "text": "乙的进展"})
    assert r1.status_code == 303
    assert r2.status_code == 409 and "刚被其他人更新" in r2.text and "乙的进展" in r2.text
    assert desk.count("SELECT count(*) FROM progress_reports WHERE assignment_id = :a", a=a["id"]) == before + 1
    # sending the same form twice stores one report
    form = report_form(first, a["id"])
    first.post(f"/desk/assignments/{a['id']}/report", data={**form, "status": "推进中", "text": "重复提交"})
    again = first.post(f"/desk/assignments/{a['id']}/report", data={**form, "status": "推进中", "text": "重复提交"})
    assert again.status_code == 303
    assert desk.count("SELECT count(*) FROM progress_reports WHERE text = '重复提交'") == 1


def test_hold_needs_a_reason_and_future_dates_are_refused(desk):
    client = login(desk.url, "unit_a", PASSWORD)
    a = first_lead(client)
    r = client.post(f"/desk/assignments/{a['id']}/report",
                    data={**report_form(client, a["id"]), "status": "暂缓", "text": "等待上级政策"})
    assert r.status_code == 400 and "暂缓须说明原因" in r.text
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    r = client.post(f"/desk/assignments/{a['id']}/report",
                    data={**report_form(client, a["id"]), "status": "推进中", "text": "x", "report_date": tomorrow})
    assert r.status_code == 400 and "不能晚于今天" in r.text


def test_office_urges_unit_sees_it_mail_is_sent_and_report_answers(desk):
    unit = login(desk.url, "unit_a", PASSWORD)
    a = first_lead(unit)
    office = login(desk.url, "duban", PASSWORD)
    csrf = field(office.get(f"/desk/assignments/{a['id']}").text, "csrf_token")
    r = office.post(f"/desk/assignments/{a['id']}/urge", data={"csrf_token": csrf, "message": "请本周内报送进展"})
    assert r.status_code == 303
    assert "请本周内报送进展" in unit.get("/desk/assignments").text
    mails = [m for m in desk.inbox.messages if "请本周内报送进展" in m.get_content()]
    assert mails and mails[-1]["To"] == "a@example.org" and "催办" in mails[-1]["Subject"]
    assert "已发送至 a@example.org" in office.get(f"/desk/assignments/{a['id']}").text
    unit.post(f"/desk/assignments/{a['id']}/report",
              data={**report_form(unit, a["id"]), "status": "推进中", "text": "已按要求报送"})
    assert "请本周内报送进展" not in unit.get("/desk/assignments").text.split("<table", 1)[0]
    # a unit cannot urge
    r = unit.post(f"/desk/assignments/{a['id']}/urge", data={"csrf_token": csrf, "message": "x"})
    assert r.status_code == 403


def test_due_dates_drive_overdue_and_due_soon_lists(desk):
    office = login(desk.url, "duban", PASSWORD)
    rows = [a for a in assignments_of(office) if a["status"] == "未开始"]
    late, soon = rows[0], rows[1]
    for a, due in ((late, date.today() - timedelta(days=3)), (soon, date.today() + timedelta(days=3))):
        html = office.get(f"/desk/assignments/{a['id']}").text
        r = office.post(f"/desk/assignments/{a['id']}/due",
                        data={"csrf_token": field(html, "csrf_token"), "version": field(html, "version"),
                              "due_date": due.isoformat()})
        assert r.status_code == 303
    overdue = {a["id"] for a in assignments_of(office, when="overdue")}
    due_soon = {a["id"] for a in assignments_of(office, when="due_soon")}
    assert late["id"] in overdue and late["id"] not in due_soon
    assert soon["id"] in due_soon and soon["id"] not in overdue
    html = office.get(f"/desk/assignments/{late['id']}").text
    bad = office.post(f"/desk/assignments/{late['id']}/due",
                      data={"csrf_token": field(html, "csrf_token"), "version": field(html, "version"), "due_date": "2022-02-30"})
    assert bad.status_code == 400 and "不是有效日期" in bad.text


def test_dashboard_charts_follow_completion(desk):
    office = login(desk.url, "duban", PASSWORD)
    before = office.get("/desk/dashboard").text
    done_before = int(re.search(r"<b>(\d+)</b>已完成", before).group(1))
    assert before.count("<svg") == 4 and "cdn" not in before.lower()
    unit = login(desk.url, "unit_b", PASSWORD)
    a = next(x for x in assignments_of(unit) if x["status"] != "已完成")
    unit.post(f"/desk/assignments/{a['id']}/report",
              data={**report_form(unit, a["id"]), "status": "已完成", "text": "全部办结"})
    after = office.get("/desk/dashboard").text
    assert int(re.search(r"<b>(\d+)</b>已完成", after).group(1)) == done_before + 1
    assert "累计完成" in after and "<polyline" in after
    assert login(desk.url, "unit_a", PASSWORD).get("/desk/dashboard").status_code == 403


def _sheet(client: httpx.Client, guide_id: int):
    from openpyxl import load_workbook
    r = client.get(f"/desk/ledger/{guide_id}.xlsx")
    assert r.status_code == 200
    return load_workbook(io.BytesIO(r.content))


def _upload(client: httpx.Client, guide_id: int, wb) -> httpx.Response:
    buf = io.BytesIO()
    wb.save(buf)
    html = client.get(f"/desk/ledger/{guide_id}/import").text
    return client.post(f"/desk/ledger/{guide_id}/import", data={"csrf_token": field(html, "csrf_token")},
                       files={"sheet": ("ledger.xlsx", buf.getvalue())})


def test_ledger_export_layout(desk):
    office = login(desk.url, "duban", PASSWORD)
    guide_id = httpx.get(desk.url + "/api/v1/guides").json()[0]["id"]
    ws = _sheet(office, guide_id).active
    header = [c.value for c in ws[1]]
    assert header == ["序号", "政策措施/任务", "第一责任单位", "责任单位", "联系电话", "完成时限", "进展情况", "状态", "更新时间"]
    assert ws.freeze_panes == "A2"
    assert ws["B2"].alignment.wrap_text and ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    tasks = httpx.get(f"{desk.url}/api/v1/guides/{guide_id}").json()["tasks"]
    assert ws.max_row - 1 == len(tasks)
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(tasks))] == [t["ref"] for t in tasks]


def test_ledger_import_lists_every_bad_row_and_applies_nothing(desk):
    unit = login(desk.url, "unit_b", PASSWORD)
    guide_id = assignments_of(unit)[0]["guide_id"]
    wb = _sheet(unit, guide_id)
    ws = wb.active
    assert ws.max_row >= 3
    ws.cell(row=2, column=7, value="已完成摸底")
    ws.cell(row=2, column=8, value="推进中")
    ws.cell(row=3, column=7, value="有进展")
    ws.cell(row=3, column=8, value="差不多了")        # not a status
    ws.cell(row=ws.max_row + 1, column=1, value="999")  # not a task
    before = desk.count("SELECT count(*) FROM progress_reports")
    r = _upload(unit, guide_id, wb)
    assert r.status_code == 400 and "第 3 行" in r.text and f"第 {ws.max_row} 行" in r.text
    assert "未导入任何内容" in r.text
    assert desk.count("SELECT count(*) FROM progress_reports") == before
    ws.cell(row=3, column=8, value="推进中")
    ws.delete_rows(ws.max_row)
    r = _upload(unit, guide_id, wb)
    assert r.status_code == 200 and "已导入" in r.text
    applied = desk.count("SELECT count(*) FROM progress_reports") - before
    assert applied >= 2
    again = _upload(unit, guide_id, wb)       # the same sheet again stores nothing new
    assert again.status_code == 200
    assert desk.count("SELECT count(*) FROM progress_reports") - before == applied
    assert "已完成摸底" in "".join(str(c.value) for c in _sheet(unit, guide_id).active["G"])


def test_not_a_workbook_is_a_clear_400(desk):
    unit = login(desk.url, "unit_b", PASSWORD)
    guide_id = assignments_of(unit)[0]["guide_id"]
    html = unit.get(f"/desk/ledger/{guide_id}/import").text
    r = unit.post(f"/desk/ledger/{guide_id}/import", data={"csrf_token": field(html, "csrf_token")},
                  files={"sheet": ("x.xlsx", b"not a workbook")})
    assert r.status_code == 400 and "xlsx" in r.text
