"""The page's language and writing direction: <html lang dir>, right-to-left CSS and the Urdu/Pashto font.

Streamlit has no right-to-left support (streamlit/streamlit#552), so for Urdu and Pashto the app
injects its own static CSS once per run, and a two-line script sets the <html> element's lang and
dir, which screen readers and the browser's bidi algorithm follow. Everything inserted here is a
constant of this module, chosen by a language code from the allow-list LANGUAGES; no text from a
data package ever reaches st.html.

What CSS cannot reach: st.dataframe draws its cells on a canvas (Glide Data Grid). Given
direction: rtl on its container it puts the first column on the right and right-aligns text
(checked in Chromium 2026-11); numbers keep the grid's own alignment, and its toolbar, column
menus and search box are Streamlit's and stay as they are. Plotly's SVG has no bidi context, so
each chart mirrors itself instead (charts/theme.base_layout and the builders' rtl=True).
Streamlit's sidebar cannot move (streamlit/streamlit#1980) but follows the page direction; its
slide-away when collapsed assumes a left sidebar, so a collapsed sidebar is hidden outright here.
"""

from __future__ import annotations

import json

import streamlit as st

from shafaf.charts.theme import FONT_RTL
from shafaf.fmt import is_rtl, language
from shafaf.i18n import DEFAULT_LANG, LANGUAGES, t

FONT_FAMILY = "Noto Naskh Arabic"
# Latin letters fall through to Streamlit's own Source Sans; the rest are system fallbacks
RTL_FONT_STACK = FONT_RTL
# the glyphs static/fonts keeps (tools/make_fonts.py): a page without them never downloads the font
UNICODE_RANGE = (
    "U+0020-0021, U+002C, U+002E, U+0030-003A, U+00A0, U+00AB, U+00BB, U+0600-06FF, U+0750-077F, "
    "U+08A0-08FF, U+200B-2011, U+25CC, U+FDF2, U+FDFA-FDFD, U+FEFF"
)
FONT_FILES = {400: "app/static/fonts/NotoNaskhArabic-Regular.woff2", 700: "app/static/fonts/NotoNaskhArabic-Bold.woff2"}

_FONT_FACES = "".join(
    f'@font-face{{font-family:"{FONT_FAMILY}";src:url("{url}") format("woff2");font-weight:{weight};'
    f"font-style:normal;font-display:swap;unicode-range:{UNICODE_RANGE};}}"
    for weight, url in FONT_FILES.items()
)

# Streamlit's own test ids and classes (1.67); material icons keep their icon font.
_RTL_CSS = (
    _FONT_FACES
    + f"""
.stApp, .stApp [data-testid="stSidebar"], .stApp [data-testid="stMain"],
.stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stHeading"],
.stApp h1, .stApp h2, .stApp h3, .stApp h4, .stApp p, .stApp li, .stApp label, .stApp button,
.stApp input, .stApp textarea, .stApp [data-baseweb="select"], .stApp [data-baseweb="popover"],
[data-baseweb="popover"] li, .stApp [data-testid="stMetric"], .stApp [data-testid="stCaptionContainer"],
.stApp [data-testid="stExpander"] summary, .stApp [data-testid="stAlertContainer"],
.stApp [data-testid="stPageLink"] a, .stApp [data-testid="stSidebarNav"] a, .stApp .js-plotly-plot text {{
  font-family: {RTL_FONT_STACK};
}}
.stApp [data-testid="stMain"], .stApp [data-testid="stSidebar"], [data-baseweb="popover"] {{
  direction: rtl;
}}
.stApp [data-testid="stMain"] :is(h1, h2, h3, h4, p, li, label, [data-testid="stMarkdownContainer"],
[data-testid="stCaptionContainer"], [data-testid="stMetric"], [data-testid="stMetricLabel"],
[data-testid="stMetricValue"], [data-testid="stMetricDelta"], [data-testid="stExpander"] summary,
[data-testid="stAlertContainer"]),
.stApp [data-testid="stSidebar"] :is(h1, h2, h3, p, li, label, [data-testid="stMarkdownContainer"]) {{
  text-align: right;
}}
.stApp [data-testid="stMarkdownContainer"] :is(ul, ol) {{
  padding-right: 1.5em;
  padding-left: 0;
}}
.stApp [data-testid="stMetricDelta"] {{
  flex-direction: row-reverse;
  justify-content: flex-end;
}}
.stApp [data-testid="stDataFrame"], .stApp [data-testid="stTable"] {{
  direction: rtl;
}}
.stApp [data-testid="stTable"] :is(th, td) {{
  text-align: right;
}}
.stApp .js-plotly-plot .main-svg {{
  direction: ltr;
}}
.stApp [data-testid="stIconMaterial"], .stApp [data-testid="stIconMaterial"] * {{
  font-family: "Material Symbols Rounded";
}}
.stApp [data-testid="stMetricValue"] p, .stApp [data-testid="stMetricDelta"] p {{
  unicode-bidi: plaintext;
}}
.stApp :is([data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button) {{
  transform: scaleX(-1);
}}
/* Streamlit hides a collapsed sidebar by sliding it left, which in a right-to-left page leaves it on screen */
.stApp [data-testid="stSidebar"][data-collapsed="true"] {{
  visibility: hidden;
  overflow: hidden;
}}
"""
)
# the language switch, a row of links at the top of every page
_SWITCH_CSS = """
.st-key-shafaf-language-switch button { min-height: 2.75rem; min-width: 4.5rem; }
/* Streamlit draws captions at opacity 0.6 (about 3.9:1 on white); WCAG AA asks 4.5:1 for small text */
[data-testid="stCaptionContainer"] { opacity: 1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #5a5955 !important; }
[data-testid="stCaptionContainer"] a { color: #0a58a5 !important; }
.st-key-shafaf-lang-attrs { display: none; }
/* phones: Plotly's toolbar and the data grid's toolbar (search, columns, full screen) would sit over the
   chart's title and the table's headings, and a touch shows them; the table below each chart and its own
   download button do what they offer */
@media (max-width: 640px) {
  .stApp .js-plotly-plot .modebar-container, .stApp [data-testid="stElementToolbar"] { display: none !important; }
}
"""
# A chart wider than the screen (its figure's layout.width, a matrix of many columns) sits in a holder
# keyed wide-<px>-<card> of at least that width, rounded up to WIDE_STEP px, inside a holder keyed
# scroll-<card> that scrolls sideways; Streamlit draws the chart as wide as its holder.
WIDE_STEP = 50
WIDE_MAX = 4000
_WIDE_CSS = (
    '[class*="st-key-scroll-"] { overflow-x: auto; }\n'
    '[class*="st-key-scroll-"]:focus-visible { outline: 3px solid #1f4e79; outline-offset: 2px; }\n'
) + "".join(f'[class*="st-key-wide-{w}-"] {{ min-width: {w}px; }}\n' for w in range(WIDE_STEP, WIDE_MAX + 1, WIDE_STEP))


def wide_key(width: int, key: str) -> str:
    """The key of the holder of a chart `width` px wide (at most WIDE_MAX; the CSS has a rule per WIDE_STEP)."""
    return f"wide-{min(WIDE_MAX, -(-width // WIDE_STEP) * WIDE_STEP)}-{key}"


# Sets <html lang dir>, and lang/dir on the language switch's buttons (WCAG 3.1.2, language of
# parts); an observer repeats it when Streamlit redraws. {names} maps each language's own name to
# its code and direction (constants of LANGUAGES).
_LANG_SCRIPT = """<script>
(function () {{
  var w = window, doc = w.document;
  w.__shafafLang = {{lang: "{lang}", dir: "{dir}", names: {names}, scrollName: {scroll_name}}};
  function apply() {{
    var want = w.__shafafLang, root = doc.documentElement;
    if (root.getAttribute("lang") !== want.lang) root.setAttribute("lang", want.lang);
    if (root.getAttribute("dir") !== want.dir) root.setAttribute("dir", want.dir);
    doc.querySelectorAll(".st-key-shafaf-language-switch button").forEach(function (b) {{
      var code = want.names[b.textContent.trim()];
      if (!code || b.getAttribute("lang") === code[0]) return;
      b.setAttribute("lang", code[0]);
      b.setAttribute("dir", code[1]);
    }});
    // a chart wider than the screen scrolls sideways in its holder: reachable and scrollable by keyboard
    // (WCAG 2.1.1; axe scrollable-region-focusable), named by its card's heading (text, never markup)
    doc.querySelectorAll('[class*="st-key-scroll-"]').forEach(function (box) {{
      if (box.getAttribute("tabindex") === "0") return;
      var card = box.closest('[class*="st-key-card-"]');
      var head = card ? card.querySelector("h1, h2, h3, h4, h5, h6") : null;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", head ? head.textContent.trim() : want.scrollName);
    }});
  }}
  apply();
  if (!w.__shafafLangObserver) {{
    var pending = false;
    w.__shafafLangObserver = new MutationObserver(function () {{
      if (pending) return;
      pending = true;
      w.requestAnimationFrame(function () {{ pending = false; apply(); }});
    }});
    w.__shafafLangObserver.observe(doc.body, {{childList: true, subtree: true}});
  }}
}})();
</script><span hidden data-shafaf-lang="{lang}" data-shafaf-dir="{dir}"></span>"""


def direction(lang: str) -> str:
    """'rtl' or 'ltr' for a language code (an unknown code reads like the default language)."""
    return language(lang).direction


def css(lang: str) -> str:
    """The app's own CSS for `lang`: the switch for everyone, direction and the font for rtl languages."""
    return _SWITCH_CSS + _WIDE_CSS + (_RTL_CSS if is_rtl(lang) else "")


def lang_script(lang: str) -> str:
    """The script that sets <html lang=... dir=...>; lang is one of LANGUAGES, never free text."""
    code = lang if lang in LANGUAGES else DEFAULT_LANG
    names = json.dumps({info["name"]: [c, info["dir"]] for c, info in LANGUAGES.items()}, ensure_ascii=True)
    scroll_name = json.dumps(t("card.scroll_region", code), ensure_ascii=True)
    return _LANG_SCRIPT.format(lang=code, dir=direction(code), names=names, scroll_name=scroll_name)


def apply(lang: str) -> None:
    """Inject the CSS and set <html lang dir> for this run (layout.page calls it once per page)."""
    st.html(f"<style>{css(lang)}</style>")
    with st.container(key="shafaf-lang-attrs"):
        st.html(lang_script(lang), unsafe_allow_javascript=True)
