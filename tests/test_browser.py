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
