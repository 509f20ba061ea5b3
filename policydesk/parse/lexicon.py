"""Vocabularies the parser reads from policydesk/data: role words, organ and office endings,
generic-party markers, beneficiary terms. Loaded once; the parser code holds no word lists."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .stream import fold_width


def _lines(name: str) -> list[str]:
    text = resources.files("policydesk.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def alternation(words) -> str:
    """A regex alternation of the words, longest first (a longer word wins where both match)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    role_of: dict[str, str]          # folded role word -> "lead" | "support" | "responsible"
    role_words: str                  # regex alternation of all role words
    phone_words: str
    person_words: str
    deadline_words: str
    standing_deadlines: tuple[str, ...]  # a deadline with no date: `长期坚持`
    deadline_tails: tuple[str, ...]      # what a deadline clause may end with: `…底前完成`
    inline_role_of: dict[str, str]   # "牵头" -> lead, "配合" -> support, "负责" -> responsible
    inline_openings: dict[str, str | None]  # `会同X…` -> support; `由X…` -> the clause's own word
    first_is_lead_rules: tuple[str, ...]
    no_unit: frozenset[str]          # what a unit cell says when it names none (`配合单位：无`)
    duty_notes: tuple[str, ...]      # how a note on a unit's duty opens (`区发改委（负责立项审批）`)
    organ_suffixes: tuple[str, ...]
    office_suffixes: tuple[str, ...]
    branch_suffixes: tuple[str, ...]  # a branch of an organ is an organ: `…延庆分局`, `…南岗支行`
    admin_prefixes: tuple[str, ...]
    generic_markers: tuple[str, ...]
    list_tails: tuple[str, ...]
    title_endings: tuple[str, ...]   # how a guide's title ends: `…方案`, `…分工表`
    service_numbers: tuple[str, ...]  # public hotlines shorter than a local number: `12345`
    beneficiaries: tuple[tuple[str, str], ...]  # (term as written, reported form)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    roles = json.loads(resources.files("policydesk.data").joinpath("roles.json").read_text("utf-8"))
    role_of = {fold_width(w): role for role in ("lead", "support", "responsible") for w in roles[role]}
    inline = {}
    for role in ("lead", "support", "responsible"):
        for w in roles["inline_" + role]:
            inline[w] = role
    bens = []
    for line in _lines("beneficiaries.txt"):
        term, _, canon = line.partition("\t")
        bens.append((term.strip(), (canon or term).strip()))
    return Lexicon(
        role_of=role_of,
        role_words=alternation(role_of),
        phone_words=alternation(roles["phone"]),
        person_words=alternation(roles["person"] + roles["read_past"]),  # (read past alike)
        deadline_words=alternation(roles["deadline"]),
        standing_deadlines=tuple(fold_width(w) for w in roles["standing_deadlines"]),
        deadline_tails=tuple(roles["deadline_tails"]),
        inline_role_of=inline,
        inline_openings={w: role for w, role in roles["inline_openings"].items() if w != "_doc"},
        first_is_lead_rules=tuple(fold_width(r) for r in roles["first_is_lead_rules"]),
        no_unit=frozenset(roles["no_unit"]),
        duty_notes=tuple(fold_width(w) for w in roles["duty_notes"]),
        organ_suffixes=tuple(_lines("organ_suffixes.txt")),
        office_suffixes=tuple(_lines("office_suffixes.txt")),
        branch_suffixes=tuple(_lines("branch_suffixes.txt")),
        admin_prefixes=tuple(sorted(_lines("admin_prefixes.txt"), key=len, reverse=True)),
        generic_markers=tuple(_lines("generic_markers.txt")),
        list_tails=tuple(sorted(_lines("list_tails.txt"), key=len, reverse=True)),
        title_endings=tuple(_lines("title_endings.txt")),
        service_numbers=tuple(_lines("service_numbers.txt")),
        beneficiaries=tuple(sorted(bens, key=lambda b: len(b[0]), reverse=True)),
    )
