"""One place that says what time it is. The offices keep Beijing time, so stamps (ISO 8601 with
+08:00, which sort as strings) and "today" for due dates agree with the wall clock there."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))


def now() -> datetime:
    return datetime.now(BEIJING)


def stamp(at: datetime | None = None) -> str:
    return (at or now()).astimezone(BEIJING).isoformat(timespec="seconds")


def today() -> date:
    return now().date()
