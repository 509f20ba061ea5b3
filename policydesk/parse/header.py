"""The document header: notice title, the guide's own title, 发文字号, issuer, date, recipients and
the documents it implements. Works on the folded front text (everything before the first item)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Reference
from .lexer import split_outside_brackets
from .lexicon import lexicon
from .numerals import int_to_cn

_BR_OPEN = "〔[(（【"
_BR_CLOSE = "〕])）】"
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*第?\d{1,4}[号號]")
_CITED_AFTER = re.compile(r"的|精神|要求|文件|等|和|及|、")  # what follows a cited number
_NOTICE = re.compile(r"[^。:：\n]{4,160}?的通知")
_ISO_DATE = re.compile(r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}")
_CN_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_CN_NUM_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_OWN_TITLE_IN_NOTICE = re.compile(r"(?:印发|转发|公布|印發|轉發)(?:《(?P<a>.+)》|(?P<b>.+?))的通知")
_OWN_TITLE_IN_BODY = re.compile(r"[现現][将將]《(?P<t>[^》]*(?:《[^》]*》[^》]*)*)》")
_REFERENCE = re.compile(r"《(?P<title>[^《》]*(?:<[^>]*>[^《》]*)*)》\s*[(（](?P<num>[^()（）]{2,30}?号)[)）]")


def _cn_digit(ch: str) -> int:
    return "〇一二三四五六七八九".index("〇" if ch in "○零" else ch)


def _cn_small(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _cn_digit(s[1])
    if "十" in s:
        a, _, b = s.partition("十")
        return _cn_digit(a) * 10 + (_cn_digit(b) if b else 0)
    return _cn_digit(s)


def parse_date(text: str) -> str | None:
    """The document's date: a date labelled 成文日期 first, then one written out (`2024年2月28日`,
    the signature's), then an ISO one; a page's publishing or update date (`发布时间：`) last."""
    candidates = []
    for pattern, written_out in ((_ISO_DATE, False), (_CN_DATE, True), (_CN_NUM_DATE, True)):
        for m in pattern.finditer(text):
            if pattern is _ISO_DATE:
                y, mo, d = (int(x) for x in m.group().split("-"))
            elif pattern is _CN_DATE:
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            else:
                y, mo, d = int("".join(str(_cn_digit(c)) for c in m.group(1))), _cn_small(m.group(2)), _cn_small(m.group(3))
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                continue
            label = text[max(0, m.start() - 6):m.start()]
            rank = 0 if "成文" in label else 3 if _PAGE_DATE_LABEL.search(label) else 1 if written_out else 2
            candidates.append((rank, m.start(), f"{y:04d}-{mo:02d}-{d:02d}"))
    return min(candidates)[2] if candidates else None


_PAGE_DATE_LABEL = re.compile(r"发布|更新|时间[:：]")


def _balanced(s: str) -> bool:
    return s.count("《") == s.count("》")


def find_notice_title(front: str) -> tuple[str | None, int]:
    for m in _NOTICE.finditer(front):
        title = m.group()
        # a title never starts inside another sentence: cut at the last date or doc number before it
        title = re.split(r"发布日期|(?:19|20)\d{2}-\d{1,2}-\d{1,2}|号(?=[\u4e00-\u9fff])|】", title)[-1]
        if _balanced(title) and len(title) >= 6:
            return title, m.end()
    return None, 0


# a note in brackets after the title (`…任务分工（列第一位的为牵头单位）`) is not part of it
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_ATTACHMENT = re.compile(r"^附件\s*[0-9一二三四五六七八九十]*\s*")  # `附件2` above an attached table


def own_title(front: str, notice: str | None) -> str | None:
    """The guide's own title: as the notice's body names it (`现将《…》印发`), or as the notice
    title does (`印发…的通知`) when that says more (`现将《X规划》责任分解印发` is `X规划责任分解`)."""
    m = _OWN_TITLE_IN_NOTICE.search(notice) if notice else None
    from_notice = (m.group("a") or m.group("b")).replace("<", "《").replace(">", "》") if m else None
    m = _OWN_TITLE_IN_BODY.search(front)
    if m:
        from_body = m.group("t").replace("<", "《").replace(">", "》")
        if from_notice and from_body in from_notice and from_notice.startswith(from_body):
            return from_notice
        return from_body
    if from_notice:
        return from_notice
    for line in re.split(r"[\n。]", front):
        line = _TRAILING_NOTE.sub("", line.strip())
        if 8 <= len(line) <= 90 and line.endswith(lexicon().title_endings) and "：" not in line[-3:]:
            return _ATTACHMENT.sub("", re.split(r"[：:]", line)[-1])
    return None


_SIGNED_DATE = (r"(?:(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|-\d{1,2}-\d{1,2})"  # the date under a signature,
                r"|[〇○零一二][〇○零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)")  # or written out
_NOTE_AFTER = r"\s*(?:[(（][^()（）]{1,20}[)）]\s*)?"  # `（此件公开发布）`


@lru_cache(maxsize=1)
def _signature() -> re.Pattern:
    """The signature above the date: `河西区人民政府办公室2024年3月1日`, `青石区文明办2023年5月10日`
    (a name with an organ's ending)."""
    endings = "|".join(sorted(map(re.escape, lexicon().organ_suffixes), key=len, reverse=True))
    return re.compile(rf"([\u4e00-\u9fff]{{2,24}}?(?:{endings}))\s*{_SIGNED_DATE}")


SIGNATURE_REACH = 400  # characters at the end of a document looked at for a closing signature
_CLOSING_DATE = re.compile(_SIGNED_DATE + _NOTE_AFTER + "$")
_CLOSING_NOTE = re.compile(_NOTE_AFTER)


def closing_signature(text: str) -> tuple[int, int] | None:
    """Where the signature that closes a document stands (`某开发区管委会` / `2024年1月15日` on
    lines of their own after the last task), when nothing but a short note follows it: else it
    would read as the end of the last task's unit list."""
    tail = _CLOSING_DATE.search(text, max(0, len(text) - SIGNATURE_REACH))
    if tail is None:  # (the cheap test first: most documents end with a task)
        return None
    last = None
    for m in _signature().finditer(text, max(0, tail.start() - 40)):
        last = m
    if last is None or _CLOSING_NOTE.fullmatch(text, last.end()) is None:
        return None
    return last.start(1), last.end()


def _issuer(notice: str | None, front: str = "") -> str | None:
    """Who issued it: the organ the notice title starts with, else the signature above the date."""
    if notice:
        m = re.match(r"(.{2,30}?)(?:关于|關於)?(?:印发|转发|公布|关于|印發|轉發|關於)", notice)
        if m:
            issuer = m.group(1)
            if issuer.endswith(("关于", "關於")):
                issuer = issuer[:-2]
            if issuer:
                return issuer
    m = _signature().search(front)
    if m:
        # the signature line follows the last sentence: cut after its end (`…执行。河西区…`)
        return re.split(r"[。：:）)》]", m.group(1))[-1] or None
    return None


def _recipients(front: str, after: int) -> list[str]:
    m = re.compile(r"([^。：:\n]{2,240}?)[：:]").search(front, after)
    if not m:
        return []
    segment = m.group(1)
    segment = re.split(r"号|发布日期|\d{4}-\d{1,2}-\d{1,2}", segment)[-1]
    if not any(w in segment for w in ("各", "政府", "部门", "单位", "局", "委")):
        return []
    out: list[str] = []
    for group in _split_outside_brackets(segment, ",，"):
        parts = [p for p in _split_outside_brackets(group, "、") if p]
        if any(len(p) < 3 for p in parts):
            out.append(group)
        else:
            out.extend(parts)
    return [o.strip() for o in out if o.strip()]


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """`各县(市、区)人民政府、各开发区管委会` splits after `人民政府`, not inside the bracket."""
    return [text[a:b] for a, b in split_outside_brackets(text, 0, len(text), separators)]


def _doc_number(front: str) -> tuple[str | None, int]:
    for m in DOC_NUMBER.finditer(front):
        before = front[max(0, m.start() - 2):m.start()]
        end = m.end()
        if before[-1:] in ("(", "（"):
            # in brackets: a cited document's number (`《…》（京政发〔2022〕23号）`, `…的通知（…）精神`),
            # or this document's own printed under its title
            if before[:1] == "》" or _CITED_AFTER.match(front, end + 1):
                continue
            end += front[end:end + 1] in (")", "）")
        value = re.sub(r"\s+", "", m.group())
        # the stream has no line breaks: a title may run straight into the number
        # (or the issuer's name or letterhead printed above it: `…人民政府办公室云政办〔2024〕21号`)
        value = re.split(r"通知|》|的|意见|方案|指引|意見|[年月日]|办公室|人民政府|委员会|文件", value)[-1]
        return value, end
    return None, 0


def extract_document(front: str) -> Document:
    """`front` is the folded-width text before the first numbered item (copies allowed)."""
    notice, notice_end = find_notice_title(front)
    number, number_end = _doc_number(front)
    date = parse_date(front)
    after = max(notice_end, number_end)
    refs = []
    seen = set()
    for m in _REFERENCE.finditer(front):
        key = (m.group("title"), m.group("num"))
        if key not in seen and DOC_NUMBER.search(m.group("num")):
            seen.add(key)
            refs.append(Reference(title=m.group("title"), doc_number=m.group("num")))
    return Document(
        title=own_title(front, notice),
        notice_title=notice,
        doc_number=number,
        issuer=_issuer(notice, front),
        date=date,
        recipients=_recipients(front, after) if after else [],
        references=refs,
    )


def document_year(doc: Document) -> int | None:
    """The year bare months count in: the document's date, else its number's year, else the year
    its title names (`某区2024年重点任务分解表`)."""
    if doc.date:
        return int(doc.date[:4])
    for text, pattern in ((doc.doc_number, r"(?:19|20)\d{2}"), (doc.title, r"(?:19|20)\d{2}(?=年)"),
                          (doc.notice_title, r"(?:19|20)\d{2}(?=年)")):
        m = re.search(pattern, text or "")
        if m:
            return int(m.group())
    return None


__all__ = ["extract_document", "document_year", "parse_date", "int_to_cn", "closing_signature"]
