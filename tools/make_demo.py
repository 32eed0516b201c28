"""Generate the illustrative Shafaf demo data packages (data contract v1).

    python tools/make_demo.py [--out DIR]

reads the authored facts from `data/demo/source/*.yaml` (data/demo/README.md describes them),
stops naming the file, the row and the fault when one is malformed or names what another lacks,
and writes one package per entry of `package_meta.yaml` into data/demo/ (or DIR), each only once
it passes the data contract's own validator. Every figure is invented. The output is
deterministic: one event timeline is cut at each package's `as_of`, and every monthly value is
drawn from a generator seeded by its own (initiative, region, month).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script, tools/ is on the path, not the project
from shafaf.contract.validate import validate_path  # noqa: E402

SEED = "shafaf-demo-v1"
OUT = ROOT / "data" / "demo"
SOURCE = OUT / "source"
STAGES = ("planned", "pilot", "live", "scaled", "retired")
ACTIVE_STAGES = ("pilot", "live", "scaled")
STAGE_FACTOR = {"pilot": 0.3, "live": 1.0, "scaled": 1.3}

# The source files that are lists of rows, with their fields (a trailing ? marks an optional one).
TABLES = {
    "divisions": "id name ur ps districts",
    "departments": "id name ur ps sector",
    "initiatives": "id name ur ps dept fn summary status start target budget site oss",
    "rollouts": "initiative regions stage date step_days?",
    "milestones": "id initiative title region planned actual baseline status note",
    "targets_spec": "initiative metric months factor region",
    "fixed_targets": "initiative region metric month value",
    "funding": "initiative funder committed disbursed_2026_04 disbursed_2026_10 currency as_of_2026_04 as_of_2026_10",
    "updates": "id initiative date title title_ur title_ps body",
}
# The source files that are mappings, and the lists of rows inside some of them.
MAPPINGS = ("country", "package_meta", "functions", "metrics", "district_groups", "readiness")
MAPPINGS += ("model", "seasons", "story", "titles", "translations")
NESTED = {
    ("divisions", "districts"): "id name ur ps population",
    ("story", "pauses"): "initiative from to",
    ("story", "restated"): "initiative region metric month factor package",
    ("story", "removed"): "milestone? update? package",
}


def read_yaml(folder: Path, name: str):
    """One source file's content (a non-empty list or mapping), or stop naming the file."""
    path = folder / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SystemExit(f"demo source {path.name}: cannot read it: {exc}") from None
    if not data or not isinstance(data, list if name in TABLES else dict):
        raise SystemExit(f"demo source {path.name}: expected a non-empty {'list' if name in TABLES else 'mapping'}")
    return data


def check_rows(file: str, rows, fields: str) -> None:
    """Stop unless `rows` is a list of mappings with exactly `fields`, naming the first row that is not."""
    names = [f.rstrip("?") for f in fields.split()]
    required = {f for f in fields.split() if not f.endswith("?")}
    expected = ", ".join(f.replace("?", " (optional)") for f in fields.split())
    if not isinstance(rows, list):
        raise SystemExit(f"demo source {file}: expected a list of rows with the fields {expected}")
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not required <= set(row) <= set(names):
            got = sorted(row) if isinstance(row, dict) else type(row).__name__
            label = row.get("id", "?") if isinstance(row, dict) else "?"
            raise SystemExit(f"demo source {file}: row {n} ({label}) has {got}, expected the fields {expected}")


def read_sources(folder: Path = SOURCE) -> dict:
    """Every source file by name, checked for its shape and for what it says of the others."""
    src = {name: read_yaml(folder, name) for name in (*TABLES, *MAPPINGS)}
    for name, fields in TABLES.items():
        check_rows(f"{name}.yaml", src[name], fields)
    for (name, key), fields in NESTED.items():
        for part in src[name] if name in TABLES else [src[name]]:
            where = f" ({part['id']})" if "id" in part else f" ({key})"
            check_rows(f"{name}.yaml{where}", part.get(key), fields)
    problems = cross_check(src)
    if problems:
        raise SystemExit("\n".join(f"demo source {p}" for p in problems))
    return src


def cross_check(src: dict) -> list[str]:
    """What a source file says of another that the other does not bear out, one sentence each."""
    country, story, packages = src["country"], src["story"], src["package_meta"]["packages"]
    province = country["province"]["id"]
    divisions = {d["id"] for d in src["divisions"]}
    districts = {d["id"] for div in src["divisions"] for d in div["districts"]}
    regions = {country["country"]["id"], province} | {f"{province}-{s}" for s in divisions | districts}
    places = (regions - {country["country"]["id"]}) | divisions | districts
    inis = {i["id"] for i in src["initiatives"]}
    rules = [dict(rule, id=kind) for kind, kind_rules in src["seasons"]["kinds"].items() for rule in kind_rules]
    known = {  # kind: (the values it may take, what they are)
        "district": (districts, "a district id in divisions.yaml"),
        "place": (places, "pk-kp, pk-kp-<id> or an id in divisions.yaml"),
        "region": (regions | {""}, "empty or a region id (pk-kp-<id of divisions.yaml>, ...)"),
        "initiative": (inis, "an initiative id in initiatives.yaml"),
        "initiative or none": (inis | {""}, "empty or an initiative id in initiatives.yaml"),
        "department": ({d["id"] for d in src["departments"]}, "a department id in departments.yaml"),
        "function": (set(src["functions"]), "a function in functions.yaml"),
        "metric": (set(src["metrics"]), "a metric in metrics.yaml"),
        "title": (set(src["titles"]), "a title template in titles.yaml"),
        "milestone": ({m["id"] for m in src["milestones"]}, "a milestone id in milestones.yaml"),
        "update": ({u["id"] for u in src["updates"]}, "an update id in updates.yaml"),
        "season": (set(src["seasons"]["kinds"]), "a kind in seasons.yaml"),
        "event": (set(src["seasons"]["events"]), "an event in seasons.yaml"),
        "group": (set(src["district_groups"]["groups"]), "a group in district_groups.yaml"),
        "funder": (set(src["translations"]["funders"]), "a funder in translations.yaml"),
        "summary": (set(src["translations"]["summaries"]), "translated in translations.yaml (summaries)"),
        "body": (set(src["translations"]["bodies"]), "translated in translations.yaml (bodies)"),
        "stage": (set(STAGES), f"a stage ({', '.join(STAGES)})"),
        "package": (set(packages), "a package in package_meta.yaml"),
    }
    groups = [{"id": g, "districts": ds} for g, ds in src["district_groups"]["groups"].items()]
    effects = src["district_groups"]["effects"]
    effects = [{"id": g} for g, e in effects.items() if isinstance(e, dict) and "readiness" in e and g != "others"]
    restated = story["restated"]
    refs = [  # (file, rows, {field: kind}); a field holds one value, a list or space-separated values
        ("district_groups.yaml", groups, {"districts": "district"}),
        ("district_groups.yaml (effects)", effects, {"id": "group"}),
        ("readiness.yaml", [{"id": slug} for slug in src["readiness"]], {"id": "district"}),
        ("initiatives.yaml", src["initiatives"], {"dept": "department", "fn": "function", "id": "summary"}),
        (
            "model.yaml",
            [dict(spec, id=ini) for ini, spec in src["model"].items()],
            {"id": "initiative", "metrics": "metric", "season": "season", "silent": "district"},
        ),
        ("seasons.yaml", rules, {"event": "event", "group": "group"}),
        ("rollouts.yaml", src["rollouts"], {"initiative": "initiative", "regions": "place", "stage": "stage"}),
        ("milestones.yaml", src["milestones"], {"initiative": "initiative", "title": "title", "region": "region"}),
        ("funding.yaml", src["funding"], {"initiative": "initiative", "funder": "funder"}),
        ("updates.yaml", src["updates"], {"initiative": "initiative or none", "id": "body"}),
        ("targets_spec.yaml", src["targets_spec"], {k: k for k in ("initiative", "metric", "region")}),
        ("fixed_targets.yaml", src["fixed_targets"], {k: k for k in ("initiative", "metric", "region")}),
        ("story.yaml (pauses)", story["pauses"], {"initiative": "initiative"}),
        ("story.yaml (restated)", restated, {k: k for k in ("initiative", "metric", "region", "package")}),
        ("story.yaml (removed)", story["removed"], {k: k for k in ("milestone", "update", "package")}),
    ]
    problems = []
    for file, rows, fields in refs:
        for (field, kind), (n, row) in itertools.product(fields.items(), enumerate(rows, 1)):
            values, what = known[kind]
            given = row.get(field, [])
            given = given.split() if field == "regions" else given
            for value in given if isinstance(given, (list, set)) else [given]:
                if value not in values:
                    label = row.get("id", row.get("initiative", "?"))
                    problems.append(f"{file}: row {n} ({label}): {field} {value!r} is not {what}")
    for (n, row), (folder, as_of) in itertools.product(enumerate(src["funding"], 1), packages.items()):
        key = f"as_of_{folder.replace('-', '_')}"
        if str(row[key]) > str(as_of):
            problems.append(f"funding.yaml: row {n} ({row['initiative']}): {key} {row[key]} is after {as_of}")
    if problems:  # the rollout timeline needs known stages
        return problems
    order: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for ini, region, stage, date in timeline(src["rollouts"], province):
        order.setdefault((ini, region), []).append((STAGES.index(stage), date))
    for (ini, region), rows in order.items():
        if [d for _, d in sorted(rows)] != sorted(d for _, d in rows):
            problems.append(f"rollouts.yaml: {ini} at {region}: a later stage is dated before an earlier one")
    return problems


def timeline(rows: list[dict], province: str) -> list[tuple[str, str, str, str]]:
    """The rollout rows (initiative, region id, stage, date) of rollouts.yaml's rows, in order."""
    out = []
    for row in rows:
        d = dt.date.fromisoformat(row["date"])
        for place in row["regions"].split():
            region = place if place == province or place.startswith(f"{province}-") else f"{province}-{place}"
            out.append((row["initiative"], region, row["stage"], d.isoformat()))
            d += dt.timedelta(days=row.get("step_days", 0))
    return out


SRC = read_sources()
META = SRC["package_meta"]
PACKAGES = list(META["packages"].items())  # (folder, as_of), earliest first
GROUPS, EFFECTS = SRC["district_groups"]["groups"], SRC["district_groups"]["effects"]
READINESS, MODEL, SEASONS, STORY = SRC["readiness"], SRC["model"], SRC["seasons"], SRC["story"]
TITLES, TRANSLATIONS = SRC["titles"], SRC["translations"]
METRIC_ORDER = tuple(SRC["metrics"])  # the order of each month's random draws and of metric rows

# --- Regions: country > province (country.yaml) > divisions > districts (divisions.yaml)

COUNTRY, PROVINCE = SRC["country"]["country"], SRC["country"]["province"]
REGIONS: list[dict] = []
PARENT: dict[str, str] = {}
NAME: dict[str, tuple[str, str, str]] = {}
POP: dict[str, int] = {}
SLUG: dict[str, str] = {}  # a district's id in the source files


def rid(slug: str) -> str:
    """Region id of a district or division slug."""
    return f"{PROVINCE['id']}-{slug}"


def add_region(region: str, parent: str, level: str, names: dict, population: int | str) -> None:
    """Add one row to regions.csv and the lookups."""
    PARENT[region], NAME[region] = parent, (names["name"], names["ur"], names["ps"])
    row = {"region_id": region, "parent_id": parent, "level": level, "name": names["name"]}
    REGIONS.append({**row, "name:ur": names["ur"], "name:ps": names["ps"], "population": str(population)})


add_region(COUNTRY["id"], "", "country", COUNTRY, "")  # no population: see country.yaml
_districts = [d for div in SRC["divisions"] for d in div["districts"]]
add_region(PROVINCE["id"], COUNTRY["id"], "province", PROVINCE, sum(d["population"] for d in _districts))
for _div in SRC["divisions"]:
    add_region(rid(_div["id"]), PROVINCE["id"], "division", _div, sum(d["population"] for d in _div["districts"]))
    for _d in _div["districts"]:
        add_region(rid(_d["id"]), rid(_div["id"]), "district", _d, _d["population"])
        SLUG[rid(_d["id"])], POP[rid(_d["id"])] = _d["id"], _d["population"]
DIVISIONS = [r["region_id"] for r in REGIONS if r["level"] == "division"]
DISTRICTS = list(SLUG)  # region ids of the leaves


def ancestors(region: str) -> list[str]:
    """The region's ancestors, nearest first."""
    out = []
    while PARENT.get(region):
        region = PARENT[region]
        out.append(region)
    return out


# Rollouts: one timeline; each package keeps the rows dated on or before its as_of.
ROLLOUTS = timeline(SRC["rollouts"], PROVINCE["id"])
ROLLOUT_COLUMNS = ("initiative_id", "region_id", "stage", "date")
ROWS_BY: dict[tuple[str, str], list[tuple[dt.date, int]]] = {}
for _i, _r, _s, _date in ROLLOUTS:
    ROWS_BY.setdefault((_i, _r), []).append((dt.date.fromisoformat(_date), STAGES.index(_s)))


def stage_at(ini: str, region: str, when: dt.date) -> str | None:
    """The stage of an initiative at a region on a date (own rows, else nearest ancestor)."""
    for r in (region, *ancestors(region)):
        rows = [row for row in ROWS_BY.get((ini, r), ()) if row[0] <= when]
        if rows:
            return STAGES[max(rows)[1]]
    return None


def reporting_regions(ini: str) -> list[str]:
    """The regions at which an initiative reports its figures (model.yaml's level)."""
    level = MODEL[ini]["level"]
    if level == "province":
        return [PROVINCE["id"]]
    if level == "division":
        return sorted({r for (i, r) in ROWS_BY if i == ini and r in DIVISIONS})
    silent = {rid(s) for s in MODEL[ini].get("silent", ())}
    return [d for d in DISTRICTS if d not in silent]


# --- The metric model (model.yaml, seasons.yaml, district_groups.yaml's effects)


def month_str(idx: int) -> str:
    """YYYY-MM of a month index (year*12 + month-1)."""
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def month_idx(d: str) -> int:
    """Month index of a YYYY-MM(-DD) string."""
    return int(d[:4]) * 12 + int(d[5:7]) - 1


def month_end(idx: int) -> dt.date:
    """Last day of a month index."""
    y, m = divmod(idx + 1, 12)
    return dt.date(y, m + 1, 1) - dt.timedelta(days=1)


def effect(slug: str) -> dict:
    """district_groups.yaml's effects for a district (those of `others` for the rest)."""
    return next((EFFECTS[g] for g in EFFECTS if slug in GROUPS.get(g, ())), EFFECTS["others"])


def season(kind: str, idx: int, region: str) -> float:
    """Seasonal and event multiplier for a month (1.0 = ordinary month), by seasons.yaml."""
    slug, month = SLUG.get(region, ""), month_str(idx)
    f = 1.0
    for rule in SEASONS["kinds"][kind]:
        if "group" in rule and slug not in GROUPS[rule["group"]]:
            continue
        if "event" in rule:
            f *= rule["factor"] if month in SEASONS["events"][rule["event"]] else 1
        elif "months" in rule:
            f *= rule["months"].get(idx % 12 + 1, rule.get("other", 1.0))
        else:
            f *= rule["dates"].get(month, 1.0)
    return f


def volume(region: str) -> float:
    """Population weighted by digital readiness (the base for counts)."""
    total = 0.0
    for leaf in DISTRICTS:
        if leaf == region or region in ancestors(leaf):
            total += POP[leaf] * READINESS.get(SLUG[leaf], effect(SLUG[leaf])["readiness"])
    return total


def offset(region: str) -> float:
    """Percentage-point offset of percent metrics for a district (remote areas lower)."""
    if region not in SLUG:
        return 0.0
    if READINESS.get(SLUG[region], 0) >= EFFECTS["connected"]["min_readiness"]:
        return EFFECTS["connected"]["offset"]
    return effect(SLUG[region])["offset"]


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
        frac = 1.0  # the share of the month in which it was active
        if start is None:
            days = (dt.date(end.year, end.month, day) for day in range(1, end.day + 1))
            first = next(d for d in days if stage_at(ini, region, d) in ACTIVE_STAGES)
            start = idx
            frac = (end.day - first.day + 1) / end.day
        month = month_str(idx)
        rng = random.Random(f"{SEED}|{ini}|{region}|{month}")
        u_gap = rng.random()
        draws = {m: (rng.random(), rng.gauss(0, 1)) for m in METRIC_ORDER}
        if any(p["initiative"] == ini and p["from"] <= month <= p["to"] for p in STORY["pauses"]):
            continue  # the service paused
        slug = SLUG.get(region, "")
        gap_p = EFFECTS["base_gap"] + effect(slug)["gap"]
        if month in SEASONS["events"]["flood"] and slug in GROUPS["flood_2022"]:
            gap_p = EFFECTS["flood_gap"]  # the 2022 floods disrupted reporting
        if noisy and u_gap < gap_p:
            continue
        t = idx - start
        ramp = (1 - math.exp(-(t + 1) / p["tau"])) * (1 + p["growth"]) ** (t / 12)
        s = season(p["season"], idx, region)
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


def fmt(v: float) -> str:
    """A number as a plain decimal string."""
    if isinstance(v, int) or float(v).is_integer():
        return str(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def shown(package: str, as_of: dt.date) -> bool:
    """Whether a story.yaml change that shows from `package` on shows in the package of as_of."""
    return as_of >= META["packages"][package]


def build_metrics(as_of: dt.date) -> list[dict]:
    """All metric rows up to as_of's month."""
    restated = {(r["initiative"], r["region"], r["metric"], r["month"]): r for r in STORY["restated"]}
    rows = []
    for ini in MODEL:
        for region in reporting_regions(ini):
            for month, vals in series(ini, region, month_idx(as_of.isoformat())):
                for metric in (m for m in METRIC_ORDER if m in vals):
                    v = vals[metric]
                    fix = restated.get((ini, region, metric, month))
                    if fix and shown(fix["package"], as_of):
                        v = round(v * fix["factor"])
                    row = {"initiative_id": ini, "region_id": region, "metric": metric, "month": month}
                    rows.append({**row, "value": fmt(v), "source": MODEL[ini]["source"]})
    return rows


def expected_total(ini: str, metric: str, month: str, region: str | None = None) -> float:
    """The model's noise-free total of a sum metric for one month over the whole scope."""
    total = 0.0
    for r in [region] if region else reporting_regions(ini):
        for m, vals in series(ini, r, month_idx(month), noisy=False):
            if m == month:
                total += vals.get(metric, 0)
    return total


def nice(v: float) -> int:
    """Round to three significant figures."""
    if v <= 0:
        return 0
    digits = int(math.floor(math.log10(v))) - 2
    return int(round(v / 10**digits) * 10**digits) if digits > 0 else int(round(v))


def build_targets() -> list[dict]:
    """Target rows, the same in every package: targets_spec.yaml's (the model's noise-free path times
    `factor`, to three significant figures), then fixed_targets.yaml's."""
    rows = []
    for t in SRC["targets_spec"] + SRC["fixed_targets"]:
        for month in t.get("months", [t.get("month")]):
            if "value" in t:
                v = t["value"]
            else:
                v = nice(expected_total(t["initiative"], t["metric"], month, t["region"] or None) * t["factor"])
            row = {"initiative_id": t["initiative"], "region_id": t["region"], "metric": t["metric"]}
            rows.append({**row, "month": month, "value": str(v)})
    return rows


# --- Milestones, funding, updates, initiatives


def pick(value, n: int):
    """A value given per package (a list, in package_meta.yaml's order) for package n, or the value itself."""
    return value[n] if isinstance(value, list) else value


def removed(kind: str, as_of: dt.date) -> set[str]:
    """The ids of the milestones or updates that story.yaml removes from the package of as_of."""
    return {r[kind] for r in STORY["removed"] if kind in r and shown(r["package"], as_of)}


def translated(section: str, key: str, column: str) -> dict[str, str]:
    """The `column:ur`, `column:ps` cells of one text of translations.yaml."""
    d = TRANSLATIONS[section][key]
    return {f"{column}:ur": d["ur"], f"{column}:ps": d["ps"]}


def build_milestones(n: int, as_of: dt.date) -> list[dict]:
    """Milestone rows as published on as_of.

    `planned` is a date or a list of [announced on, planned date]: the package shows the latest plan
    announced on or before its as_of, and the first as the baseline where `baseline` is true."""
    rows = []
    for ms in SRC["milestones"]:
        if ms["id"] in removed("milestone", as_of):
            continue
        plans = ms["planned"] if isinstance(ms["planned"], list) else [["0000-00-00", ms["planned"]]]
        titles = TITLES[ms["title"]]
        if "{r}" in titles[0]:
            titles = [t.format(r=name) for t, name in zip(titles, NAME[ms["region"]], strict=True)]
        row = {"milestone_id": ms["id"], "initiative_id": ms["initiative"], "title": titles[0]}
        row |= {"title:ur": titles[1], "title:ps": titles[2], "region_id": ms["region"]}
        row["planned_date"] = [p for a, p in plans if a <= as_of.isoformat()][-1]
        row["baseline_date"] = plans[0][1] if ms["baseline"] else ""
        row["actual_date"] = ms["actual"] if ms["actual"] and ms["actual"] <= as_of.isoformat() else ""
        rows.append({**row, "status": pick(ms["status"], n), "note": pick(ms["note"], n)})
    return rows


def build_funding(folder: str) -> list[dict]:
    """Funding rows as reported in one package."""
    key = folder.replace("-", "_")
    rows = []
    for f in SRC["funding"]:
        row = {"initiative_id": f["initiative"], "funder": f["funder"], **translated("funders", f["funder"], "funder")}
        row |= {"committed": str(f["committed"]), "disbursed": str(f[f"disbursed_{key}"]), "currency": f["currency"]}
        rows.append({**row, "as_of": f[f"as_of_{key}"]})
    return rows


def build_updates(as_of: dt.date) -> list[dict]:
    """Updates published on as_of (less those story.yaml removes)."""
    rows = []
    for u in SRC["updates"]:
        if u["date"] > as_of.isoformat() or u["id"] in removed("update", as_of):
            continue
        row = {"update_id": u["id"], "initiative_id": u["initiative"], "date": u["date"], "title": u["title"]}
        row |= {"title:ur": u["title_ur"], "title:ps": u["title_ps"], "body": u["body"]}
        rows.append({**row, **translated("bodies", u["id"], "body")})
    return rows


def build_initiatives(n: int) -> list[dict]:
    """Initiative rows of package n."""
    rows = []
    for i in SRC["initiatives"]:
        row = {"initiative_id": i["id"], "name": i["name"], "name:ur": i["ur"], "name:ps": i["ps"]}
        row |= {"department_id": i["dept"], "function": i["fn"], "summary": i["summary"]}
        row |= {**translated("summaries", i["id"], "summary"), "status": pick(i["status"], n)}
        row |= {"start_date": i["start"], "target_date": i["target"], "budget": str(i["budget"])}
        row["website"] = META["website"] + i["id"] if i["site"] else ""
        rows.append({**row, "open_source": i["oss"]})
    return rows


def package_yaml(as_of: dt.date) -> dict:
    """The package.yaml content."""
    labels = ("label", "label:ur", "label:ps")
    head = {"title": META["title"], "publisher": META["publisher"]}
    head |= {f"publisher:{lang}": text for lang, text in TRANSLATIONS["publisher"].items()}
    head |= {"as_of": as_of, **{k: META[k] for k in ("license", "demo", "languages", "levels")}}
    functions = {k: dict(zip(labels, names, strict=True)) for k, names in SRC["functions"].items()}
    metrics = {k: {**dict(zip(labels, spec[:3], strict=True)), **spec[3]} for k, spec in SRC["metrics"].items()}
    return {**head, "functions": functions, "metrics": metrics}


def build(n: int) -> dict[str, list[dict]]:
    """Every table of package n (of package_meta.yaml)."""
    folder, as_of = PACKAGES[n]
    return {
        "regions": REGIONS,
        "departments": [
            {"department_id": d["id"], "name": d["name"], "name:ur": d["ur"], "name:ps": d["ps"]}
            | {"region_id": PROVINCE["id"], "sector": d["sector"]}
            for d in SRC["departments"]
        ],
        "initiatives": build_initiatives(n),
        "milestones": build_milestones(n, as_of),
        "rollouts": [dict(zip(ROLLOUT_COLUMNS, r, strict=True)) for r in ROLLOUTS if r[3] <= as_of.isoformat()],
        "metrics": build_metrics(as_of),
        "targets": build_targets(),
        "funding": build_funding(folder),
        "updates": build_updates(as_of),
    }


def write_package(folder: Path, as_of: dt.date, tables: dict[str, list[dict]]) -> None:
    """Write package.yaml and one UTF-8 CSV per table (LF line endings, columns from the first row)."""
    folder.mkdir(parents=True)
    with (folder / "package.yaml").open("w", encoding="utf-8", newline="\n") as fh:
        yaml.safe_dump(package_yaml(as_of), fh, allow_unicode=True, sort_keys=False, width=100)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Write every package (into data/demo, or `--out DIR`); return the exit status."""
    args = argv if argv is not None else sys.argv[1:]
    root = Path(args[1]) if len(args) == 2 and args[0] == "--out" else OUT
    if args and root is OUT:
        print("usage: python tools/make_demo.py [--out DIR]", file=sys.stderr)
        return 2
    for n, (folder, as_of) in enumerate(PACKAGES):
        tables = build(n)
        staging = root / f".{folder}.new"
        shutil.rmtree(staging, ignore_errors=True)
        write_package(staging, as_of, tables)
        problems = [str(p) for p in validate_path(staging)]
        if problems:
            shutil.rmtree(staging)
            message = f"demo package {folder} fails the data contract's validator; not written:"
            print(message, *problems[:50], sep="\n", file=sys.stderr)
            return 1
        shutil.rmtree(root / folder, ignore_errors=True)
        staging.rename(root / folder)
        print(folder, " ".join(f"{name}={len(rows)}" for name, rows in tables.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
