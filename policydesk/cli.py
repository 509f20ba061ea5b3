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



GUIDE_SUFFIXES = {".txt", ".text", ".htm", ".html", ".docx", ".pdf", ""}


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
        failures = 0
        for f in files:
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


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
