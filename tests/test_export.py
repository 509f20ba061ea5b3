"""Round trips: parse -> export (md, html, docx, xlsx) -> parse gives the same tasks, units and phones."""
import json

import pytest

from conftest import EXAMPLES, SEED, run_cli
from policydesk.api import parse_file
from policydesk.export.render import as_plain_text
from policydesk.parse import parse_text

GUIDES = sorted(EXAMPLES.glob("*.txt")) + [SEED]


def _key(guide):
    return {t.ref: (sorted((u.name, tuple(u.phones), u.scope or "") for u in t.lead),
                    sorted((u.name, tuple(u.phones), u.scope or "") for u in t.support)) for t in guide.tasks}


@pytest.mark.parametrize("source", GUIDES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx"])
def test_export_parses_back_the_same(tmp_path, source, fmt):
    parsed = run_cli("parse", str(source), "--json")
    assert parsed.returncode == 0
    guide_json = tmp_path / "guide.json"
    guide_json.write_bytes(parsed.stdout)
    out = tmp_path / f"guide.{fmt}"
    proc = run_cli("export", str(guide_json), "--to", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    original = parse_file(source)
    again = parse_file(out)
    assert _key(again) == _key(original)


def test_ledger_layout(tmp_path):
    from openpyxl import load_workbook
    parsed = run_cli("parse", str(SEED), "--json")
    (tmp_path / "g.json").write_bytes(parsed.stdout)
    run_cli("export", str(tmp_path / "g.json"), "--to", "xlsx", "-o", str(tmp_path / "g.xlsx"))
    ws = load_workbook(tmp_path / "g.xlsx").active
    assert [c.value for c in ws[1]] == ["序号", "任务", "牵头单位", "责任单位", "联系电话", "完成时限"]
    assert ws.freeze_panes == "A2"
    assert ws.cell(2, 2).alignment.wrap_text


def test_export_refuses_bad_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"not": "a guide"}), encoding="utf-8")
    proc = run_cli("export", str(bad), "--to", "md")
    assert proc.returncode != 0 and "不是有效的 Guide JSON" in proc.stderr.decode()
    proc = run_cli("export", str(bad), "--to", "pptx")
    assert proc.returncode != 0 and "不支持" in proc.stderr.decode()


def test_a_heading_without_tasks_and_its_words_are_written_where_they_stood():
    text = ("某区招商引资工作方案\n一、目标任务\n全年引进项目50个，到位资金100亿元。\n二、重点工作\n1.开展产业链招商。\n"
            "牵头单位：区商务局\n2.优化招商服务。\n牵头单位：区投促中心\n附件：招商项目清单\n")
    guide = parse_text(text)
    written = as_plain_text(guide)
    assert written.index("一、目标任务\n全年引进项目50个") < written.index("二、重点工作") < written.index("附件：招商项目清单")
    again = parse_text(written)
    assert [(h.path, h.title, h.text) for h in again.outline] == [(h.path, h.title, h.text) for h in guide.outline]
    assert [(t.ref, t.text, [u.name for u in t.lead]) for t in again.tasks] == [
        (t.ref, t.text, [u.name for u in t.lead]) for t in guide.tasks]
