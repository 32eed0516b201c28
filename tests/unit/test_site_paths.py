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


def test_a_cards_chart_page_sits_in_its_pages_folder_and_its_embed_code_is_escaped() -> None:
    from shafaf.site.paths import chart_path, is_chart_page
    from shafaf.site.render import embed_code

    rel = chart_path("ur/overview/p1.html", "overview-trend-transactions")
    assert rel == "ur/overview/p1/overview-trend-transactions.html" and is_chart_page(rel)
    assert not is_chart_page("ur/overview/p1.html") and not is_chart_page("ur/overview/p1/transactions-p1.csv")
    assert chart_path("en/data/all.html", "../x y") == "en/data/all/_x_y.html"  # never out of its folder
    code = embed_code("/site/" + rel, '<script>alert(1)</script> & "Board"')
    assert code == (
        '<iframe src="/site/ur/overview/p1/overview-trend-transactions.html" '
        'title="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Board&quot;" width="100%" height="560" '
        'loading="lazy" style="border:0"></iframe>'
    )
