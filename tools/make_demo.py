"""Generate the two illustrative Shafaf demo data packages (data contract v1).

    python tools/make_demo.py [--out DIR]

reads the authored facts from `data/demo/source/*.yaml` and writes `data/demo/2026-04/`
(as of 2026-04-30) and `data/demo/2026-10/` (as of 2026-10-31), or the same under DIR.
Every figure is invented. The output is deterministic: one event timeline (rollouts,
milestone plans, statuses, updates) is cut at each package's `as_of`, and every monthly
value is drawn from a generator seeded by its own (initiative, region, month), so the
figures for months both packages cover are identical (except one deliberate restatement).
Needs only the standard library and PyYAML.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SEED = "shafaf-demo-v1"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "demo"
PACKAGES = (("2026-04", dt.date(2026, 4, 30)), ("2026-10", dt.date(2026, 10, 31)))
LATE = dt.date(2026, 10, 31)  # the later package's as_of: changes "between the packages"
SOURCE = OUT / "source"


def _tuples(value):
    """Lists from YAML as tuples, as the generator's tables were written."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


def _rows(file: str, rows, fields: tuple[str, ...], where: str = "") -> tuple:
    """Named rows as tuples in `fields` order; any missing or unknown field stops with its row."""
    if not isinstance(rows, list):
        raise SystemExit(f"demo source {file}{where}: expected a list of rows with {', '.join(fields)}")
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or set(row) != set(fields):
            got = sorted(row) if isinstance(row, dict) else type(row).__name__
            label = row.get("id", "?") if isinstance(row, dict) else "?"
            raise SystemExit(
                f"demo source {file}{where}: row {n} ({label}) has {got}, expected the fields {', '.join(fields)}"
            )
        out.append(tuple(row[f] for f in fields))
    return tuple(out)


def source(name: str, fields: tuple[str, ...] | None = None, *, required: tuple[str, ...] = ()):
    """Load data/demo/source/<name>.yaml, or stop with a message naming the file and the row.

    With `fields`, the file is a list of mappings with exactly those keys, returned as tuples in
    that order; with `required`, a list of mappings that must each have those keys."""
    path = SOURCE / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(f"demo source {path.name}: cannot read it: {exc}") from None
    if not isinstance(data, (list, dict)) or not data:
        raise SystemExit(f"demo source {path.name}: expected a non-empty list or mapping")
    if fields:
        return _tuples([list(r) for r in _rows(path.name, data, fields)])
    for n, row in enumerate(data if required else (), 1):
        missing = [k for k in required if not isinstance(row, dict) or k not in row]
        if missing:
            raise SystemExit(f"demo source {path.name}: row {n} lacks {', '.join(missing)}")
    return _tuples(data)


FILES = (
    "package.yaml",
    "regions.csv",
    "departments.csv",
    "initiatives.csv",
    "milestones.csv",
    "rollouts.csv",
    "metrics.csv",
    "targets.csv",
    "funding.csv",
    "updates.csv",
)
STAGES = ("planned", "pilot", "live", "scaled", "retired")
ACTIVE_STAGES = ("pilot", "live", "scaled")
METRIC_ORDER = (
    "transactions",
    "active_users",
    "satisfaction",
    "digital_takeup",
    "completion_rate",
    "cost_per_transaction",
)

# --------------------------------------------------------------------------------------
# package.yaml vocabulary
# --------------------------------------------------------------------------------------

FUNCTIONS = source("functions")

METRICS = source("metrics")

# --------------------------------------------------------------------------------------
# Regions: Pakistan > Khyber Pakhtunkhwa > 7 divisions > 36 districts
# Populations: rounded orders of magnitude after the 2023 census (illustrative).
# --------------------------------------------------------------------------------------

DIVISIONS = source(
    "divisions",
    ("id", "name", "ur", "ps", "districts"),
)

DISTRICT_GROUPS = source("district_groups")
MERGED = set(DISTRICT_GROUPS["merged"])
REMOTE = set(DISTRICT_GROUPS["remote"])
COLD = set(DISTRICT_GROUPS["cold"])
FLOOD_2022 = set(DISTRICT_GROUPS["flood_2022"])
READINESS = source("readiness")


def rid(slug: str) -> str:
    """Region id of a district or division slug."""
    return f"pk-kp-{slug}"


REGIONS: list[dict] = [
    {
        "region_id": "pk",
        "parent_id": "",
        "level": "country",
        "name": "Pakistan",
        "name:ur": "پاکستان",
        "name:ps": "پاکستان",
        # left empty on purpose: this package covers only Khyber Pakhtunkhwa, so the country's
        # per-1,000 figures fall back to the population of the districts it does cover
        "population": "",
    },
    {
        "region_id": "pk-kp",
        "parent_id": "pk",
        "level": "province",
        "name": "Khyber Pakhtunkhwa",
        "name:ur": "خیبر پختونخوا",
        "name:ps": "خیبر پښتونخوا",
        "population": 0,
    },
]
PARENT: dict[str, str] = {"pk-kp": "pk", "pk": ""}
NAME: dict[str, tuple[str, str, str]] = {
    "pk": ("Pakistan", "پاکستان", "پاکستان"),
    "pk-kp": ("Khyber Pakhtunkhwa", "خیبر پختونخوا", "خیبر پښتونخوا"),
}
POP: dict[str, int] = {}
DISTRICTS: list[str] = []  # region ids of the leaves
DIVISION_OF: dict[str, str] = {}
SLUG: dict[str, str] = {}
for _div, _n, _ur, _ps, _districts in DIVISIONS:
    _districts = _rows("divisions.yaml", list(_districts), ("id", "name", "ur", "ps", "population"), f" ({_div})")
    _pop = sum(d[4] for d in _districts)
    REGIONS.append(
        {
            "region_id": rid(_div),
            "parent_id": "pk-kp",
            "level": "division",
            "name": _n,
            "name:ur": _ur,
            "name:ps": _ps,
            "population": _pop,
        }
    )
    PARENT[rid(_div)] = "pk-kp"
    NAME[rid(_div)] = (_n, _ur, _ps)
    POP[rid(_div)] = _pop
    for _slug, _dn, _dur, _dps, _dpop in _districts:
        REGIONS.append(
            {
                "region_id": rid(_slug),
                "parent_id": rid(_div),
                "level": "district",
                "name": _dn,
                "name:ur": _dur,
                "name:ps": _dps,
                "population": _dpop,
            }
        )
        PARENT[rid(_slug)] = rid(_div)
        NAME[rid(_slug)] = (_dn, _dur, _dps)
        POP[rid(_slug)] = _dpop
        DISTRICTS.append(rid(_slug))
        DIVISION_OF[rid(_slug)] = rid(_div)
        SLUG[rid(_slug)] = _slug
POP["pk-kp"] = sum(POP[d] for d in DISTRICTS)
REGIONS[1]["population"] = POP["pk-kp"]
CHILDREN: dict[str, list[str]] = defaultdict(list)
for _r in REGIONS:
    if _r["parent_id"]:
        CHILDREN[_r["parent_id"]].append(_r["region_id"])


def leaves(region: str) -> list[str]:
    """The districts under (or equal to) a region."""
    if region in DISTRICTS:
        return [region]
    return [leaf for child in CHILDREN[region] for leaf in leaves(child)]


def ancestors(region: str) -> list[str]:
    """The region's ancestors, nearest first."""
    out = []
    while PARENT.get(region):
        region = PARENT[region]
        out.append(region)
    return out


# --------------------------------------------------------------------------------------
# Departments and initiatives
# --------------------------------------------------------------------------------------

DEPARTMENTS = source(
    "departments",
    ("id", "name", "ur", "ps", "sector"),
)

# status is (status in 2026-04, status in 2026-10); target_date likewise when it changed.
INITIATIVES = source(
    "initiatives",
    required=("id", "name", "ur", "ps", "dept", "fn", "summary", "status", "start", "target", "budget", "site", "oss"),
)
INI = {i["id"]: i for i in INITIATIVES}

# --------------------------------------------------------------------------------------
# Rollouts: one timeline; each package keeps the rows dated on or before its as_of.
# --------------------------------------------------------------------------------------

ROLLOUTS: list[tuple[str, str, str, str]] = []


def ro(ini: str, region: str, stage: str, date: str) -> None:
    """Add one rollout row (region given as id or district/division slug)."""
    region = region if region.startswith("pk") else rid(region)
    ROLLOUTS.append((ini, region, stage, date))


def wave(ini: str, slugs: str, stage: str, first: str, step_days: int = 0) -> None:
    """Add the same stage for several regions, optionally spaced `step_days` apart."""
    d = dt.date.fromisoformat(first)
    for slug in slugs.split():
        ro(ini, slug, stage, d.isoformat())
        d += dt.timedelta(days=step_days)


for _row in source("rollouts", required=("initiative", "regions", "stage", "date")):
    wave(_row["initiative"], _row["regions"], _row["stage"], _row["date"], _row.get("step_days", 0))

# Months in which an initiative sends no figures at all (service paused).
PAUSES = source("pauses")

# --------------------------------------------------------------------------------------
# Metric model
# --------------------------------------------------------------------------------------

# level: where figures are reported (district = each active district; division = each
# division with its own rollout rows; province = pk-kp).  per1000: monthly transactions per
# 1,000 people at maturity.  Percent/cost ranges go from launch to maturity.
MODEL = source("model")
STAGE_FACTOR = {"pilot": 0.3, "live": 1.0, "scaled": 1.3}
RAMADAN = {(2019, 5), (2020, 5), (2021, 4), (2022, 4), (2023, 4), (2024, 3), (2025, 3), (2026, 3)}
COVID = {(2020, 4), (2020, 5)}
# Restatement published in the 2026-10 package: (initiative, region, metric, month) -> factor
RESTATED = {("e-challan", "pk-kp-peshawar", "transactions", "2026-03"): 0.94}


def season(kind: str, y: int, m: int, region: str) -> float:
    """Seasonal and event multiplier for a month (1.0 = ordinary month)."""
    slug = SLUG.get(region, "")
    ym = (y, m)
    f = 1.0
    flood = y == 2022 and m in (8, 9) and slug in FLOOD_2022
    if kind == "services":
        f *= 0.85 if ym in RAMADAN else 1
        f *= 0.35 if ym in COVID else 1
        f *= 0.92 if m in (12, 1) else 1
        f *= 0.5 if flood else 1
    elif kind == "complaints":
        f *= 0.9 if ym in RAMADAN else 1
        f *= 1.25 if ym in COVID else 1
        f *= 1.15 if m in (7, 8) else 1
        f *= 1.6 if flood else 1
    elif kind == "transport":
        f *= 0.8 if ym in RAMADAN else 1
        f *= 0.3 if ym in COVID else 1
        f *= 0.9 if m in (7, 8) else 1
        f *= 0.6 if flood else 1
    elif kind == "alerts":
        f = {1: 1.6, 2: 1.5, 5: 1.4, 6: 1.5, 7: 3.0, 8: 4.0, 9: 2.0}.get(m, 1.0)
        f *= {
            (2022, 7): 2.0,
            (2022, 8): 3.5,
            (2022, 9): 2.5,
            (2025, 8): 2.4,
            (2025, 7): 1.3,
            (2024, 4): 1.8,
            (2026, 8): 1.4,
        }.get(ym, 1.0)
    elif kind == "stamps":
        f *= 1.35 if m == 6 else 1
        f *= 0.8 if ym in RAMADAN else 1
        f *= 0.3 if ym in COVID else 1
        f *= 0.6 if flood else 1
    elif kind == "licence":
        f *= 0.8 if ym in RAMADAN else 1
        f *= {(2020, 4): 0.05, (2020, 5): 0.2, (2020, 6): 0.7}.get(ym, 1.0)
    elif kind == "token":
        f *= 1.4 if m in (7, 8, 9) else 1
        f *= 0.85 if ym in RAMADAN else 1
        f *= 0.5 if ym in COVID else 1
    elif kind == "flat":
        f *= 0.95 if ym in RAMADAN else 1
    elif kind == "schools":
        f *= {6: 0.55, 7: 0.1, 8: 0.5}.get(m, 1.0)
        if slug in COLD:
            f *= {12: 0.6, 1: 0.1, 2: 0.3}.get(m, 1.0)
        f *= {(2020, 4): 0.05, (2020, 5): 0.05, (2020, 6): 1.0, (2020, 9): 0.6, (2020, 12): 0.2, (2021, 1): 0.3}.get(
            ym, 1.0
        )
        f *= 0.4 if flood else 1
    elif kind == "health":
        f *= {12: 1.1, 1: 1.12, 2: 1.05, 9: 1.12, 10: 1.1}.get(m, 1.0)
        f *= 0.9 if ym in RAMADAN else 1
    elif kind == "procurement":
        f *= {6: 1.6, 7: 0.55, 8: 0.8, 1: 1.1, 2: 1.1, 3: 1.15}.get(m, 1.0)
    elif kind == "water":
        f *= {5: 1.1, 6: 1.18, 7: 1.15, 8: 1.1}.get(m, 1.0)
        f *= 0.9 if ym in RAMADAN else 1
    elif kind == "agri":
        f *= {3: 1.2, 4: 1.3, 5: 1.2, 6: 0.8, 7: 0.8, 10: 1.4, 11: 1.4, 12: 0.7, 1: 0.7}.get(m, 1.0)
    elif kind == "payments":
        f *= {6: 1.2, 9: 1.1, 12: 0.95}.get(m, 1.0)
        f *= 0.9 if ym in RAMADAN else 1
    elif kind == "admissions":
        f = {7: 0.6, 8: 1.0, 9: 0.7, 1: 0.25, 2: 0.15}.get(m, 0.0)
    elif kind == "brt":
        f *= 0.8 if ym in RAMADAN else 1
        f *= 0.88 if m in (6, 7, 8) else 1
    return f


def month_str(idx: int) -> str:
    """YYYY-MM of a month index (year*12 + month-1)."""
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def month_idx(d: dt.date | str) -> int:
    """Month index of a date or YYYY-MM(-DD) string."""
    if isinstance(d, str):
        return int(d[:4]) * 12 + int(d[5:7]) - 1
    return d.year * 12 + d.month - 1


def month_end(idx: int) -> dt.date:
    """Last day of a month index."""
    y, m = divmod(idx + 1, 12)
    return dt.date(y, m + 1, 1) - dt.timedelta(days=1)


ROWS_BY: dict[tuple[str, str], list[tuple[dt.date, int]]] = defaultdict(list)
for _i, _r, _s, _d in ROLLOUTS:
    ROWS_BY[(_i, _r)].append((dt.date.fromisoformat(_d), STAGES.index(_s)))


def stage_at(ini: str, region: str, when: dt.date) -> str | None:
    """The stage of an initiative at a region on a date (own rows, else nearest ancestor)."""
    for r in (region, *ancestors(region)):
        rows = [row for row in ROWS_BY.get((ini, r), ()) if row[0] <= when]
        if rows:
            return STAGES[max(rows)[1]]
    return None


def paused(ini: str, month: str) -> bool:
    """Whether the initiative sent no figures for that month."""
    return any(a <= month <= b for a, b in PAUSES.get(ini, ()))


def reporting_regions(ini: str) -> list[str]:
    """The regions at which an initiative reports its figures."""
    level = MODEL[ini]["level"]
    if level == "province":
        return ["pk-kp"]
    if level == "division":
        return sorted({r for (i, r) in ROWS_BY if i == ini and r in CHILDREN["pk-kp"]})
    silent = {rid(s) for s in MODEL[ini].get("silent", ())}
    return [d for d in DISTRICTS if d not in silent]


def volume(region: str) -> float:
    """Population weighted by digital readiness (the base for counts)."""
    total = 0.0
    for leaf in leaves(region):
        slug = SLUG[leaf]
        ready = READINESS.get(slug, 0.4 if slug in MERGED else 0.5 if slug in REMOTE else 0.75)
        total += POP[leaf] * ready
    return total


def offset(region: str) -> float:
    """Percentage-point offset of percent metrics for a region (remote areas lower)."""
    if region in ("pk-kp",) or region in CHILDREN["pk-kp"]:
        return 0.0
    slug = SLUG[region]
    return (
        3.0
        if slug in READINESS and READINESS[slug] >= 1.1
        else (-6.0 if slug in MERGED else -4.0 if slug in REMOTE else 0.0)
    )


def series(ini: str, region: str, last_month: int, noisy: bool = True):
    """Yield (month, {metric: value}) for one initiative at one reporting region."""
    p = MODEL[ini]
    start = None  # first active month index
    for idx in range(month_idx("2019-01"), last_month + 1):
        end = month_end(idx)
        stage = stage_at(ini, region, end)
        if stage not in ACTIVE_STAGES:
            if start is not None and stage == "retired":
                break
            continue
        if start is None:
            # first day it was active in this month
            first = next(
                d
                for d in (dt.date(end.year, end.month, day) for day in range(1, end.day + 1))
                if stage_at(ini, region, d) in ACTIVE_STAGES
            )
            start = idx
            frac = (end.day - first.day + 1) / end.day
        else:
            frac = 1.0
        month = month_str(idx)
        rng = random.Random(f"{SEED}|{ini}|{region}|{month}")
        u_gap = rng.random()
        draws = {m: (rng.random(), rng.gauss(0, 1)) for m in METRIC_ORDER}
        if paused(ini, month):
            continue
        slug = SLUG.get(region, "")
        gap_p = 0.02 + (0.13 if slug in MERGED else 0.07 if slug in REMOTE else 0.0)
        if y_m_flood(idx, slug):
            gap_p = 0.5
        if noisy and u_gap < gap_p:
            continue
        t = idx - start
        ramp = (1 - math.exp(-(t + 1) / p["tau"])) * (1 + p["growth"]) ** (t / 12)
        s = season(p["season"], idx // 12, idx % 12 + 1, region)
        if s == 0:
            continue
        tx_noise = 1 + (0.06 * draws["transactions"][1] if noisy else 0)
        tx = volume(region) / 1000 * p["per1000"] * ramp * STAGE_FACTOR[stage] * s * frac
        tx = max(0.0, tx * tx_noise)
        vals: dict[str, float] = {}
        for metric in p["metrics"]:
            u, z = draws[metric]
            z = z if noisy else 0.0
            if metric != "transactions" and noisy and u < 0.03:
                continue  # a metric occasionally not reported
            if metric in p.get("quarterly", ()) and (idx % 12 + 1) % 3:
                continue
            if metric == "transactions":
                vals[metric] = round(tx)
            elif metric == "active_users":
                vals[metric] = round(tx * p["users"] * (1 + 0.04 * z))
            elif metric == "cost_per_transaction":
                c0, c1 = p[metric]
                c = c1 + (c0 - c1) * math.exp(-t / 20)
                vals[metric] = round(max(0.0, c * (1 + 0.05 * z)), 2)
            else:
                a, b = p[metric]
                v = a + (b - a) * (1 - math.exp(-t / 30)) + offset(region) + 2.2 * z
                vals[metric] = round(min(100.0, max(0.0, v)), 1)
        yield month, vals


def y_m_flood(idx: int, slug: str) -> bool:
    """Whether a district's reporting was disrupted by the 2022 floods that month."""
    return month_str(idx) in ("2022-08", "2022-09") and slug in FLOOD_2022


def fmt(v: float) -> str:
    """A number as a plain decimal string."""
    if isinstance(v, int) or float(v).is_integer():
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def build_metrics(as_of: dt.date) -> list[dict]:
    """All metric rows up to as_of's month."""
    last = month_idx(as_of)
    rows = []
    for ini in MODEL:
        for region in reporting_regions(ini):
            for month, vals in series(ini, region, last):
                for metric in METRIC_ORDER:
                    if metric not in vals:
                        continue
                    v = vals[metric]
                    key = (ini, region, metric, month)
                    if as_of >= LATE and key in RESTATED:
                        v = round(v * RESTATED[key])
                    rows.append(
                        {
                            "initiative_id": ini,
                            "region_id": region,
                            "metric": metric,
                            "month": month,
                            "value": fmt(v),
                            "source": MODEL[ini]["source"],
                        }
                    )
    return rows


# --------------------------------------------------------------------------------------
# Targets: a trajectory set from the model's expected path (no noise), rounded.
# --------------------------------------------------------------------------------------


def expected_total(ini: str, metric: str, month: str, region: str | None = None) -> float:
    """The model's noise-free total of a sum metric for one month over the whole scope."""
    idx = month_idx(month)
    total = 0.0
    for r in [region] if region else reporting_regions(ini):
        for m, vals in series(ini, r, idx, noisy=False):
            if m == month:
                total += vals.get(metric, 0)
    return total


def nice(v: float) -> int:
    """Round to three significant figures."""
    if v <= 0:
        return 0
    digits = int(math.floor(math.log10(v))) - 2
    return int(round(v / 10**digits) * 10**digits) if digits > 0 else int(round(v))


TARGETS_SPEC = source(
    "targets_spec",
    ("initiative", "metric", "months", "factor", "region"),
)
FIXED_TARGETS = source(
    "fixed_targets",
    ("initiative", "region", "metric", "month", "value"),
)


def build_targets() -> list[dict]:
    """Target rows (identical in both packages: a plan, not an observation)."""
    rows = []
    for ini, metric, months, factor, region in TARGETS_SPEC:
        for month in months:
            v = nice(expected_total(ini, metric, month, region or None) * factor)
            rows.append({"initiative_id": ini, "region_id": region, "metric": metric, "month": month, "value": str(v)})
    for ini, region, metric, month, v in FIXED_TARGETS:
        rows.append({"initiative_id": ini, "region_id": region, "metric": metric, "month": month, "value": str(v)})
    return rows


# --------------------------------------------------------------------------------------
# Milestones
# --------------------------------------------------------------------------------------

# Title templates: English, Urdu, Pashto; {r} is a region name in the same language.
TITLES = source("titles")

# (milestone_id, initiative, template, region, plans, actual, baseline?, status, note)
#   plans: "YYYY-MM-DD" or [(announced_on, planned_date), ...] - the package shows the
#          latest plan announced on or before its as_of (a re-plan between packages).
#   actual: shown only in packages whose as_of is on or after it.
#   status: str, or (status in 2026-04, status in 2026-10); "drop" removes the row in 2026-10.
#   note: str or (note in 2026-04, note in 2026-10).
MILESTONES = source(
    "milestones",
    ("id", "initiative", "title", "region", "planned", "actual", "baseline", "status", "note"),
)


def pick(value, as_of: dt.date):
    """A (early, late) pair's value for a package, or the value itself."""
    if isinstance(value, tuple):
        return value[1] if as_of >= LATE else value[0]
    return value


def build_milestones(as_of: dt.date) -> list[dict]:
    """Milestone rows as published on as_of."""
    rows = []
    for mid, ini, tkey, region, plans, actual, has_base, status, note in MILESTONES:
        status = pick(status, as_of)
        if status == "drop":
            continue
        if isinstance(plans, str):
            plans = [("0000-00-00", plans)]
        shown = [p for a, p in plans if a <= as_of.isoformat()]
        planned = shown[-1]
        en, ur, ps = TITLES[tkey]
        if "{r}" in en:
            rn = NAME[region]
            en, ur, ps = en.format(r=rn[0]), ur.format(r=rn[1]), ps.format(r=rn[2])
        rows.append(
            {
                "milestone_id": mid,
                "initiative_id": ini,
                "title": en,
                "title:ur": ur,
                "title:ps": ps,
                "region_id": region,
                "planned_date": planned,
                "baseline_date": plans[0][1] if has_base else "",
                "actual_date": actual if actual and actual <= as_of.isoformat() else "",
                "status": status,
                "note": pick(note, as_of),
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# Funding
# --------------------------------------------------------------------------------------

FUNDING = source(
    "funding",
    (
        "initiative",
        "funder",
        "committed",
        "disbursed_2026_04",
        "disbursed_2026_10",
        "currency",
        "as_of_2026_04",
        "as_of_2026_10",
    ),
)


# Urdu and Pashto for the descriptions, update texts, funders and publisher (contract 1.1), as data
TRANSLATIONS = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "data/demo/source/translations.yaml").read_text("utf-8")
)


def _tr(section: str, key: str, column: str) -> dict[str, str]:
    """The `column:ur`, `column:ps` cells of one text (every demo text has both)."""
    d = TRANSLATIONS[section][key]
    return {f"{column}:ur": d["ur"], f"{column}:ps": d["ps"]}


def build_funding(as_of: dt.date) -> list[dict]:
    """Funding rows as reported on as_of."""
    late = as_of >= LATE
    return [
        {
            "initiative_id": ini,
            "funder": funder,
            **_tr("funders", funder, "funder"),
            "committed": str(c),
            "disbursed": str(d10 if late else d04),
            "currency": cur,
            "as_of": a10 if late else a04,
        }
        for ini, funder, c, d04, d10, cur, a04, a10 in FUNDING
    ]


# --------------------------------------------------------------------------------------
# Updates
# --------------------------------------------------------------------------------------

WITHDRAWN_LATER = {"up-032"}  # published in 2026-04, withdrawn before 2026-10
UPDATES = source(
    "updates",
    ("id", "initiative", "date", "title", "title_ur", "title_ps", "body"),
)


def build_updates(as_of: dt.date) -> list[dict]:
    """Updates published on as_of (one withdrawn between the packages)."""
    rows = []
    for uid, ini, date, en, ur, ps, body in UPDATES:
        if date > as_of.isoformat():
            continue
        if as_of >= LATE and uid in WITHDRAWN_LATER:
            continue
        rows.append(
            {
                "update_id": uid,
                "initiative_id": ini,
                "date": date,
                "title": en,
                "title:ur": ur,
                "title:ps": ps,
                "body": body,
                **_tr("bodies", uid, "body"),
            }
        )
    return rows


# --------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------


def package_yaml(as_of: dt.date) -> dict:
    """The package.yaml content."""
    return {
        "title": "Khyber Pakhtunkhwa digital services (illustrative demo)",
        "publisher": "Demo: Khyber Pakhtunkhwa Information Technology Board",
        **{f"publisher:{lang}": text for lang, text in TRANSLATIONS["publisher"].items()},
        "as_of": as_of,
        "license": "CC-BY-4.0",
        "demo": True,
        "languages": ["ur", "ps"],
        "levels": ["country", "province", "division", "district"],
        "functions": {k: {"label": en, "label:ur": ur, "label:ps": ps} for k, (en, ur, ps) in FUNCTIONS.items()},
        "metrics": {
            k: {"label": en, "label:ur": ur, "label:ps": ps, **spec} for k, (en, ur, ps, spec) in METRICS.items()
        },
    }


def build(as_of: dt.date) -> dict[str, list[dict]]:
    """Every table of the package published on as_of."""
    cut = as_of.isoformat()
    tables = {
        "regions": [dict(r, population=str(r["population"])) for r in REGIONS],
        "departments": [
            {"department_id": d, "name": n, "name:ur": ur, "name:ps": ps, "region_id": "pk-kp", "sector": s}
            for d, n, ur, ps, s in DEPARTMENTS
        ],
        "initiatives": [],
        "milestones": build_milestones(as_of),
        "rollouts": [
            {"initiative_id": i, "region_id": r, "stage": s, "date": d} for i, r, s, d in ROLLOUTS if d <= cut
        ],
        "metrics": build_metrics(as_of),
        "targets": build_targets(),
        "funding": build_funding(as_of),
        "updates": build_updates(as_of),
    }
    for i in INITIATIVES:
        tables["initiatives"].append(
            {
                "initiative_id": i["id"],
                "name": i["name"],
                "name:ur": i["ur"],
                "name:ps": i["ps"],
                "department_id": i["dept"],
                "function": i["fn"],
                "summary": i["summary"],
                **_tr("summaries", i["id"], "summary"),
                "status": pick(i["status"], as_of),
                "start_date": i["start"],
                "target_date": i["target"],
                "budget": str(i["budget"]),
                "website": f"https://kp.example.org/{i['id']}" if i["site"] else "",
                "open_source": i["oss"],
            }
        )
    return tables


def write_csv(path: Path, rows: list[dict]) -> None:
    """Write rows as UTF-8 CSV with LF line endings (columns from the first row)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def check(tables: dict[str, list[dict]], as_of: dt.date) -> list[str]:
    """Contract checks the generator guarantees (a safety net, not the validator)."""
    problems = []
    idre = re.compile(r"[A-Za-z0-9._-]{1,64}\Z")
    cut, cut_m = as_of.isoformat(), as_of.isoformat()[:7]
    ids = {t: {r[f"{t[:-1]}_id"] for r in tables[t]} for t in ("regions", "departments", "initiatives")}
    for name, rows in tables.items():
        for n, row in enumerate(rows, 2):
            for col, v in row.items():
                where = f"{name}:{n}:{col}"
                if v == "" or v is None:
                    continue
                if col.endswith("_id") and not idre.match(v):
                    problems.append(f"{where}: bad id {v!r}")
                if col in ("region_id", "parent_id") and v not in ids["regions"]:
                    problems.append(f"{where}: unknown region {v!r}")
                if col == "initiative_id" and name != "initiatives" and v not in ids["initiatives"]:
                    problems.append(f"{where}: unknown initiative {v!r}")
                if col == "department_id" and v not in ids["departments"]:
                    problems.append(f"{where}: unknown department {v!r}")
                if col.endswith("date") or col in ("date", "as_of"):
                    dt.date.fromisoformat(v)
                    if (
                        col != "planned_date"
                        and col != "baseline_date"
                        and col != "target_date"
                        and v > cut
                        and name != "initiatives"
                    ):
                        problems.append(f"{where}: {v} after as_of")
                if col == "month" and name == "metrics" and v > cut_m:
                    problems.append(f"{where}: month after as_of")
    for name, key in (
        ("rollouts", ("initiative_id", "region_id", "stage")),
        ("metrics", ("initiative_id", "region_id", "metric", "month")),
        ("targets", ("initiative_id", "region_id", "metric", "month")),
        ("milestones", ("milestone_id",)),
        ("updates", ("update_id",)),
    ):
        seen = set()
        for row in tables[name]:
            k = tuple(row[c] for c in key)
            if k in seen:
                problems.append(f"{name}: duplicate key {k}")
            seen.add(k)
    # no row for a region and one of its descendants (same initiative, metric, month)
    cells = defaultdict(set)
    for row in tables["metrics"]:
        cells[(row["initiative_id"], row["metric"], row["month"])].add(row["region_id"])
        if METRICS[row["metric"]][3]["unit"] == "percent" and float(row["value"]) > 100:
            problems.append(f"metrics: percent over 100 {row}")
    for k, regions in cells.items():
        for r in regions:
            if any(a in regions for a in ancestors(r)):
                problems.append(f"metrics: {k} reported at {r} and an ancestor")
    # rollouts: a later stage is never dated before an earlier one at the same region
    by = defaultdict(list)
    for row in tables["rollouts"]:
        by[(row["initiative_id"], row["region_id"])].append((STAGES.index(row["stage"]), row["date"]))
    for k, rows in by.items():
        rows.sort()
        if [d for _, d in rows] != sorted(d for _, d in rows):
            problems.append(f"rollouts: stages out of date order at {k}")
    for row in tables["initiatives"]:
        if row["target_date"] and row["start_date"] and row["target_date"] < row["start_date"]:
            problems.append(f"initiatives: target before start {row['initiative_id']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Write both packages (into data/demo, or `--out DIR`); return the exit status."""
    args = argv if argv is not None else sys.argv[1:]
    root = Path(args[1]) if len(args) == 2 and args[0] == "--out" else OUT
    if args and root is OUT:
        print("usage: python tools/make_demo.py [--out DIR]", file=sys.stderr)
        return 2
    results = {}
    for folder, as_of in PACKAGES:
        tables = build(as_of)
        problems = check(tables, as_of)
        if problems:
            print("\n".join(problems[:50]), file=sys.stderr)
            return 1
        out = root / folder
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        with (out / "package.yaml").open("w", encoding="utf-8", newline="\n") as fh:
            yaml.safe_dump(package_yaml(as_of), fh, allow_unicode=True, sort_keys=False, width=100)
        for name, rows in tables.items():
            write_csv(out / f"{name}.csv", rows)
        results[folder] = {name: len(rows) for name, rows in tables.items()}
    for folder, counts in results.items():
        print(folder, " ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
