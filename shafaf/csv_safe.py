"""CSV that a spreadsheet cannot run: cells and headers starting with = + - @ (or tab, CR) are neutralised.

Pure (pandas only), so the UI's downloads and the officials' desk use it without pulling in DuckDB;
`shafaf/export.py` applies the same rule in SQL with `neutralise_sql`.
"""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str | None) -> str | None:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote."""
    if text is not None and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def neutralise_sql(col: str) -> str:
    """SQL doing what `neutralise` does, for a VARCHAR column."""
    return f"CASE WHEN regexp_matches({col}, '^[=+\\-@\\t\\r]') THEN '''' || {col} ELSE {col} END"


def safe_csv(df: pd.DataFrame) -> bytes:
    """A DataFrame as UTF-8 CSV (with BOM, for Excel) whose text cells and column names cannot run as formulas.

    Column names are neutralised too: tables name columns after package text (a service's name, for one).
    """
    out = df.copy()
    for i in range(out.shape[1]):  # by position: two columns may share a name
        col = out.iloc[:, i]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out.iloc[:, i] = col.map(lambda v: neutralise(v) if isinstance(v, str) else v)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out.to_csv(index=False).encode("utf-8-sig")


def safe_csv_rows(columns: list[str], rows: list[list[object]]) -> bytes:
    """`safe_csv` for plain rows (JSON values: text, numbers, None as an empty cell), without building a frame."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([neutralise(c) for c in columns])
    for row in rows:
        w.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else v for v in row])
    return buf.getvalue().encode("utf-8-sig")
