"""The portal and the API over real HTTP against a real SQLite registry."""
import io

import httpx
import pytest

from conftest import run_cli
from webserver import running_server


@pytest.fixture(scope="module")
def base(portal):
    return portal


def test_home_has_search_box_guides_and_entry_points(base):
    r = httpx.get(base + "/")
    assert r.status_code == 200
    assert 'name="q"' in r.text and "小微企业" in r.text and "落实指引" in r.text


def test_search_page_highlights_and_phone_links(base):
    r = httpx.get(base + "/search", params={"q": "住房公积金缓缴"})
    assert r.status_code == 200
    assert "<mark>" in r.text and 'href="tel:' in r.text


def test_search_without_answer_says_so(base):
    r = httpx.get(base + "/search", params={"q": "宠物狗办证"})
    assert "没有找到相关措施" in r.text


def test_output_is_escaped(base):
    r = httpx.get(base + "/search", params={"q": "<script>alert(1)</script>房租"})
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;" in r.text


def test_guide_task_and_department_pages(base):
    guides = httpx.get(base + "/api/v1/guides").json()
    seed = next(g for g in guides if g["doc_number"])
    page = httpx.get(f"{base}/guides/{seed['id']}")
    assert page.status_code == 200 and seed["doc_number"] in page.text and "缺失编号" in page.text
    hit = httpx.get(base + "/api/v1/search", params={"q": "公积金"}).json()["results"][0]
    task = httpx.get(f"{base}/tasks/{hit['task_id']}")
    assert task.status_code == 200 and "找谁办" in task.text and "原文出处" in task.text
    deps = httpx.get(base + "/departments", params={"q": "住房公积金"})
    assert deps.status_code == 200 and "住房公积金" in deps.text


def test_downloads(base):
    guides = httpx.get(base + "/api/v1/guides").json()
    gid = guides[0]["id"]
    assert httpx.get(f"{base}/guides/{gid}.json").json()["schema"] == "policydesk.guide/1"
    csv = httpx.get(f"{base}/guides/{gid}.csv")
    assert csv.status_code == 200 and "牵头单位" in csv.text
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(httpx.get(f"{base}/guides/{gid}.xlsx").content))
    ws = wb.active
    assert ws.freeze_panes == "A2" and ws.cell(1, 3).value == "牵头单位"


def test_errors_are_chinese_and_never_500(base):
    r = httpx.get(base + "/no/such/page")
    assert r.status_code == 404 and "页面不存在" in r.text
    assert httpx.get(base + "/tasks/99999999").status_code == 404
    assert httpx.get(base + "/search", params={"guide": "abc"}).status_code == 400
    assert httpx.get(base + "/api/v1/search").status_code == 400
    assert httpx.get(base + "/api/v1/search", params={"q": "x" * 500}).status_code == 400
    assert httpx.get(base + "/api/v1/guides/123456").status_code == 404
    assert httpx.get(base + "/api/v1/openapi.json").json()["info"]["title"] == "PolicyDesk API"


def test_new_version_shows_what_changed(tmp_path):
    from conftest import DEV
    src = (DEV / "11_lishan.txt").read_text(encoding="utf-8")
    v1, v2 = tmp_path / "v1.txt", tmp_path / "v2.txt"
    v1.write_text(src, encoding="utf-8")
    # the next version: one unit changed in task 2, task 6 dropped
    v2.write_text(src.replace("牵头单位：区工信局", "牵头单位：区科技局").split("\n6.")[0], encoding="utf-8")
    db = tmp_path / "v.db"
    assert run_cli("ingest", str(v1), "--db", str(db)).returncode == 0
    out = run_cli("ingest", str(v2), "--db", str(db))
    assert "新版本 v2" in out.stderr.decode()
    with running_server(str(db)) as url:
        guides = httpx.get(url + "/api/v1/guides").json()
        newest = max(guides, key=lambda g: g["version"])
        changes = httpx.get(f"{url}/api/v1/guides/{newest['id']}/changes").json()
        assert changes["removed"] == ["6"]
        assert changes["units_changed"][0]["ref"] == "2"
        assert changes["units_changed"][0]["units_added"] == ["区科技局"]
        page = httpx.get(f"{url}/guides/{newest['id']}").text
        assert "与第 1 版相比" in page and "区科技局" in page


def test_task_page_links_same_department_tasks_of_its_guide(base):
    import re
    page = None
    for task_id in range(1, 40):
        r = httpx.get(f"{base}/tasks/{task_id}")
        if "本指引中同一部门负责的其他措施" in r.text:
            page = r.text
            break
    assert page, "no task page lists related tasks"
    this_guide = httpx.get(f"{base}/api/v1/tasks/{task_id}").json()["guide_id"]
    related = re.findall(r'<li><a href="/tasks/(\d+)">', page.split("本指引中同一部门负责的其他措施", 1)[1])
    assert related and all(httpx.get(f"{base}/api/v1/tasks/{i}").json()["guide_id"] == this_guide for i in related)
    assert 'href="/departments/' in page


def test_a_headings_words_are_shown_under_it_on_the_guide_page(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text("某区招商引资工作方案\n一、目标任务\n全年引进项目50个，到位资金100亿元。\n二、重点工作\n"
                   "1.开展产业链招商。\n牵头单位：区商务局\n", encoding="utf-8")
    db = tmp_path / "h.db"
    assert run_cli("ingest", str(src), "--db", str(db)).returncode == 0
    with running_server(str(db)) as url:
        guide = httpx.get(url + "/api/v1/guides").json()[0]
        page = httpx.get(f"{url}/guides/{guide['id']}").text
        # a heading with no task under it is shown too, where it stands, with its words
        assert page.index("<h2>一 目标任务</h2>") < page.index("全年引进项目50个") < page.index("<h2>二 重点工作</h2>")
