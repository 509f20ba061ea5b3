"""The command line as users run it: outline, JSON, stdin, directories and bad input."""
import json
import os

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
