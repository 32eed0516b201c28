"""md(): package text made inert for Streamlit markdown (links, images, HTML, directives, bidi controls)."""

from __future__ import annotations

import re

import pytest

from shafaf.fmt import md

# markdown that would do something if it arrived unescaped (a backslash before it makes it text)
ACTIVE = [
    re.compile(r"(?<!\\)\]\((?!\\)"),  # [text](url): a link; ![alt](url): an image
    re.compile(r"(?<!\\)<[a-zA-Z/!]"),  # HTML
    re.compile(r"(?<!\\):[a-z]+\\?\["),  # :red[...], :blue-background[...]
    re.compile(r"(?<!\\):material(?<!\\)/"),  # :material/icon:
    re.compile(r"(?<!\\)\$"),  # LaTeX
]


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "![i](https://evil.example/p.gif)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        ":red[alert] :blue-background[x]",
        ":material/warning: :smile:",
        "$\\alpha$",
        "<https://evil.example>",
    ],
)
def test_md_leaves_nothing_active(text: str) -> None:
    out = md(text)
    for rule in ACTIVE:
        assert not rule.search(out), (rule.pattern, out)


def test_md_drops_bidi_overrides_and_isolates_but_keeps_joiners() -> None:
    assert md("a\u202eb\u202bc\u202cd\u2066e\u2067f\u2068g\u2069") == "abcdefg"
    assert md("\u200cنام\u200d") == "\u200cنام\u200d"


def test_md_keeps_long_text_whole() -> None:
    """Streamlit's markdown wraps long words (overflow-wrap: break-word); the text itself is not cut."""
    assert md("W" * 5000) == "W" * 5000
