"""The command line: validate, load, rollback, summary, view, export (contract section 5); site (docs/site.md); account (docs/officials.md).

Exit codes: 0 success; 1 the package is invalid or the work failed (nothing was changed);
2 usage error (bad arguments, a path that does not exist, an unknown region).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from shafaf.auth.commands import add_parser as add_account_parser
from shafaf.auth.commands import cmd_account
from shafaf.contract.package import open_package
from shafaf.contract.problems import PackageError
from shafaf.contract.validate import DEFAULT_MAX_PER_RULE, connect_staging, validate_raw
from shafaf.export import ExportError, export_snapshot
from shafaf.feedback.model import Limits
from shafaf.feedback.store import FeedbackStoreError, open_store
from shafaf.reads import Reads
from shafaf.settings import SettingsError, load_settings
from shafaf.site import is_site, replace_site
from shafaf.site_build import build_current, snapshot_site
from shafaf.store.audit import Actor
from shafaf.store.deployment import ID_RE, StoreError
from shafaf.store.publish import load_package, rollback
from shafaf.store.reader import open_snapshot
from shafaf.summary import UnknownRegion, compute_summary
from shafaf.views import VIEWS, UnknownPage, module, render_json
from shafaf.views.base import BadParam, UnknownId

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
PACKAGE_SUFFIXES = {".zip", ".xlsx"}


class Progress:
    """Progress lines on stderr with elapsed seconds, so long loads show they are alive."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.monotonic()

    def __call__(self, message: str) -> None:
        """Print one progress line."""
        if not self.quiet:
            print(f"[{time.monotonic() - self.t0:6.1f}s] {message}", file=sys.stderr, flush=True)


def _package_arg(value: str) -> Path:
    p = Path(value)
    if not p.exists():
        raise argparse.ArgumentTypeError(f"{value}: no such file or folder")
    if p.is_file() and p.suffix.lower() not in PACKAGE_SUFFIXES:
        raise argparse.ArgumentTypeError(f"{value}: a package is a folder, a .zip of one, or one .xlsx workbook")
    return p


def _snapshot_arg(value: str) -> str:
    v = value.strip()
    if v.isdigit() and len(v) <= 6:
        v = v.zfill(6)
    if not ID_RE.fullmatch(v):
        raise argparse.ArgumentTypeError(f"{value}: a snapshot id is a number such as 000003")
    return v


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m shafaf", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, db: bool = True) -> None:
        if db:
            p.add_argument(
                "--db", type=Path, help="published database path (default: config.yaml database, or SHAFAF_DB)"
            )
        p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")

    p = sub.add_parser("validate", help="report every problem in a package; change nothing")
    p.add_argument("package", type=_package_arg, help="package folder, .zip or .xlsx")
    p.add_argument(
        "--max-per-rule", type=int, default=DEFAULT_MAX_PER_RULE, help="rows listed per rule and column (0: all)"
    )
    common(p, db=False)

    p = sub.add_parser("load", help="validate, then publish a new snapshot atomically")
    p.add_argument("package", type=_package_arg)
    p.add_argument("--wait", type=float, help="seconds to wait for another load (default: config lock_wait_seconds)")
    p.add_argument("--max-per-rule", type=int, default=DEFAULT_MAX_PER_RULE)
    p.add_argument("--by", help="your name, for the publication record (default: your login name)")
    p.add_argument(
        "--allow-unchanged",
        action="store_true",
        help="publish even a package identical to the current snapshot (refused by default: nothing changed)",
    )
    common(p)

    p = sub.add_parser("rollback", help="publish an earlier snapshot's package again, as a new snapshot")
    p.add_argument("snapshot_id", type=_snapshot_arg, help="the earlier snapshot's id, e.g. 000003")
    p.add_argument("--wait", type=float, help="seconds to wait for another load (default: config lock_wait_seconds)")
    p.add_argument("--by", help="your name, for the publication record (default: your login name)")
    common(p)

    p = sub.add_parser("summary", help="headline figures of a region (section 4 methodology)")
    p.add_argument("--region", help="region id (default: the root)")
    p.add_argument("--json", action="store_true", help="print JSON with the keys of contract section 5")
    p.add_argument("--snapshot", help="an earlier snapshot id (default: the current one)")
    common(p)

    p = sub.add_parser("view", help="a public page's content as JSON (its view model; docs/api.md)")
    p.add_argument("page", help=f"the page's URL path: {', '.join(VIEWS)}")
    p.add_argument("--region", help="region id (default: where the app opens)")
    p.add_argument("--department", help="department id")
    p.add_argument("--initiative", help="initiative id (the Initiative page's service)")
    p.add_argument("--lang", default="en", help="en, ur or ps (default: en)")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="one of the page's own URL parameters (docs/api.md), e.g. --param measure=adoption; repeatable",
    )
    p.add_argument("--snapshot", help="an earlier snapshot id (default: the current one)")
    common(p)

    p = sub.add_parser("site", help="the static edition: every public page as plain HTML, with feeds (docs/site.md)")
    p.add_argument("out_dir", type=Path, nargs="?", help="a new or empty folder, or a site built before (replaced)")
    p.add_argument("--snapshot", help="an earlier snapshot id (default: the current one)")
    p.add_argument(
        "--current",
        action="store_true",
        help="instead of OUT_DIR: into the current snapshot's folder, where the server's /site/ serves it",
    )
    p.add_argument("--if-missing", action="store_true", help="with --current: only when that snapshot has no site")
    p.add_argument(
        "--base-url", help="the site's public address, e.g. https://example.org/site/ (absolute sitemap locations)"
    )
    common(p)

    p = sub.add_parser("export", help="the current snapshot as CSV + datapackage.json")
    p.add_argument("out_dir", type=Path, help="a new or empty folder")
    common(p)

    add_account_parser(sub)
    return ap


def _print_problems(problems: list, total: int, package: Path) -> None:
    for p in problems:
        print(p)
    print(f"{total:,} problem{'s' if total != 1 else ''} found in {package}")


def cmd_validate(args: argparse.Namespace, say: Progress) -> int:
    """Validate a package."""
    settings = load_settings()
    with open_package(args.package) as pkg:
        con = connect_staging(settings.load_memory_limit)
        try:
            v = validate_raw(pkg, con, max_per_rule=args.max_per_rule, progress=say)
        finally:
            con.close()
    if v.ok:
        print(f"{args.package}: valid (as of {v.meta.as_of}; 0 problems)")
        return EXIT_OK
    _print_problems(v.problems, v.total_problems, args.package)
    return EXIT_FAIL


def cmd_load(args: argparse.Namespace, say: Progress) -> int:
    """Validate and publish."""
    settings = load_settings()
    db = args.db or settings.database
    wait = settings.lock_wait_seconds if args.wait is None else args.wait
    result = load_package(
        args.package,
        db,
        lock_wait_seconds=wait,
        memory_limit=settings.load_memory_limit,
        max_per_rule=args.max_per_rule,
        progress=say,
        by=Actor.command_line(args.by),
        allow_unchanged=args.allow_unchanged,
        extras=snapshot_site(say) if settings.static_site else None,
    )
    if result.refused == "unchanged":
        print(result.problems[0].message)
        print("nothing was published; the current snapshot is unchanged (--allow-unchanged publishes it anyway)")
        return EXIT_FAIL
    if result.snapshot_id is None:
        _print_problems(result.problems, result.total_problems, args.package)
        print("nothing was published; the current snapshot is unchanged")
        return EXIT_FAIL
    rows = ", ".join(f"{k} {v:,}" for k, v in result.counts.items() if v)
    print(f"published snapshot {result.snapshot_id} at {db} ({rows})")
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace, say: Progress) -> int:
    """Publish an earlier snapshot's package again as a new snapshot."""
    settings = load_settings()
    db = args.db or settings.database
    wait = settings.lock_wait_seconds if args.wait is None else args.wait
    result = rollback(
        db,
        args.snapshot_id,
        by=Actor.command_line(args.by),
        lock_wait_seconds=wait,
        memory_limit=settings.load_memory_limit,
        progress=say,
        extras=snapshot_site(say) if settings.static_site else None,
    )
    if result.snapshot_id is None:
        _print_problems(result.problems, result.total_problems, Path(f"snapshot {args.snapshot_id}"))
        print("nothing was published; the current snapshot is unchanged")
        return EXIT_FAIL
    print(f"published snapshot {result.snapshot_id} at {db}: a roll-back to snapshot {args.snapshot_id}")
    return EXIT_OK


def _fmt(v: object) -> str:
    if v is None:
        return "no data"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def cmd_summary(args: argparse.Namespace, say: Progress) -> int:
    """Print the headline figures."""
    settings = load_settings()
    snap = open_snapshot(args.db or settings.database, args.snapshot)
    try:
        s = compute_summary(snap.con, args.region)
    finally:
        snap.close()
    if args.json:
        print(json.dumps(s, indent=2, ensure_ascii=False))
        return EXIT_OK
    ms = s["milestones"]
    print(f"Region {s['region_id']}, data as of {s['as_of']} (snapshot {snap.snapshot_id})")
    print(f"  initiatives: {s['initiatives']} ({s['initiatives_live']} live)")
    print(f"  regions reached: {s['regions_reached']} of {s['leaf_regions']}")
    print(
        "  milestones: "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in ms.items())
        + f"; on-time rate {_fmt(None if s['on_time_rate'] is None else round(100 * s['on_time_rate'], 1))}%"
    )
    for metric, h in s["metrics"].items():
        print(
            f"  {metric}: {_fmt(h['value'])} in {h['month'] or 'no month'} "
            f"(previous month {_fmt(h['previous_value'])}; per 1,000 people {_fmt(h['per_1000'])})"
        )
    return EXIT_OK


def cmd_view(args: argparse.Namespace, say: Progress) -> int:
    """Print a page's view model as JSON; exit 1 on an unknown page, id or parameter value."""
    params: dict[str, str | None] = {
        "lang": args.lang,
        "region": args.region,
        "department": args.department,
        "initiative": args.initiative,
    }
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f"error: --param takes NAME=VALUE, not {item!r}", file=sys.stderr)
            return EXIT_USAGE
        params[name] = value
    try:
        module(args.page)
    except UnknownPage as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAIL
    settings = load_settings()
    snap = open_snapshot(args.db or settings.database, args.snapshot)
    try:
        doc = render_json(Reads(snap.con, snap.snapshot_id, snap.path), args.page, params)
    except (UnknownId, BadParam) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        snap.close()
    print(json.dumps(doc, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_site(args: argparse.Namespace, say: Progress) -> int:
    """Write the static edition; exit 1 on a folder that is neither empty nor a site built before."""
    if args.current or args.out_dir is None:
        return _site_current(args, say)
    if args.if_missing:
        print("error: --if-missing goes with --current", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out_dir)
    if out.exists() and not out.is_dir():
        print(f"error: {out} is a file, not a folder", file=sys.stderr)
        return EXIT_FAIL
    if out.exists() and any(out.iterdir()) and not is_site(out):
        print(
            f"error: {out} is not empty and is not a site built by shafaf; choose a new or empty folder",
            file=sys.stderr,
        )
        return EXIT_FAIL
    settings = load_settings()
    snap = open_snapshot(args.db or settings.database, args.snapshot)
    t0 = time.monotonic()
    try:
        result = replace_site(Reads(snap.con, snap.snapshot_id, snap.path), out, say, args.base_url)
    finally:
        snap.close()
    page, size = result.largest_gzip
    print(
        f"built the static edition of snapshot {result.snapshot_id} in {out}: {sum(result.pages.values())} pages, "
        f"{result.files} files, {result.bytes / 1e6:.1f} MB, {time.monotonic() - t0:.1f} s; "
        f"largest page {page} ({size / 1000:.1f} KB gzipped)"
    )
    if result.skipped:
        print(f"not built (their views are not in this version yet): {', '.join(result.skipped)}")
    return EXIT_OK


def _site_current(args: argparse.Namespace, say: Progress) -> int:
    """`site --current`: the current snapshot's own edition, served by the running server at /site/."""
    if args.out_dir is not None or args.snapshot or not args.current:
        print("error: give either OUT_DIR (and --snapshot) or --current", file=sys.stderr)
        return EXIT_USAGE
    settings = load_settings()
    t0 = time.monotonic()
    sid, folder, result = build_current(
        Path(args.db or settings.database),
        say,
        if_missing=args.if_missing,
        base_url=args.base_url,
        lock_wait_seconds=settings.lock_wait_seconds,
    )
    if result is None:
        print(f"the static edition of snapshot {sid} is already built in {folder}; served at /site/")
        return EXIT_OK
    print(
        f"built the static edition of snapshot {sid} in {folder}: {sum(result.pages.values())} pages, "
        f"{result.files} files, {time.monotonic() - t0:.1f} s; served at /site/"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace, say: Progress) -> int:
    """Write the open-data package."""
    settings = load_settings()
    db = Path(args.db or settings.database)
    snap = open_snapshot(db)
    limits = Limits(settings.feedback_per_address_per_hour, settings.feedback_per_service_per_hour)
    feedback = open_store(settings.feedback_database, db.absolute().parent, limits)
    try:
        d = export_snapshot(snap, args.out_dir, say, feedback=feedback)
    finally:
        snap.close()
    print(f"exported snapshot {snap.snapshot_id} ({len(d['resources'])} tables) to {args.out_dir}")
    return EXIT_OK


COMMANDS = {
    "validate": cmd_validate,
    "load": cmd_load,
    "rollback": cmd_rollback,
    "summary": cmd_summary,
    "view": cmd_view,
    "export": cmd_export,
    "site": cmd_site,
    "account": cmd_account,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command; every expected failure is a message, never a traceback."""
    args = _parser().parse_args(argv)
    say = Progress(args.quiet)
    try:
        return COMMANDS[args.command](args, say)
    except (SettingsError, UnknownRegion) as e:
        msg = f"unknown region {e.args[0]!r}" if isinstance(e, UnknownRegion) else str(e)
        print(f"error: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except PackageError as e:
        print(f"{Path(args.package).name}::: {e}")
        print(f"1 problem found in {args.package}")
        return EXIT_FAIL
    except (StoreError, ExportError, FeedbackStoreError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("interrupted; nothing was published", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
