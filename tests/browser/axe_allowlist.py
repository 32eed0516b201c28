"""axe-core on a page, and the allow-list of violations that Streamlit's own markup causes.

axe runs offline: axe-playwright-python bundles axe.min.js in its wheel. Every violation node is
ours unless an entry below names its rule and a CSS selector of Streamlit's own markup that the
node sits inside, with the reason the app cannot fix it. Entries are matched in the page itself
(`element.closest(selector)`), so an entry never hides a node of our content by accident. See
docs/accessibility.md; when Streamlit fixes one upstream, delete the entry (the suite then tells
whether the problem is gone).

Which results fail the suite: any `serious` or `critical` violation in our content, and any
violation of the rules the issue names whatever axe's impact (RULES_ALWAYS_CHECKED).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# the rules the issue names (headings in order, lang and dir right, one title) fail at any impact
RULES_ALWAYS_CHECKED = frozenset(
    {"heading-order", "page-has-heading-one", "html-has-lang", "html-lang-valid", "valid-lang", "document-title"}
)
FAILING_IMPACTS = frozenset({"serious", "critical"})


@dataclass(frozen=True)
class Allowed:
    """A violation Streamlit's markup causes and the app cannot fix: rule id, where, and why."""

    rule: str
    within: str  # a CSS selector of Streamlit's own markup; the node must be this element or inside it
    why: str
    upstream: str = ""  # the Streamlit (or Plotly) issue that tracks it, when there is one


# Streamlit 1.67.0 / plotly.js 4.1, measured with axe-core as bundled by axe-playwright-python 0.1.8
# on every page x {en, ur, ps}, at 390x844 and 1280x900, with the chart tables opened.
ALLOWED: tuple[Allowed, ...] = ()


@dataclass
class Node:
    """One element a rule flagged."""

    rule: str
    impact: str
    help: str
    target: str
    html: str
    summary: str
    allowed_by: str = ""  # the `within` selector of the allow-list entry that covers it

    def describe(self) -> str:
        """One line for an assertion message."""
        return f"{self.rule} ({self.impact}) at {self.target}: {self.html[:160]} -- {self.summary[:220]}"


@dataclass
class AxeReport:
    """axe's violations on one page, split into ours and Streamlit's (allow-listed)."""

    url: str
    nodes: list[Node] = field(default_factory=list)

    @property
    def ours(self) -> list[Node]:
        """Violations in our content."""
        return [n for n in self.nodes if not n.allowed_by]

    @property
    def failing(self) -> list[Node]:
        """Violations of ours that fail the suite: serious/critical, or a rule the issue names."""
        return [n for n in self.ours if n.impact in FAILING_IMPACTS or n.rule in RULES_ALWAYS_CHECKED]

    @property
    def streamlits(self) -> list[Node]:
        """Violations the allow-list attributes to Streamlit's markup."""
        return [n for n in self.nodes if n.allowed_by]

    def as_json(self) -> dict[str, Any]:
        """For the report written beside the screenshots."""
        return {
            "url": self.url,
            "failing": [vars(n) for n in self.failing],
            "ours_not_failing": [vars(n) for n in self.ours if n not in self.failing],
            "allowed_streamlit": [vars(n) for n in self.streamlits],
        }


# Is the node (a CSS selector axe wrote) inside `within`? A node that cannot be found is not allowed.
_WITHIN = """([target, within]) => {
  const el = document.querySelector(target);
  return !!el && !!el.closest(within);
}"""


def _target(node: dict[str, Any]) -> str | None:
    """axe's selector for a node in the top document (None for one inside an iframe or shadow root)."""
    t = node.get("target") or []
    if len(t) == 1 and isinstance(t[0], str):
        return t[0]
    return None


def classify(page: Any, violations: list[dict[str, Any]], url: str) -> AxeReport:
    """Every violation node, with the allow-list entry (if any) that covers it."""
    report = AxeReport(url)
    for v in violations:
        for raw in v["nodes"]:
            target = _target(raw)
            node = Node(
                rule=v["id"],
                impact=raw.get("impact") or v.get("impact") or "",
                help=v["help"],
                target=str(raw.get("target")),
                html=raw.get("html", ""),
                summary=" ".join((raw.get("failureSummary") or "").split()),
            )
            for entry in ALLOWED:
                if entry.rule == v["id"] and target and page.evaluate(_WITHIN, [target, entry.within]):
                    node.allowed_by = entry.within
                    break
            report.nodes.append(node)
    return report


def run_axe(page: Any) -> AxeReport:
    """Run every axe rule (WCAG 2.0/2.1 A and AA and best practices) on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return classify(page, results.response["violations"], page.url)
