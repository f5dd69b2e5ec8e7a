"""What changed between two snapshots: per table the rows added, removed and changed (matched by key),
and schema changes. The result is a JSON-ready dict (written as `diff.json`).

Rows are compared in an in-memory DuckDB that scans the two snapshots' Parquet files (never read whole
into Python) and may spill to a temporary folder; what is found stays in DuckDB, and only counts, report
ids and the first `MAX_LISTED` rows per kind come out. Keys match NULL-safely. Rows whose key matches are
first compared by a hash of their other columns, and only those whose hashes differ are compared value by
value (a change that kept DuckDB's 64-bit hash would go unseen: odds of one in 2^64 a row).
`snapshot_folder` says which folder a name given to `hmip diff` means (a version, `latest`, `previous`).
Rendering the diff for people belongs in `pipelines.publish.changes`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.publish.manifest import DATAPACKAGE
from pipelines.schema import TABLES, TABLES_BY_NAME
from pipelines.warehouse import layout
from pipelines.warehouse.db import settings
from pipelines.warehouse.files import read_json

MAX_LISTED = 200  # rows listed per table and kind; counts are always complete
MAX_VALUE_CHARS = 300
CONTEXT_CHARS = 60  # either side of the first difference between two long texts
LATEST, PREVIOUS = "latest", "previous"  # the version `latest` points to; the newest version before it


class UnknownSnapshot(ValueError):
    """A name that is not a snapshot of the warehouse."""


def snapshot_folder(warehouse_dir: Path, name: str) -> Path:
    """The folder of snapshot `name`: a version, `latest`, or `previous` (the newest version before
    latest's, by version order, so a snapshot removed by retention is skipped)."""
    root, versions = layout.snapshots_dir(warehouse_dir), layout.snapshot_versions(warehouse_dir)
    if name not in (LATEST, PREVIOUS):
        if name not in versions:
            known = ", ".join(versions[-5:]) if versions else "none published yet"
            raise UnknownSnapshot(f"no snapshot {name} in {root} (newest versions: {known}; or latest, "
                                  "previous)")
        return root / name
    latest = layout.latest_version(warehouse_dir)
    if latest is None:
        raise UnknownSnapshot(f"no latest snapshot in {warehouse_dir}: nothing has been published yet")
    if name == LATEST:
        return root / latest
    older = versions[:versions.index(latest)]
    if not older:
        raise UnknownSnapshot(f"no snapshot before latest ({latest}) in {root}: it is the first one")
    return root / older[-1]


def _manifest(folder: Path | None) -> dict[str, Any]:
    if folder is None or not (folder / DATAPACKAGE).exists():
        return {}
    return read_json(folder / DATAPACKAGE)


def _table_names(*folders: Path | None) -> list[str]:
    found = {p.stem for f in folders if f is not None for p in f.glob("*.parquet")}
    known = [t.name for t in TABLES if t.name in found]
    return known + sorted(found - set(known))


def _key(name: str, *manifests: dict[str, Any]) -> list[str]:
    for manifest in manifests:
        for res in manifest.get("resources", []):
            if res.get("name") == name and res.get("schema", {}).get("key"):
                return list(res["schema"]["key"])
    return list(TABLES_BY_NAME[name].key) if name in TABLES_BY_NAME else []


def _file(folder: Path | None, name: str) -> Path | None:
    path = folder / f"{name}.parquet" if folder is not None else None
    return path if path is not None and path.exists() else None


@dataclass(frozen=True)
class _Side:
    """One side of a table diff: an Arrow table, or a Parquet file DuckDB scans."""
    data: pa.Table | Path

    @property
    def schema(self) -> pa.Schema:
        return self.data.schema if isinstance(self.data, pa.Table) else pq.read_schema(self.data)

    @property
    def num_rows(self) -> int:
        if isinstance(self.data, pa.Table):
            return self.data.num_rows
        return pq.ParquetFile(self.data).metadata.num_rows

    def register(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        if isinstance(self.data, pa.Table):
            con.register(name, self.data)
        else:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet('"
                        + str(self.data).replace("'", "''") + "')")

    def unregister(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        if isinstance(self.data, pa.Table):
            con.unregister(name)
        else:
            con.execute(f"DROP VIEW IF EXISTS {name}")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    return value


def _change(before: Any, after: Any) -> dict[str, Any]:
    """Before and after values; of two long texts, only the part around their first difference."""
    if isinstance(before, str) and isinstance(after, str) and max(len(before), len(after)) > MAX_VALUE_CHARS:
        same = next((i for i, (x, y) in enumerate(zip(before, after, strict=False)) if x != y),
                    min(len(before), len(after)))
        start = max(0, same - CONTEXT_CHARS)

        def window(text: str) -> str:
            cut = text[start:same + CONTEXT_CHARS]
            return ("…" if start else "") + cut + ("…" if len(text) > same + CONTEXT_CHARS else "")

        return {"before": window(before), "after": window(after), "from_char": start}
    return {"before": _plain(before), "after": _plain(after)}


def schema_changes(before: pa.Schema | None, after: pa.Schema | None) -> dict[str, Any]:
    old = {f.name: f for f in before} if before is not None else {}
    new = {f.name: f for f in after} if after is not None else {}

    def desc(f: pa.Field) -> str | None:
        return (f.metadata or {}).get(b"description", b"").decode() or None

    common = [n for n in new if n in old]
    return {
        "added_columns": [n for n in new if n not in old],
        "removed_columns": [n for n in old if n not in new],
        "type_changes": [{"column": n, "before": str(old[n].type), "after": str(new[n].type)}
                         for n in common if old[n].type != new[n].type],
        "nullable_changes": [{"column": n, "before": old[n].nullable, "after": new[n].nullable}
                             for n in common if old[n].nullable != new[n].nullable],
        "description_changes": [n for n in common if desc(old[n]) != desc(new[n])],
    }


def _report_ids(con: duckdb.DuckDBPyConnection, found: str, columns: list[str]) -> list[str | None]:
    if "report_id" not in columns:
        return []
    ids = {row[0] for row in con.execute(f'SELECT DISTINCT "report_id" FROM {found}').fetchall()}
    return ([None] if None in ids else []) + sorted(i for i in ids if i is not None)


def _distinct(col: str, same_type: bool) -> str:
    if same_type:
        return f'a."{col}" IS DISTINCT FROM b."{col}"'
    return f'CAST(a."{col}" AS VARCHAR) IS DISTINCT FROM CAST(b."{col}" AS VARCHAR)'


def diff_tables(before: pa.Table | Path | None, after: pa.Table | Path | None, key: list[str],
                con: duckdb.DuckDBPyConnection | None = None) -> dict[str, Any]:
    """Rows added, removed and changed from `before` to `after` (an Arrow table or a Parquet file; None:
    the table is absent), by `key`.

    Rows are listed by their key (plus `report_id` when it is not part of the key); when the key is
    missing from either side, no row can be matched and every row counts as removed and added.
    """
    if before is None and after is None:
        raise ValueError("nothing to compare")
    a = _Side(before if before is not None else _Side(after).schema.empty_table())  # type: ignore[arg-type]
    b = _Side(after if after is not None else a.schema.empty_table())
    schema_a, schema_b = a.schema, b.schema
    keyed = bool(key) and all(k in schema_a.names and k in schema_b.names for k in key)
    shared = [c for c in schema_b.names if c in schema_a.names]
    shown = list(key) if keyed else shared
    has_report_id = "report_id" in shared
    if has_report_id and "report_id" not in shown:
        shown.append("report_id")
    on = " AND ".join(f'a."{k}" IS NOT DISTINCT FROM b."{k}"' for k in key) if keyed else "FALSE"
    order = ", ".join(f'"{c}" NULLS FIRST' for c in shown)
    compared = [c for c in shared if c not in key] if keyed else []
    flags = ", ".join(f"CASE WHEN {_distinct(c, schema_a.field(c).type == schema_b.field(c).type)} "
                      f"THEN '{c}' END" for c in compared)
    values = "".join(f', a."{c}" AS "before.{c}", b."{c}" AS "after.{c}"' for c in compared)
    matched = list(key) if keyed else []
    sql = {
        "added": "SELECT " + ", ".join(f'b."{c}"' for c in shown) + f" FROM b ANTI JOIN a ON {on}",
        "removed": "SELECT " + ", ".join(f'a."{c}"' for c in shown) + f" FROM a ANTI JOIN b ON {on}",
        "changed": "SELECT * FROM (SELECT " + ", ".join(f'b."{c}"' for c in shown)
        + f", list_filter([{flags or 'NULL'}], x -> x IS NOT NULL) AS changed_columns{values} "
        + f"FROM {_candidates('a', matched)} a JOIN {_candidates('b', matched)} b ON {on}) "
        + "WHERE len(changed_columns) > 0",
    }
    # rows compared value by value are those whose key matched and whose row hashes differ: joining the
    # whole rows of both sides held every text of a table in the join's memory
    same_types = {c: schema_a.field(c).type == schema_b.field(c).type for c in compared}
    hashed = {side: "hash(" + (", ".join(f'{side}."{c}"' if same_types[c] else
                                         f'CAST({side}."{c}" AS VARCHAR)' for c in compared) or "NULL") + ")"
              for side in ("a", "b")}
    keys = ", ".join(f'b."{k}"' for k in key)
    candidates = (f"SELECT {keys} FROM (SELECT *, {hashed['a']} AS row_hash FROM a) a JOIN "
                  f"(SELECT *, {hashed['b']} AS row_hash FROM b) b ON {on} WHERE a.row_hash <> b.row_hash")
    spill = tempfile.TemporaryDirectory(prefix="hmip-diff-") if con is None else None
    if spill is not None:
        con = _connect(spill.name)
    assert con is not None
    result: dict[str, Any] = {
        "status": "added" if before is None else "removed" if after is None else "present",
        "key": list(key), "key_matched": keyed, "rows_before": a.num_rows, "rows_after": b.num_rows,
    }
    reports: dict[str, list[str | None]] = {}
    # a table added (the first snapshot: every table) or removed has rows on one side only: they are all
    # added or all removed, and nothing is joined
    one_side = ("added", "b") if before is None else ("removed", "a") if after is None else None
    if one_side is not None:
        kind, side = one_side
        sql = {kind: "SELECT " + ", ".join(f'{side}."{c}"' for c in shown) + f" FROM {side}"}
    try:
        a.register(con, "a")
        b.register(con, "b")
        if keyed and one_side is None:
            con.execute(f"CREATE OR REPLACE TEMP TABLE diff_candidates AS {candidates}")
        for kind in ("added", "removed", "changed"):
            if kind not in sql:
                result[kind], reports[kind] = {"count": 0, "rows": [], "truncated": False}, []
                continue
            con.execute(f"CREATE OR REPLACE TEMP TABLE diff_found AS {sql[kind]}")
            count = con.execute("SELECT count(*) FROM diff_found").fetchone()[0]
            first = con.execute(f"SELECT * FROM diff_found ORDER BY {order} LIMIT {MAX_LISTED}")
            listed = [_listed_row(row, shown, kind) for row in first.to_arrow_table().to_pylist()]
            result[kind] = {"count": count, "rows": listed, "truncated": count > len(listed)}
            reports[kind] = _report_ids(con, "diff_found", shown)
            con.execute("DROP TABLE diff_found")
    finally:
        a.unregister(con, "a")
        b.unregister(con, "b")
        if spill is not None:
            con.close()
            spill.cleanup()
    result["reports"] = reports
    result["schema"] = schema_changes(schema_a if before is not None else None,
                                      schema_b if after is not None else None)
    return result


def _candidates(side: str, key: list[str]) -> str:
    """The rows of `side` whose key is in `diff_candidates` (none when the key did not match)."""
    if not key:
        return f"(SELECT * FROM {side} WHERE FALSE)"
    on = " AND ".join(f'{side}."{k}" IS NOT DISTINCT FROM c."{k}"' for k in key)
    return f"(SELECT {side}.* FROM {side} SEMI JOIN diff_candidates c ON {on})"


def _connect(spill: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills into the folder `spill` past the warehouse's memory limit."""
    return duckdb.connect(config={"temp_directory": spill, **settings()})


def _listed_row(row: dict[str, Any], shown: list[str], kind: str) -> dict[str, Any]:
    listed: dict[str, Any] = {"key": {c: _plain(row[c]) for c in shown}}
    if kind == "changed":
        listed["columns"] = {c: _change(row[f"before.{c}"], row[f"after.{c}"])
                             for c in row["changed_columns"]}
    return listed


def diff_snapshots(a: Path | None, b: Path) -> dict[str, Any]:
    """Diff of snapshot folder `b` against `a` (None: against nothing, every row is added)."""
    ma, mb = _manifest(a), _manifest(b)
    with tempfile.TemporaryDirectory(prefix="hmip-diff-") as spill, _connect(spill) as con:
        tables = {name: diff_tables(_file(a, name), _file(b, name), _key(name, mb, ma), con)
                  for name in _table_names(a, b)}
    affected = sorted({r for t in tables.values() for rs in t["reports"].values() for r in rs
                       if r is not None})
    return {
        "from": ma.get("version"),
        "to": mb.get("version"),
        "summary": {
            "rows_added": sum(t["added"]["count"] for t in tables.values()),
            "rows_removed": sum(t["removed"]["count"] for t in tables.values()),
            "rows_changed": sum(t["changed"]["count"] for t in tables.values()),
            "tables_with_schema_changes": [n for n, t in tables.items()
                                           if t["status"] != "present" or any(t["schema"].values())],
            "reports_affected": affected,
        },
        "tables": tables,
    }
