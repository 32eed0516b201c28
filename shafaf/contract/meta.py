"""package.yaml: the package's metadata and vocabulary (contract section 1), with line-exact problems."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from shafaf.contract.problems import Problem, show
from shafaf.contract.schema import AGGREGATES, DEFAULT_PROVENANCE, ID_PATTERN, PROVENANCES, UNITS

REQUIRED_KEYS = ("title", "publisher", "as_of", "license", "levels", "functions", "metrics")
OPTIONAL_KEYS = ("demo", "source_url", "languages")
METRIC_KEYS = ("label", "unit", "aggregate", "weight", "headline", "provenance")
LANG_PATTERN = r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so `as_of: 2026-02-30` is a problem, not a crash."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


@dataclass(frozen=True)
class MetricDef:
    """One adoption metric declared in package.yaml."""

    metric: str
    label: str
    unit: str
    aggregate: str
    weight: str | None = None
    headline: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # lang -> translated label
    provenance: str = DEFAULT_PROVENANCE  # how the figures are produced: automated, self_reported, verified


@dataclass
class PackageMeta:
    """package.yaml as typed values; fields are None where the file had a problem."""

    title: str | None = None
    publisher: str | None = None
    as_of: dt.date | None = None
    license: str | None = None
    demo: bool = False
    source_url: str | None = None
    languages: list[str] = field(default_factory=list)
    publisher_translations: dict[str, str] = field(default_factory=dict)  # lang -> the publisher's name (1.1)
    levels: list[str] | None = None
    functions: dict[str, dict[str, str]] | None = None  # id -> {"label": .., "label:ur": ..}
    metrics: dict[str, MetricDef] | None = None
    parsed: bool = False  # False when package.yaml is missing or not a readable mapping

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able form for the snapshot's metadata."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "license": self.license,
            "demo": self.demo,
            "source_url": self.source_url,
            "languages": self.languages,
            "levels": self.levels,
        }


def _lines(node: yaml.Node, prefix: str, out: dict[str, int], dups: list[tuple[str, int, int]]) -> None:
    """Map every key path ('metrics.x.unit') to its 1-based line; collect keys given twice."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = f"{prefix}.{k.value}" if prefix else str(k.value)
            if key in out:
                dups.append((key, k.start_mark.line + 1, out[key]))
            out.setdefault(key, k.start_mark.line + 1)
            _lines(v, key, out, dups)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            out.setdefault(f"{prefix}[{i}]", v.start_mark.line + 1)
            _lines(v, f"{prefix}[{i}]", out, dups)


def _labels(value: dict[str, Any], path: str, languages: list[str], add: Any) -> tuple[str | None, dict[str, str]]:
    label = value.get("label")
    if not isinstance(label, str) or not label.strip():
        add(path, "a 'label' (text) is required")
        label = None
    translations: dict[str, str] = {}
    for k, v in value.items():
        if isinstance(k, str) and k.startswith("label:"):
            lang = k.split(":", 1)[1]
            if lang not in languages:
                add(f"{path}.{k}", f"language {show(lang)} is not listed in 'languages'")
            elif not isinstance(v, str):
                add(f"{path}.{k}", "a translated label must be text")
            else:
                translations[lang] = v
    return label, translations


def parse_meta(text: str | None, file: str = "package.yaml") -> tuple[PackageMeta, list[Problem]]:
    """Parse and check package.yaml; every problem names its line and key path."""
    problems: list[Problem] = []
    meta = PackageMeta()
    if text is None:
        problems.append(Problem(file, None, None, "required file is missing"))
        return meta, problems
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(Problem(file, line, None, f"not valid YAML: {getattr(e, 'problem', e)}"))
        return meta, problems
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, None, "must be a mapping of keys (title:, publisher:, ...)"))
        return meta, problems
    lines: dict[str, int] = {}
    dups: list[tuple[str, int, int]] = []
    if node is not None:
        _lines(node, "", lines, dups)
    meta.parsed = True
    for key, line, first in dups:  # YAML would silently keep only the last one
        problems.append(Problem(file, line, key, f"the key is given twice (first at line {first})"))

    def add(path: str, message: str) -> None:
        key = path
        while key and key not in lines:
            key = key.rsplit(".", 1)[0] if "." in key else ""
        problems.append(Problem(file, lines.get(key, 1), path, message))

    for k in data:
        if k not in REQUIRED_KEYS + OPTIONAL_KEYS and not str(k).startswith("publisher:"):
            add(str(k), "unknown key (allowed: " + ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS) + ", publisher:<lang>)")
    for k in REQUIRED_KEYS:
        if k not in data or data[k] in (None, ""):
            problems.append(Problem(file, None, k, "required key is missing"))

    for k in ("title", "publisher", "license"):
        v = data.get(k)
        if v not in (None, "") and not isinstance(v, str):
            add(k, "must be text")
        elif isinstance(v, str):
            setattr(meta, k, v)
    as_of = data.get("as_of")
    if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime):
        meta.as_of = as_of
    elif isinstance(as_of, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        try:
            meta.as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            add("as_of", f"{show(as_of)} is not a date (YYYY-MM-DD)")
    elif as_of not in (None, ""):
        add("as_of", f"{show(as_of)} is not a date (YYYY-MM-DD)")
    demo = data.get("demo", False)
    if not isinstance(demo, bool):
        add("demo", f"{show(demo)} is not true or false")
    else:
        meta.demo = demo
    url = data.get("source_url")
    if url is not None:
        if not isinstance(url, str) or not re.fullmatch(r"https?://[^\s<>\"']+", url):
            add("source_url", f"{show(url)} is not an http(s) URL")
        else:
            meta.source_url = url
    langs = data.get("languages", [])
    if not isinstance(langs, list) or not all(isinstance(x, str) and re.fullmatch(LANG_PATTERN, x) for x in langs):
        add("languages", "must be a list of language codes such as [ur, ps]")
    else:
        meta.languages = list(dict.fromkeys(langs))
    for k, v in data.items():
        if not str(k).startswith("publisher:"):
            continue
        lang = str(k).split(":", 1)[1]
        if lang not in meta.languages:
            add(str(k), f"language {show(lang)} is not listed in 'languages'")
        elif not isinstance(v, str) or not v.strip():
            add(str(k), "a translated publisher name must be text")
        else:
            meta.publisher_translations[lang] = v

    levels = data.get("levels")
    if levels is not None:
        if (
            not isinstance(levels, list)
            or not levels
            or not all(isinstance(x, str) and re.fullmatch(ID_PATTERN, x) for x in levels)
        ):
            add("levels", "must be a list of level names, root first, e.g. [country, province]")
        elif len(set(levels)) != len(levels):
            add("levels", "level names must be unique")
        else:
            meta.levels = list(levels)

    functions = data.get("functions")
    if functions is not None:
        if not isinstance(functions, dict) or not functions:
            add("functions", "must be a mapping of function ids to {label: ...}")
        else:
            parsed: dict[str, dict[str, str]] = {}
            for fid, fdef in functions.items():
                path = f"functions.{fid}"
                if not isinstance(fid, str) or not re.fullmatch(ID_PATTERN, fid):
                    add(path, f"{show(fid)} is not a valid id (1-64 characters of A-Z a-z 0-9 . _ -)")
                    continue
                if not isinstance(fdef, dict):
                    add(path, "must be a mapping with a 'label'")
                    continue
                for k in fdef:
                    if not (k == "label" or (isinstance(k, str) and k.startswith("label:"))):
                        add(f"{path}.{k}", "unknown key (allowed: label, label:<lang>)")
                label, tr = _labels(fdef, path, meta.languages, add)
                if label is not None:
                    parsed[fid] = {"label": label, **{f"label:{k}": v for k, v in tr.items()}}
            meta.functions = parsed

    metrics = data.get("metrics")
    if metrics is not None:
        if not isinstance(metrics, dict) or not metrics:
            add("metrics", "must be a mapping of metric ids to {label, unit, aggregate}")
        else:
            meta.metrics = _parse_metrics(metrics, meta.languages, add)
    return meta, problems


def _parse_metrics(metrics: dict[Any, Any], languages: list[str], add: Any) -> dict[str, MetricDef]:
    parsed: dict[str, MetricDef] = {}
    for mid, mdef in metrics.items():
        path = f"metrics.{mid}"
        if not isinstance(mid, str) or not re.fullmatch(ID_PATTERN, mid):
            add(path, f"{show(mid)} is not a valid id (1-64 characters of A-Z a-z 0-9 . _ -)")
            continue
        if not isinstance(mdef, dict):
            add(path, "must be a mapping with label, unit and aggregate")
            continue
        for k in mdef:
            if k not in METRIC_KEYS and not (isinstance(k, str) and k.startswith("label:")):
                add(f"{path}.{k}", "unknown key (allowed: " + ", ".join(METRIC_KEYS) + ", label:<lang>)")
        label, tr = _labels(mdef, path, languages, add)
        ok = label is not None
        unit = mdef.get("unit")
        if not isinstance(unit, str) or not (unit in UNITS or re.fullmatch(r"[A-Z]{3}", unit)):
            add(
                f"{path}.unit",
                f"{show(unit)} is not a unit (allowed: count, people, percent, or a currency code such as PKR)",
            )
            ok = False
        agg = mdef.get("aggregate")
        if agg not in AGGREGATES:
            add(f"{path}.aggregate", f"{show(agg)} is not an aggregate (allowed: sum, mean)")
            ok = False
        weight = mdef.get("weight")
        if weight is not None:
            if agg != "mean":
                add(f"{path}.weight", "a weight is allowed only with aggregate: mean")
                ok = False
            elif not isinstance(weight, str) or weight not in metrics or weight == mid:
                add(f"{path}.weight", f"{show(weight)} is not another metric of this package")
                ok = False
        headline = mdef.get("headline", False)
        if not isinstance(headline, bool):
            add(f"{path}.headline", f"{show(headline)} is not true or false")
            ok = False
        provenance = mdef.get("provenance", DEFAULT_PROVENANCE)
        if provenance not in PROVENANCES:
            add(
                f"{path}.provenance",
                f"{show(provenance)} is not a provenance (allowed: " + ", ".join(PROVENANCES) + ")",
            )
            ok = False
        if ok:
            parsed[mid] = MetricDef(mid, str(label), str(unit), str(agg), weight, headline, tr, str(provenance))
    return parsed
