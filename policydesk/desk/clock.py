"""One place that says what time it is, so every row is stamped the same way (UTC, ISO 8601)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)


def stamp(at: datetime | None = None) -> str:
    return (at or now()).isoformat(timespec="seconds")


def today() -> date:
    return now().astimezone(timezone(timedelta(hours=8))).date()  # the offices keep Beijing time
