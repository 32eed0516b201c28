"""Every validation rule of the data contract (sections 1-3) with a broken package and its exact report line.

Each test copies tests/fixtures/tiny, breaks one thing and asserts the `FILE:ROW:COLUMN: message` the
validator prints (ROW = line in the file, header = 1). Line numbers of rows appended to the tiny files:
regions 8, departments 4, initiatives 5, milestones 8, rollouts 6, metrics 11; a new optional file's
first row is line 2.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import openpyxl
import pytest

from shafaf.contract.schema import TABLES_BY_NAME

if TYPE_CHECKING:
    from tests.conftest import PackageCopy  # the type of the `pkg` fixture

ROOT = Path(__file__).parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"

# A valid row for every table; a test overrides the cells it breaks.
VALID_ROW: dict[str, dict[str, str]] = {
    "regions.csv": {"region_id": "e", "parent_id": "p2", "level": "district", "name": "E"},
    "departments.csv": {"department_id": "dep9", "name": "D", "region_id": "p1"},
    "initiatives.csv": {
        "initiative_id": "i9",
        "name": "N",
        "department_id": "dep1",
        "function": "payments",
        "status": "planned",
    },
    "milestones.csv": {"milestone_id": "m9", "initiative_id": "i1", "title": "T", "planned_date": "2026-05-01"},
    "rollouts.csv": {"initiative_id": "i3", "region_id": "d", "stage": "pilot", "date": "2026-02-01"},
    "metrics.csv": {"initiative_id": "i3", "region_id": "d", "metric": "users", "month": "2026-02", "value": "5"},
    "targets.csv": {"initiative_id": "i1", "region_id": "p1", "metric": "users", "month": "2026-12", "value": "10"},
    "funding.csv": {
        "initiative_id": "i1",
        "funder": "WB",
        "committed": "100",
        "disbursed": "50",
        "currency": "PKR",
        "as_of": "2026-01-01",
    },
    "updates.csv": {"update_id": "u1", "initiative_id": "i1", "date": "2026-01-01", "title": "T", "body": "B"},
}
APPENDED_LINE = {
    "regions.csv": 8,
    "departments.csv": 4,
    "initiatives.csv": 5,
    "milestones.csv": 8,
    "rollouts.csv": 6,
    "metrics.csv": 11,
    "targets.csv": 2,
    "funding.csv": 2,
    "updates.csv": 2,
}
ALLOWED_KEYS = (
    "title, publisher, as_of, license, levels, functions, metrics, demo, source_url, languages, publisher:<lang>"
)
NOT_A_NUMBER = "is not a number (a plain decimal with '.' and no thousands separators)"
NOT_AN_ID = "is not a valid id (1-64 characters of A-Z a-z 0-9 . _ -)"


def append_row(pkg: PackageCopy, file: str, **overrides: str) -> int:
    """Append a valid row of `file` with some cells overridden (adding optional columns); its line."""
    values = {**VALID_ROW[file], **{k.replace("__", ":"): v for k, v in overrides.items()}}
    if pkg.file(file).exists():
        header, _ = pkg.table(file)
        for col in values:
            if col not in header:
                pkg.add_column(file, col)
    pkg.append(file, values)
    return APPENDED_LINE[file]


def only(problems: list[str]) -> str:
    """The one problem reported."""
    assert len(problems) == 1, "\n".join(problems)
    return problems[0]


def having(problems: list[str], prefix: str) -> str:
    """The problem that starts with `prefix` (FILE:ROW:COLUMN: ...)."""
    found = [p for p in problems if p.startswith(prefix)]
    assert len(found) == 1, f"expected one {prefix!r} in:\n" + "\n".join(problems)
    return found[0]


def yaml_drop_key(pkg: PackageCopy, key: str) -> None:
    """Remove a top-level key of package.yaml with its indented block."""
    out, skipping = [], False
    for line in pkg.read("package.yaml").splitlines(keepends=True):
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        out.append(line)
    pkg.write("package.yaml", "".join(out))


@pytest.fixture(params=["row by row", "per distinct value"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test both ways the validator judges rows: large tables check each distinct value once."""
    if request.param == "per distinct value":
        monkeypatch.setattr("shafaf.contract.validate.LARGE_TABLE_ROWS", 1)
    return str(request.param)


def test_tiny_fixture_is_valid(pkg: PackageCopy) -> None:
    assert pkg.problems() == []


# ---------------------------------------------------------------------------------------------
# section 1: the package and its files


def test_missing_package_yaml(pkg: PackageCopy) -> None:
    pkg.remove("package.yaml")
    problems = pkg.problems()
    assert problems[0] == "package.yaml::: required file is missing"
    # without package.yaml the languages are unknown, so name:ur is not judged an unknown column
    assert not any("name:ur" in p for p in problems)


def test_yaml_key_given_twice(pkg: PackageCopy) -> None:
    pkg.yaml_replace("license: CC-BY-4.0", "license: CC-BY-4.0\nlicense: CC0-1.0")
    assert pkg.problems() == ["package.yaml:5:license: the key is given twice (first at line 4)"]


@pytest.mark.parametrize("file", ["regions.csv", "departments.csv", "initiatives.csv"])
def test_missing_required_file(pkg: PackageCopy, file: str) -> None:
    pkg.remove(file)
    assert pkg.problems() == [f"{file}::: required file is missing"]


@pytest.mark.parametrize("file", ["milestones.csv", "rollouts.csv", "metrics.csv"])
def test_optional_file_may_be_absent(pkg: PackageCopy, file: str) -> None:
    pkg.remove(file)
    assert pkg.problems() == []


def test_unknown_file(pkg: PackageCopy) -> None:
    shutil.copy(pkg.file("milestones.csv"), pkg.file("milestone.csv"))
    line = only(pkg.problems())
    assert line.startswith("milestone.csv::: unknown file")
    assert "allowed: " in line and "milestones.csv" in line


def test_other_files_are_ignored(pkg: PackageCopy) -> None:
    pkg.write("README.md.txt", "notes")
    assert pkg.problems() == []


def _write_parquet(csv_path: Path, out: Path, select: str = "*") -> None:
    con = duckdb.connect()
    try:
        con.execute(f"COPY (SELECT {select} FROM read_csv('{csv_path}', all_varchar=true)) TO '{out}' (FORMAT parquet)")
    finally:
        con.close()


def test_metrics_csv_and_parquet_both_present(pkg: PackageCopy) -> None:
    _write_parquet(pkg.file("metrics.csv"), pkg.file("metrics.parquet"))
    assert pkg.problems() == ["metrics.parquet::: both metrics.csv and metrics.parquet are present: send one of them"]


NOT_UTF8 = "the file is not UTF-8 (byte 0xe9 cannot be decoded); save it as 'CSV UTF-8'"


@pytest.mark.parametrize(("file", "line"), [("regions.csv", 4), ("metrics.csv", 5), ("package.yaml", 2)])
@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_not_utf8_reports_the_line_of_the_bad_byte(pkg: PackageCopy, file: str, line: int, bom: bool) -> None:
    lines = pkg.file(file).read_bytes().split(b"\n")
    lines[line - 1] += b"\xe9"  # Latin-1 é at the end of the line
    pkg.file(file).write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(lines))
    problems = pkg.problems()
    assert problems[0] == f"{file}:{line}:: {NOT_UTF8}"
    assert f"{file}::: required file is missing" not in problems


def test_not_utf8_in_the_header_of_a_bulk_csv(pkg: PackageCopy) -> None:
    data = pkg.file("metrics.csv").read_bytes()
    pkg.file("metrics.csv").write_bytes(data.replace(b"source", b"sourc\xe9", 1))
    assert pkg.problems() == [f"metrics.csv:1:: {NOT_UTF8}"]


def test_utf8_bom_keeps_line_numbers(pkg: PackageCopy) -> None:
    line = append_row(pkg, "metrics.csv", value="-1")
    pkg.file("metrics.csv").write_bytes(b"\xef\xbb\xbf" + pkg.file("metrics.csv").read_bytes())
    assert pkg.problems() == [f"metrics.csv:{line}:value: '-1' is negative; it must be 0 or more"]


@pytest.mark.parametrize(("file", "line"), [("regions.csv", 8), ("metrics.csv", 11)])
def test_ragged_row(pkg: PackageCopy, file: str, line: int) -> None:
    pkg.write(file, pkg.read(file) + "x,c,province\n")
    assert pkg.problems() == [f"{file}:{line}:: the row has 3 fields but the header has 6"]


def test_row_with_too_many_fields(pkg: PackageCopy) -> None:
    pkg.write("rollouts.csv", pkg.read("rollouts.csv") + "i3,d,pilot,2026-02-01,extra\n")
    assert pkg.problems() == ["rollouts.csv:6:: the row has 5 fields but the header has 4"]


@pytest.mark.parametrize("file", ["regions.csv", "metrics.csv"])
def test_blank_line_inside_keeps_line_numbers(pkg: PackageCopy, file: str) -> None:
    lines = pkg.read(file).splitlines(keepends=True)
    lines.insert(3, "\n")  # a blank line 4
    lines.append("x,c,province\n")
    pkg.write(file, "".join(lines))
    n = len(lines)
    assert pkg.problems() == [f"{file}:{n}:: the row has 3 fields but the header has 6"]


def test_crlf_line_ends_keep_line_numbers(pkg: PackageCopy) -> None:
    append_row(pkg, "metrics.csv", month="2026-13")
    append_row(pkg, "regions.csv", population="x")
    for f in pkg.path.iterdir():
        f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    assert pkg.problems() == [
        "regions.csv:8:population: 'x' is not a whole number",
        "metrics.csv:11:month: '2026-13' is not a month (YYYY-MM)",
    ]


def test_file_without_final_newline(pkg: PackageCopy) -> None:
    pkg.write("metrics.csv", pkg.read("metrics.csv") + "i3,d,users,2026-02,-2,")
    pkg.write("regions.csv", pkg.read("regions.csv").rstrip("\n"))
    assert pkg.problems() == ["metrics.csv:11:value: '-2' is negative; it must be 0 or more"]


def test_empty_file(pkg: PackageCopy) -> None:
    pkg.write("rollouts.csv", "")
    assert pkg.problems() == ["rollouts.csv::: the file is empty: a header row is required"]


def test_header_only_file_is_valid(pkg: PackageCopy) -> None:
    pkg.write("rollouts.csv", "initiative_id,region_id,stage,date\n")
    pkg.write("metrics.csv", "initiative_id,region_id,metric,month,value\n")
    assert pkg.problems() == []


def test_unparseable_csv(pkg: PackageCopy) -> None:
    pkg.write("rollouts.csv", pkg.read("rollouts.csv") + 'i3,d,"pilot"x,2026-02-01\n')
    line = only(pkg.problems())
    assert line.startswith("rollouts.csv:6:: the CSV cannot be parsed: ")


@pytest.mark.parametrize(
    ("file", "column", "allowed"),
    [
        ("regions.csv", "populaton", "region_id, parent_id, level, name, population, and name:<lang> translations"),
        ("metrics.csv", "comment", "initiative_id, region_id, metric, month, value, source, obs_status"),
    ],
)
def test_unknown_column(pkg: PackageCopy, file: str, column: str, allowed: str) -> None:
    pkg.add_column(file, column)
    assert pkg.problems() == [f"{file}:1:{column}: unknown column '{column}' (allowed: {allowed})"]


@pytest.mark.parametrize(("file", "column"), [("regions.csv", "name"), ("metrics.csv", "value")])
def test_duplicate_column(pkg: PackageCopy, file: str, column: str) -> None:
    pkg.add_column(file, column, "1")
    assert pkg.problems() == [f"{file}:1:{column}: the column appears twice in the header"]


@pytest.mark.parametrize(
    ("file", "column"),
    [
        ("regions.csv", "level"),
        ("departments.csv", "name"),
        ("initiatives.csv", "status"),
        ("milestones.csv", "planned_date"),
        ("rollouts.csv", "stage"),
        ("metrics.csv", "value"),
    ],
)
def test_missing_required_column(pkg: PackageCopy, file: str, column: str) -> None:
    pkg.drop_column(file, column)
    assert pkg.problems() == [f"{file}:1:{column}: required column is missing"]


def test_optional_columns_may_be_absent(pkg: PackageCopy) -> None:
    pkg.drop_column("regions.csv", "population")
    pkg.drop_column("regions.csv", "name:ur")
    pkg.drop_column("metrics.csv", "source")
    pkg.drop_column("milestones.csv", "note")
    assert pkg.problems() == []


def test_translation_for_an_unlisted_language(pkg: PackageCopy) -> None:
    pkg.add_column("regions.csv", "name:fr")
    assert pkg.problems() == [
        "regions.csv:1:name:fr: unknown column 'name:fr' (allowed: region_id, parent_id, level, name, population, "
        "and name:<lang> translations); add 'fr' to package.yaml languages to use it"
    ]


def test_translation_of_a_listed_language(pkg: PackageCopy) -> None:
    pkg.add_column("milestones.csv", "title:ur", "عنوان")
    append_row(pkg, "updates.csv", title__ur="")
    assert pkg.problems() == []


def test_translation_of_an_untranslatable_column(pkg: PackageCopy) -> None:
    pkg.add_column("initiatives.csv", "status:ur")
    line = only(pkg.problems())
    assert line.startswith("initiatives.csv:1:status:ur: unknown column 'status:ur'")


def test_quoted_newline_keeps_later_line_numbers(pkg: PackageCopy) -> None:
    pkg.set_cell("regions.csv", 4, "name", "District\nA")  # line 4 now spans lines 4-5
    pkg.set_cell("regions.csv", 7, "population", "-1")  # the row of 'd', now at line 8
    pkg.set_cell("metrics.csv", 3, "source", "two\nlines\nof text")  # lines 3-5
    pkg.set_cell("metrics.csv", 10, "value", "x")  # the last row, now at line 12
    pkg.set_cell("initiatives.csv", 2, "name", "Portal\r\nwith CRLF")
    pkg.set_cell("initiatives.csv", 4, "status", "done")  # line 5
    assert pkg.problems() == [
        "regions.csv:8:population: '-1' is negative; it must be 0 or more",
        "initiatives.csv:5:status: 'done' is not a valid status (allowed: planned, in_progress, live, paused, cancelled)",
        f"metrics.csv:12:value: 'x' {NOT_A_NUMBER}",
    ]


def test_problem_on_a_multiline_row_names_its_first_line(pkg: PackageCopy) -> None:
    pkg.set_cell("regions.csv", 4, "name", "District\nA")
    pkg.set_cell("regions.csv", 4, "population", "many")
    assert pkg.problems() == ["regions.csv:4:population: 'many' is not a whole number"]


def test_quoted_empty_cell_is_no_value(pkg: PackageCopy) -> None:
    pkg.write("metrics.csv", pkg.read("metrics.csv") + 'i3,d,users,2026-02,"",""\n')
    assert pkg.problems() == ["metrics.csv:11:value: a value is required"]


# ---------------------------------------------------------------------------------------------
# section 1: package.yaml


def test_yaml_not_valid(pkg: PackageCopy) -> None:
    pkg.yaml_replace("license: CC-BY-4.0", "license: CC-BY-4.0: x")
    assert pkg.problems()[0] == "package.yaml:4:: not valid YAML: mapping values are not allowed here"


def test_yaml_not_a_mapping(pkg: PackageCopy) -> None:
    pkg.write("package.yaml", "- title\n- publisher\n")
    assert pkg.problems()[0] == "package.yaml:1:: must be a mapping of keys (title:, publisher:, ...)"


@pytest.mark.parametrize("key", ["title", "publisher", "as_of", "license", "levels", "functions", "metrics"])
def test_yaml_missing_required_key(pkg: PackageCopy, key: str) -> None:
    yaml_drop_key(pkg, key)
    assert pkg.problems() == [f"package.yaml::{key}: required key is missing"]


def test_yaml_empty_required_key(pkg: PackageCopy) -> None:
    pkg.yaml_replace("title: Tiny test package", "title:")
    assert pkg.problems() == ["package.yaml::title: required key is missing"]


def test_yaml_unknown_key(pkg: PackageCopy) -> None:
    pkg.write("package.yaml", pkg.read("package.yaml") + "lang: [ur]\n")
    assert pkg.problems() == [f"package.yaml:14:lang: unknown key (allowed: {ALLOWED_KEYS})"]


@pytest.mark.parametrize("value", ["2026-02-30", "15/03/2026", "2026-3-15", "2026-03-15 10:00", "'2026-13-01'"])
def test_yaml_bad_as_of(pkg: PackageCopy, value: str) -> None:
    pkg.yaml_replace("as_of: 2026-03-15", f"as_of: {value}")
    assert pkg.problems() == [f"package.yaml:3:as_of: '{value.strip(chr(39))}' is not a date (YYYY-MM-DD)"]


def test_yaml_quoted_as_of_is_accepted(pkg: PackageCopy) -> None:
    pkg.yaml_replace("as_of: 2026-03-15", 'as_of: "2026-03-15"')
    assert pkg.problems() == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("country", "must be a list of level names, root first, e.g. [country, province]"),
        ("[]", "must be a list of level names, root first, e.g. [country, province]"),
        ("[country, 'sub county', district]", "must be a list of level names, root first, e.g. [country, province]"),
        ("[country, province, province]", "level names must be unique"),
    ],
)
def test_yaml_bad_levels(pkg: PackageCopy, value: str, message: str) -> None:
    pkg.yaml_replace("levels: [country, province, district]", f"levels: {value}")
    assert pkg.problems() == [f"package.yaml:6:levels: {message}"]


def test_yaml_function_without_label(pkg: PackageCopy) -> None:
    pkg.yaml_replace("  payments: {label: Payments}\n", '  payments: {label: Payments}\n  records: {"label:ur": x}\n')
    assert pkg.problems() == ["package.yaml:10:functions.records: a 'label' (text) is required"]


def test_yaml_function_unknown_key(pkg: PackageCopy) -> None:
    pkg.yaml_replace("  payments: {label: Payments}\n", "  payments: {label: Payments}\n  records: {name: R}\n")
    assert pkg.problems() == [
        "package.yaml:10:functions.records: a 'label' (text) is required",
        "package.yaml:10:functions.records.name: unknown key (allowed: label, label:<lang>)",
    ]


def test_yaml_functions_not_a_mapping(pkg: PackageCopy) -> None:
    yaml_drop_key(pkg, "functions")
    pkg.write("package.yaml", pkg.read("package.yaml") + "functions: [complaints, payments]\n")
    assert pkg.problems() == ["package.yaml:11:functions: must be a mapping of function ids to {label: ...}"]


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (
            "unit: people",
            "unit: dollars",
            "metrics.users.unit",
            "'dollars' is not a unit (allowed: count, people, percent, or a currency code such as PKR)",
        ),
        (
            "unit: people",
            "unit: pkr",
            "metrics.users.unit",
            "'pkr' is not a unit (allowed: count, people, percent, or a currency code such as PKR)",
        ),
        (
            "unit: people, aggregate: sum",
            "unit: people",
            "metrics.users.aggregate",
            "'None' is not an aggregate (allowed: sum, mean)",
        ),
        (
            "aggregate: sum, headline: true}\n",
            "aggregate: total, headline: true}\n",
            "metrics.users.aggregate",
            "'total' is not an aggregate (allowed: sum, mean)",
        ),
        (
            "aggregate: sum, headline: true}\n",
            "aggregate: sum, weight: transactions, headline: true}\n",
            "metrics.users.weight",
            "a weight is allowed only with aggregate: mean",
        ),
        ("headline: true}\n", 'headline: "yes"}\n', "metrics.users.headline", "'yes' is not true or false"),
        (
            "headline: true}\n",
            "headline: true, colour: red}\n",
            "metrics.users.colour",
            "unknown key (allowed: label, unit, aggregate, weight, headline, provenance, label:<lang>)",
        ),
        ("{label: Users, ", "{", "metrics.users", "a 'label' (text) is required"),
    ],
)
def test_yaml_bad_metric(pkg: PackageCopy, old: str, new: str, column: str, message: str) -> None:
    text = pkg.read("package.yaml")
    users = text.index("  users:")
    pkg.write("package.yaml", text[:users] + text[users:].replace(old, new, 1))
    assert pkg.problems() == [f"package.yaml:13:{column}: {message}"]


def test_yaml_currency_unit_is_accepted(pkg: PackageCopy) -> None:
    pkg.write("package.yaml", pkg.read("package.yaml") + "  spend: {label: Spend, unit: PKR, aggregate: sum}\n")
    assert pkg.problems() == []


@pytest.mark.parametrize("weight", ["visits", "quality"])
def test_yaml_weight_names_an_unknown_metric(pkg: PackageCopy, weight: str) -> None:
    line = f"  quality: {{label: Quality, unit: percent, aggregate: mean, weight: {weight}}}\n"
    pkg.write("package.yaml", pkg.read("package.yaml") + line)
    assert pkg.problems() == [
        f"package.yaml:14:metrics.quality.weight: '{weight}' is not another metric of this package"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        ("{label: Payments}", '{label: Payments, "label:fr": Paiements}', 9, "functions.payments.label:fr"),
        ("{label: Users,", '{label: Users, "label:ps": x,', 13, "metrics.users.label:ps"),
    ],
)
def test_yaml_label_for_an_unlisted_language(pkg: PackageCopy, old: str, new: str, line: int, column: str) -> None:
    pkg.yaml_replace(old, new)
    lang = column.rsplit(":", 1)[1]
    assert pkg.problems() == [f"package.yaml:{line}:{column}: language '{lang}' is not listed in 'languages'"]


@pytest.mark.parametrize("value", ["maybe", "1", '"true"'])
def test_yaml_demo_not_bool(pkg: PackageCopy, value: str) -> None:
    pkg.write("package.yaml", pkg.read("package.yaml") + f"demo: {value}\n")
    assert pkg.problems() == [f"package.yaml:14:demo: '{value.strip(chr(34))}' is not true or false"]


def test_yaml_optional_keys_accepted(pkg: PackageCopy) -> None:
    pkg.write("package.yaml", pkg.read("package.yaml") + "demo: true\nsource_url: https://example.org/data\n")
    assert pkg.problems() == []


@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://example.org", "example.org"])
def test_yaml_bad_source_url(pkg: PackageCopy, value: str) -> None:
    pkg.write("package.yaml", pkg.read("package.yaml") + f"source_url: {value}\n")
    assert pkg.problems() == [f"package.yaml:14:source_url: '{value}' is not an http(s) URL"]


def test_yaml_bad_languages(pkg: PackageCopy) -> None:
    pkg.yaml_replace("languages: [ur]", "languages: [Urdu]")
    problems = pkg.problems()
    assert problems[0] == "package.yaml:5:languages: must be a list of language codes such as [ur, ps]"


# ---------------------------------------------------------------------------------------------
# section 2: types


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        ("regions.csv", "region_id", "bad id!", f"'bad id!' {NOT_AN_ID}"),
        ("regions.csv", "region_id", "é", f"'é' {NOT_AN_ID}"),
        ("departments.csv", "department_id", "x" * 65, f"'{'x' * 59}…' {NOT_AN_ID}"),
        ("updates.csv", "update_id", "u/1", f"'u/1' {NOT_AN_ID}"),
        ("initiatives.csv", "start_date", "2026-02-30", "'2026-02-30' is not a date (YYYY-MM-DD)"),
        ("milestones.csv", "planned_date", "2026/01/01", "'2026/01/01' is not a date (YYYY-MM-DD)"),
        ("milestones.csv", "baseline_date", "2026-1-1", "'2026-1-1' is not a date (YYYY-MM-DD)"),
        ("rollouts.csv", "date", "01.02.2026", "'01.02.2026' is not a date (YYYY-MM-DD)"),
        ("updates.csv", "date", "yesterday", "'yesterday' is not a date (YYYY-MM-DD)"),
        ("funding.csv", "as_of", "2026-01-01T00:00", "'2026-01-01T00:00' is not a date (YYYY-MM-DD)"),
        ("metrics.csv", "month", "2026-13", "'2026-13' is not a month (YYYY-MM)"),
        ("metrics.csv", "month", "2026-1", "'2026-1' is not a month (YYYY-MM)"),
        ("metrics.csv", "month", "2026-01-01", "'2026-01-01' is not a month (YYYY-MM)"),
        ("targets.csv", "month", "Dec 2026", "'Dec 2026' is not a month (YYYY-MM)"),
        ("metrics.csv", "value", "1,000", f"'1,000' {NOT_A_NUMBER}"),
        ("metrics.csv", "value", "1e3", f"'1e3' {NOT_A_NUMBER}"),
        ("initiatives.csv", "budget", "12abc", f"'12abc' {NOT_A_NUMBER}"),
        ("initiatives.csv", "budget", "1 000", f"'1 000' {NOT_A_NUMBER}"),
        ("targets.csv", "value", "12,5", f"'12,5' {NOT_A_NUMBER}"),
        ("funding.csv", "committed", "$100", f"'$100' {NOT_A_NUMBER}"),
        ("metrics.csv", "value", "-5", "'-5' is negative; it must be 0 or more"),
        ("initiatives.csv", "budget", "-0.5", "'-0.5' is negative; it must be 0 or more"),
        ("targets.csv", "value", "-1", "'-1' is negative; it must be 0 or more"),
        ("funding.csv", "disbursed", "-10", "'-10' is negative; it must be 0 or more"),
        ("regions.csv", "population", "12.5", "'12.5' is not a whole number"),
        ("regions.csv", "population", "-3", "'-3' is negative; it must be 0 or more"),
        ("initiatives.csv", "open_source", "yes", "'yes' is not true or false"),
        ("initiatives.csv", "open_source", "TRUE", "'TRUE' is not true or false"),
        ("initiatives.csv", "website", "ftp://example.org", "'ftp://example.org' is not an http(s) URL"),
        ("initiatives.csv", "website", "javascript:alert(1)", "'javascript:alert(1)' is not an http(s) URL"),
        ("initiatives.csv", "website", "https://x.org/a b", "'https://x.org/a b' is not an http(s) URL"),
        (
            "funding.csv",
            "currency",
            "pkr",
            "'pkr' is not an ISO 4217 currency code (three capital letters, e.g. PKR)",
        ),
        (
            "initiatives.csv",
            "status",
            "done",
            "'done' is not a valid status (allowed: planned, in_progress, live, paused, cancelled)",
        ),
        (
            "rollouts.csv",
            "stage",
            "launched",
            "'launched' is not a valid stage (allowed: planned, pilot, live, scaled, retired)",
        ),
        ("milestones.csv", "status", "done", "'done' is not a valid status (allowed: blocked, cancelled)"),
        (
            "regions.csv",
            "level",
            "county",
            "'county' is not a valid level of package.yaml levels (allowed: country, province, district)",
        ),
        (
            "initiatives.csv",
            "function",
            "records",
            "'records' is not a valid function of package.yaml functions (allowed: complaints, payments)",
        ),
        (
            "metrics.csv",
            "metric",
            "visits",
            "'visits' is not a valid metric of package.yaml metrics (allowed: transactions, satisfaction, users)",
        ),
        (
            "targets.csv",
            "metric",
            "Users",
            "'Users' is not a valid metric of package.yaml metrics (allowed: transactions, satisfaction, users)",
        ),
    ],
)
def test_type_rule(strategy: str, pkg: PackageCopy, file: str, column: str, value: str, message: str) -> None:
    line = append_row(pkg, file, **{column: value})
    assert pkg.problems() == [f"{file}:{line}:{column}: {message}"]


@pytest.mark.parametrize(
    ("file", "column"),
    [
        ("regions.csv", "name"),
        ("regions.csv", "level"),
        ("departments.csv", "region_id"),
        ("initiatives.csv", "status"),
        ("initiatives.csv", "function"),
        ("milestones.csv", "planned_date"),
        ("milestones.csv", "title"),
        ("rollouts.csv", "date"),
        ("metrics.csv", "value"),
        ("metrics.csv", "month"),
        ("targets.csv", "value"),
        ("funding.csv", "funder"),
        ("funding.csv", "currency"),
        ("updates.csv", "body"),
    ],
)
def test_required_value_empty(strategy: str, pkg: PackageCopy, file: str, column: str) -> None:
    line = append_row(pkg, file, **{column: ""})
    assert pkg.problems() == [f"{file}:{line}:{column}: a value is required"]


def test_whitespace_is_not_trimmed(pkg: PackageCopy) -> None:
    line = append_row(pkg, "rollouts.csv", stage=" live")
    assert pkg.problems() == [
        f"rollouts.csv:{line}:stage: ' live' is not a valid stage (allowed: planned, pilot, live, scaled, retired)"
    ]


# ---------------------------------------------------------------------------------------------
# section 2: regions


def test_region_duplicate_id(pkg: PackageCopy) -> None:
    append_row(pkg, "regions.csv", region_id="a")
    assert pkg.problems() == ["regions.csv:8:region_id: duplicate region_id 'a': first at line 4; it must be unique"]


def test_region_no_root(pkg: PackageCopy) -> None:
    pkg.set_cell("regions.csv", 2, "parent_id", "zz")
    assert pkg.problems() == [
        "regions.csv::parent_id: no root region: exactly one region must have an empty parent_id",
        "regions.csv:2:parent_id: 'zz' is not a region_id in regions.csv",
    ]


def test_region_two_roots(pkg: PackageCopy) -> None:
    append_row(pkg, "regions.csv", region_id="c2", parent_id="", level="country")
    assert pkg.problems() == [
        "regions.csv:8:parent_id: a second root region 'c2': only one region may have an empty parent_id "
        "(the first is 'c' at line 2)"
    ]


def test_region_root_not_at_first_level(pkg: PackageCopy) -> None:
    pkg.yaml_replace("levels: [country, province, district]", "levels: [planet, country, province, district]")
    assert pkg.problems() == [
        "regions.csv:2:level: the root is at level 'country'; it must be 'planet', the first of package.yaml levels"
    ]


@pytest.mark.parametrize(
    ("parent", "level", "message"),
    [
        ("c", "district", "level 'district' is not one deeper than its parent 'c' (country); it must be 'province'"),
        (
            "a",
            "province",
            "level 'province' is not one deeper than its parent 'a' (district); 'district' is the deepest level",
        ),
        (
            "a",
            "district",
            "level 'district' is not one deeper than its parent 'a' (district); 'district' is the deepest level",
        ),
        ("p1", "country", "level 'country' is not one deeper than its parent 'p1' (province); it must be 'district'"),
    ],
)
def test_region_level_not_one_deeper(pkg: PackageCopy, parent: str, level: str, message: str) -> None:
    append_row(pkg, "regions.csv", parent_id=parent, level=level)
    assert pkg.problems() == [f"regions.csv:8:level: {message}"]


def test_region_cycle(pkg: PackageCopy) -> None:
    append_row(pkg, "regions.csv", region_id="x", parent_id="y", level="province")  # line 8
    append_row(pkg, "regions.csv", region_id="y", parent_id="x", level="district")  # line 9
    assert pkg.problems() == [
        "regions.csv:8:level: level 'province' is not one deeper than its parent 'y' (district); "
        "'district' is the deepest level",
        "regions.csv:8:parent_id: the parents form a cycle: x -> y -> x",
        "regions.csv:9:parent_id: the parents form a cycle: y -> x -> y",
    ]


def test_region_is_its_own_parent(pkg: PackageCopy) -> None:
    append_row(pkg, "regions.csv", region_id="z", parent_id="z")
    assert "regions.csv:8:parent_id: the parents form a cycle: z -> z" in pkg.problems()


def test_region_parent_unknown(pkg: PackageCopy) -> None:
    append_row(pkg, "regions.csv", parent_id="zz")
    assert pkg.problems() == ["regions.csv:8:parent_id: 'zz' is not a region_id in regions.csv"]


# ---------------------------------------------------------------------------------------------
# section 2: foreign keys


@pytest.mark.parametrize(
    ("file", "column", "target"),
    [
        ("departments.csv", "region_id", "region_id in regions.csv"),
        ("initiatives.csv", "department_id", "department_id in departments.csv"),
        ("milestones.csv", "initiative_id", "initiative_id in initiatives.csv"),
        ("milestones.csv", "region_id", "region_id in regions.csv"),
        ("rollouts.csv", "initiative_id", "initiative_id in initiatives.csv"),
        ("rollouts.csv", "region_id", "region_id in regions.csv"),
        ("metrics.csv", "initiative_id", "initiative_id in initiatives.csv"),
        ("metrics.csv", "region_id", "region_id in regions.csv"),
        ("targets.csv", "initiative_id", "initiative_id in initiatives.csv"),
        ("targets.csv", "region_id", "region_id in regions.csv"),
        ("funding.csv", "initiative_id", "initiative_id in initiatives.csv"),
        ("updates.csv", "initiative_id", "initiative_id in initiatives.csv"),
    ],
)
def test_foreign_key_must_resolve(strategy: str, pkg: PackageCopy, file: str, column: str, target: str) -> None:
    line = append_row(pkg, file, **{column: "nowhere"})
    assert pkg.problems() == [f"{file}:{line}:{column}: 'nowhere' is not a {target}"]


def test_foreign_keys_are_case_sensitive(pkg: PackageCopy) -> None:
    line = append_row(pkg, "rollouts.csv", region_id="D")
    assert pkg.problems() == [f"rollouts.csv:{line}:region_id: 'D' is not a region_id in regions.csv"]


# ---------------------------------------------------------------------------------------------
# section 2: table rules


def test_target_date_before_start_date(pkg: PackageCopy) -> None:
    append_row(pkg, "initiatives.csv", start_date="2026-06-01", target_date="2026-01-01")
    assert pkg.problems() == ["initiatives.csv:5:target_date: '2026-01-01' is before start_date '2026-06-01'"]


@pytest.mark.parametrize(
    ("file", "column", "value", "allowed"),
    [
        ("milestones.csv", "actual_date", "2026-03-16", "as_of date (2026-03-15)"),
        ("rollouts.csv", "date", "2026-03-16", "as_of date (2026-03-15)"),
        ("metrics.csv", "month", "2026-04", "as_of month (2026-03)"),
    ],
)
def test_after_as_of(pkg: PackageCopy, file: str, column: str, value: str, allowed: str) -> None:
    line = append_row(pkg, file, **{column: value})
    assert pkg.problems() == [f"{file}:{line}:{column}: '{value}' is after the package's {allowed}"]


@pytest.mark.parametrize("file", ["metrics.csv", "targets.csv"])
def test_percent_above_100(pkg: PackageCopy, file: str) -> None:
    line = append_row(pkg, file, metric="satisfaction", value="100.5")
    assert pkg.problems() == [f"{file}:{line}:value: '100.5' is above 100 for the percent metric 'satisfaction'"]


@pytest.mark.parametrize(
    ("file", "row", "first", "message"),
    [
        (
            "rollouts.csv",
            {"initiative_id": "i2", "region_id": "a", "stage": "live", "date": "2026-01-11"},
            4,
            "duplicate (initiative_id, region_id, stage) = ('i2', 'a', 'live')",
        ),
        (
            "metrics.csv",
            {"initiative_id": "i1", "region_id": "a", "metric": "transactions", "month": "2026-01", "value": "7"},
            2,
            "duplicate (initiative_id, region_id, metric, month) = ('i1', 'a', 'transactions', '2026-01')",
        ),
        ("milestones.csv", {"milestone_id": "m1"}, 2, "duplicate milestone_id 'm1'"),
        ("departments.csv", {"department_id": "dep2"}, 3, "duplicate department_id 'dep2'"),
        ("initiatives.csv", {"initiative_id": "i1"}, 2, "duplicate initiative_id 'i1'"),
    ],
)
def test_duplicate_key(
    strategy: str, pkg: PackageCopy, file: str, row: dict[str, str], first: int, message: str
) -> None:
    line = append_row(pkg, file, **row)
    column = next(iter(row))
    assert pkg.problems() == [f"{file}:{line}:{column}: {message}: first at line {first}; it must be unique"]


@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        (
            "targets.csv",
            {"region_id": ""},
            "initiative_id: duplicate (initiative_id, region_id, metric, month) = ('i1', '', 'users', '2026-12')",
        ),
        (
            "targets.csv",
            {"value": "20"},
            "initiative_id: duplicate (initiative_id, region_id, metric, month) = ('i1', 'p1', 'users', '2026-12')",
        ),
        ("updates.csv", {"date": "2026-02-01"}, "update_id: duplicate update_id 'u1'"),
    ],
)
def test_duplicate_key_in_optional_file(
    strategy: str, pkg: PackageCopy, file: str, row: dict[str, str], message: str
) -> None:
    append_row(pkg, file, **row)
    pkg.append(file, {**VALID_ROW[file], **row})  # line 3
    assert pkg.problems() == [f"{file}:3:{message}: first at line 2; it must be unique"]


def test_rollup_row_for_a_region_and_its_child(strategy: str, pkg: PackageCopy) -> None:
    line = append_row(pkg, "metrics.csv", initiative_id="i1", region_id="p1", metric="transactions", month="2026-01")
    assert pkg.problems() == [
        f"metrics.csv:{line}:region_id: 'p1' has a row for 'i1' 'transactions' 2026-01, and so does its "
        "descendant 'a' (line 2); values roll up the hierarchy, so send one level only"
    ]


def test_rollup_row_for_a_region_and_a_grandchild(strategy: str, pkg: PackageCopy) -> None:
    line = append_row(pkg, "metrics.csv", initiative_id="i3", region_id="c", metric="transactions", month="2026-02")
    assert pkg.problems() == [
        f"metrics.csv:{line}:region_id: 'c' has a row for 'i3' 'transactions' 2026-02, and so does its "
        "descendant 'd' (line 10); values roll up the hierarchy, so send one level only"
    ]


def test_values_at_the_edges_are_accepted(pkg: PackageCopy) -> None:
    """Many valid edge cases in one package (one validation keeps the suite fast)."""
    append_row(pkg, "regions.csv", region_id="A-z_0.9", population="0")
    append_row(pkg, "departments.csv", department_id="x" * 64)
    append_row(pkg, "initiatives.csv", budget="0", open_source="false", website="https://example.org/a?b=c#d")
    append_row(pkg, "initiatives.csv", initiative_id="i10", website="http://example.org", budget="12.5")
    append_row(pkg, "initiatives.csv", initiative_id="i11", start_date="2026-06-01", target_date="2026-06-01")
    append_row(pkg, "milestones.csv", status="blocked", actual_date="2026-03-15")  # as_of itself
    append_row(pkg, "milestones.csv", milestone_id="m10", planned_date="2030-01-01")  # plans may be later
    append_row(pkg, "rollouts.csv", date="2026-03-15")
    for month, value in [("2026-02", "0"), ("2026-01", "12.50"), ("2025-12", ".5"), ("2025-11", "+3")]:
        append_row(pkg, "metrics.csv", month=month, value=value)
    append_row(pkg, "metrics.csv", month="2026-03", metric="satisfaction", value="100")  # as_of's month; 100%
    # roll-up: a region and its child may both have rows for another month, metric or initiative
    append_row(pkg, "metrics.csv", initiative_id="i1", region_id="p1", metric="transactions", month="2026-03")
    append_row(pkg, "metrics.csv", initiative_id="i1", region_id="p1", metric="users", month="2026-01")
    append_row(pkg, "metrics.csv", initiative_id="i3", region_id="p1", metric="transactions", month="2026-01")
    append_row(pkg, "metrics.csv", initiative_id="i1", region_id="p2", metric="transactions", month="2026-01")
    append_row(pkg, "targets.csv", region_id="", month="2030-12")  # targets may lie beyond as_of
    append_row(pkg, "targets.csv", metric="satisfaction", value="100")
    append_row(pkg, "targets.csv", metric="transactions", value="1000000")
    append_row(
        pkg, "funding.csv", currency="USD", committed="10", disbursed="20"
    )  # disbursed > committed: flagged later
    append_row(pkg, "funding.csv", currency="USD", committed="10", disbursed="20")  # funding has no key
    append_row(pkg, "updates.csv", initiative_id="", date="2026-03-15")
    for f in ("package.yaml", "regions.csv", "initiatives.csv", "metrics.csv"):  # a UTF-8 BOM is accepted
        pkg.file(f).write_bytes(b"\xef\xbb\xbf" + pkg.file(f).read_bytes())
    for f in ("package.yaml", "milestones.csv", "metrics.csv", "updates.csv"):  # so are blank trailing lines
        pkg.write(f, pkg.read(f) + "\n\n\n")
    assert pkg.problems() == []


# ---------------------------------------------------------------------------------------------
# formats: .zip, .xlsx, metrics.parquet


def _zip(folder: Path, out: Path, top: str | None) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            zf.write(f, f"{top}/{f.name}" if top else f.name)
    return out


@pytest.mark.parametrize("top", [None, "tiny"], ids=["flat", "top-folder"])
def test_zip_package_is_valid(pkg: PackageCopy, tmp_path: Path, top: str | None) -> None:
    assert pkg.problems(_zip(TINY, tmp_path / "package.zip", top)) == []


def test_zip_package_reports_the_same_lines(pkg: PackageCopy, tmp_path: Path) -> None:
    append_row(pkg, "metrics.csv", month="2026-13")
    assert pkg.problems(_zip(pkg.path, tmp_path / "package.zip", "pkg")) == [
        "metrics.csv:11:month: '2026-13' is not a month (YYYY-MM)"
    ]


def _typed(value: str, col_type: str) -> object:
    """A CSV cell as Excel would hold it: real dates, numbers, booleans."""
    if value == "":
        return None
    if col_type == "date":
        return dt.date.fromisoformat(value)
    if col_type == "month":
        return dt.date.fromisoformat(value + "-01")
    if col_type in ("number", "integer"):
        return float(value) if "." in value else int(value)
    if col_type == "bool":
        return value == "true"
    return value


def write_xlsx(pkg: PackageCopy, out: Path) -> Path:
    """The package as one workbook: a `package` sheet and one typed sheet per table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "package"
    for line in pkg.read("package.yaml").splitlines():
        ws.append([line])
    for f in sorted(pkg.path.glob("*.csv")):
        table = TABLES_BY_NAME[f.stem]
        types = {c.name: c.type for c in table.columns}
        header, rows = pkg.table(f.name)
        sheet = wb.create_sheet(f.stem)
        sheet.append(header)
        for row in rows:
            sheet.append([_typed(v, types.get(h, "text")) for h, v in zip(header, row, strict=True)])
    wb.save(out)
    return out


def test_xlsx_package_is_valid(pkg: PackageCopy, tmp_path: Path) -> None:
    out = write_xlsx(pkg, tmp_path / "tiny.xlsx")
    wb = openpyxl.load_workbook(out)
    assert isinstance(wb["milestones"]["E2"].value, dt.datetime)  # dates really are Excel dates
    assert isinstance(wb["metrics"]["D2"].value, dt.datetime)  # and so are months, on day 1
    assert pkg.problems(out) == []


def test_xlsx_month_as_text_and_date_as_text_are_accepted(pkg: PackageCopy, tmp_path: Path) -> None:
    out = write_xlsx(pkg, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(out)
    wb["metrics"]["D2"] = "2026-01"
    wb["milestones"]["E2"] = "2025-06-01"
    wb.save(out)
    assert pkg.problems(out) == []


def test_xlsx_bad_cell_reports_the_sheet_row(pkg: PackageCopy, tmp_path: Path) -> None:
    out = write_xlsx(pkg, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["regions"]
    ws.insert_rows(3)  # an empty row 3: rows below move down, and are still reported by sheet row
    ws["F6"] = "abc"  # the row of 'b', now row 6
    wb["metrics"]["D3"] = dt.date(2026, 1, 15)  # a month typed as a date not on day 1
    wb["milestones"]["E3"] = dt.datetime(2025, 12, 1, 10, 30)  # a date with a time of day
    wb.save(out)
    assert pkg.problems(out) == [
        "regions.csv:6:population: 'abc' is not a whole number",
        "milestones.csv:3:planned_date: '2025-12-01 10:30:00' is not a date (YYYY-MM-DD)",
        "metrics.csv:3:month: '2026-01-15' is not a month (YYYY-MM)",
    ]


def test_xlsx_package_sheet_problems(pkg: PackageCopy, tmp_path: Path) -> None:
    pkg.write("package.yaml", pkg.read("package.yaml") + "demo: maybe\n")
    out = write_xlsx(pkg, tmp_path / "p.xlsx")
    assert pkg.problems(out) == ["package.yaml:14:demo: 'maybe' is not true or false"]


def test_xlsx_unknown_sheet(pkg: PackageCopy, tmp_path: Path) -> None:
    out = write_xlsx(pkg, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(out)
    wb.create_sheet("milestone")["A1"] = "milestone_id"
    wb.save(out)
    line = only(pkg.problems(out))
    assert line.startswith("milestone::: unknown sheet (allowed: package, regions, departments,")


def test_xlsx_missing_required_sheet(pkg: PackageCopy, tmp_path: Path) -> None:
    out = write_xlsx(pkg, tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(out)
    del wb["departments"]
    wb.save(out)
    assert pkg.problems(out) == ["departments.csv::: required file is missing"]


@pytest.mark.parametrize("month_as_date", [False, True], ids=["month-text", "month-date"])
def test_metrics_parquet_is_valid(pkg: PackageCopy, month_as_date: bool) -> None:
    month = "CAST(month || '-01' AS DATE) AS month" if month_as_date else "month"
    select = f"initiative_id, region_id, metric, {month}, CAST(value AS DOUBLE) AS value, source"
    _write_parquet(pkg.file("metrics.csv"), pkg.file("metrics.parquet"), select)
    pkg.remove("metrics.csv")
    assert pkg.problems() == []


@pytest.mark.parametrize(
    ("month", "shown"),
    [
        ("CAST(month || '-15' AS DATE)", "2026-01-15"),
        ("CAST(month || '-01 10:30:00' AS TIMESTAMP)", "2026-01-01 10:30:00"),
    ],
)
def test_metrics_parquet_month_as_a_date_not_on_day_1(pkg: PackageCopy, month: str, shown: str) -> None:
    select = f"initiative_id, region_id, metric, {month} AS month, CAST(value AS DOUBLE) AS value, source"
    _write_parquet(pkg.file("metrics.csv"), pkg.file("metrics.parquet"), select)
    pkg.remove("metrics.csv")
    problems = pkg.problems(max_per_rule=1)
    assert problems[0] == f"metrics.parquet:2:month: '{shown}' is not a month (YYYY-MM)"


def test_metrics_parquet_bad_value_reports_data_row_plus_2(pkg: PackageCopy) -> None:
    pkg.set_cell("metrics.csv", 5, "value", "-1")  # data row index 3
    pkg.set_cell("metrics.csv", 8, "metric", "visits")  # data row index 6
    select = "initiative_id, region_id, metric, month, CAST(value AS DOUBLE) AS value, source"
    _write_parquet(pkg.file("metrics.csv"), pkg.file("metrics.parquet"), select)
    pkg.remove("metrics.csv")
    assert pkg.problems() == [
        "metrics.parquet:5:value: '-1.0' is negative; it must be 0 or more",
        "metrics.parquet:8:metric: 'visits' is not a valid metric of package.yaml metrics "
        "(allowed: transactions, satisfaction, users)",
    ]


def test_metrics_parquet_unknown_and_missing_columns(pkg: PackageCopy) -> None:
    _write_parquet(pkg.file("metrics.csv"), pkg.file("metrics.parquet"), "* EXCLUDE (value), 1 AS amount")
    pkg.remove("metrics.csv")
    problems = pkg.problems()
    assert problems[0].startswith("metrics.parquet:1:amount: unknown column 'amount' (allowed: ")
    assert problems[1:] == ["metrics.parquet:1:value: required column is missing"]


# ---------------------------------------------------------------------------------------------
# the command line and the listing cap


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shafaf", "validate", "--quiet", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_valid_exits_0() -> None:
    r = run_cli(str(TINY))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "valid" in r.stdout and "0 problems" in r.stdout


def test_cli_invalid_exits_1_and_ends_with_the_count(pkg: PackageCopy) -> None:
    append_row(pkg, "metrics.csv", month="2026-13")
    append_row(pkg, "regions.csv", population="-3")
    r = run_cli(str(pkg.path))
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout.splitlines() == [
        "regions.csv:8:population: '-3' is negative; it must be 0 or more",
        "metrics.csv:11:month: '2026-13' is not a month (YYYY-MM)",
        f"2 problems found in {pkg.path}",
    ]


@pytest.mark.parametrize(
    "args", [[], ["/no/such/package"], ["pyproject.toml"]], ids=["no-path", "missing", "not-a-package"]
)
def test_cli_usage_error_exits_2(args: list[str]) -> None:
    r = run_cli(*args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "usage:" in r.stderr


def _five_bad_statuses(pkg: PackageCopy) -> None:
    for i in range(5):  # lines 5-9
        append_row(pkg, "initiatives.csv", initiative_id=f"x{i}", status="done")


def test_cli_listing_cap(pkg: PackageCopy) -> None:
    _five_bad_statuses(pkg)
    r = run_cli("--max-per-rule", "2", str(pkg.path))
    assert r.returncode == 1
    msg = "'done' is not a valid status (allowed: planned, in_progress, live, paused, cancelled)"
    assert r.stdout.splitlines() == [
        f"initiatives.csv:5:status: {msg}",
        f"initiatives.csv:6:status: {msg}",
        "initiatives.csv:6:status: ... and 3 more rows with the same problem (--max-per-rule 0 lists them all)",
        f"5 problems found in {pkg.path}",
    ]


def test_listing_cap_zero_lists_all(pkg: PackageCopy) -> None:
    _five_bad_statuses(pkg)
    assert len(pkg.problems(max_per_rule=0)) == 5


@pytest.mark.parametrize(
    ("file", "rows", "more"),
    [
        (
            "metrics.csv",
            [{"month": f"2026-{m}"} for m in ("13", "14", "15", "16", "17")],
            "more rows with the same problem",
        ),
        ("rollouts.csv", [{"date": f"2026-01-0{d}"} for d in range(1, 7)], "more duplicate rows"),
    ],
)
def test_listing_cap_in_process(pkg: PackageCopy, file: str, rows: list[dict[str, str]], more: str) -> None:
    for row in rows:
        append_row(pkg, file, **row)
    problems = pkg.problems(max_per_rule=2)
    assert len(problems) == 3
    assert problems[2].startswith(f"{file}:{problems[1].split(':')[1]}:")
    assert f"... and 3 {more}" in problems[2]
