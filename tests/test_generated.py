"""Generated guides (our own sentences): the parse must give back exactly what was generated,
in every layout; and shredding (line breaks anywhere, phones glued to item numbers, headings
lost) must not change tasks, units, phones or text."""
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import validate
from policydesk.guidegen import generate_guide
from policydesk.parse import parse_text
from policydesk.shred import interleave_echo, shred
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


# Guides each needing one of the restorer's rules for repeated sentences, found by turning the
# rule off (so each case fails without it). With an echo of the page (a second, partial rendering
# running ahead of it, as in the seed), an unnumbered sentence goes to the item found before all
# its copies (shared_predecessor); else to the copy on the side the document's numbered copies
# were originals on (copy_direction); else, by a small margin, to the later copy
# (LATER_COPY_PRIOR), and so does a numbered item whose copies fit the numbering equally well
# (choose_sites); a copy is no neighbour of itself: the item before a copied `(k)` is looked
# for past its other copies (prev_site); a bare `(k)` leans to that side only where something
# placed reads it (_side_with_context), and a `(k)` is judged again once the item before it is
# placed (place_subs). The document's closing block is its last item's (owner_of_block). A copy right after its original is one sentence (dedupe). A copied `(k)`
# is no evidence that the item before it split another measure (_inside_previous_measure). A lone
# `(k)` given to a far measure stands out of place: the sentences after it are not its own
# (mark_strays).
_ECHO = dict(copies=0, moves=0, drop_headings=0, echo_lost=0)
_COPIES = dict(copies=3, moves=0, drop_headings=0)


@pytest.mark.parametrize("seed,cfg", [
    (21, dict(_ECHO, echo=0.3)), (172, dict(_ECHO, echo=0.3)), (175, dict(_ECHO, echo=0.3)), (364, dict(_ECHO, echo=0.3)),
    (11, dict(_ECHO, echo=0.15)), (20, dict(_ECHO, echo=0.15)), (25, dict(_ECHO, echo=0.15)),
    (0, dict(_ECHO, echo=0.15)), (3, dict(_ECHO, echo=0.15)), (4, dict(_ECHO, echo=0.15)),
    (10, dict(_ECHO, echo=0.3)), (124, dict(_ECHO, echo=0.15)), (124, dict(_ECHO, echo=0.3)),
    (13, _COPIES), (73, _COPIES),
    (44, _COPIES), (54, _COPIES), (13, dict(_ECHO, echo=0.15)),
    (133, _COPIES), (24, dict(_ECHO, echo=0.15)), (136, {}),
    (57, {}), (7, dict(_ECHO, echo=0.15, echo_lost=0.3)),
    (21, dict(_ECHO, echo=0.15)), (10, _COPIES), (11, dict(_ECHO, echo=0.15, echo_lost=0.3)),
    (7, dict(_ECHO, echo=0.3, echo_lost=0.3)), (65, dict(_ECHO, echo=0.3, echo_lost=0.3)),
    (90, dict(_ECHO, echo=0.3, echo_lost=0.3)),
])
def test_guide_with_repeated_sentences_parses_like_the_clean_one(seed, cfg):
    gen = generate_guide(seed)
    broken = shred(gen.text, random.Random(seed), **cfg)
    assert broken.echoed or broken.copies
    assert compare(parse_text(gen.text), parse_text(broken.text), broken.deleted) == []


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
def test_an_item_loses_its_original_only_where_its_echo_stands_out_of_order(seed):
    # (landing between the same two items as before, nothing could tell that it moved)
    body = [f"{i}.第{i}项。" for i in range(1, 30)] + ["牵头单位：区商务局"]
    out, echoed, lost_count = interleave_echo(body, random.Random(seed), 1.0, 1.0)
    lost = [s for s in body[:-1] if out.count(s) == 1]
    assert len(lost) == lost_count
    for s in lost:
        i = body.index(s)
        before = body[i - 1] if i else None
        assert before is not None, "the first item has nothing to stand before"
        if out.count(before) == 2:  # its original is still there: the lone copy stands before it
            assert out.index(s) < len(out) - 1 - out[::-1].index(before)


def _item_sentences(text: str) -> list[str]:
    sentences = re.findall(r"[^。]*。", text.replace("\n", ""))
    return [s for s in sentences if re.search(r"(?<![\d.])\d{1,3}[.．](?!\d)|（\d{1,2}）", s)]


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), shred_seed=st.integers(0, 10**6))
def test_a_moved_item_stands_out_of_order(seed, shred_seed):
    # a move that left it between the same two items would only hand the sentences around it
    # to another item, and nothing could tell it happened: the shredder makes none
    gen = generate_guide(seed)
    broken = shred(gen.text, random.Random(shred_seed), copies=0, moves=1, drop_headings=0)
    assert broken.moved == 1
    assert _item_sentences(broken.text) != _item_sentences(gen.text)
