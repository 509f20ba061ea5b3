"""The main flows in a real Chromium (Debian's, driven by Playwright), on a phone-sized and a
desktop viewport. Screenshots go to test-artifacts/."""
import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def base(portal):
    return portal


@pytest.fixture(scope="module")
def browser():
    from pathlib import Path
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it (scripts/ensure_chromium.sh)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_open_result_follow_department(browser, base, viewport):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.goto(base + "/")
    page.fill("input[name=q]", "住房公积金能缓缴吗")
    page.click("button[type=submit]")
    page.wait_for_selector(".result")
    page.screenshot(path=str(ARTIFACTS / f"search-{viewport}.png"), full_page=True)
    tel = page.locator(".result a.tel").first
    assert tel.get_attribute("href").startswith("tel:")
    assert page.locator(".result mark").count() > 0
    page.locator(".result a.ref").first.click()
    page.wait_for_selector("text=找谁办")
    page.screenshot(path=str(ARTIFACTS / f"task-{viewport}.png"), full_page=True)
    assert page.locator("a.tel").count() > 0
    page.click("a[href^='/guides/']")
    page.wait_for_selector(".outline")
    first_task = page.locator(".tasks a.ref").first
    ref = first_task.inner_text()
    first_task.click()
    page.wait_for_selector(f"text=第 {ref} 条")
    page.goto(base + "/departments")
    page.locator(".organs a").first.click()
    page.wait_for_selector(".office")
    page.screenshot(path=str(ARTIFACTS / f"department-{viewport}.png"), full_page=True)
    page.close()


def test_entry_point_chip_leads_to_results(browser, base):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(base + "/")
    page.click("a.chip:has-text('个体工商户')")
    page.wait_for_selector(".result")
    assert page.locator(".result").count() > 0
    page.close()


@pytest.fixture(scope="module")
def desk_base(tmp_path_factory):
    """A desk with one office and one unit account, on SQLite."""
    import sqlalchemy

    from conftest import EXAMPLES, run_cli
    from webserver import running_server
    db = str(tmp_path_factory.mktemp("deskui") / "desk.db")
    assert run_cli("ingest", str(EXAMPLES), "--db", db).returncode == 0
    engine = sqlalchemy.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        org = conn.execute(sqlalchemy.text(
            "SELECT o.name FROM assignments a JOIN units u ON u.id = a.unit_id JOIN organs o ON o.id = u.organ_id "
            "WHERE a.role = 'lead' GROUP BY o.name ORDER BY count(*) DESC LIMIT 1")).scalar()
    engine.dispose()
    for args in (("duban", "--role", "office"), ("unit", "--role", "unit", "--org", org)):
        assert run_cli("user", "add", *args, "--db", db, stdin=b"correct-horse-9\n").returncode == 0
    with running_server(db) as url:
        yield url


def _log_in(page, base, name):
    page.goto(base + "/desk")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", "correct-horse-9")
    page.click("form.form button[type=submit]")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_desk_flow_report_urge_export(browser, desk_base, viewport):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], accept_downloads=True)
    page = context.new_page()
    _log_in(page, desk_base, "unit")
    page.wait_for_selector("table.ledger")
    page.screenshot(path=str(ARTIFACTS / f"desk-unit-{viewport}.png"), full_page=True)
    page.locator("table.ledger tbody tr:has-text('牵头') a").first.click()
    page.wait_for_selector("text=填报进展")
    page.select_option("select[name=status]", "推进中")
    page.fill("textarea[name=text]", f"浏览器填报 {viewport}")
    page.fill("textarea[name=public_summary]", f"公开进展 {viewport}")
    page.click("text=提交进展")
    page.wait_for_selector(f"text=浏览器填报 {viewport}")
    assignment_url = page.url.split("?")[0]
    guide_href = page.locator("p.crumb a[href^='/guides/']").get_attribute("href")
    page.click("nav.desknav button:has-text('退出')")
    page.wait_for_url(desk_base + "/")

    _log_in(page, desk_base, "duban")
    page.wait_for_selector("svg.chart")
    page.screenshot(path=str(ARTIFACTS / f"desk-dashboard-{viewport}.png"), full_page=True)
    page.goto(assignment_url)
    page.fill("textarea[name=message]", f"请加快进度 {viewport}")
    page.click("button:has-text('催办')")
    page.wait_for_selector(f"text=请加快进度 {viewport}")
    assert page.locator(f"text=浏览器填报 {viewport}").count() > 0
    page.screenshot(path=str(ARTIFACTS / f"desk-assignment-{viewport}.png"), full_page=True)
    page.goto(desk_base + "/desk/dashboard")
    with page.expect_download() as download:
        page.click(f"a[href='/desk/ledger/{guide_href.rsplit('/', 1)[1]}.xlsx']")
    path = ARTIFACTS / f"ledger-{viewport}.xlsx"
    download.value.save_as(path)
    from openpyxl import load_workbook
    ws = load_workbook(path).active
    assert ws["A1"].value == "序号" and ws.max_row > 1
    assert any(f"浏览器填报 {viewport}" in str(c.value) for c in ws["G"])
    context.close()
