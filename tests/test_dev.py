"""The dev guides in other layouts, scored the way ../shared/tools/score.py scores them."""
import json
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import DEV, EXAMPLES, SEED, run_cli, validate
from policydesk.parse import parse_text
from policydesk.shred import shred
from propcheck import compare


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


_LAYOUT_GUIDES = sorted(DEV.glob("*.txt")) + sorted(EXAMPLES.glob("*.txt"))


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(_LAYOUT_GUIDES) - 1), shred_seed=st.integers(0, 10**6),
       line_every=st.integers(3, 80))
def test_other_layouts_read_the_same_with_lines_broken_anywhere(index, shred_seed, line_every):
    """The dev guides (labelled lines, bare brackets, one block for a group of items) and our
    examples, with line breaks anywhere, even every few characters."""
    text = _LAYOUT_GUIDES[index].read_text("utf-8")
    broken = shred(text, random.Random(shred_seed), copies=0, moves=0, drop_headings=0, line_every=line_every)
    assert compare(parse_text(text), parse_text(broken.text), broken.deleted) == []


@pytest.mark.parametrize("name,shred_seed,cfg", [
    # a lone `(k)` after a measure's own `(k)` does not open the next measure when that measure
    # opens later in place (it would come before its opening): half the vote (_opens_later)
    ("songling_inline.txt", 1, dict(copies=0, moves=0, drop_headings=0, echo=0.15, echo_lost=0.3)),
    ("songling_inline.txt", 16, dict(copies=3, moves=0, drop_headings=0)),
])
def test_an_example_with_copies_reads_the_same(name, shred_seed, cfg):
    text = (EXAMPLES / name).read_text("utf-8")
    broken = shred(text, random.Random(shred_seed), **cfg)
    assert compare(parse_text(text), parse_text(broken.text), broken.deleted) == []


@pytest.mark.parametrize("path", [SEED, *sorted(DEV.glob("*.txt")), *sorted(EXAMPLES.glob("*.txt"))],
                         ids=lambda p: p.stem)
def test_a_tasks_spans_point_at_its_text_and_nothing_else(path):
    # separators left between blocks (`牵头单位：X；配合单位：Y`) are not text: no span points at them
    text = path.read_text(encoding="utf-8-sig")
    for task in parse_text(text).tasks:
        cut = "".join(text[a:b] for a, b in task.spans)
        assert re.sub(r"\s", "", cut) == re.sub(r"\s", "", task.text), task.ref
