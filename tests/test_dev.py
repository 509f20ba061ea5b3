"""The dev guides in other layouts, scored the way ../shared/tools/score.py scores them."""
import json

import pytest

from conftest import DEV, run_cli, validate


def _names(units):
    return {u["name"] for u in units}


@pytest.mark.parametrize("gold_path", sorted(DEV.glob("*.gold.json")), ids=lambda p: p.name)
def test_dev_guide_matches_gold(gold_path):
    gold = json.loads(gold_path.read_text("utf-8"))
    source = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
    proc = run_cli("parse", str(source), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    guide = json.loads(proc.stdout)
    validate(guide)
    by_path = {tuple(t["path"]): t for t in guide["tasks"]}
    for g in gold["tasks"]:
        t = by_path.get(tuple(g["path"]))
        assert t is not None, f"task {g['path']} missing"
        assert _names(t["lead"]) == _names(g["lead"]), g["path"]
        assert _names(t["support"]) == _names(g["support"]), g["path"]
