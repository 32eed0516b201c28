"""The /publish page: upload a package, see its problems or its preview, publish it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from shafaf.auth.model import Official
from shafaf.auth.ui import OfficialsView
from shafaf.fmt import md, plural
from shafaf.i18n import t
from shafaf.officials import desk
from shafaf.settings import load_settings
from shafaf.site_build import snapshot_site
from shafaf.store.deployment import LockTimeout, StoreError
from shafaf.store.preview import Preview

PREVIEW_KEY = "desk.preview"  # {"sha": upload hash, "who": preview_owner(official), "preview": Preview}
PUBLISHED_KEY = "desk.published"  # {"sha": upload hash, "snapshot_id": ...}
OVERVIEW = str(Path(__file__).resolve().parents[2] / "pages" / "public" / "overview.py")


def max_upload_bytes() -> int:
    """The upload limit: the server's `server.maxUploadSize` (MB), enforced here again on the bytes."""
    return int(st.get_option("server.maxUploadSize")) * 2**20


def preview_owner(official: Official) -> tuple[str, str, tuple[str, ...] | None]:
    """Whom a preview was made for: another official in the same session (a sign-out, then a sign-in) previews again."""
    deps = None if official.departments is None else tuple(sorted(official.departments))
    return (official.username, official.role, deps)


def show_problems(problems: list, lang: str, *, key: str) -> None:
    """Every problem as a table (plain text, never markdown) with a count and a CSV report."""
    st.dataframe(desk.problems_frame(problems, lang), hide_index=True, key=f"{key}.table")
    st.download_button(
        t("desk.download_report", lang),
        data=desk.problems_csv(problems),
        file_name="problems.csv",
        mime="text/csv",
        key=f"{key}.download",
        icon=":material/download:",
    )


def show_preview(p: Preview, departments: frozenset[str] | None, lang: str) -> None:
    """What publishing would change: removals by name first, then counts, re-plans, status changes, rows."""
    c = p.changes
    assert c is not None
    st.header(t("desk.preview", lang))
    if p.previous_snapshot_id:
        st.caption(t("desk.preview_against", lang, snapshot=p.previous_snapshot_id))
    else:
        st.caption(t("desk.preview_first", lang))
    if c.nothing:
        st.info(t("desk.no_changes", lang))
    removed = desk.removals(c, p.as_of)
    total_removed = sum(tc.removed - len(desk.replaced_keys(c, n)) for n, tc in c.tables.items())
    if total_removed:
        st.markdown(f"**{t('desk.removals', lang, n=total_removed)}**")
        if total_removed > len(removed):
            st.caption(t("desk.rows_limited", lang, n=len(removed)))
        st.dataframe(desk.removals_frame(removed, lang), hide_index=True, key="desk.removals")
    counts = desk.counts_frame(c, lang)
    if len(counts):
        st.markdown(f"**{t('desk.counts', lang)}**")
        st.dataframe(counts, hide_index=True, key="desk.counts")
    st.markdown(f"**{t('desk.departments', lang)}**")
    st.dataframe(desk.departments_frame(c, departments, lang), hide_index=True, key="desk.departments")
    if len(c.replans):
        st.markdown(f"**{t('desk.replans', lang, n=len(c.replans))}**")
        st.dataframe(
            c.replans.astype("string").set_axis(
                [t(f"desk.col_{k}", lang) for k in ("milestone", "initiative", "old_date", "new_date")], axis=1
            ),
            hide_index=True,
            key="desk.replans",
        )
    if len(c.status_changes):
        st.markdown(f"**{t('desk.status_changes', lang, n=len(c.status_changes))}**")
        st.dataframe(
            c.status_changes.astype("string").set_axis(
                [t(f"desk.col_{k}", lang) for k in ("entity", "key", "initiative", "old_status", "new_status")],
                axis=1,
            ),
            hide_index=True,
            key="desk.status",
        )
    if c.yaml:
        st.markdown(f"**{t('desk.yaml_changes', lang)}**")
        st.dataframe(desk.yaml_frame(c, lang), hide_index=True, key="desk.yaml")
    for name, tc in c.tables.items():
        if tc.total:
            with st.expander(
                t("desk.rows_of", lang, table=f"{name}.csv", new=tc.new, changed=tc.changed, removed=tc.removed)
            ):
                if tc.total > len(tc.rows):
                    st.caption(t("desk.rows_limited", lang, n=len(tc.rows)))
                st.dataframe(desk.rows_frame(c, name, lang), hide_index=True, key=f"desk.rows.{name}")


def body(view: OfficialsView) -> None:
    """Upload, check, preview, publish."""
    lang, official = view.lang, view.official
    assert official is not None
    settings = load_settings()
    limit = max_upload_bytes()
    st.markdown(t("desk.intro", lang, max_mb=limit // 2**20))
    upload = st.file_uploader(t("desk.upload", lang), type=["zip", "xlsx"], key="desk.upload")
    if upload is None:
        st.session_state.pop(PREVIEW_KEY, None)
        return
    data = upload.getvalue()
    sha = desk.upload_sha256(data)
    done = st.session_state.get(PUBLISHED_KEY)
    if done and done["sha"] == sha:
        st.success(t("desk.published", lang, snapshot=done["snapshot_id"]), icon=":material/check_circle:")
        st.page_link(OVERVIEW, label=t("desk.see_overview", lang), icon=":material/dashboard:")
        return
    state = st.session_state.get(PREVIEW_KEY)
    # the preview's refusals are for the departments of whoever previewed: never reuse it for someone else
    if not state or state["sha"] != sha or state.get("who") != preview_owner(official):
        try:
            with st.status(t("desk.checking", lang), expanded=False) as status:
                preview = desk.check_upload(
                    upload.name,
                    data,
                    settings.database,
                    departments=official.departments,
                    max_bytes=limit,
                    memory_limit=settings.load_memory_limit,
                )
                status.update(label=t("desk.checked", lang), state="complete")
        except desk.UploadError as e:
            st.error(t(f"desk.{e.key}", lang, **e.values), icon=":material/error:")
            return
        state = {"sha": sha, "who": preview_owner(official), "preview": preview}
        st.session_state[PREVIEW_KEY] = state
    preview: Preview = state["preview"]
    if not preview.valid:
        st.error(plural("desk.problems_found", preview.total_problems, lang), icon=":material/error:")
        show_problems(preview.problems, lang, key="desk.problems")
        return
    st.success(t("desk.valid", lang), icon=":material/task_alt:")
    show_preview(preview, official.departments, lang)
    if preview.refused:
        st.error(plural("desk.not_yours", preview.refused_total, lang), icon=":material/block:")
        show_problems(preview.refused, lang, key="desk.refused")
    assert preview.changes is not None
    if preview.previous_snapshot_id and preview.changes.nothing:
        st.error(t("desk.nothing_changed", lang, snapshot=preview.previous_snapshot_id), icon=":material/block:")
    reasons = ask_reasons(preview, lang)
    confirmed, confirmation = ask_confirmation(preview, lang)
    blocker = desk.publish_blocker(preview, confirmed=confirmed, confirmation=confirmation)
    help_text = None if blocker is None else t(f"desk.blocked_{blocker}", lang)
    if st.button(
        t("desk.publish", lang),
        type="primary",
        disabled=blocker is not None,
        help=help_text,
        key="desk.publish",
        icon=":material/publish:",
    ):
        publish(upload.name, data, sha, preview, view, reasons=reasons, confirmed=confirmed, confirmation=confirmation)


def ask_reasons(preview: Preview, lang: str) -> dict[str, str]:
    """A reason field per withdrawal and per re-plan without a change_note; the reasons given, by key."""
    assert preview.changes is not None
    asks = desk.reason_requests(preview.changes, preview.as_of)
    if not asks:
        return {}
    st.subheader(t("desk.reasons_title", lang))
    st.markdown(t("desk.reasons_help", lang))
    out: dict[str, str] = {}
    for i, a in enumerate(asks):
        if a.kind == "withdrawn":
            label = t("desk.ask_withdrawn_late" if a.detail else "desk.ask_withdrawn", lang, name=a.name, days=a.detail)
        else:
            label = t("desk.ask_replanned", lang, name=a.name, dates=a.detail)
        value = st.text_input(md(label), max_chars=desk.REASON_MAX_CHARS, key=f"desk.reason.{i}")
        if value.strip():
            out[a.key] = value
    return out


def ask_confirmation(preview: Preview, lang: str) -> tuple[bool, str | None]:
    """For a destructive package: why it is, a confirmation box and the reason (else (False, None))."""
    assert preview.changes is not None
    d = desk.destruction(preview.changes, preview.previous_counts, preview.as_of)
    if not d.destructive:
        return False, None
    lines = [t("desk.destructive", lang)]
    if d.overdue_withdrawn or d.unlisted_milestones:
        lines.append("- " + plural("desk.destructive_overdue", len(d.overdue_withdrawn) + d.unlisted_milestones, lang))
    lines += [
        "- " + t("desk.destructive_share", lang, table=f"{n}.csv", removed=r, total=total)
        for n, r, total in d.big_removals
    ]
    st.warning("\n".join(lines), icon=":material/warning:")
    confirmed = st.checkbox(t("desk.confirm", lang), key="desk.confirm")
    reason = st.text_area(t("desk.confirm_reason", lang), max_chars=desk.REASON_MAX_CHARS, key="desk.confirm_reason")
    return confirmed, reason


def publish(
    name: str,
    data: bytes,
    sha: str,
    preview: Preview,
    view: OfficialsView,
    *,
    reasons: dict[str, str] | None = None,
    confirmed: bool = False,
    confirmation: str | None = None,
) -> None:
    """Publish the previewed upload with the same code as `load`; show the outcome."""
    lang, official = view.lang, view.official
    assert official is not None
    settings = load_settings()
    if desk.publish_blocker(preview, confirmed=confirmed, confirmation=confirmation) is not None:
        st.error(t("desk.refused", lang), icon=":material/block:")  # the button was disabled: never publish
        return
    try:
        with st.status(t("desk.publishing", lang), expanded=True) as status:
            steps = st.empty()
            result = desk.publish_upload(
                name,
                data,
                settings.database,
                actor=desk.actor_of(official.username, official.display_name, official.departments),
                expected_previous=preview.previous_snapshot_id,
                max_bytes=max_upload_bytes(),
                lock_wait_seconds=settings.lock_wait_seconds,
                memory_limit=settings.load_memory_limit,
                progress=lambda _m: steps.caption(t("desk.working", lang)),
                reasons=reasons,
                confirmation=confirmation
                if desk.destruction(preview.changes, preview.previous_counts, preview.as_of).destructive
                else None,
                extras=snapshot_site(lambda _m: None) if settings.static_site else None,
            )
            status.update(
                label=t("desk.publish_done" if result.snapshot_id else "desk.publish_refused", lang),
                state="complete" if result.snapshot_id else "error",
            )
    except LockTimeout:
        st.error(t("desk.busy", lang), icon=":material/hourglass:")
        return
    except (StoreError, desk.UploadError):
        st.error(t("desk.failed", lang), icon=":material/error:")
        return
    if result.snapshot_id:
        st.session_state.pop(PREVIEW_KEY, None)
        st.session_state[PUBLISHED_KEY] = {"sha": sha, "snapshot_id": result.snapshot_id}
        st.success(t("desk.published", lang, snapshot=result.snapshot_id), icon=":material/check_circle:")
        st.page_link(OVERVIEW, label=t("desk.see_overview", lang), icon=":material/dashboard:")
        return
    st.session_state.pop(PREVIEW_KEY, None)  # the next rerun previews again against the current snapshot
    key = {"stale": "desk.refused_stale", "unchanged": "desk.refused_unchanged"}.get(
        result.refused or "", "desk.refused"
    )
    st.error(t(key, lang), icon=":material/block:")
    show_problems(result.problems, lang, key="desk.publish_problems")
