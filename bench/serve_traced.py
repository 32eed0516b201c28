"""`python -m shafaf.serve` with every DuckDB statement the app sends recorded (for the query floor).

    SHAFAF_BENCH_TRACE=/path/trace.pkl python bench/serve_traced.py --server.port N

Before the app is imported, `duckdb.connect` is wrapped so that each connection (and each of its
cursors) appends `(kind, sql, params)` to the trace file, one pickle per statement, flushed at once;
the statement itself runs unchanged on the real connection. `bench_server.py` reads the trace
between two page views to know which statements a view sent, and replays them on a fresh
read-only connection to time the queries alone.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from pathlib import Path
from typing import Any

import duckdb

_real_connect = duckdb.connect
_lock = threading.Lock()
_trace = open(os.environ["SHAFAF_BENCH_TRACE"], "ab")


def _record(kind: str, sql: Any, params: Any) -> None:
    try:
        blob = pickle.dumps((kind, str(sql), params))
    except Exception:
        blob = pickle.dumps((kind, str(sql), "<unpicklable>"))
    with _lock:
        _trace.write(blob)
        _trace.flush()


class TracedConnection:
    """Delegates everything to a real connection; records execute / sql / query statements."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> TracedConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.__exit__(*exc)

    def cursor(self) -> TracedConnection:
        """A traced cursor."""
        return TracedConnection(self._real.cursor())

    def execute(self, query: Any, parameters: Any = None, **kw: Any) -> Any:
        """Record, then run on the real connection."""
        _record("execute", query, parameters)
        return self._real.execute(query, parameters, **kw)

    def sql(self, query: Any, *args: Any, **kw: Any) -> Any:
        """Record, then run on the real connection."""
        _record("sql", query, kw.get("params", args[1] if len(args) > 1 else None))
        return self._real.sql(query, *args, **kw)

    query = sql


def traced_connect(*args: Any, **kw: Any) -> TracedConnection:
    """duckdb.connect, traced."""
    return TracedConnection(_real_connect(*args, **kw))


duckdb.connect = traced_connect  # type: ignore[assignment]

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from shafaf.serve import main

    main(sys.argv[1:])
