"""Where the static edition's page of what an app page shows is (shafaf.site.paths): the app's "Plain page" link."""

from __future__ import annotations

import pytest

from shafaf.site.paths import app_view_path, served_url, view_path


@pytest.mark.parametrize(
    ("page", "lang", "region", "department", "initiative", "expected"),
    [
        ("overview", "en", "c", None, None, "en/overview/c.html"),  # the root region
        ("regions", "ur", "p1", None, None, "ur/regions/p1.html"),
        ("milestones", "ps", "a", None, None, "ps/milestones/a.html"),
        ("outcomes", "en", "p2", None, None, "en/outcomes/p2.html"),
        ("catalog", "en", ".x", None, None, "en/catalog/~.x.html"),  # never a hidden file
        ("departments", "ur", "p1", "dep1", None, "ur/departments/dep1.html"),  # a department's own page
        ("initiative", "en", "c", None, "i2", "en/initiative/i2.html"),  # a service's own page
        ("data", "ps", "c", None, None, "ps/data/all.html"),
        # views the edition does not have: a region page filtered by a department or a service, the
        # departments' scorecard, the service page without a service, About the data for one region
        ("overview", "en", "p1", "dep1", None, None),
        ("regions", "en", "c", None, "i1", None),
        ("departments", "en", "c", None, None, None),
        ("departments", "en", "c", "dep1", "i1", None),
        ("initiative", "en", "c", None, None, None),
        ("data", "en", "p1", None, None, None),
        ("sign-in", "en", "c", None, None, None),  # not a public page
    ],
)
def test_the_static_page_of_what_the_app_shows(
    page: str, lang: str, region: str, department: str | None, initiative: str | None, expected: str | None
) -> None:
    assert app_view_path(page, lang, region, department, initiative, "c") == expected


def test_served_under_site_and_the_same_mapping_as_the_editions_own_links() -> None:
    assert served_url("ur/overview/p1.html") == "/site/ur/overview/p1.html"
    assert view_path("overview", {"region": "p1", "lang": "ur"}, "ur", "c") == "ur/overview/p1.html"
    assert view_path("data", {}, "en", "c") == "en/data/all.html"
