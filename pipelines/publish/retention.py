"""Retention: keep the newest N snapshots (default 30) and never the one `latest` points to.

Only choosing and deleting old snapshot folders belongs here.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.warehouse.layout import discard_snapshot, latest_version, snapshot_versions

DEFAULT_KEEP = 30


def expired_versions(versions: list[str], keep: int, protected: str | None) -> list[str]:
    """Versions (oldest first) beyond the newest `keep`, except `protected`."""
    if keep < 1:
        raise ValueError(f"retention must keep at least one snapshot, got {keep}")
    return [v for v in versions[:-keep] if v != protected]


def prune_snapshots(warehouse_dir: Path, keep: int = DEFAULT_KEEP) -> list[str]:
    """Delete expired snapshots; returns their versions."""
    expired = expired_versions(snapshot_versions(warehouse_dir), keep, latest_version(warehouse_dir))
    for version in expired:
        discard_snapshot(warehouse_dir, version)
    return expired
