"""Times as the bureau reads them: stored as ISO 8601 with an offset (or UTC), shown in the configured zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_time(iso: str, zone: str) -> str:
    """'2026-12-01T12:15:03+00:00' → '2026-12-01 20:15:03' in Asia/Shanghai; a time without an offset is this
    machine's local time (as datetime.now() wrote it); text that is not a time comes back as it is."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")


def now_in(zone: str) -> str:
    return datetime.now(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")
