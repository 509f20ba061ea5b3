"""Ordered tokens -> the numbering tree: headings, items, their text and responsibility blocks.

A block attaches to the node open when it is met (in restored order that is the item before the
next label). Outer labels close inner ones: 一、 > (一) > 1. > (1) > 1) > ①.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexer import LABEL_KINDS, DeadlineNote, Label, Resp, Text, label_text

RANK = {k: i for i, k in enumerate(LABEL_KINDS)}


@dataclass(slots=True)
class Node:
    label: Label | None
    path: list[str]
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    resps: list[Resp] = field(default_factory=list)
    deadline_notes: list[DeadlineNote] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return self.label.kind if self.label else None

    def walk(self):
        """This node and every node below it, in document order (a stack, not nested generators)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def has_resp_below(self) -> bool:
        return any(c.resps or c.has_resp_below() for c in self.children)


def build_tree(tokens: list) -> Node:
    root = Node(label=None, path=[])
    stack: list[Node] = [root]
    for tok in tokens:
        kind = type(tok)  # token classes are final: an identity test is enough
        if kind is Label:
            rank = RANK[tok.kind]
            while len(stack) > 1 and RANK[stack[-1].label.kind] >= rank:
                stack.pop()
            parent = stack[-1]
            node = Node(tok, parent.path + [label_text(tok)], parent)
            parent.children.append(node)
            stack.append(node)
        elif kind is Text:
            stack[-1].texts.append(tok)
        elif kind is Resp:
            stack[-1].resps.append(tok)
        elif kind is DeadlineNote:
            stack[-1].deadline_notes.append(tok)
    return root


def share_group_blocks(root: Node) -> None:
    """`(1)…(2)…(3)…(4)…(责任单位:…)`: the blocks after a run of items with none of their own
    apply to every item of the run, bracketed or on lines of their own (`1.…2.…牵头单位：…`)."""
    for node in root.walk():
        kids = node.children
        if len(kids) < 2 or any(k.children or k.kind == "circ" for k in kids):
            continue  # (①②③ stay inside their task, which holds their blocks)
        last = kids[-1]
        if not last.resps:
            continue
        if any(k.resps for k in kids[:-1]):
            continue
        for k in kids[:-1]:
            k.resps = list(last.resps)


def task_nodes(root: Node) -> list[Node]:
    """The lowest numbered nodes: an item whose children are numbered items is a measure, not a
    task; circled sub-points (①②③) stay inside their task, unless each of two or more carries
    its own units (then they are the tasks). A heading with no items and no block is outline,
    not a task."""
    out: list[Node] = []

    def visit(node: Node) -> None:
        for child in node.children:
            kids = child.children
            if any(c.kind != "circ" for c in kids) or (len(kids) >= 2 and all(c.resps for c in kids)):
                visit(child)
            elif child.resps or any(c.resps for c in child.children) or (
                    child.kind in ("art", "ar", "dec", "par", "arp", "circ") and _has_text(child)):
                out.append(child)

    visit(root)
    return out


def _has_text(node: Node) -> bool:
    return any(t.end > t.start for t in node.texts) or any(_has_text(c) for c in node.children)


def heading_nodes(root: Node, tasks: list[Node]) -> list[Node]:
    task_ids = {id(t) for t in tasks}
    inside = set()
    for t in tasks:
        for n in t.walk():
            inside.add(id(n))
    return [n for n in root.walk() if n.label is not None and id(n) not in task_ids and id(n) not in inside]
