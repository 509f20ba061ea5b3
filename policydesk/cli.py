"""Command line: a thin layer over policydesk.api. Errors are one line and a non-zero exit."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .api import parse_bytes
from .model import Guide
from .outline_text import render_outline
from .parse import NotAGuide
from .read import ReadError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="PolicyDesk：把落实指引、任务分工方案读成结构化台账。")



GUIDE_SUFFIXES = {".txt", ".text", ".htm", ".html", ".docx", ".pdf", ".xlsx", ".md", ""}


@app.callback()
def _root() -> None:
    """PolicyDesk 命令行。"""


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"policydesk: {message}", err=True)
    raise typer.Exit(code)


def _read_input(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    if not p.exists():
        _fail(f"找不到文件：{path}")
    if p.is_dir():
        _fail(f"{path} 是目录")
    try:
        return p.read_bytes(), p.name
    except OSError as exc:
        _fail(f"无法读取 {path}：{exc.strerror}")
    raise AssertionError


def _parse_one(data: bytes, name: str) -> Guide:
    try:
        return parse_bytes(data, name)
    except (ReadError, NotAGuide) as exc:
        _fail(f"{name}：{exc}")
    raise AssertionError


@app.command()
def parse(
    path: str = typer.Argument(..., help="指引文件路径、目录，或 - 表示标准输入"),
    json_out: bool = typer.Option(False, "--json", help="输出 Guide JSON（policydesk.guide/1）"),
    outline: bool = typer.Option(False, "--outline", help="输出可读的提纲（默认）"),
) -> None:
    """读取一份指引：默认打印提纲，--json 打印 Guide JSON；目录则逐个解析（JSON Lines）。"""
    p = Path(path)
    if path != "-" and p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                       and f.suffix.lower() in GUIDE_SUFFIXES)
        if not files:
            _fail(f"{path} 中没有文件")
        from rich.progress import Progress
        failures = 0
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            job = progress.add_task("解析", total=len(files))
            for f in files:
                progress.advance(job)
                try:
                    guide = parse_bytes(f.read_bytes(), f.name)
                except (ReadError, NotAGuide) as exc:
                    typer.echo(f"policydesk: {f.name}：{exc}", err=True)
                    failures += 1
                    continue
                if json_out:
                    typer.echo(guide.to_json(indent=None))
                else:
                    typer.echo(render_outline(guide))
        if failures == len(files):
            raise typer.Exit(2)
        return
    data, name = _read_input(path)
    guide = _parse_one(data, name)
    if json_out:
        typer.echo(guide.to_json())
    else:
        typer.echo(render_outline(guide))


def _guide_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                                and f.suffix.lower() in GUIDE_SUFFIXES))
        elif p.is_file():
            files.append(p)
        else:
            _fail(f"找不到文件：{raw}")
    return files


@app.command()
def shred(
    path: str = typer.Argument(..., help="干净的指引文件，或 - 表示标准输入"),
    seed: int = typer.Option(0, "--seed", help="随机种子：同一种子得到同样的结果"),
    copies: int = typer.Option(3, "--copies", help="复制到别处的句子数"),
    moves: int = typer.Option(2, "--moves", help="挪到别处（打乱编号顺序）的编号句子数"),
    drop_headings: int = typer.Option(1, "--drop-headings", help="丢掉的标题数"),
    line_every: int = typer.Option(60, "--line-every", min=1, help="平均每隔多少字断一次行"),
    echo: float = typer.Option(0.0, "--echo", help="页面重复渲染：按原顺序提前重复出现的句子比例（0 到 1）"),
    echo_lost: float = typer.Option(0.3, "--echo-lost", help="重复渲染的编号句中原位丢失的比例（0 到 1）"),
) -> None:
    """像抓取网页那样弄乱一份指引（复制、挪动、页面重复渲染、丢标题、随处断行、电话粘连编号），
    输出到标准输出，用来检验解析能否还原。"""
    import random

    from .read import read_document
    from .shred import shred as shred_text
    if min(copies, moves, drop_headings) < 0:
        _fail("--copies、--moves、--drop-headings 不能为负数")
    if not (0 <= echo <= 1 and 0 <= echo_lost <= 1):
        _fail("--echo、--echo-lost 须在 0 到 1 之间")
    data, name = _read_input(path)
    try:
        text = read_document(data).text
    except ReadError as exc:
        _fail(f"{name}：{exc}")
    out = shred_text(text, random.Random(seed), copies=copies, moves=moves, drop_headings=drop_headings,
                     line_every=line_every, echo=echo, echo_lost=echo_lost)
    sys.stdout.write(out.text)
    typer.echo(f"复制 {out.copies} 处（其中覆盖掉 {len(out.deleted)} 句），挪动 {out.moved} 处，"
               f"重复渲染 {out.echoed} 句（其中原位丢失 {out.echo_lost} 句），丢掉标题 {out.headings_dropped} 个",
               err=True)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="指引文件或目录"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL（默认 policydesk.db）"),
) -> None:
    """把指引解析后存入注册库；同一文件再次导入不变，同一发文字号的新文件成为新版本。"""
    from rich.progress import Progress

    from .store import open_registry
    files = _guide_files(paths)
    if not files:
        _fail("没有可导入的指引文件")
    registry = open_registry(db)
    failures = 0
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        job = progress.add_task("导入", total=len(files))
        for f in files:
            data = f.read_bytes()
            try:
                guide = parse_bytes(data, f.name)
            except (ReadError, NotAGuide) as exc:
                typer.echo(f"policydesk: {f.name}：{exc}", err=True)
                failures += 1
                progress.advance(job)
                continue
            from .read import read_document
            result = registry.ingest(guide, read_document(data).text)
            word = {"added": "已导入", "unchanged": "未变化", "new-version": f"新版本 v{result.version}"}[result.status]
            typer.echo(f"{f.name}：{word}，{result.tasks} 项任务", err=True)
            progress.advance(job)
    if failures == len(files):
        raise typer.Exit(2)


@app.command()
def search(
    query: str = typer.Argument(..., help="用平常话提问，例如：饭店房租交不起怎么办"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL"),
    limit: int = typer.Option(10, "--limit", min=1, max=100),
    json_out: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """在注册库中检索措施：谁负责、打哪个电话。"""
    import json as _json

    from .search import search as run_search
    from .store import open_registry
    registry = open_registry(db)
    try:
        result = run_search(registry, query, limit=limit)
    except NotImplementedError as exc:
        _fail(str(exc))
    if json_out:
        typer.echo(_json.dumps(result, ensure_ascii=False, indent=2))
        return
    if not result["results"]:
        typer.echo("没有找到相关措施")
        return
    for r in result["results"]:
        typer.echo(f"[{r['ref']}] {r['text'][:80]}")
        for u in r["lead"]:
            typer.echo(f"    牵头：{u['name']}  {'、'.join(u['phones'])}")


@app.command()
def export(
    source: str = typer.Argument(..., help="parse --json 输出的 Guide JSON 文件，或 ledger（从注册库导出督办台账）"),
    to: str = typer.Option(..., "--to", help="docx | html | xlsx | md（台账只支持 xlsx）"),
    out: Optional[str] = typer.Option(None, "--out", "-o", help="输出文件（默认：同名换扩展名）"),
    guide_id: Optional[int] = typer.Option(None, "--guide", help="台账：指引编号（见门户网址 /guides/编号）"),
    db: Optional[str] = typer.Option(None, "--db", help="台账：SQLite 文件路径或数据库 URL"),
) -> None:
    """把 Guide JSON 导出为常见版式的文档或 Excel 台账；`export ledger --guide ID --to xlsx` 导出带进展的督办台账。"""
    if source == "ledger":
        _export_ledger(guide_id, to, out, db)
        return
    from .export import documents
    from .model import Guide
    renderers = {"md": documents.to_markdown, "html": documents.to_html,
                 "docx": documents.to_docx, "xlsx": documents.to_xlsx}
    if to not in renderers:
        _fail(f"不支持的导出格式：{to}（可选 docx、html、xlsx、md）")
    src = Path(source)
    if not src.is_file():
        _fail(f"找不到文件：{source}")
    try:
        guide = Guide.from_json(src.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        _fail(f"{src.name} 不是有效的 Guide JSON（{type(exc).__name__}）")
    data = renderers[to](guide)
    target = Path(out) if out else src.with_suffix("." + to)
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8")
    else:
        target.write_bytes(data)
    typer.echo(f"已导出：{target}", err=True)


def _office_view():
    from .desk.accounts import Account
    return Account(0, "命令行", "office", None, None, None)


def _export_ledger(guide_id: Optional[int], to: str, out: Optional[str], db: Optional[str]) -> None:
    from .desk.assignments import DeskError
    from .desk.ledger import ledger_xlsx
    from .store import open_registry
    if to != "xlsx":
        _fail("台账只支持导出为 xlsx")
    if guide_id is None:
        _fail("请用 --guide 指定指引编号")
    registry = open_registry(db)
    try:
        with registry.engine.connect() as conn:
            data = ledger_xlsx(conn, _office_view(), guide_id)
    except DeskError as exc:
        _fail(str(exc))
    target = Path(out or f"ledger-{guide_id}.xlsx")
    target.write_bytes(data)
    typer.echo(f"已导出：{target}", err=True)


@app.command("import-ledger")
def import_ledger_command(
    sheet: str = typer.Argument(..., help="填报后的台账 xlsx"),
    guide_id: int = typer.Option(..., "--guide", help="指引编号"),
    user: str = typer.Option(..., "--user", help="以哪个账号的名义导入（单位账号只能更新本单位任务）"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL"),
) -> None:
    """导入各单位填报的台账：整表校验，有错则列出行号且不导入任何内容。"""
    from sqlalchemy import select

    from .desk.accounts import get_account
    from .desk.assignments import DeskError
    from .desk.ledger import import_ledger
    from .store import open_registry
    from .store.tables import accounts
    data, _ = _read_input(sheet)
    registry = open_registry(db)
    with registry.engine.begin() as conn:
        account_id = conn.execute(select(accounts.c.id).where(accounts.c.name == user)).scalar()
    if account_id is None:
        _fail(f"没有账号 {user}")
    try:
        with registry.engine.begin() as conn:
            stored = import_ledger(conn, get_account(conn, account_id), guide_id, data)
    except DeskError as exc:
        _fail(str(exc))
    typer.echo(f"已导入 {stored} 条进展", err=True)


user_app = typer.Typer(add_completion=False, no_args_is_help=True, help="督查督办账号。")
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option(..., "--role", help="office（督查室）或 unit（责任单位）"),
    org: Optional[str] = typer.Option(None, "--org", help="单位账号所属部门，例如 区商务局"),
    office: Optional[str] = typer.Option(None, "--office", help="可选：部门内的科室"),
    email: Optional[str] = typer.Option(None, "--email", help="接收催办邮件的邮箱"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL"),
) -> None:
    """开通账号。密码在终端里输入两次；非交互时从标准输入读第一行。"""
    from .desk.accounts import AccountError, add_user
    from .store import open_registry
    if sys.stdin.isatty():
        password = typer.prompt("密码", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    registry = open_registry(db)
    try:
        with registry.engine.begin() as conn:
            account = add_user(conn, name, password, role, org, office, email, by="命令行")
    except AccountError as exc:
        _fail(str(exc))
    typer.echo(f"已开通账号 {account.name}（{account.role}{'，' + account.org if account.org else ''}）", err=True)


@user_app.command("list")
def user_list(db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL")) -> None:
    """列出账号。"""
    from sqlalchemy import select

    from .store import open_registry
    from .store.tables import accounts
    registry = open_registry(db)
    with registry.engine.connect() as conn:
        for r in conn.execute(select(accounts).order_by(accounts.c.id)):
            typer.echo(f"{r.name}\t{r.role}\t{r.org or ''}\t{r.office or ''}\t{r.email or ''}")


@app.command()
def backup(
    path: str = typer.Argument(..., help="备份文件（.json.gz）"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL"),
) -> None:
    """把整个注册库（指引、任务、账号、进展、日志）备份到一个文件；SQLite 与 PostgreSQL 通用。"""
    from .desk.backup import backup as run_backup
    from .store import open_registry
    counts = run_backup(open_registry(db).engine, path)
    typer.echo(f"已备份到 {path}：{counts['guides']} 份指引，{counts['tasks']} 项任务，"
               f"{counts['progress_reports']} 条进展，{counts['audit_log']} 条日志", err=True)


@app.command()
def restore(
    path: str = typer.Argument(..., help="backup 生成的备份文件"),
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL"),
) -> None:
    """用备份替换数据库中的全部内容（一个事务：失败则数据库保持原样）。"""
    from .desk.backup import BackupError, restore as run_restore
    from .store import open_registry
    if not Path(path).is_file():
        _fail(f"找不到文件：{path}")
    try:
        counts = run_restore(open_registry(db).engine, path)
    except BackupError as exc:
        _fail(str(exc))
    typer.echo(f"已恢复：{counts['guides']} 份指引，{counts['tasks']} 项任务，{counts['progress_reports']} 条进展", err=True)


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, "--db", help="SQLite 文件路径或数据库 URL"),
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="工作进程数"),
) -> None:
    """启动门户网站、督查督办台和 /api/v1 接口。"""
    import os

    import uvicorn

    from .store import open_registry
    from .store.db import database_url
    url = database_url(db)
    open_registry(url)  # migrate once, before any worker starts
    if workers == 1:
        from .web import create_app
        uvicorn.run(create_app(url), host=host, port=port, log_level="info")
        return
    os.environ["POLICYDESK_DATABASE_URL"] = url
    uvicorn.run("policydesk.web:create_app", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
