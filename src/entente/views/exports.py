"""Exports: documents and events as JSON Lines, CSV or Parquet."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from entente.errors import UsageError

Format = Literal["jsonl", "csv", "parquet"]
FORMATS = ("jsonl", "csv", "parquet")


def write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: Path | None) -> bytes | None:
    """Write rows to out in the format; with no out, return the bytes (text formats only)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose {', '.join(FORMATS)})")
    rows = list(rows)
    if fmt == "parquet":
        if out is None:
            raise UsageError("Parquet is binary: give an output file with -o")
        write_parquet(rows, out)
        return None
    data = (to_jsonl(rows) if fmt == "jsonl" else to_csv(rows)).encode("utf-8")
    if out is None:
        return data
    out.write_bytes(data)
    return None


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    """One JSON object a line."""
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)


def flat(value: Any) -> Any:
    """A CSV cell: nested values as JSON, None as empty."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with a header; nested fields JSON-encoded."""
    buffer = io.StringIO()
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: flat(row.get(k)) for k in columns})
    return buffer.getvalue()


def write_parquet(rows: list[dict[str, Any]], out: Path) -> None:
    """Parquet with nested fields as JSON strings (portable to every reader)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(dict.fromkeys(key for row in rows for key in row))
    table = pa.table({c: [parquet_cell(row.get(c)) for row in rows] for c in columns})
    pq.write_table(table, out)


def parquet_cell(value: Any) -> Any:
    """Nested values as JSON text, dates as ISO text."""
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value.isoformat() if hasattr(value, "isoformat") else value
