"""text -> Guide: normalize -> lex -> atoms -> dedupe/order -> tree -> units -> facts -> report."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Contact, Document, Guide, Heading, Report, Source, Task, Unit, Warning
from .atoms import Atom, split_atoms
from .attachments import attachment_headings, attachment_list_numbers, colophon_spans
from .bare_headings import find_bare_headings
from .decimal_items import find_decimal_labels
from .facts import deadline_from_note, find_beneficiaries, find_deadlines
from .furniture import blank_furniture, blank_span, blank_spans
from .header import closing_signature, extract_document, document_year
from .inline_units import extract_inline_blocks
from .lexer import Label, Lexer, Resp
from .lexicon import alternation, lexicon
from .order import restore
from .stream import Stream, build_stream, fold_width
from .tree import Node, build_tree, heading_nodes, share_group_blocks, task_nodes
from .units import clean_name, make_units, shared_phones_to_leads, split_at_conjunctions, split_at_spaces


class NotAGuide(ValueError):
    """The text has no numbered items with responsible units."""


def parse_text(text: str, source: Source | None = None) -> Guide:
    source = source or Source(name="<text>", sha256="", format="text", encoding="utf-8")
    text_read = blank_furniture(text)
    signature = closing_signature(text_read)
    if signature is not None:  # (read for the header below; blank here, as furniture is)
        closing = fold_width(text_read[signature[0]:signature[1]])
        text_read = blank_span(text_read, *signature)
    # (`附件：1.…` / `2.…`: no items; `抄送：…印发`)
    text_read = blank_spans(text_read, attachment_list_numbers(text_read) + colophon_spans(text_read))
    stream = build_stream(text_read)
    headings = [stream.index_of(offset) for offset in find_bare_headings(text_read)]
    line_labels = [Label(d.kind, d.value, stream.index_of(d.start), stream.index_of(d.end - 1) + 1)
                   for d in find_decimal_labels(text_read)]
    line_labels += [Label("annex", 0, stream.index_of(a), stream.index_of(b - 1) + 1)
                    for a, b in attachment_headings(text_read)]
    tokens = Lexer(stream.fold, headings, line_labels, stream.gap_before).run()
    tokens = extract_inline_blocks(tokens, stream.fold)
    atoms = split_atoms(tokens, stream.fold)

    front_end = _front_end(atoms)
    front = stream.fold[:front_end]
    document = _as_written(extract_document(front), stream)
    if signature is not None:  # a document signed at its end: who and when, if the top does not say
        signed = extract_document(closing)
        document.issuer = document.issuer or signed.issuer
        document.date = document.date or signed.date
    fingerprints = _front_fingerprints(document, stream)

    def is_front_matter(atom: Atom) -> bool:
        if atom.labels or any(isinstance(t, Resp) for t in atom.tokens):
            return False
        return any(fp and fp in atom.key for fp in fingerprints)

    placement = restore(atoms, stream.fold, is_front_matter)
    if placement.front_matter:
        # a scrape may carry the preamble away from the top; read it where it landed
        extra = "".join(stream.fold[a.start:a.end] for a in placement.front_matter if a.end > front_end)
        if extra:
            more = _as_written(extract_document(front + "。" + extra), stream)
            document.references = document.references or more.references
            for name in ("title", "notice_title", "doc_number", "issuer", "date"):
                if getattr(document, name) is None:
                    setattr(document, name, getattr(more, name))
    front_ids = {id(a) for a in placement.front_matter}
    ordered_tokens: list = []
    started = False
    for atom in placement.atoms:
        if not started and (id(atom) in front_ids or (not placement.front_matter and atom.end <= front_end)):
            continue
        started = True
        ordered_tokens.extend(placement.synthetic_before.get(id(atom), []))
        ordered_tokens.extend(atom.tokens)

    root = build_tree(ordered_tokens)
    share_group_blocks(root)
    nodes = task_nodes(root)
    if not nodes:
        raise NotAGuide("没有找到编号的任务或责任单位：这似乎不是一份落实指引或任务分工方案")

    arabic_across = _arabic_across(root, nodes)
    year = document_year(document)
    rule_pos = _first_is_lead_rule(stream.fold)
    tasks = [_make_task(n, stream, arabic_across, year, rule_pos) for n in nodes]
    _dedupe_refs(tasks)
    headings = heading_nodes(root, nodes)
    outline = [_heading(n, stream) for n in headings]
    contacts, warnings = _contacts(tasks)
    warnings += _tasks_without_lead(tasks)
    report = Report(
        chars_in=len(text),
        duplicates_removed=placement.duplicates_removed,
        gaps=_gaps(ordered_tokens, root, arabic_across),
        displaced=placement.displaced,
        unattached=_unattached_blocks(headings, nodes, stream),
        warnings=warnings,
    )
    return Guide(source=source, document=document, outline=outline, tasks=tasks,
                 contacts=contacts, report=report)


# ---- header ------------------------------------------------------------------------------

def _front_end(atoms: list[Atom]) -> int:
    for atom in atoms:
        if any(l.kind in ("part", "chap", "cn", "pcn", "art", "ar", "dec", "par", "arp") for l in atom.labels) or \
                any(isinstance(t, Resp) for t in atom.tokens):
            first = next(t for t in atom.tokens if isinstance(t, (Label, Resp)))
            return first.start
    return 0


def _as_written(doc: Document, stream: Stream) -> Document:
    """Header values were matched on folded text; show them with the original characters."""
    def shown(value: str | None) -> str | None:
        if not value:
            return value
        i = stream.fold.find(value)
        return stream.show[i:i + len(value)] if i >= 0 else value

    doc.notice_title = shown(doc.notice_title)
    doc.issuer = shown(doc.issuer)
    doc.doc_number = shown(doc.doc_number)
    doc.recipients = [shown(r) or r for r in doc.recipients]
    for ref in doc.references:
        ref.title = shown(ref.title) or ref.title
        ref.doc_number = shown(ref.doc_number)
    doc.title = shown(doc.title)
    return doc


def _front_fingerprints(doc: Document, stream: Stream) -> list[str]:
    """Strings that only the covering notice and preamble contain (the guide's own title,
    the notice title): a scraped sentence holding one is front matter, not a task."""
    from .stream import fold_width
    prints = []
    for value in (doc.title, doc.notice_title):
        if value and len(value) >= 8:
            prints.append(fold_width(value))
    return prints


# ---- tasks -------------------------------------------------------------------------------

_ONLY_PUNCT = re.compile(r"[\s;；,，、.:：]*")
_LONE_STOP = re.compile(r"\s*。\s*")
_SENTENCE_END = re.compile(r"[。；;]")


def _node_pieces(node: Node, stream: Stream, with_children: bool, out: list[tuple[int, int]]) -> None:
    """Stream spans of a node's text in order, the labels of its children included."""
    fold = stream.fold
    for t in node.texts:
        # separators left between blocks (`牵头单位：X；配合单位：Y`) are not text, nor a full stop
        # closing a block line after a sentence that has its own (`配合单位：Y。`)
        if _ONLY_PUNCT.fullmatch(fold, t.start, t.end) or (
                t.end - t.start < 4 and _LONE_STOP.fullmatch(fold, t.start, t.end) and (not out or fold[out[-1][0]:out[-1][1]].rstrip().endswith("。"))):
            continue
        out.append((t.start, t.end))
    if with_children:
        for child in node.children:
            if child.label.end > child.label.start:
                out.append((child.label.start, child.label.end))
            _node_pieces(child, stream, True, out)


def _cut(pieces: list[tuple[int, int]], source: str) -> str:
    return "".join([source[a:b] for a, b in pieces]).replace("\n", "")


_TITLE_RUNS_ON = re.compile(r".*[和及与或、，,的在对把为]$")  # a line that stops mid-phrase wraps
_BODY = re.compile(r".+[，,；;。].+。$")  # sentences of their own: two clauses at least


def _heading(node: Node, stream: Stream) -> Heading:
    """A heading's title is its first line; words under it on the lines after (no task of
    their own: `一、目标任务` then `全年引进项目50个，到位资金100亿元。`) are its text. A title
    wrapped onto the next line is one title: the line after must read as sentences of its own,
    and the first must not stop mid-phrase (lines may break anywhere in a scrape)."""
    pieces: list[tuple[int, int]] = []
    _node_pieces(node, stream, False, pieces)
    whole = _cut(pieces, stream.show).strip()
    if pieces:
        cut = stream.next_line_break(pieces[0][0], pieces[-1][1])
        if cut is not None:
            title = _cut([(a, min(b, cut)) for a, b in pieces if a < cut], stream.show).strip()
            text = _cut([(max(a, cut), b) for a, b in pieces if b > cut], stream.show).strip()
            if len(title) >= 2 and _BODY.fullmatch(text) and not _TITLE_RUNS_ON.fullmatch(title):
                return Heading(path=node.path, title=title, text=text)
    return Heading(path=node.path, title=whole)


def _spans(pieces: list[tuple[int, int]], stream: Stream) -> list[list[int]]:
    """Where the task's text came from in the input: the pieces its text is cut from, so that a
    separator left between blocks, which the text drops, is not pointed at either."""
    return [stream.span(a, b) for a, b in pieces if b > a]


def _all_resps(node: Node) -> list[Resp]:
    if not node.children:
        return node.resps
    out = list(node.resps)
    for c in node.children:
        out.extend(_all_resps(c))
    return out


def _unattached_blocks(headings: list[Node], tasks: list[Node], stream: Stream) -> list[str]:
    """Blocks written on a heading or measure that no task below it takes (its tasks name their
    own leads, or the heading is no title): a person should see where they went."""
    if not any(n.resps for n in headings):
        return []
    taken = {id(r) for t in tasks for r in _heading_resps(t, _all_resps(t), stream.fold)}
    return [stream.show[r.start:r.end].strip() for n in headings for r in n.resps if id(r) not in taken]


def _heading_resps(node: Node, own: list[Resp], fold: str) -> list[Resp]:
    """Blocks written on the headings above a task (`一、公共秩序整治（牵头单位：区城管局）`) apply to
    every task below them that names no lead of its own, the outer heading's first. Only on a
    heading that is a title: after a sentence (`（一）…。牵头单位：…` whose item number was lost)
    the block is that sentence's."""
    out: list[Resp] = []
    if any(r.role == "lead" for r in own):
        return out
    parent = node.parent
    while parent is not None and parent.label is not None:
        if parent.resps and not any(_SENTENCE_END.search(fold, t.start, t.end) for t in parent.texts):
            out[:0] = parent.resps
        parent = parent.parent
    return out


def _make_task(node: Node, stream: Stream, arabic_across: bool, year: int | None, rule_pos: int | None) -> Task:
    own = _all_resps(node)
    resps = _heading_resps(node, own, stream.fold) + own
    has_lead = any(r.role == "lead" for r in resps)
    lead: list[Unit] = []
    support: list[Unit] = []
    fold = stream.fold
    lead_mark, any_mark = _role_marks()
    marked = any(fold[b - 1] in ")）" and lead_mark.search(fold, a, b)
                 for r in resps if r.role == "responsible" for a, b in r.names if b > a)
    show = stream.show
    for r in resps:
        names = [show[a:b] for a, b in split_at_conjunctions(split_at_spaces(r.names, fold, stream.space_breaks, stream.run_starts), fold)]
        if marked and r.role == "responsible":
            # `责任单位：市工信局（牵头）、市科技局（配合）`: the units marked as leads lead, the others support
            bare = [any_mark.sub("", name) for name in names]
            leading = {clean_name(b) for b, name in zip(bare, names) if lead_mark.search(fold_width(name))}
            units = make_units(bare, r.phones, r.scope, r.phone_owners)
            shared_phones_to_leads(units, leading)
            for unit in units:
                (lead if unit.name in leading else support).append(unit)
            continue
        units = make_units(names, r.phones, r.scope, r.phone_owners)
        if r.role == "lead":
            lead.extend(units)
        elif r.role == "support":
            support.extend(units)
        elif has_lead:
            support.extend(units)
        elif rule_pos is not None and r.end > rule_pos and units:  # (the block that states it, too)
            if lead:
                support.extend(units)
            else:
                shared_phones_to_leads(units, {units[0].name})
                lead.append(units[0])
                support.extend(units[1:])
        else:
            lead.extend(units)
    pieces: list[tuple[int, int]] = []
    _node_pieces(node, stream, True, pieces)
    text = _cut(pieces, stream.show).strip()
    folded = _cut(pieces, stream.fold).strip()
    deadlines = find_deadlines(text, year, folded if len(folded) == len(text) else None)
    notes = [deadline_from_note(stream.show[note.start:note.end], year) for note in _all_notes(node)]
    noted = {n.date for n in notes if n.date}  # (`年内…；完成时限：2024年12月底`: the note says it)
    deadlines = [d for d in deadlines if d.date not in noted] + notes
    ref = _ref(node.path, arabic_across)
    lead = _unique_units(lead)
    support = _unique_units(support)
    if lead and support and {u.name for u in lead} & {u.name for u in support}:
        both = _unique_units(lead + support)  # a heading's lead named again under it leads (its phones kept)
        lead, support = both[:len(lead)], both[len(lead):]
    return Task(ref=ref, path=node.path, text=text, lead=lead, support=support,
                deadlines=deadlines, beneficiaries=find_beneficiaries(text), spans=_spans(pieces, stream))


@lru_cache(maxsize=1)
def _role_marks() -> tuple[re.Pattern, re.Pattern]:
    """A role written in brackets after a unit's name (`市工信局（牵头）`, `市科技局（协办）`): the
    pattern of lead marks (on folded names), and of any role mark (as written)."""
    lx = lexicon()
    leads = [w for w, role in lx.inline_role_of.items() if role == "lead"] + ["牵头单位", "牵头部门"]
    marks = [w for w, role in lx.inline_role_of.items() if role in ("lead", "support")] + \
        ["牵头单位", "牵头部门", "配合单位", "配合部门"]
    return (re.compile(rf"\((?:{alternation(leads)})\)\s*$"),
            re.compile(rf"[(（](?:{alternation(marks)})[)）]\s*$"))


def _all_notes(node: Node):
    if not node.children:
        return node.deadline_notes
    out = list(node.deadline_notes)
    for c in node.children:
        out.extend(_all_notes(c))
    return out


def _unique_units(units: list[Unit]) -> list[Unit]:
    if len(units) < 2:
        return units
    seen: dict[tuple, Unit] = {}
    for u in units:
        key = (u.name, u.scope)
        if key in seen:
            for p in u.phones:
                if p not in seen[key].phones:
                    seen[key].phones.append(p)
        else:
            seen[key] = u
    return list(seen.values())


def _ref(path: list[str], arabic_across: bool) -> str:
    decimal = next((i for i, label in enumerate(path) if "." in label), None)
    if decimal is not None:  # `1.1` names its measure too
        return "".join(path[decimal:])
    if arabic_across:
        for i, label in enumerate(path):
            if label.isdigit():
                return "".join(path[i:])
    return "".join(path)


def _dedupe_refs(tasks: list[Task]) -> None:
    seen: dict[str, int] = {}
    for t in tasks:
        if t.ref in seen:
            seen[t.ref] += 1
            t.ref = f"{t.ref}#{seen[t.ref]}"
        else:
            seen[t.ref] = 1


def _arabic_across(root: Node, tasks: list[Node]) -> bool:
    """True when arabic item numbers keep counting across sections instead of restarting, and
    every task stands under one (else refs would mix `3` with `一(二)`)."""
    if not all(any(n.label is not None and n.label.kind == "ar" for n in _ancestry(t)) for t in tasks):
        return False
    values, parents = [], set()
    for n in root.walk():
        if n.label is not None and n.label.kind == "ar":
            parents.add(id(n.parent))
            if n.label.end > n.label.start:
                values.append(n.label.value)
    if not values:
        return False
    if len(parents) <= 1:
        return True
    return len(values) == len(set(values))


def _ancestry(node: Node):
    while node is not None:
        yield node
        node = node.parent


def _first_is_lead_rule(fold: str) -> int | None:
    positions = [fold.find(rule) for rule in lexicon().first_is_lead_rules]
    positions = [p for p in positions if p >= 0]
    return min(positions) if positions else None


# ---- report ------------------------------------------------------------------------------

def _gaps(tokens: list, root: Node, arabic_across: bool) -> list[int]:
    if not arabic_across:
        return []
    seen = sorted({t.value for t in tokens if isinstance(t, Label) and t.kind == "ar" and t.end > t.start})
    if len(seen) < 2:
        return []
    have = set(seen)
    return [n for n in range(seen[0], seen[-1] + 1) if n not in have]


def _contacts(tasks: list[Task]) -> tuple[list[Contact], list[Warning]]:
    """The unit directory and its conflicts; dicts keep first-seen order and make every
    membership test constant-time (a long file repeats the same units thousands of times)."""
    by_name: dict[str, Contact] = {}
    # per name: its refs, its phones, and the refs of each set of phones it was given
    seen: dict[str, tuple[dict, dict, dict]] = {}
    phone_owners: dict[str, dict[str, dict[str, None]]] = {}
    for t in tasks:
        ref = t.ref
        for u in t.lead + t.support:
            name, phones = u.name, u.phones
            entry = seen.get(name)
            if entry is None:
                by_name[name] = Contact(name=name, org=u.org, office=u.office, phones=[], refs=[])
                entry = seen[name] = ({}, {}, {})
            refs, own, sets = entry
            refs[ref] = None
            if phones:
                for p in phones:
                    own[p] = None
                    phone_owners.setdefault(p, {}).setdefault(name, {})[ref] = None
                sets.setdefault(tuple(phones), {})[ref] = None
    warnings: list[Warning] = []
    for name, (refs, own, sets) in seen.items():
        c = by_name[name]
        c.phones = list(own)
        c.refs = list(refs)
        if len(sets) > 1:
            variants = "；".join(f"{'、'.join(p)}（{'、'.join(list(refs)[:5])}）" for p, refs in sets.items())
            refs = [r for rs in sets.values() for r in rs]
            warnings.append(Warning(code="phone-conflict", message=f"{name} 在不同位置的电话不同：{variants}",
                                    refs=list(dict.fromkeys(refs))))
    for phone, owners in phone_owners.items():
        if len(owners) > 1 and len({by_name[n].org for n in owners}) > 1:
            refs = [r for rs in owners.values() for r in rs]
            warnings.append(Warning(code="phone-shared", message=f"电话 {phone} 同时列给了不同单位：{'、'.join(owners)}",
                                    refs=list(dict.fromkeys(refs))))
    return list(by_name.values()), warnings



def _tasks_without_lead(tasks: list[Task]) -> list[Warning]:
    """Tasks that name supporting units but none to lead: the office should see whom to ask."""
    refs = [t.ref for t in tasks if t.support and not t.lead]
    if not refs:
        return []
    return [Warning(code="no-lead", message=f"{len(refs)} 项任务只列了配合单位，没有牵头单位：{'、'.join(refs[:10])}",
                    refs=refs)]


__all__ = ["parse_text", "NotAGuide"]
