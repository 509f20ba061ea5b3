"""Stream -> tokens: numbering labels, responsibility blocks, deadlines and plain text.

Scrapes glue everything together (`…联系电话：691469273.受疫情…`), so tokens are found by
what they look like, not by line starts. Runs over `Stream.fold` in one left-to-right pass.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import lexicon
from .numerals import int_to_cn

CN_DIGITS = "〇零一二三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# outermost first: annex (`附件：` after the tasks), part (`第一部分`), chap (`第一章`), art (`第一条`,
# whose items are `（一）` as in rules and laws), cn (`一、`), pcn (`（一）`), ar (`1.`), dec (`1.1`, read
# on lines: decimal_items), par (`（1）`), arp (`1）`), circ (`①`)
LABEL_KINDS = ("annex", "part", "chap", "art", "cn", "pcn", "ar", "dec", "par", "arp", "circ")
HARD_STOP = "。；;"


@dataclass(slots=True)
class Label:
    kind: str
    value: int
    start: int
    end: int


@dataclass(slots=True)
class Resp:
    role: str                 # lead | support | responsible
    names: list[tuple[int, int]]  # stream spans of each unit name as written
    start: int
    end: int
    scope: str | None = None
    phones: list[str] = field(default_factory=list)
    in_parens: bool = False
    phone_owners: dict[str, str] = field(default_factory=dict)  # `64001111（财政局）`: phone -> whose


@dataclass(slots=True)
class Text:
    start: int
    end: int


@dataclass(slots=True)
class DeadlineNote:
    start: int
    end: int


@dataclass(slots=True)
class Para:
    start: int
    end: int


def cn_to_int(s: str) -> int:
    """Chinese numerals up to 999 (一, 十二, 二十三, 一百零五)."""
    digits = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    total, current = 0, 0
    for ch in s:
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


@lru_cache(maxsize=1)
def _master() -> re.Pattern:
    lx = lexicon()
    cn = "一二三四五六七八九十"
    words = [w for alt in (lx.role_words, lx.phone_words, lx.person_words, lx.deadline_words)
             for w in alt.split("|")]
    # every alternative starts with one of these characters: a cheap test before the alternation
    starts = "".join(sorted({re.sub(r"\\(.)", r"\1", w)[0] for w in words} | set(cn) | set(CIRCLED) | set("(\n第附【")))
    first = "[" + re.escape(starts) + "0-9]"
    return re.compile(
        rf"(?={first})(?:"
        # (`牵头部门（单位）：`, `【牵头单位】`, `责任单位及联系电话：` with the phone after the names)
        # (the usual ending first, no group around the word: each costs on every character tried)
        rf"(?P<role>(?P<rparen>\()?【?(?:{lx.role_words})(?:\s*:|】|(?:{_KIND_NOTE}|{_AND_PHONE})\s*:))"
        rf"|(?P<phone>(?:{lx.phone_words}):)"
        rf"|(?P<person>(?:{lx.person_words}):)"
        rf"|(?P<deadline>(?:{lx.deadline_words}):)"
        rf"|(?P<part>第[{cn}百零〇\d]{{1,4}}部分)"
        rf"|(?P<chap>第[{cn}百零〇\d]{{1,4}}(?:章|篇))"
        # an attachment after the tasks (a contact list …), never `详见附件：`: checked in Lexer.run
        rf"|(?P<annex>(?<![见按照如])附件(?:\d{{1,2}}|[{cn}]{{1,2}})?:)"
        # (never a citation: `《条例》第二十条规定`, `第十条要求`)
        rf"|(?P<art>(?<![》法例])第[{cn}百零〇\d]{{1,4}}[条條](?!规定|要求|的|之|款|项|和|、|至|所|中|明确|有关|第))"
        rf"|(?P<cn>(?<![{cn}第])[{cn}]{{1,3}}、)"
        rf"|(?P<pcn>\([{cn}]{{1,3}}\))"
        # (never a decimal, `增长4.5%`; but `4.9月中旬前…`, `3.2024年底前…`: an item opening with a date)
        # (`3、4月份` is a list of months: after `、` only a year)
        rf"|(?P<ar>(?<![\d.\-%])\d{{1,3}}(?:[.、](?!\d)|\.(?=\d{{1,4}}(?:年|月|季度))|、(?=\d{{4}}年)))"
        rf"|(?P<par>\(\d{{1,2}}\))"
        # `1）`: not the end of a bracket (`（附件1）`, checked in Lexer.run)
        # (the lookahead first: most digits are phones, and fail it at once)
        rf"|(?P<arp>(?=\d\d?\))(?<![\d.\-%(a-zA-Z])\d{{1,2}}\)(?!\d))"
        rf"|(?P<circ>[{CIRCLED}])"
        r"|(?P<para>\n))"
    )


# single characters that end offices but also occur inside ordinary words (组织, 场所)
_WEAK_ENDINGS = {"组", "所", "站", "部", "队", "处", "股", "室"}


def _find_all(text: str, word: str):
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


_UNIT_STOP = re.compile(r"[。；;\n】]")  # (`【责任单位：区教委】`: the square bracket closes the list)
_BRACKET_SEPARATORS = "；;，, "
BRACKET_REACH = 200  # characters looked at for the other side of a bracket
_SENTENCE_OR_LINE_END = re.compile(r"[。\n]")
# a number, maybe with whose it is in brackets (`64001111（人力社保局）`), and more after a separator
_OWNER = r"(?:\((?![一二三四五六七八九十百]{1,4}\))[^()\d、,，;；/]{1,15}\))?"  # never a label `（二）`
_AREA_CODE = r"(?:\(0\d{2,3}\))?"  # `（0571）82345678`
_EXT = r"(?:(?:转|分机)\d{1,5})?"  # `87654321转801`
_PHONE_RUN = re.compile(rf"{_AREA_CODE}(?:\d[\d\-—]*\d){_EXT}{_OWNER}(?:(?:[、,，/;；]|和|或|及){_AREA_CODE}(?:\d[\d\-—]*\d){_EXT}{_OWNER})*")
_BRACKETED_PHONE = re.compile(r"\((\d[\d\-]{5,}\d(?:[、,，/]\d[\d\-]{5,}\d)*)\)")
PHONE_DIGITS = (5, 13)  # the digits a phone number has (schema: phones)
_ONLY_SEPARATORS = re.compile(r"[；;，,、 ]+")
_PERSON_PHONE = re.compile(r"(?<![\d\-])\d[\d\-]{6,}\d")  # a phone after a person's name
_PHONE_OWNER = re.compile(r"(\d[\d\-—]*\d)\(([^()]*)\)")
_SCOPE_BOUNDARY = "。；;,，:：、)\\]】"
_LAST_SCOPE_BOUNDARY = re.compile(rf".*[{_SCOPE_BOUNDARY}]", re.S)  # greedy: ends after the last one
_PHONE_SEPARATOR = re.compile(r"[、,，/;；]|和|或|及")
_NOT_DIGIT = re.compile(r"\D")
_DATE_OPENING = re.compile(r"\d{1,4}(?:年|月|季度)")  # an item may open with a date: `3.2024年底前…`
_AREA_PREFIX = re.compile(r"\(0\d{2,3}\)|0\d{2,3}[\-—]")  # `（0571）`, `0571-`
_KIND_NOTE = r"\((?:单位|部门|科室|处室)\)"  # `牵头部门（单位）`
_AND_PHONE = r"(?:及|和)(?:联系)?(?:电话|方式)"  # `责任单位及联系电话`
_ROLE_DECOR = re.compile(rf"{_KIND_NOTE}|{_AND_PHONE}|[\s:(【】]")
_AND_PHONE_WORDS = re.compile(_AND_PHONE)
_ROLE_FRAME = "(【】: \t\n"


def _role_word(matched: str) -> tuple[str, bool]:
    """The role word of a role match (`(【牵头部门(单位)】:` -> 牵头部门), and whether the phone
    follows the names (`责任单位及联系电话：`)."""
    word = matched.strip(_ROLE_FRAME)
    if word in lexicon().role_of:
        return word, False
    return _ROLE_DECOR.sub("", matched), _AND_PHONE_WORDS.search(matched) is not None


_PHONE_LIST_SEPARATOR = re.compile(r"[、,，/]")
_EXTENSION = re.compile(r"(?<=\d{7})(?:[\-—]|转|分机)(\d{1,5})$")  # `56781234-801`: the number is what is dialled first
EXTENSION_DIGITS = 3  # an extension glued to the next item's number (`转8013.…`) keeps three


@lru_cache(maxsize=1)
def _labelled_phones() -> re.Pattern:
    """`联系电话：69146927、69146928` not glued to a following item number."""
    return re.compile(rf"(?:{lexicon().phone_words}):((?:\d[\d\-]*\d)(?:[、,，/](?:\d[\d\-]*\d))*)(?![.、]\D)")


def dominant_phone_length(fold: str) -> int:
    """The usual length of a phone number in this document, from numbers that are not glued."""
    lengths = Counter()
    for m in _labelled_phones().finditer(fold):
        for run in _PHONE_LIST_SEPARATOR.split(m.group(1)):
            if "-" not in run:
                lengths[len(run)] += 1
    for length, _ in lengths.most_common():
        if 7 <= length <= 8:
            return length
    return 8


def split_glued_phone(run: str, phone_len: int) -> tuple[str, str | None]:
    """`691469273` before `.` is phone 69146927 and item 3; returns (phone, label digits or None).
    A public hotline is shorter (`123453.` is 12345 and item 3)."""
    hotline = next((n for n in lexicon().service_numbers if run.startswith(n)), None)
    if hotline is not None and 1 <= len(run) - len(hotline) <= 2 and run[len(hotline)] != "0":
        return hotline, run[len(hotline):]
    if len(run) <= phone_len:
        return run, None
    candidates = [phone_len]
    if run[0] == "1" and len(run) > 11:
        candidates.insert(0, 11)
    for n in candidates:
        rest = run[n:]
        if 1 <= len(rest) <= 3 and rest[0] != "0":
            return run[:n], rest
    return run, None


def _phone_numbers(run: str) -> tuple[list[str], dict[str, str]]:
    """The numbers of a phone run, as digits (`010-69146927` stays one number, an extension is
    dropped), and whose each is where a bracket names it (`64001111（财政局）`)."""
    if run.isdigit():  # the usual case: one number
        return [run], {}
    owners = {_NOT_DIGIT.sub("", m.group(1)): m.group(2) for m in _PHONE_OWNER.finditer(run)}
    run = _PHONE_OWNER.sub(r"\1", run)
    return [d for d in (_NOT_DIGIT.sub("", _EXTENSION.sub("", piece)) for piece in _PHONE_SEPARATOR.split(run)) if d], owners


def _glued_label(digits: str, start: int) -> Label:
    """An item number glued to a phone (`…73` then `.`): the label `N.` from its digits on."""
    return Label("ar", int(digits), start, start + len(digits) + 1)


class Lexer:
    """One pass over the folded stream. `tokens` holds Label/Resp/Text/DeadlineNote/Para."""

    def __init__(self, fold: str, bare_headings: list[int] = (), line_labels: list[Label] = (),
                 gap_before=lambda i: False):
        self.fold = fold
        self.gap_before = gap_before  # whitespace dropped before fold[i]: it parts labelled words in a bracket
        self.tokens: list = []
        self.bare_headings = sorted(bare_headings)  # where a section heading without a number opens
        self.line_labels = sorted(line_labels, key=lambda label: label.start)  # read on the input's lines (`1.1`)
        self._line_label_starts = [label.start for label in self.line_labels]
        self.phone_len = dominant_phone_length(fold)
        self._text_from = 0
        self._bracket_end = -1  # the closing `)` of a bracket of labelled roles being read

    # -- helpers -------------------------------------------------------------------------------
    def _last_block(self) -> Resp | None:
        """The responsibility block a phone or scope line continues: the last token, passing
        paragraph breaks (a page may put `联系电话：` in a paragraph of its own) and a deadline
        line between the units and their phone."""
        i = self._last_block_index()
        return self.tokens[i] if i is not None else None

    def _last_block_index(self) -> int | None:
        tokens = self.tokens
        i = len(tokens) - 1
        while i >= 0 and (type(tokens[i]) in (Para, DeadlineNote) or (
                type(tokens[i]) is Text and _ONLY_SEPARATORS.fullmatch(self.fold, tokens[i].start, tokens[i].end))):
            i -= 1  # (`区金融办；联系电话：…`: a separator between them)
        return i if i >= 0 and type(tokens[i]) is Resp else None

    def _clauses_of_one_list(self, i: int) -> list[Resp]:
        """The blocks read from one labelled list split into clauses of their own roles
        (`责任单位：A牵头，B配合`), ending with the block at token i: they end where the list ends."""
        tokens = self.tokens
        last = tokens[i]
        clauses = [last]
        while i > 0 and type(tokens[i - 1]) is Resp and tokens[i - 1].end == last.end and not last.phones:
            i -= 1
            clauses.append(tokens[i])
        return clauses[::-1]

    def _no_block_yet(self) -> bool:
        """No responsibility block read so far: an attachment named now is the notice's, before the tasks."""
        return not any(type(t) is Resp for t in self.tokens)

    def _flush_text(self, upto: int) -> None:
        if upto > self._text_from:
            self.tokens.append(Text(self._text_from, upto))
        self._text_from = upto

    def _take_scope(self, role_start: int) -> str | None:
        """A short qualifier glued before the role word (`国有企业房屋第一责任单位：`)."""
        pending = self.fold[self._text_from:role_start]
        if not pending:
            return self._scope_from_previous_names(role_start)
        return self._scope_after_boundary(pending, role_start)

    def _scope_from_previous_names(self, role_start: int) -> str | None:
        """Without a phone between them, a scope runs into the unit before it
        (`区商务局对外贸易科社区配套用房第一责任单位：`): cut after the unit's last ending."""
        resp = self._last_block()
        if resp is None or resp.phones:
            return None
        if not resp.names or resp.names[-1][1] != role_start:
            return None
        a, b = resp.names[-1]
        name = self.fold[a:b]
        lx = lexicon()
        endings = [s for s in lx.organ_suffixes + lx.office_suffixes if s not in _WEAK_ENDINGS]
        inside = {i + k for sfx in endings if len(sfx) > 1 for i in _find_all(name, sfx) for k in range(1, len(sfx))}
        cuts = sorted({i + len(sfx) for sfx in endings for i in _find_all(name, sfx)} - inside)
        # the longest tail that holds no unit ending of its own is the scope
        cut = next((c for c in cuts if 2 <= len(name) - c <= 12
                    and not any(sfx in name[c:] for sfx in endings)), -1)
        if cut <= 0 or name[cut] == "(":
            return None  # (a bracket after the name is a note on it: `区规划分局（负责规划许可）`)
        resp.names[-1] = (a, a + cut)
        resp.end = a + cut
        return name[cut:]

    def _scope_after_boundary(self, pending: str, role_start: int) -> str | None:
        # a scope is at most 12 characters: only the end of the pending text can hold its boundary
        skip = max(0, len(pending) - 13)
        last = _LAST_SCOPE_BOUNDARY.match(pending, skip)
        cut = last.end() if last else 0
        if skip and not cut:
            return None  # no boundary near the end: what precedes is longer than a scope
        tail = pending[cut:]
        starts_fresh = cut == 0 and (self._last_block() is not None
                                     or (self.tokens and isinstance(self.tokens[-1], Para))
                                     or (self._text_from > 0 and self.fold[self._text_from - 1] in HARD_STOP))
        after_stop = cut > 0 and pending[cut - 1] in HARD_STOP
        if 1 <= len(tail) <= 12 and (starts_fresh or after_stop) and not tail[0].isdigit():
            self._flush_text(role_start - len(tail))
            self._text_from = role_start
            return tail
        return None

    def _closes_bracket(self, pos: int) -> bool:
        """A `)` at pos closes a bracket opened earlier in the same sentence."""
        depth = 0
        for i in range(pos - 1, max(-1, pos - BRACKET_REACH), -1):
            ch = self.fold[i]
            if ch in "。\n":
                return False
            if ch == ")":
                depth += 1
            elif ch == "(":
                if depth == 0:
                    return True
                depth -= 1
        return False

    def _bracket_close(self, pos: int) -> int:
        """The `)` closing the bracket that `pos` stands in, also past a `。` inside it
        (`（责任单位：X。以下不再列出）`); else the sentence's end."""
        fold = self.fold
        depth, sentence_end = 0, None
        for i in range(pos, min(len(fold), pos + BRACKET_REACH)):
            ch = fold[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    return i
                depth -= 1
            elif ch == "\n" or (ch == "。" and sentence_end is not None):
                break
            elif ch == "。":
                sentence_end = i
        if sentence_end is not None:
            return sentence_end
        stop = _SENTENCE_OR_LINE_END.search(fold, pos)
        return stop.start() if stop else len(fold)

    def _next_labelled_word(self, pos: int, close: int) -> int:
        """Inside a bracket, where the names end when another labelled word follows after a
        separator (`（牵头单位：X；配合单位：Y；完成时限：…）`) or a space (`（牵头单位：X 配合单位：Y）`);
        else the bracket's end."""
        for m in _master().finditer(self.fold, pos, close):
            if m.lastgroup in ("role", "phone", "person", "deadline"):
                if self.fold[m.start() - 1] in _BRACKET_SEPARATORS:
                    return m.start() - 1
                if self.gap_before(m.start()):
                    return m.start()
        return close

    def _unit_list_end(self, pos: int, in_parens: bool) -> int:
        fold = self.fold
        if in_parens:
            self._bracket_end = close = max(self._bracket_end, self._bracket_close(pos))
            sentence = fold.find("。", pos, close)  # names end there; a note may follow
            return self._next_labelled_word(pos, close if sentence < 0 else sentence)
        stop = _UNIT_STOP.search(fold, pos)
        end = stop.start() if stop else len(fold)
        nxt = _master().search(fold, pos, end + (fold[end:end + 1] == "】"))  # (`…【配合单位】`)
        end = nxt.start() if nxt else end
        for starts in (self.bare_headings, self._line_label_starts):  # a label read on the lines ends the list
            if starts:
                at = bisect_right(starts, pos)
                end = min(end, starts[at]) if at < len(starts) else end
        return end

    def _label_after_extension(self, digits: str) -> str | None:
        """The item number glued to an extension once lines join (`转8013.`): the number after
        the last item's when the digits end with it, else what follows three digits."""
        last = next((t.value for t in reversed(self.tokens) if type(t) is Label and t.kind == "ar"), None)
        expected = str(last + 1) if last is not None else None
        if expected and digits.endswith(expected) and len(digits) > len(expected):
            return expected
        rest = digits[EXTENSION_DIGITS:]
        return rest if 1 <= len(rest) <= 2 and rest[0] != "0" else None

    def _lex_phones(self, pos: int) -> int:
        """The phone numbers at pos, given to the block they follow; returns where reading goes on
        (at an item number glued to the last of them, which is read as a label)."""
        m = _PHONE_RUN.match(self.fold, pos)
        if not m:
            return pos
        end = m.end()
        run = m.group()
        follows = self.fold[end:end + 2]
        label_follows = follows[:1] in (".", "、") and (not follows[1:2].isdigit() or _DATE_OPENING.match(self.fold, end + 1))
        glued = None
        extension = _EXTENSION.search(run) if label_follows and not run.isdigit() else None
        label = self._label_after_extension(extension.group(1)) if extension else None
        if label:  # `87654321转8013.`: extension 801, item 3
            run, end = run[:-len(label)], end - len(label)
            glued = _glued_label(label, end)
        merged, owners = _phone_numbers(run)
        if glued is None and merged and label_follows:
            # an area code stays in front: the local number is what the item number is glued to
            area = _AREA_PREFIX.match(_PHONE_SEPARATOR.split(run)[-1])
            area_digits = _NOT_DIGIT.sub("", area.group()) if area else ""
            phone, label = split_glued_phone(merged[-1][len(area_digits):], self.phone_len)
            if label is not None:
                merged[-1] = area_digits + phone
                end = end - len(label)
                glued = _glued_label(label, end)
        merged = [d for d in merged if PHONE_DIGITS[0] <= len(d) <= PHONE_DIGITS[1]]  # `电话：64`: no phone
        self._give_phones(merged, owners, end)
        if glued is not None:
            self.tokens.append(glued)
            return glued.end
        return end

    def _give_phones(self, phones: list[str], owners: dict[str, str], end: int) -> None:
        """The phones to the block they follow: across the clauses of one list, one to each unit
        when there are as many, else a lone phone to the list's lead."""
        at = self._last_block_index()
        if at is None:
            return
        owner = self.tokens[at]
        clauses = self._clauses_of_one_list(at)
        if len(clauses) > 1 and len(phones) == sum(len(c.names) for c in clauses):
            for clause in clauses:  # one phone for each unit of the list, in its order
                clause.phones.extend(phones[:len(clause.names)])
                phones = phones[len(clause.names):]
        elif len(clauses) > 1:
            # `责任单位：A牵头，B、C配合` then one phone: the lead's, who answers for the task
            owner = next((c for c in clauses if c.role == "lead"), clauses[0])
        owner.phones.extend(phones)
        owner.phone_owners.update(owners)
        owner.end = max(owner.end, end) if owner is self.tokens[-1] else owner.end

    # -- main loop -----------------------------------------------------------------------------
    def run(self) -> list:
        fold = self.fold
        search = _master().search
        tokens = self.tokens
        role_of = lexicon().role_of
        inline_role_of = lexicon().inline_role_of
        pos = 0
        headings = iter(self.bare_headings + [len(fold) + 1])
        next_heading = next(headings)
        sections = 0
        line_labels = iter(self.line_labels + [Label("", 0, len(fold) + 1, len(fold) + 1)])
        next_label = next(line_labels)
        while True:
            m = search(fold, pos)
            at = m.start() if m else len(fold)
            if next_label.start <= at:
                if next_label.start >= pos and not (next_label.kind == "annex" and self._no_block_yet()):
                    # (not inside a block read past it; an attachment's heading before any task: text)
                    self._flush_text(next_label.start)
                    tokens.append(next_label)
                    pos = self._text_from = next_label.end
                next_label = next(line_labels)
                continue
            while next_heading <= at:
                # a section heading without a number: a label of its own before its title
                if next_heading >= pos:
                    self._flush_text(next_heading)
                    sections += 1
                    tokens.append(Label("cn", sections, next_heading, next_heading))
                next_heading = next(headings)
            if m is None:
                break
            kind = m.lastgroup  # `role` for role words, bracketed or not (rparen is inside it)
            start, end = m.span()
            if kind == "role":
                in_parens = m.group("rparen") is not None or start < self._bracket_end
                scope = None if in_parens else self._take_scope(start)
                self._flush_text(start)
                word, with_phone = _role_word(m.group())
                role = role_of.get(word, "responsible")
                if scope in inline_role_of and role == "responsible":
                    role, scope = inline_role_of[scope], None  # `协办责任单位：`: a role, no scope
                stop = self._unit_list_end(end, in_parens)
                bracketed = _BRACKETED_PHONE.search(fold, end, stop)  # `区国资委（69102222）`
                names_end = bracketed.start() if bracketed else stop
                listed = None if bracketed or not with_phone else _PERSON_PHONE.search(fold, end, stop)
                if listed:  # `责任单位及联系电话：区不动产登记中心 66001234`
                    names_end = listed.start()
                if not in_parens and names_end > end and fold[names_end - 1] == "(":
                    names_end -= 1  # `区税务局（联系电话：…）`: the bracket holds the phone
                for clause_role, a, b in role_clauses(fold, end, names_end, role):
                    resp = Resp(clause_role, split_unit_list(fold, a, b), start if a == end else a, stop,
                                scope if a == end else None, [], in_parens)
                    tokens.append(resp)
                pos = stop
                if bracketed:
                    self._lex_phones(bracketed.start(1))
                    pos = bracketed.end()
                elif listed:
                    pos = self._lex_phones(listed.start())
                elif names_end < stop:
                    pos = stop  # past the `(`: the phone word follows
                if in_parens and stop < len(fold) and fold[stop] == ")":
                    pos = resp.end = stop + 1
                elif in_parens and stop < self._bracket_end and fold[stop] == "。" and fold[self._bracket_end] == ")":
                    pos = self._bracket_end + 1  # a note after the names closes the bracket: not task text
                elif in_parens and stop < self._bracket_end:
                    pos = stop + (fold[stop] in _BRACKET_SEPARATORS)  # the separator before the next labelled word
                if fold[pos:pos + 1] == "】" and fold[start:start + 1] == "【":
                    pos = resp.end = pos + 1
                self._text_from = pos
            elif kind == "phone":
                self._flush_text(start)
                stop = self._lex_phones(end)
                if stop == end:
                    # "电话：" with no number: keep the words as text
                    self._text_from = start
                    pos = end
                    continue
                pos = self._text_from = stop
                last = tokens[-1] if tokens else None
                in_bracket = (isinstance(last, Resp) and last.in_parens) or fold[start - 1:start] == "("
                if not in_bracket and fold[pos:pos + 1] == ")":  # the bracket opened after the unit's name?
                    block = self._last_block()
                    in_bracket = block is not None and fold.count("(", block.start, start) > fold.count(")", block.start, start)
                if in_bracket and pos < len(fold) and fold[pos] == ")":
                    pos = self._text_from = pos + 1
                    if isinstance(last, Resp):
                        last.end = pos
            elif kind == "person" or kind == "deadline":
                self._flush_text(start)
                in_bracket = start < self._bracket_end
                if in_bracket:
                    stop = self._next_labelled_word(end, self._bracket_end)
                else:
                    unit_stop = _UNIT_STOP.search(fold, end)
                    stop = unit_stop.start() if unit_stop else len(fold)
                    nxt = search(fold, end, stop)
                    stop = nxt.start() if nxt else stop
                if kind == "deadline":
                    tokens.append(DeadlineNote(end, stop))
                elif self._last_block() is not None:
                    # `联系人：赵某，64004444`: the person's number is the block's phone
                    digits = _PERSON_PHONE.search(fold, end, stop)
                    if digits:
                        phones_end = self._lex_phones(digits.start())
                        # (glued to the next item's number, `王某876512342.…`: the item starts there)
                        stop = phones_end if type(tokens[-1]) is Label else max(stop, phones_end)
                pos = self._text_from = stop + 1 if in_bracket and stop < len(fold) and fold[stop] in ")；;，," else stop
            elif kind == "para":
                self._flush_text(start)
                tokens.append(Para(start, end))
                pos = self._text_from = end
            elif (kind == "arp" and self._closes_bracket(start)) or (
                    kind == "annex" and self._no_block_yet()):
                pos = end  # `（附件1）`, or an attachment named before any task: text
            else:  # numbering labels
                self._flush_text(start)
                tokens.append(make_label(kind, m.group(), start, end))
                pos = self._text_from = end
        self._flush_text(len(fold))
        return tokens


def make_label(kind: str, raw: str, start: int, end: int) -> Label:
    if kind in ("part", "chap", "art"):
        number = re.sub(r"^第|(?:章|部分|篇|条|條)$", "", raw)
        return Label(kind, int(number) if number.isdigit() else cn_to_int(number), start, end)
    if kind == "annex":
        return Label(kind, 0, start, end)
    if kind == "cn":
        value = cn_to_int(raw[:-1])
    elif kind == "pcn":
        value = cn_to_int(raw[1:-1])
    elif kind == "ar":
        value = int(raw[:-1])
    elif kind == "par":
        value = int(raw[1:-1])
    elif kind == "arp":
        value = int(raw[:-1])
    else:
        value = CIRCLED.index(raw) + 1
    return Label(kind, value, start, end)


def label_text(label: Label) -> str:
    """The path label as the spec writes it: 一, (一), 4, (1), ①."""
    if label.kind == "annex":
        return "附件"
    if label.kind == "part":
        return f"第{int_to_cn(label.value)}部分"
    if label.kind == "chap":
        return f"第{int_to_cn(label.value)}章"
    if label.kind == "art":
        return f"第{int_to_cn(label.value)}条"
    if label.kind == "cn":
        return int_to_cn(label.value)
    if label.kind == "pcn":
        return f"({int_to_cn(label.value)})"
    if label.kind in ("ar", "arp"):
        return str(label.value)
    if label.kind == "dec":
        return f"{label.value // 100}.{label.value % 100}"
    if label.kind == "par":
        return f"({label.value})"
    return CIRCLED[label.value - 1]


_SEPARATORS = "、,，;；/"
_CLAUSE_SEPARATORS = ",，;；"
_CLAUSE_SEPARATOR = re.compile("[" + _CLAUSE_SEPARATORS + "]")


def role_clauses(fold: str, start: int, end: int, role: str) -> list[tuple[str, int, int]]:
    """(role, names start, names end) for each clause of a labelled unit list: a clause that
    ends with its own role word takes that role (`责任单位：区住建局，区水务局配合`), the first one
    too where the label only says who is responsible (`责任单位：区住建局牵头，…`)."""
    words = _inline_words()
    inline = lexicon().inline_role_of
    if not _CLAUSE_SEPARATOR.search(fold, start, end):  # one clause: the usual case
        word = _role_word_at_end(fold, start, end, words)
        if word is not None:
            return [(inline[word] if role == "responsible" else role, start, end - len(word))]
        return [(role, start, end)]
    out: list[tuple[str, int, int]] = []
    for a, b in split_outside_brackets(fold, start, end, _CLAUSE_SEPARATORS):
        rule = words.rules.search(fold, a, b)
        if rule and _outside_brackets(fold, a, rule.start()):
            continue  # `…，排名第一的为牵头单位`: a note on the list, no unit (in a bracket: clean_name's)
        word = _role_word_at_end(fold, a, b, words)
        if word is not None:
            own = inline[word] if out or role == "responsible" else role
            out.append((own, a, b - len(word)))
        elif out and out[-1][2] == a - 1 and out[-1][0] == role:
            out[-1] = (role, out[-1][1], b)  # no role word: the list goes on
        else:
            out.append((role, a, b))
    return out


@dataclass(frozen=True)
class _InlineWords:
    longest_first: tuple[str, ...]  # inline role words (`牵头`, `配合` …), longest first
    last_chars: frozenset[str]      # their last characters: a cheap test before the words
    rules: re.Pattern               # the first-is-lead rules (`排名第一的为牵头单位`)


@lru_cache(maxsize=1)
def _inline_words() -> _InlineWords:
    lx = lexicon()
    words = tuple(sorted(lx.inline_role_of, key=len, reverse=True))
    return _InlineWords(words, frozenset(w[-1] for w in words),
                        re.compile("|".join(map(re.escape, lx.first_is_lead_rules))))


def _role_word_at_end(fold: str, start: int, end: int, words: _InlineWords) -> str | None:
    """The inline role word a clause ends with, after at least one character of names."""
    if fold[end - 1:end] not in words.last_chars:
        return None
    return next((w for w in words.longest_first if fold.endswith(w, start, end) and end - start > len(w)), None)


def _outside_brackets(text: str, start: int, at: int) -> bool:
    """Whether `at` (-1: not found) stands outside every bracket opened from `start` on."""
    return at >= 0 and text.count("(", start, at) == text.count(")", start, at)


def split_outside_brackets(text: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Spans of text[start:end] between the separators that stand outside brackets (empty spans
    kept): `各县(市、区)人民政府、各开发区` parts after `人民政府` only."""
    spans: list[tuple[int, int]] = []
    depth = 0
    cut = start
    for i in range(start, end):
        ch = text[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            spans.append((cut, i))
            cut = i + 1
    spans.append((cut, end))
    return spans


_MARK_THEN_NAME = re.compile(r"\((?:牵头|牵头单位|牽頭)\)(?=[^、,，;；/)])")  # `X（牵头）Y、Z`: a line broke there


def split_unit_list(fold: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split `X、Y，Z` into spans at depth 0; list tails (`等部门`) are cut off the last name.
    A lead mark closes its name (`X（牵头）` then `Y、Z` on the next line)."""
    if "(" not in fold[start:end] and "（" not in fold[start:end]:
        return _split_flat(fold, start, end)
    spans = []
    for a, b in split_outside_brackets(fold, start, end, _SEPARATORS):
        for mark in _MARK_THEN_NAME.finditer(fold, a, b):
            spans.append((a, mark.end()))
            a = mark.end()
        spans.append((a, b))
    return [(a, b) for a, b in spans if b > a]


_UNIT_SEPARATOR = re.compile(f"[{re.escape(_SEPARATORS)}]")


def _split_flat(fold: str, start: int, end: int) -> list[tuple[int, int]]:
    """split_unit_list without brackets: every separator splits."""
    spans = []
    a = start
    for m in _UNIT_SEPARATOR.finditer(fold, start, end):
        if m.start() > a:
            spans.append((a, m.start()))
        a = m.end()
    if end > a:
        spans.append((a, end))
    return spans
