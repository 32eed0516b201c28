"""The pieces a view model is made of, and their JSON form (docs/api.md).

A view model is what one page shows for one (snapshot, filters, language): its figures (numbers with a
unit, as a page prints them too), sentences, tables with canonical column ids, and cards (a chart with its
words). Pages render it (shafaf/ui/render.py); `python -m shafaf view` and /api/v1 print it as JSON; the
static edition writes it out. Nothing here imports Streamlit or DuckDB.

JSON rules (the contract of the API, docs/api.md): a dataclass is an object keyed by its field names;
a figure's `value` is a number (or null), never a formatted string; dates are ISO 8601; a table is
`{"id", "columns": [{"id", "label", "unit"}], "rows": [{column id: value}], "answer"}`; a chart is
`{"kind": ...}` (the drawing itself is only built for a page); NaN is null.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from shafaf.metrics import FigureProvenance

NOT_JSON = {"json": False}  # dataclass field metadata: kept for the page, left out of the JSON
# dataclass field metadata: a widget's choices, for the interactive page only; in the JSON, not on the static page
INTERACTIVE = {"site": False}


@dataclass(frozen=True)
class Figure:
    """One headline number: `value` in `unit` ("count", "percent" as a 0..1 share, or a metric's unit).

    `text` is the value as the page prints it in the reader's language; `delta` (a number) and
    `delta_text` describe the change since the previous month where the page shows one.
    """

    id: str
    label: str
    value: float | int | None
    unit: str
    text: str
    help: str | None = None
    delta: float | None = None
    delta_text: str | None = None
    lower_is_better: bool = False


@dataclass(frozen=True)
class Text:
    """One sentence or paragraph, in the reader's language (plain text: the page escapes it for markdown)."""

    id: str
    text: str
    help: str | None = None


@dataclass(frozen=True)
class Column:
    """One table column: its canonical id (stable across languages), its heading in the reader's language."""

    id: str
    label: str
    unit: str | None = None


@dataclass(frozen=True)
class Table:
    """A table: `rows` has one column per `columns` id, raw values (numbers, ISO dates, names in the language).

    `shown` is what the page displays, when it differs from `rows` under its labels (dates or numbers in the
    reader's script, words for codes); the JSON has `rows`. `answer` is the column id that answers the
    table's question (shown first and pinned on a phone); None when that is the first column.
    `paint` colours cells of one column id: {column id: {shown value: (background, text colour)}}.
    `provenance` (a table of figures built from metrics) says how they are produced and their observation status.
    """

    id: str
    columns: tuple[Column, ...]
    rows: pd.DataFrame
    shown: pd.DataFrame | None = field(default=None, metadata=NOT_JSON)
    answer: str | None = None
    paint: Mapping[str, Mapping[str, tuple[str, str]]] = field(default_factory=dict, metadata=NOT_JSON)
    provenance: FigureProvenance | None = None

    def __post_init__(self) -> None:
        ids = [c.id for c in self.columns]
        if list(self.rows.columns) != ids:
            raise ValueError(f"table {self.id}: rows have columns {list(self.rows.columns)}, declared {ids}")
        if self.answer is not None and self.answer not in ids:
            raise ValueError(f"table {self.id}: answer column {self.answer!r} is not one of {ids}")

    @property
    def empty(self) -> bool:
        """True when the table has no rows."""
        return self.rows.empty

    def labels(self) -> dict[str, str]:
        """Column id -> heading."""
        return {c.id: c.label for c in self.columns}

    def frame(self) -> pd.DataFrame:
        """The table as a reader sees it: `shown`, else `rows` under the headings."""
        return self.shown if self.shown is not None else self.rows.rename(columns=self.labels())

    def answer_label(self) -> str | None:
        """The heading of the answer column (what ui.tables.data_table takes)."""
        return None if self.answer is None else self.labels()[self.answer]


def table(table_id: str, rows: pd.DataFrame, labels: Mapping[str, str], **kw: Any) -> Table:
    """A Table from a frame with canonical column ids and their headings (in the frame's column order)."""
    missing = [c for c in rows.columns if c not in labels]
    if missing:
        raise ValueError(f"table {table_id}: no heading for {missing}")
    cols = tuple(Column(str(c), labels[c]) for c in rows.columns)
    return Table(table_id, cols, rows.reset_index(drop=True), **kw)


@dataclass(frozen=True)
class Chart:
    """A chart: what kind it is, and how to draw it (only built when a page shows it)."""

    kind: str
    build: Callable[[], Any] = field(metadata=NOT_JSON, compare=False, repr=False)

    def figure(self) -> Any:
        """The drawing, built on first use and then kept: a view model cached per snapshot and scope
        (shafaf.ui.data.view_model) shares it between reruns and readers, so nothing may modify it."""
        fig = self.__dict__.get("_figure")
        if fig is None:
            fig = self.build()
            object.__setattr__(self, "_figure", fig)  # a cache beside the fields, not a field
        return fig


@dataclass(frozen=True)
class Card:
    """One figure with its words: title, one-sentence summary, chart, its table, provenance, download name."""

    id: str
    title: str
    summary: str
    chart: Chart | None
    table: Table
    filename: str
    provenance: FigureProvenance | None = None


# What a link within the app carries of the reader's URL: every shared parameter, or only the place, the
# language and the data version (a service's or department's own page opens without the reader's filters).
KEEP_ALL = ("lang", "region", "department", "initiative", "snapshot")
KEEP_PLACE = ("region", "lang", "snapshot")
KEEP_NONE: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """A link to another page of the app: its page (URL path key), URL parameters and words.

    `keep` names the reader's own URL parameters the link carries over (unless `params` sets them): one
    of `KEEP_ALL`, `KEEP_PLACE` or `KEEP_NONE`. It is how the app draws the link, not part of the JSON.
    """

    page: str
    label: str
    params: Mapping[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = field(default=KEEP_ALL, metadata={"json": False})


@dataclass(frozen=True)
class Meta:
    """What every view says about itself: the page, the language, the snapshot, its date and publisher, the scope."""

    page: str
    lang: str
    snapshot_id: str
    as_of: dt.date
    published_by: str
    region_id: str
    department_id: str | None
    initiative_id: str | None
    params: Mapping[str, str] = field(default_factory=dict)


def jsonable(obj: Any) -> Any:
    """`obj` (a view model or any part of one) as JSON-ready Python values, by the rules in the module docstring."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(obj, Table):
            return {
                "id": obj.id,
                "columns": [jsonable(c) for c in obj.columns],
                "rows": _records(obj.rows),
                "answer": obj.answer,
                **({"provenance": jsonable(obj.provenance)} if obj.provenance is not None else {}),
            }
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.metadata.get("json", True)}
    if isinstance(obj, pd.DataFrame):
        return _records(obj)
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj) if isinstance(obj, (set, frozenset)) else obj
        return [jsonable(v) for v in items]
    return _scalar(obj)


def readable(obj: Any) -> Any:
    """`obj` as the static edition renders it: its JSON form without the fields for the interactive page only
    (INTERACTIVE), each table with `shown` beside its rows: what a reader sees ({"columns", "rows"}, `frame()`,
    a column's id kept where its heading is one of the table's)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(obj, Table):
            return {**jsonable(obj), "shown": _shown(obj)}
        return {
            f.name: readable(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.metadata.get("json", True) and f.metadata.get("site", True)
        }
    if isinstance(obj, Mapping):
        return {str(k): readable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [readable(v) for v in obj]
    return jsonable(obj)


def _shown(x: Table) -> dict[str, Any]:
    frame = x.frame()
    by_label = {c.label: c for c in x.columns}
    cols = []
    for i, label in enumerate(frame.columns):
        c = by_label.get(str(label))
        cols.append({"id": c.id if c else f"_{i}", "label": str(label), "unit": c.unit if c else None})
    ids = [c["id"] for c in cols]
    rows = [{k: _scalar(v) for k, v in zip(ids, row, strict=True)} for row in frame.itertuples(index=False, name=None)]
    return {"columns": cols, "rows": rows}


def _scalar(v: Any) -> Any:
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_scalar(x) for x in (sorted(v) if isinstance(v, (set, frozenset)) else v)]
    if v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, pd.Timestamp):
        return None if pd.isna(v) else v.date().isoformat() if v == v.normalize() else v.isoformat()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if hasattr(v, "item") and not isinstance(v, (int, float)):  # numpy scalars
        v = v.item()
    if isinstance(v, float):
        return None if math.isnan(v) or math.isinf(v) else (int(v) if v.is_integer() and abs(v) < 2**53 else v)
    if isinstance(v, int):
        return v
    if v is pd.NaT or v is pd.NA:
        return None
    return str(v)


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [str(c) for c in df.columns]
    return [{c: _scalar(v) for c, v in zip(cols, row, strict=True)} for row in df.itertuples(index=False, name=None)]


def from_frame(table_id: str, frame: pd.DataFrame, ids: list[str] | tuple[str, ...], **kw: Any) -> Table:
    """A Table from a frame already headed in the reader's language: `ids` name its columns, in order.

    The rows keep the frame's values (as the page shows them); use `table()` when the raw values differ.
    """
    labels = [str(c) for c in frame.columns]
    if len(ids) != len(labels):
        raise ValueError(f"table {table_id}: {len(ids)} ids for columns {labels}")
    rows = frame.reset_index(drop=True).set_axis(list(ids), axis=1)
    return Table(table_id, tuple(Column(i, lab) for i, lab in zip(ids, labels, strict=True)), rows, **kw)
