"""Write the example guides in this folder from policydesk.guidegen (our own sentences).
Run: .venv/bin/python examples/make_examples.py"""
from pathlib import Path

from policydesk.guidegen import generate_guide

HERE = Path(__file__).parent
SPECS = [
    ("qingchuan_blocks.txt", dict(seed=11, district="青川区", n_measures=24, layout="blocks")),
    ("linhe_lines.txt", dict(seed=12, district="临河区", n_measures=30, layout="lines", with_phones=False)),
    ("songling_inline.txt", dict(seed=13, district="松岭区", n_measures=27, layout="inline", with_phones=False)),
]

if __name__ == "__main__":
    for name, spec in SPECS:
        guide = generate_guide(**spec)
        (HERE / name).write_text(guide.text, encoding="utf-8")
        print(name, len(guide.tasks), "tasks")
