"""Generated guides (our own sentences): the parse must give back exactly what was generated,
in every layout; and shredding (line breaks anywhere, phones glued to item numbers, headings
lost) must not change tasks, units, phones or text."""
import random
import re
from functools import cache
from itertools import product

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from conftest import validate
from policydesk.guidegen import generate_guide
from policydesk.parse import parse_text
from policydesk.parse.order import heaviest_chain
from policydesk.shred import interleave_echo, number_items, shred
from propcheck import compare

LAYOUTS = ["blocks", "lines", "inline"]


def _truth(gen):
    return {t.ref: (sorted(u.name for u in t.lead), sorted(u.name for u in t.support),
                    sorted(p for u in t.lead + t.support for p in u.phones)) for t in gen.tasks}


def _parsed(guide):
    return {t.ref: (sorted(u.name for u in t.lead), sorted(u.name for u in t.support),
                    sorted(p for u in t.lead + t.support for p in u.phones)) for t in guide.tasks}


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), layout=st.sampled_from(LAYOUTS))
def test_clean_generated_guide_round_trips(seed, layout):
    # blocks without phones and with scopes are a known gap (see the issue note)
    gen = generate_guide(seed, layout=layout, with_phones=layout == "blocks")
    guide = parse_text(gen.text)
    assert _parsed(guide) == _truth(gen)
    texts = {t.ref: re.sub(r"\s", "", t.text) for t in guide.tasks}
    for t in gen.tasks:
        assert texts[t.ref] == "".join(t.sentences)
    validate(guide.to_dict())


@settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), shred_seed=st.integers(0, 10**6),
       line_every=st.integers(5, 120), drop_headings=st.integers(0, 2), layout=st.sampled_from(LAYOUTS))
def test_shredded_guide_parses_like_the_clean_one(seed, shred_seed, line_every, drop_headings, layout):
    gen = generate_guide(seed, layout=layout, with_phones=layout == "blocks")
    clean = parse_text(gen.text)
    broken = shred(gen.text, random.Random(shred_seed), copies=0, moves=0,
                   drop_headings=drop_headings, line_every=line_every)
    assert compare(clean, parse_text(broken.text), broken.deleted) == []


def _sentences(text: str) -> list[str]:
    return re.findall(r"[^。]+。", re.sub(r"\s", "", text))


@settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), shred_seed=st.integers(0, 10**6), echo=st.sampled_from([0.0, 0.15, 0.3]))
def test_fully_shredded_guide_keeps_its_facts(seed, shred_seed, echo):
    """Every corruption at once (copies, moves, an echo of the page, lost headings, line breaks,
    glued phones). Exact recovery is not reached on every case yet (bench/README.md has the
    rate); what must always hold: every unit found is one of the guide's with one of its phones,
    no block words leak into task text, and no sentence is given to two tasks."""
    gen = generate_guide(seed)
    clean = parse_text(gen.text)
    broken = shred(gen.text, random.Random(shred_seed), echo=echo)
    guide = parse_text(broken.text)
    validate(guide.to_dict())
    units = {(u.name, p) for t in clean.tasks for u in t.lead + t.support for p in u.phones}
    seen: dict[str, str] = {}
    for t in guide.tasks:
        assert not re.search("责任单位|牵头单位|联系电话", t.text)
        for u in t.lead + t.support:
            assert all((u.name, p) in units for p in u.phones)
        for sentence in _sentences(t.text):
            assert seen.setdefault(sentence, t.ref) == t.ref, f"{sentence} in {seen[sentence]} and {t.ref}"


# Guides each needing one of the restorer's rules, found by turning the rule off (so each case
# fails without it). With an echo of the page (a second, partial rendering running ahead of it, as
# in the seed), an unnumbered sentence goes to the item found before all its copies
# (shared_predecessor); else to the copy on the side the document's numbered copies were originals
# on (copy_direction); else, by a small margin, to the later copy (LATER_COPY_PRIOR), and so does
# a numbered item whose copies fit the numbering equally well (choose_sites; judged again once the
# document's side is known; after a run of `(k)`, by the measure they count on from:
# _run_opening); a bare `(k)` leans to that side only where something placed reads it
# (_side_with_context). A copy is no neighbour of itself (prev_site), and a `(k)` is judged again
# once the item before it is placed (place_subs). The document's closing block is its last item's
# (owner_of_block). A copy right after its original is one sentence (dedupe). A copied `(k)` is no
# evidence that the item before it split another measure (_inside_previous_measure). A lone `(k)`
# given to a far measure stands out of place: the sentences after it are not its own
# (mark_strays). A measure whose sub-items wait for it after the measure before stands out of
# place (_awaited_elsewhere), and so does one standing between a `(k)` and the `(k+1)` it cannot
# own (_splits_sub_items); the sub-items in place after a measure count for it (SUB_ITEM_WEIGHT).
# A `(k)` just before the `(j+1)` that continues the item before it is not that measure's
# (_sibling_follows). Copies are judged again once the moved items are known, which stood beside
# an original and made it look out of place (rejudge_copies_past_moves). An item standing among the
# sub-items of the measure after it, whose opening moved away, was moved there (_inside_next_measure).
# The document's first item carries no blocks when it moves: blocks in front of it out of place are
# the item's before it there (split_blocks_before_first_item). A run of `(k)` whose closing block
# runs into `N.` leans to measure N-1 (RUN_END_VOTE). A measure whose `(k)` wait for it past the
# run of the measure before counts none of those standing after it (_awaited_elsewhere). An item
# `N.(1)` right after `N-1.(1)` whose run of `(k)` starts again before N+1 was moved into the run
# of N-1 (_took_over_run). The measures in place are the heaviest chain of openings and runs of
# bare `(k)`, each run standing for a measure it continues, wherever that measure's opening stands
# (_in_place_chain). A bare `(k)` standing after a run of `(1)…(j)` of measure p, j >= k, that
# counts up from p's opening, is not p's there (_sub_candidates: `taken`). A copied opening is
# read where the chain of measures in place through its sites is heavier by a whole measure, when
# no item read once loses its place for it (resite_copies_by_chain). A bare `(k)` does not move,
# so even a lone one in place outweighs an opening in the chain, unless the page was rendered twice
# (ECHO_SHARE; the seed's test_a_sub_item_an_echo_renders_after_a_run_is_no_sign_the_measure_moved).
_ECHO = dict(copies=0, moves=0, drop_headings=0, echo_lost=0)
_ECHO_LOST = dict(_ECHO, echo_lost=0.3)
_COPIES = dict(copies=3, moves=0, drop_headings=0)
_MOVES = dict(copies=0, moves=2, drop_headings=0)


@pytest.mark.parametrize("seed,cfg", [
    # LATER_COPY_PRIOR, copy_direction (shared_predecessor: no shredded case needs it any more; the
    # seed does, for its items 1 and 3)
    (21, dict(_ECHO, echo=0.3)), (172, dict(_ECHO, echo=0.3)), (364, dict(_ECHO, echo=0.3)),
    (0, dict(_ECHO, echo=0.15)), (3, dict(_ECHO, echo=0.15)), (4, dict(_ECHO, echo=0.15)), (10, dict(_ECHO, echo=0.3)),
    (20, dict(_ECHO, echo=0.15)), (124, dict(_ECHO, echo=0.15)),
    (13, dict(_ECHO, echo=0.15)), (17, dict(_ECHO, echo=0.3)), (23, dict(_ECHO, echo=0.3)),  # choose_sites
    (45, dict(_ECHO, echo=0.3)), (66, dict(_ECHO, echo=0.3)),  # ... again with the document's side
    (11, _COPIES), (29, dict(_ECHO, echo=0.15)),  # ... after the measure of the `(k)` before it
    (24, dict(_ECHO, echo=0.15)), (37, dict(_ECHO_LOST, echo=0.3)),  # prev_site
    (32, {}), (7, dict(_ECHO_LOST, echo=0.15)),  # place_subs judges again
    (21, dict(_ECHO, echo=0.15)), (11, dict(_ECHO_LOST, echo=0.15)),  # owner_of_block
    (0, dict(echo=0.15)),  # dedupe
    (42, _COPIES), (5, {}),  # _inside_previous_measure
    (20, dict(_ECHO_LOST, echo=0.15)), (65, dict(_ECHO_LOST, echo=0.3)),  # mark_strays
    (52, _MOVES), (4, _MOVES),  # _awaited_elsewhere
    (12, _MOVES), (118, {}),  # _splits_sub_items
    (167, dict(_ECHO_LOST, echo=0.15)),  # _sibling_follows
    (6, _MOVES), (59, {}),  # SUB_ITEM_WEIGHT
    (10, {}), (33, {}),  # rejudge_copies_past_moves
    (27, _MOVES),  # _inside_next_measure
    (103, _MOVES),  # split_blocks_before_first_item
    (84, _MOVES),  # split_closing_block: unscoped leads, the last one with supports after it
    (45, {}), (120, {}),  # RUN_END_VOTE
    (90, _MOVES), (64, {}),  # _awaited_elsewhere past the measure's own run; no weight for those after
    (95, _MOVES), (150, _MOVES), (195, _MOVES),  # _took_over_run
    (158, _MOVES), (164, _MOVES), (182, _MOVES), (171, {}),  # _in_place_chain
    (11, _MOVES), (110, _MOVES), (251, _MOVES),  # ... where a run of two (k) outweighs a measure (SUB_ITEM_WEIGHT)
    (146, {}),  # split_closing_block with copies landed after the moved sentence
    (173, _MOVES),  # ... between scoped leads and an unscoped one
    (65, {}),  # _run_opening read from where a copied `(k)` stands, not from its first copy
    (473, _MOVES), (340, {}),  # CONTINUING_RUN_BONUS
    (12, dict(_ECHO, echo=0.15)), (82, dict(_ECHO, echo=0.15)), (87, dict(_ECHO, echo=0.15)),  # _in_text_before
    (499, _MOVES),  # a run of (k) goes on from its measure's earlier run past items moved in
    (175, _COPIES), (736, _COPIES),  # a (k) after a run of its measure already past k is not that measure's
    (106, {}), (282, {}),  # resite_copies_by_chain
    (37, {}), (273, _COPIES),  # ... heavier by a measure that weighs a little under 1 (WHOLE_MEASURE)
    (253, _MOVES), (359, {}), (262, {}),  # a lone (k) in place outweighs an opening (SUB_ITEM_WEIGHT > 1)
])
def test_copied_or_moved_guide_parses_like_the_clean_one(seed, cfg):
    gen, clean = _generated(seed)
    broken = shred(gen.text, random.Random(seed), **cfg)
    assert broken.echoed or broken.copies or broken.moved
    assert compare(clean, parse_text(broken.text), broken.deleted) == []


@cache
def _generated(seed: int):
    """A generated guide and the parse of its clean text (read once for every shred of it)."""
    gen = generate_guide(seed)
    return gen, parse_text(gen.text)


def test_an_echoed_sub_item_does_not_take_the_sentence_that_closes_the_item_before():
    # units written into a sentence (`…（X牵头，Y配合）。`) close the item as a block would: the
    # sentence between an echoed `(2)` and its original is the `(1)`'s, with its units
    from conftest import EXAMPLES
    text = (EXAMPLES / "songling_inline.txt").read_text(encoding="utf-8")
    broken = shred(text, random.Random(20), copies=0, moves=0, drop_headings=0, echo=0.15, echo_lost=0)
    assert compare(parse_text(text), parse_text(broken.text), broken.deleted) == []


@pytest.mark.parametrize("cfg,floor", [(_COPIES, 497), (_MOVES, 493), ({}, 482)], ids=["copies", "moves", "all"])
def test_most_copied_or_moved_guides_read_back_exactly(cfg, floor):
    """Exact recovery is not reached on every case yet (issue 2's notes list the failures); over
    500 generated guides today's rates are 498, 495 and 485: the floors, a little under them,
    keep the restorer from sliding back unnoticed."""
    exact = 0
    for seed in range(500):
        gen, clean = _generated(seed)
        broken = shred(gen.text, random.Random(seed), **cfg)
        exact += not compare(clean, parse_text(broken.text), broken.deleted)
    assert exact >= floor


@settings(max_examples=100, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6), share=st.floats(0.05, 0.5), lost=st.sampled_from([0.0, 0.5, 1.0]))
def test_an_echo_repeats_sentences_in_order_ahead_of_their_originals(seed, share, lost):
    body = [f"第{i}句。" if i % 3 else f"{i}.第{i}项。" for i in range(1, 40)] + ["牵头单位：区商务局"]
    out, echoed, lost_count = interleave_echo(body, random.Random(seed), share, lost)
    assert echoed == round(share * (len(body) - 1)) and len(out) == len(body) + echoed - lost_count
    assert set(out) == set(body) and out[-1] == body[-1]  # nothing vanishes; the closing block is no sentence
    assert lost_count == 0 or lost > 0
    if lost_count == 0:
        copies = {s: out.index(s) for s in out if out.count(s) == 2}
        assert len(copies) == echoed
        echo = [s for i, s in enumerate(out) if copies.get(s) == i]
        assert echo == [s for s in body if s in copies]  # the echo keeps the page's order
        assert [s for i, s in enumerate(out) if copies.get(s) != i] == body  # and so does the page


@settings(max_examples=100, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10**6))
def test_an_item_loses_its_original_only_where_its_echo_stands_two_items_away(seed):
    # (nearer, either of two neighbours could have moved, or nothing could tell that one did)
    body = [f"{i}.第{i}项。" for i in range(1, 30)] + ["牵头单位：区商务局"]
    out, echoed, lost_count = interleave_echo(body, random.Random(seed), 1.0, 1.0)
    lost = [s for s in body[:-1] if out.count(s) == 1]
    assert len(lost) == lost_count
    for s in lost:
        i = body.index(s)
        assert i >= 2
        two_back = body[i - 2]
        if out.count(two_back) == 2:  # its original is still there: the lone copy stands before it
            assert out.index(s) < len(out) - 1 - out[::-1].index(two_back)


_NUM = re.compile(r"(?:(?<![\d.])|(?<=电话：\d{8}))(\d{1,3})[.．](?!\d)")  # maybe glued to a phone
_SUBNUM = re.compile(r"（(\d{1,2})）")


def _item_sentences(text: str) -> list[str]:
    """Each item sentence from its first label on (the blocks before it are the item before's)."""
    out = []
    for s in re.findall(r"[^。]*。", text.replace("\n", "")):
        starts = [m.start() for m in (_NUM.search(s), _SUBNUM.search(s)) if m]
        if starts:
            out.append(s[min(starts):])
    return out


def _numbering_breaks(items: list[str]) -> int:
    """Item sentences that do not continue the numbering of the one before them."""
    breaks, measure, last_sub = 0, 0, 0
    for s in items:
        labels = sorted([(m.start(), "num", int(m.group(1))) for m in _NUM.finditer(s)]
                        + [(m.start(), "sub", int(m.group(1))) for m in _SUBNUM.finditer(s)])
        kind, n = labels[0][1:]
        breaks += not ((kind == "num" and n == measure + 1) or (kind == "sub" and n == last_sub + 1))
        nums = [v for _, k, v in labels if k == "num"]
        subs = [v for _, k, v in labels if k == "sub"]
        measure, last_sub = (nums[-1] if nums else measure), (subs[-1] if subs else 0)
    return breaks


def _shred_items(seed: int, shred_seed: int, **cfg):
    """A generated guide's item sentences, the shredded copy, and its item sentences."""
    gen = generate_guide(seed)
    broken = shred(gen.text, random.Random(shred_seed), drop_headings=0, **cfg)
    return _item_sentences(gen.text), broken, _item_sentences(broken.text)


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), shred_seed=st.integers(0, 10**6))
def test_a_copy_fits_the_numbering_worse_than_its_original(seed, shred_seed):
    clean, broken, items = _shred_items(seed, shred_seed, copies=1, moves=0)
    assert broken.copies == 1 and _numbering_breaks(clean) == 0
    copy = next(s for s in items if items.count(s) == 2)
    first, last = items.index(copy), len(items) - 1 - items[::-1].index(copy)
    original = last if items[:first] + items[first + 1:] == clean else first
    kept_copy = items[:original] + items[original + 1:]  # the reading that keeps the copy
    assert kept_copy != clean and _numbering_breaks(kept_copy) > 0


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), shred_seed=st.integers(0, 10**6))
def test_a_moved_item_passes_two_items(seed, shred_seed):
    # past one item, either of the two could have moved; between the same two, it only hands
    # the sentences around it to another item: nothing tells, the shredder makes neither
    clean, broken, items = _shred_items(seed, shred_seed, copies=0, moves=1)
    assume(broken.moved == 1)  # (a guide whose items all have sentences of their own has none to move)
    movers = [s for s in clean if [x for x in items if x != s] == [x for x in clean if x != s]]
    assert items != clean and len(movers) == 1


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), shred_seed=st.integers(0, 10**6))
def test_each_moved_item_stays_out_of_place(seed, shred_seed):
    # a sentence moved twice could land back beside its own place, where nothing tells it moved
    clean, broken, items = _shred_items(seed, shred_seed, copies=0, moves=3)
    assert len(set(broken.moved_sentences)) == broken.moved
    for moved in broken.moved_sentences:
        s = _item_sentences(moved)[0]
        assert _items_beside(items, s) != _items_beside(clean, s)


def _items_beside(items: list[str], sentence: str) -> tuple[str | None, str | None]:
    i = items.index(sentence)
    return (items[i - 1] if i else None), (items[i + 1] if i + 1 < len(items) else None)


_SPANS = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 3)), min_size=1, max_size=2)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(raw=st.lists(st.tuples(_SPANS, st.sampled_from([0.25, 0.5, 1.0])), max_size=6))
def test_the_heaviest_chain_is_a_chain_no_other_outweighs(raw):
    elements = [([(start, start + length) for start, length in spans], weight) for spans, weight in raw]
    chosen = heaviest_chain(elements)
    picked = [elements[i][0][s] for i, s in sorted(chosen.items())]
    assert all(after[0] > before[1] for before, after in zip(picked, picked[1:]))

    def weight(choice):  # None where an element is left out
        spans = [(elements[i][0][s], elements[i][1]) for i, s in enumerate(choice) if s is not None]
        chain = all(b[0][0] > a[0][1] for a, b in zip(spans, spans[1:]))
        return sum(w for _, w in spans) if chain else -1
    best = max(weight(c) for c in product(*[[None, *range(len(spans))] for spans, _ in elements]))
    assert sum(elements[i][1] for i in chosen) == pytest.approx(best)


def test_the_shredder_reads_an_item_number_glued_to_the_phone_before_it():
    body = ["1.甲。", "牵头单位：区商务局联系电话：691469272.乙。", "牵头单位：区财政局联系电话：69146928（2）丙。"]
    numbering = number_items(body)
    assert [numbering[s].first for s in body] == [("num", 1), ("num", 2), ("sub", 2)]
    assert [numbering[s].measure for s in body] == [1, 2, 2]


def test_an_item_whose_sub_items_would_read_on_from_a_lone_sub_item_does_not_move():
    # `2.（1）` after `1.（1）` (a lone sub-item): taken out, its `（2）` reads on from 1's and no
    # reader could tell whose it is. `3.（1）` after `2.（1）（2）` may move: its `（2）` starts again
    body = (["1.（1）甲项。", "2.（1）乙项。", "（2）丙项。", "3.（1）丁项。", "（2）戊项。"]
            + [f"{n}.第{n}项。" for n in range(4, 12)])
    text = "".join(body) + "牵头单位：区商务局"
    movers = set()
    for seed in range(200):
        broken = shred(text, random.Random(seed), copies=0, moves=1, drop_headings=0, line_every=10**6)
        out = re.findall(r"[^。]*。", broken.text.replace("\n", ""))
        movers |= {s for s in body if out != body and [x for x in out if x != s] == [x for x in body if x != s]}
    assert "3.（1）丁项。" in movers and "2.（1）乙项。" not in movers
