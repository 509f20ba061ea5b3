"""Parser benchmarks: seed latency, throughput on a shredded corpus, memory growth, and how
often the order restorer recovers a shredded guide exactly. Prints a Markdown table row set.
Run: .venv/bin/python bench/bench_parse.py [--mb 20]"""
from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from policydesk.guidegen import generate_guide  # noqa: E402
from policydesk.parse import parse_text  # noqa: E402
from policydesk.shred import shred  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "000_241d8e172ebd231c.txt"


def seed_latency(runs: int = 50) -> tuple[float, float]:
    """(median, fastest) in ms after warm-up."""
    text = SEED.read_text("utf-8")
    for _ in range(5):
        parse_text(text)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        parse_text(text)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, min(times) * 1000


_PARSE_SEED_N = "import sys; from policydesk.parse import parse_text; t = open(sys.argv[1]).read(); " \
                "[parse_text(t) for _ in range(int(sys.argv[2]))]"


def seed_instructions() -> float | None:
    """Instructions per seed parse, counted by valgrind (exact where wall time is noisy, as on
    a shared virtual machine); None without valgrind."""
    import shutil
    import subprocess
    if not shutil.which("valgrind"):
        return None

    def count(n: int) -> int:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                              "-c", _PARSE_SEED_N, str(SEED), str(n)],
                             cwd=ROOT, capture_output=True, text=True, check=True).stderr
        return int(next(line for line in out.splitlines() if "Collected" in line).split()[-1])
    return (count(6) - count(1)) / 5


def single_file(mb: float) -> tuple[float, float, int]:
    """Parse one file of `mb` MB (fully shredded guides one after another) with the CLI:
    (seconds of CPU, peak resident MB, bytes)."""
    import resource
    import subprocess
    import tempfile
    texts = corpus(mb, full=True, first=5000)
    size = sum(len(t.encode("utf-8")) for t in texts)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.writelines(texts)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "policydesk", "parse", f.name, "--json"],
                   cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(f.name).unlink()
    return after.ru_utime - before.ru_utime, after.ru_maxrss / 1024, size


def corpus(mb: float, full: bool = False, first: int = 1000) -> list[str]:
    """Generated guides from seed `first` on, shredded (fully, or line breaks and glued phones
    only), until `mb` MB."""
    texts, size, i = [], 0, 0
    while size < mb * 1024 * 1024:
        g = generate_guide(first + i)
        light = {} if full else dict(copies=0, moves=0, drop_headings=0)
        t = shred(g.text, random.Random(i), **light).text
        texts.append(t)
        size += len(t.encode("utf-8"))
        i += 1
    return texts


def throughput(texts: list[str], passes: int = 3) -> tuple[float, float]:
    """(median, best) MB/s over whole passes of the corpus: on a shared virtual machine one
    pass can be a fifth slower than the next for reasons outside the process."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    rates = []
    for _ in range(passes):
        t0 = time.perf_counter()
        for t in texts:
            parse_text(t)
        rates.append(size / (time.perf_counter() - t0) / 1024 / 1024)
    return statistics.median(rates), max(rates)


def memory_growth() -> list[tuple[int, float]]:
    """Peak memory of one parse of a single long text made of n guides, for growing n."""
    out = []
    base = [shred(generate_guide(2000 + i).text, random.Random(i), copies=0, moves=0, drop_headings=0).text
            for i in range(8)]
    for n in (1, 2, 4, 8):
        text = "".join(base[:n])
        tracemalloc.start()
        parse_text(text)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out.append((len(text.encode("utf-8")), peak / 1024 / 1024))
    return out


def _reads_back(text: str, clean, shred_seed: int, cfg: dict) -> bool:
    """One shred of text parses exactly as the clean text did (propcheck.compare)."""
    from propcheck import compare
    s = shred(text, random.Random(shred_seed), **cfg)
    return not compare(clean, parse_text(s.text), s.deleted)


def _share_read_back(text: str, n: int, cfg: dict) -> float:
    clean = parse_text(text)
    return sum(_reads_back(text, clean, seed, cfg) for seed in range(n)) / n


def recovery_rate(n: int = 200, **cfg) -> float:
    """Share of n generated guides, each shredded once, read back exactly."""
    texts = (generate_guide(seed).text for seed in range(n))
    return sum(_reads_back(text, parse_text(text), seed, cfg) for seed, text in enumerate(texts)) / n


def seed_recovery_rate(n: int = 100, **cfg) -> float:
    """The same on real sentences: the seed's reading written back as a clean guide, shredded
    n ways (its sentences carry the words of real measures; generated ones do not)."""
    from propcheck import render_clean
    return _share_read_back(render_clean(parse_text(SEED.read_text("utf-8"))), n, cfg)


def layouts_recovery(n: int = 100, **cfg) -> list[tuple[str, float]]:
    """The same on the dev guides (other layouts, real sentences) and our examples: per file,
    the share of n shreds read back exactly."""
    files = sorted((ROOT.parent / "shared" / "dev").glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))
    return [(f.stem, _share_read_back(f.read_text("utf-8"), n, cfg)) for f in files]


def _pdf_bytes(text: str) -> bytes:
    import io
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build([Paragraph(line, style) for line in text.splitlines() if line])
    return buf.getvalue()


def _docx_bytes(text: str) -> bytes:
    import io
    import docx
    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def format_throughput() -> tuple[float, float, float]:
    """(PDF pages/s, DOCX pages/s, DOCX documents/s): read + parse, pages as the PDF render counts them."""
    from policydesk.api import parse_bytes
    from policydesk.read.pdf import decode_pdf
    texts = [generate_guide(3000 + i).text for i in range(10)]
    pdfs = [_pdf_bytes(t) for t in texts]
    pages = sum(decode_pdf(p)[1] for p in pdfs)
    t0 = time.perf_counter()
    for p in pdfs:
        parse_bytes(p, "bench.pdf")
    pdf_rate = pages / (time.perf_counter() - t0)
    docs = [_docx_bytes(t) for t in texts]
    t0 = time.perf_counter()
    for d in docs:
        parse_bytes(d, "bench.docx")
    elapsed = time.perf_counter() - t0
    return pdf_rate, pages / elapsed, len(docs) / elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--single-file-mb", type=float, nargs="*", default=[12.5, 50],
                    help="sizes of single files parsed whole (time and memory should grow linearly)")
    args = ap.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    from calibrate import calibration_line
    print(calibration_line())
    median, fastest = seed_latency()
    print(f"| seed parse, median of 50 after warm-up | {median:.1f} ms (fastest {fastest:.1f} ms) |")
    instructions = seed_instructions()
    if instructions:
        print(f"| seed parse, instructions (valgrind) | {instructions / 1e6:.0f} million |")
    texts = corpus(args.mb)
    median, best = throughput(texts)
    print(f"| throughput, {args.mb:g} MB shredded corpus (line breaks, glued phones), one core | "
          f"{median:.2f} MB/s (median of 3 passes; best {best:.2f}) |")
    full = corpus(args.mb / 4, full=True)
    median, best = throughput(full)
    print(f"| throughput, {args.mb / 4:g} MB fully shredded corpus (copies, moves, lost headings too) | "
          f"{median:.2f} MB/s (median of 3 passes; best {best:.2f}) |")
    pdf_rate, docx_pages, docx_docs = format_throughput()
    print(f"| PDF read + parse (text layer) | {pdf_rate:.1f} pages/s |")
    print(f"| DOCX read + parse (same guides, page count of their PDF) | {docx_pages:.1f} pages/s ({docx_docs:.1f} documents/s) |")
    for mb in args.single_file_mb:
        cpu, peak, size = single_file(mb)
        print(f"| one file of {size / 1024 / 1024:.1f} MB (shredded guides end to end), CLI parse --json | "
              f"{cpu:.1f} s CPU ({size / 1024 / 1024 / cpu:.2f} MB/s), peak {peak:.0f} MB resident |")
    for size, peak in memory_growth():
        print(f"| peak memory, one text of {size / 1024:.0f} KB | {peak:.1f} MB |")
    for label, cfg in [
        ("line breaks + glued phones", dict(copies=0, moves=0, drop_headings=0)),
        ("+ headings dropped", dict(copies=0, moves=0, drop_headings=1)),
        ("+ 3 copies (60% over a sentence)", dict(copies=3, moves=0, drop_headings=0)),
        ("+ 2 moved items", dict(copies=0, moves=2, drop_headings=0)),
        ("all corruptions", dict()),
        ("an echo of 15% of the sentences", dict(copies=0, moves=0, drop_headings=0, echo=0.15, echo_lost=0)),
        ("an echo of 30%, 30% of its items lost in place", dict(copies=0, moves=0, drop_headings=0, echo=0.3)),
        ("all corruptions and an echo of 15%", dict(echo=0.15)),
    ]:
        print(f"| exact recovery of shredded guides, {label} (200 guides) | {recovery_rate(**cfg):.0%} |")
        print(f"| exact recovery of the seed written back clean, {label} (100 shreds) | {seed_recovery_rate(**cfg):.0%} |")
    for label, cfg in [("one copy", dict(copies=1, moves=0, drop_headings=0)),
                       ("one moved item", dict(copies=0, moves=1, drop_headings=0)),
                       ("an echo of 15%", dict(copies=0, moves=0, drop_headings=0, echo=0.15, echo_lost=0))]:
        rates = layouts_recovery(**cfg)
        print(f"| exact recovery, dev guides and examples, {label} (100 shreds each) | "
              + ", ".join(f"{name} {rate:.0%}" for name, rate in rates) + " |")


if __name__ == "__main__":
    main()
