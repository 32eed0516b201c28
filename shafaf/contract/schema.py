"""The tables of data contract v1 (section 2), declared once for reading, validating and loading."""

from __future__ import annotations

from dataclasses import dataclass

CONTRACT_VERSION = 1

ID_PATTERN = r"[A-Za-z0-9._-]{1,64}"
STATUSES = ("planned", "in_progress", "live", "paused", "cancelled")
STAGES = ("planned", "pilot", "live", "scaled", "retired")
LIVE_STAGES = ("live", "scaled")
MILESTONE_STATUSES = ("blocked", "cancelled")
UNITS = ("count", "people", "percent")
AGGREGATES = ("sum", "mean")
# how a metric is produced (contract 1.1); a metric without one is self_reported
PROVENANCES = ("automated", "self_reported", "verified")
DEFAULT_PROVENANCE = "self_reported"
# SDMX OBS_STATUS codes a metric row may carry (contract 1.1): normal, estimated, provisional; empty = A
OBS_STATUSES = ("A", "E", "P")


@dataclass(frozen=True)
class Column:
    """One column of a contract table."""

    name: str
    type: str  # id | text | date | month | number | integer | bool | url | currency | enum
    required: bool = True
    choices: tuple[str, ...] = ()
    translatable: bool = False  # may carry `<name>:<lang>` translation columns (docs/data-contract.md)
    min_value: float | None = None


@dataclass(frozen=True)
class Table:
    """One table of a data package."""

    name: str
    required: bool
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, referenced table)
    bulk: bool = False  # may be large: read by DuckDB, may come as Parquet

    def column(self, name: str) -> Column:
        """The column called `name`."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def filename(self) -> str:
        """The CSV file name of this table."""
        return f"{self.name}.csv"


def _c(name: str, type_: str, required: bool = True, **kw: object) -> Column:
    return Column(name, type_, required, **kw)  # type: ignore[arg-type]


TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        True,
        (
            _c("region_id", "id"),
            _c("parent_id", "id", False),
            _c("level", "level"),
            _c("name", "text", translatable=True),
            _c("population", "integer", False, min_value=0),
        ),
        key=("region_id",),
        foreign_keys=(("parent_id", "regions"),),
    ),
    Table(
        "departments",
        True,
        (
            _c("department_id", "id"),
            _c("name", "text", translatable=True),
            _c("region_id", "id"),
            _c("sector", "text", False),
        ),
        key=("department_id",),
        foreign_keys=(("region_id", "regions"),),
    ),
    Table(
        "initiatives",
        True,
        (
            _c("initiative_id", "id"),
            _c("name", "text", translatable=True),
            _c("department_id", "id"),
            _c("function", "function"),
            _c("summary", "text", False, translatable=True),
            _c("status", "enum", choices=STATUSES),
            _c("start_date", "date", False),
            _c("target_date", "date", False),
            _c("budget", "number", False, min_value=0),
            _c("website", "url", False),
            _c("open_source", "bool", False),
        ),
        key=("initiative_id",),
        foreign_keys=(("department_id", "departments"),),
    ),
    Table(
        "milestones",
        False,
        (
            _c("milestone_id", "id"),
            _c("initiative_id", "id"),
            _c("title", "text", translatable=True),
            _c("region_id", "id", False),
            _c("planned_date", "date"),
            _c("baseline_date", "date", False),
            _c("actual_date", "date", False),
            _c("status", "enum", False, choices=MILESTONE_STATUSES),
            _c("note", "text", False),
            _c("change_note", "text", False),  # v1.1: why it was re-planned or its status changed
        ),
        key=("milestone_id",),
        foreign_keys=(("initiative_id", "initiatives"), ("region_id", "regions")),
    ),
    Table(
        "rollouts",
        False,
        (
            _c("initiative_id", "id"),
            _c("region_id", "id"),
            _c("stage", "enum", choices=STAGES),
            _c("date", "date"),
            _c("change_note", "text", False),  # v1.1: why the stage changed
        ),
        key=("initiative_id", "region_id", "stage"),
        foreign_keys=(("initiative_id", "initiatives"), ("region_id", "regions")),
    ),
    Table(
        "metrics",
        False,
        (
            _c("initiative_id", "id"),
            _c("region_id", "id"),
            _c("metric", "metric"),
            _c("month", "month"),
            _c("value", "number", min_value=0),
            _c("source", "text", False),
            _c("obs_status", "enum", False, choices=OBS_STATUSES),
        ),
        key=("initiative_id", "region_id", "metric", "month"),
        foreign_keys=(("initiative_id", "initiatives"), ("region_id", "regions")),
        bulk=True,
    ),
    Table(
        "targets",
        False,
        (
            _c("initiative_id", "id"),
            _c("region_id", "id", False),
            _c("metric", "metric"),
            _c("month", "month"),
            _c("value", "number", min_value=0),
        ),
        key=("initiative_id", "region_id", "metric", "month"),
        foreign_keys=(("initiative_id", "initiatives"), ("region_id", "regions")),
    ),
    Table(
        "funding",
        False,
        (
            _c("initiative_id", "id"),
            _c("funder", "text", translatable=True),
            _c("committed", "number", min_value=0),
            _c("disbursed", "number", min_value=0),
            _c("currency", "currency"),
            _c("as_of", "date"),
        ),
        foreign_keys=(("initiative_id", "initiatives"),),
    ),
    Table(
        "updates",
        False,
        (
            _c("update_id", "id"),
            _c("initiative_id", "id", False),
            _c("date", "date"),
            _c("title", "text", translatable=True),
            _c("body", "text", translatable=True),
        ),
        key=("update_id",),
        foreign_keys=(("initiative_id", "initiatives"),),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
# Order in which files are reported and loaded.
FILE_ORDER: tuple[str, ...] = ("package.yaml", *(t.filename for t in TABLES), "metrics.parquet")
