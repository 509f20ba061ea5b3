"""The command line as users run it: outline, JSON, stdin, directories and bad input."""
import json
import os
import re

from conftest import DEV, SEED, run_cli, validate


def test_outline_shows_tasks_units_and_report():
    proc = run_cli("parse", str(SEED))
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "[4(1)]" in out and "区国资委国有企业综合服务中心" in out and "69183951" in out
    assert "缺失编号" in out


def test_stdin_and_module_entry():
    proc = run_cli("parse", "-", "--json", stdin=SEED.read_bytes())
    assert proc.returncode == 0
    validate(json.loads(proc.stdout))


def test_directory_gives_json_lines(tmp_path):
    for src in sorted(DEV.glob("*.txt")):
        (tmp_path / src.name).write_bytes(src.read_bytes())
    proc = run_cli("parse", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().strip().splitlines()
    assert len(lines) == len(list(DEV.glob("*.txt")))
    for line in lines:
        validate(json.loads(line))


def _assert_clean_failure(proc, word):
    err = proc.stderr.decode()
    assert proc.returncode != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert word in err


def test_bad_inputs_fail_cleanly(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _assert_clean_failure(run_cli("parse", str(empty)), "空")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(os.urandom(4096) + b"\x00" * 100)
    _assert_clean_failure(run_cli("parse", str(binary)), "二进制")
    image = tmp_path / "scan.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(1000))
    _assert_clean_failure(run_cli("parse", str(image)), "图片")
    prose = tmp_path / "prose.txt"
    prose.write_text("今天天气很好，我们去公园散步。晚上一起吃饭。", encoding="utf-8")
    _assert_clean_failure(run_cli("parse", str(prose)), "不是")
    _assert_clean_failure(run_cli("parse", str(tmp_path / "missing.txt")), "找不到")


def test_shred_command_corrupts_a_guide_that_still_reads_back(tmp_path):
    from conftest import EXAMPLES
    clean = EXAMPLES / "qingchuan_blocks.txt"
    args = ("shred", str(clean), "--seed", "7", "--copies", "0", "--moves", "0", "--drop-headings", "1",
            "--line-every", "20")
    first, again = run_cli(*args), run_cli(*args)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout == again.stdout  # the same seed gives the same scrape
    broken = first.stdout.decode()
    assert broken != clean.read_text("utf-8") and "丢掉标题 1 个" in first.stderr.decode()
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    want = json.loads(run_cli("parse", str(clean), "--json").stdout)
    got = json.loads(run_cli("parse", str(path), "--json").stdout)
    assert [(t["ref"], [u["name"] for u in t["lead"]]) for t in got["tasks"]] == \
        [(t["ref"], [u["name"] for u in t["lead"]]) for t in want["tasks"]]
    missing = run_cli("shred", str(tmp_path / "nothing.txt"))
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr
    echoed = run_cli("shred", str(clean), "--echo", "0.2", "--echo-lost", "0")
    assert echoed.returncode == 0 and re.search(r"重复渲染 [1-9]\d* 句", echoed.stderr.decode())
    sentences = re.findall(r"[^。]+。", re.sub(r"\s", "", echoed.stdout.decode()))
    assert len(sentences) > len(set(sentences))  # the echo repeats sentences
    out_of_range = run_cli("shred", str(clean), "--echo", "1.5")
    assert out_of_range.returncode == 2 and "0 到 1" in out_of_range.stderr.decode()
