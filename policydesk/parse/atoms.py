"""Tokens -> atoms: the sentence-sized pieces a scrape moves and copies as a whole.

A scrape cuts the text at `。`; a responsibility block has no `。`, so it stays glued to the
label and text that follow it. An atom is therefore [blocks of the previous item][labels][text]。
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexer import Label, Para, Resp, Text


@dataclass(eq=False, slots=True)
class Atom:
    tokens: list
    start: int
    end: int
    key: str = ""
    sites: list[int] = field(default_factory=list)  # positions (atom indices) of every copy

    _labels: list[Label] | None = None

    @property
    def labels(self) -> list[Label]:
        if self._labels is None:
            self._labels = [t for t in self.tokens if isinstance(t, Label)]
        return self._labels

    @property
    def leading_resp(self) -> bool:
        for t in self.tokens:
            if isinstance(t, Resp):
                return True
            if isinstance(t, Label):
                return False
        return False

    def first_label(self) -> Label | None:
        for t in self.tokens:
            if isinstance(t, Label):
                return t
        return None


def make_atom(tokens: list, fold: str) -> Atom:
    """An atom over these tokens; its key (the folded text, paragraph marks left out) finds copies."""
    start, end = tokens[0].start, tokens[-1].end
    key = fold[start:end]
    # one slice when the tokens cover it without gaps and no paragraph mark (`\n`) is inside
    if sum(t.end - t.start for t in tokens) != end - start or "\n" in key:
        key = "".join(fold[t.start:t.end] for t in tokens if not isinstance(t, Para))
    return Atom(tokens=list(tokens), start=start, end=end, key=key)


def split_atoms(tokens: list, fold: str) -> list[Atom]:
    """Cut the token list after every `。` (text tokens are split there) and at paragraph marks."""
    atoms: list[Atom] = []
    current: list = []

    def close():
        if current:
            atoms.append(make_atom(current, fold))
            current.clear()

    for tok in tokens:
        if isinstance(tok, Text):
            pos = tok.start
            while True:
                stop = fold.find("。", pos, tok.end)
                if stop < 0:
                    if pos < tok.end:
                        current.append(Text(pos, tok.end))
                    break
                current.append(Text(pos, stop + 1))
                close()
                pos = stop + 1
        elif isinstance(tok, Para):
            close()
        else:
            if type(tok) is Resp and not tok.in_parens and current and all(type(t) is Text for t in current):
                # text without `。` before a block (a signature line, a date): it ends what came
                # before, it does not open the item that follows
                close()
            current.append(tok)
    close()
    return atoms
