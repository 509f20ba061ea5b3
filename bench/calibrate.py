"""How fast this machine runs plain Python right now, printed with every bench run: shared
machines vary by a factor of two from hour to hour, and figures are only comparable with this."""
from __future__ import annotations

import time


def python_loop_seconds(n: int = 5_000_000) -> float:
    """Best of three: a loop of n integer additions."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        total = 0
        for i in range(n):
            total += i
        best = min(best, time.perf_counter() - t0)
    return best


def calibration_line() -> str:
    return f"calibration: a Python loop of 5,000,000 additions takes {python_loop_seconds():.2f} s"
