"""The page registry shared by the app and the tests; URL paths here are public and must not change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shafaf.auth.model import Official

FAVICON = Path(__file__).parent / "assets" / "favicon.png"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, title, URL path and icon; officials' pages name the role the menu shows them to."""

    path: str
    title: str
    url_path: str  # the default page is also served at "/"
    icon: str
    default: bool = False
    # None: in everyone's menu. "publisher"/"admin": in the menu of a signed-in official with that role;
    # the page itself still checks (shafaf.auth.require_official), hiding it from the menu protects nothing
    role: str | None = None

    @property
    def key(self) -> str:
        """The page's name in code and in the text catalogue (pages.<key>): its file name."""
        return Path(self.path).stem


# Page files live in pages/public/ (and later pages/officials/), never directly in pages/: Streamlit
# still treats top-level pages/*.py as legacy pages, and a request whose URL path matches one of their
# names runs that file alone, without the entry point and its filters (seen with AppTest reruns).
PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/public/overview.py", "Overview", "", ":material/dashboard:", default=True),
    PageSpec("pages/public/regions.py", "Regions", "regions", ":material/map:"),
    PageSpec("pages/public/departments.py", "Departments", "departments", ":material/account_balance:"),
    PageSpec("pages/public/initiative.py", "Initiative", "initiative", ":material/rocket_launch:"),
    PageSpec("pages/public/milestones.py", "Milestones", "milestones", ":material/event:"),
    PageSpec("pages/public/outcomes.py", "Outcomes", "outcomes", ":material/flag:"),
    PageSpec("pages/public/catalog.py", "Catalog", "catalog", ":material/apps:"),
    PageSpec("pages/public/data.py", "About the data", "data", ":material/info:"),
)

# The officials' area, after the public pages in the menu. Its pages check the sign-in themselves; the
# public pages above never depend on it.
OFFICIAL_PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/officials/sign_in.py", "Sign in", "sign-in", ":material/login:"),
    PageSpec("pages/officials/publish.py", "Publish", "publish", ":material/publish:", role="publisher"),
    PageSpec("pages/officials/feedback.py", "Feedback", "feedback", ":material/forum:", role="publisher"),
    PageSpec("pages/officials/admin.py", "Administration", "admin", ":material/admin_panel_settings:", role="admin"),
)


def shown_in_menu(spec: PageSpec, official: Official | None) -> bool:
    """True when the page belongs in this reader's menu: a public page, or one the signed-in official's role may use."""
    return spec.role is None or (official is not None and official.has_role(spec.role))
