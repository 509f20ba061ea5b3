"""Generate clean example guides from our own sentence pools, in the customary layouts.

Used to write examples/ and by the tests (with a seeded random generator), so that the parser
is checked on many guides that were never scraped, and on shredded copies of them.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from importlib import resources

CN = "一二三四五六七八九十"


@dataclass
class GenUnit:
    name: str
    phones: list[str]
    scope: str | None = None


@dataclass
class GenTask:
    ref: str
    sentences: list[str]
    lead: list[GenUnit]
    support: list[GenUnit]


@dataclass
class GenGuide:
    text: str
    tasks: list[GenTask] = field(default_factory=list)


def _pools() -> dict:
    return json.loads(resources.files("policydesk.data").joinpath("example_pools.json").read_text("utf-8"))


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        p = str(rng.choice([6, 8])) + "".join(str(rng.randrange(10)) for _ in range(7))
        if p not in used:
            used.add(p)
            return p


def generate_guide(seed: int, district: str | None = None, n_measures: int | None = None,
                   layout: str = "blocks", with_phones: bool = True) -> GenGuide:
    """layout: "blocks" (第一责任单位/责任单位 lines with phones, seed-like),
    "lines" (牵头单位/配合单位 lines), "inline" (（X牵头，Y配合） at the end of the text)."""
    rng = random.Random(seed)
    pools = _pools()
    district = district or rng.choice(pools["districts"])
    short = district[:-1] if district.endswith(("区", "县")) else district
    year = rng.choice([2021, 2022, 2023, 2024])
    organs = pools["organs"]
    phones_used: set[str] = set()
    unit_phone: dict[str, str] = {}

    def unit(scope: str | None = None) -> GenUnit:
        organ = rng.choice(organs)
        office = rng.choice(organ["offices"])
        name = "区" + organ["name"] + office
        if name not in unit_phone:
            unit_phone[name] = _phone(rng, phones_used)
        return GenUnit(name=name, phones=[unit_phone[name]] if with_phones else [], scope=scope)

    sentences = list(pools["sentences"])
    rng.shuffle(sentences)
    sections = list(pools["sections"])
    rng.shuffle(sections)
    n_measures = n_measures or rng.randint(8, 20)
    lines: list[str] = []
    title = f"{district}关于{rng.choice(pools['themes'])}的落实指引"
    issuer = f"{district}人民政府办公室"
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    lines.append(f"{issuer}关于印发《{title}》的通知")
    lines.append(f"{short}政办发〔{year}〕{rng.randint(1, 40)}号")
    lines.append("各街道办事处、各乡镇人民政府，区政府各委、办、局：")
    lines.append(f"经区政府同意，现将《{title}》印发给你们，请结合实际认真抓好落实。")
    lines.append(issuer)
    lines.append(f"{year}年{month}月{day}日")
    lines.append(title)
    lines.append(rng.choice(pools["preambles"]))
    tasks: list[GenTask] = []
    measure = 0
    per_section = max(1, n_measures // 3)
    s_idx = 0
    for sec in range(3):
        lines.append(f"{CN[sec]}、{sections[(sec * 3) % len(sections)]}")
        subs = rng.randint(1, 2)
        for sub in range(subs):
            lines.append(f"（{CN[sub]}）{sections[(sec * 3 + sub + 1) % len(sections)]}")
            for _ in range(max(1, per_section // subs)):
                measure += 1
                n_items = rng.choice([1, 1, 1, 2, 3])
                for item in range(n_items):
                    count = rng.choice([1, 1, 2, 3])
                    # a clean guide does not repeat a sentence; past the pool, vary the wording
                    sents = [_nth_sentence(sentences, s_idx + i) for i in range(count)]
                    s_idx += count
                    if rng.random() < 0.2:
                        sents[0] = sents[0].rstrip("。") + f"，{rng.randint(5, 11)}月底前完成。"
                    ref = str(measure) if n_items == 1 else f"{measure}({item + 1})"
                    label = f"{measure}." if n_items == 1 else (f"{measure}.（1）" if item == 0 else f"（{item + 1}）")
                    scoped = layout == "blocks" and rng.random() < 0.1
                    if scoped:
                        lead = [unit(scope=s) for s in rng.sample(pools["scopes"], 2)]
                    else:
                        lead = [unit()]
                    support = [unit() for _ in range(rng.choice([0, 1, 1, 2]))]
                    taken = {l.name for l in lead}
                    support = [u for u in support if not (u.name in taken or taken.add(u.name))]
                    lines.extend(_render_item(label, sents, lead, support, layout))
                    tasks.append(GenTask(ref=ref, sentences=sents, lead=lead, support=support))
    return GenGuide(text="\n".join(lines) + "\n", tasks=tasks)


def _nth_sentence(pool: list[str], n: int) -> str:
    base = pool[n % len(pool)]
    rounds = n // len(pool)
    return base if not rounds else base[:-1] + f"，分{rounds + 1}批推进。"


def _render_item(label: str, sents: list[str], lead: list[GenUnit], support: list[GenUnit], layout: str) -> list[str]:
    body = label + "".join(sents)
    if layout == "inline":
        parts = ["、".join(u.name for u in lead) + "牵头"]
        if support:
            parts.append("、".join(u.name for u in support) + "配合")
        return [body[:-1] + "（" + "，".join(parts) + "）。"]
    out = [body]
    if layout == "lines":
        out.append("牵头单位：" + "、".join(u.name for u in lead))
        if support:
            out.append("配合单位：" + "、".join(u.name for u in support))
        return out
    for u in lead:
        out.append(f"{u.scope or ''}第一责任单位：{u.name}" + (f"\n联系电话：{'、'.join(u.phones)}" if u.phones else ""))
    for u in support:
        out.append(f"责任单位：{u.name}" + (f"\n联系电话：{'、'.join(u.phones)}" if u.phones else ""))
    return out
