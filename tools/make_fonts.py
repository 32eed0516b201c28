"""Build static/fonts/: Noto Naskh Arabic (OFL) subset to what Urdu and Pashto pages need, as WOFF2.

The dashboard serves these files itself (server.enableStaticServing), so an Urdu or Pashto page
never asks a CDN for a font. Source: Debian's fonts-noto-core (the same files as upstream Noto).
Run by hand when the font or the ranges change, and commit the results:

    apt-get install fonts-noto-core            # /usr/share/fonts/truetype/noto/NotoNaskhArabic-*.ttf
    python -m pip install fonttools==4.68.0 brotli==1.2.1
    python tools/make_fonts.py

The subset keeps every OpenType layout feature (init/medi/fina joining forms, ligatures, mark
positioning): without them Arabic-script text falls apart into isolated letters.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/noto")
COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")
OUT = Path(__file__).resolve().parents[1] / "static" / "fonts"
WEIGHTS = {"Regular": "NotoNaskhArabic-Regular", "Bold": "NotoNaskhArabic-Bold"}

# What the font has of these blocks is kept; Latin letters come from Streamlit's own Source Sans.
UNICODES = ",".join(
    [
        "U+0020-0021,U+002C,U+002E,U+0030-003A,U+00A0,U+00AB,U+00BB",  # space, digits, punctuation, « »
        "U+0600-06FF",  # Arabic (Urdu and Pashto letters, Arabic-Indic and Extended digits, ، ؛ ؟ ۔)
        "U+0750-077F",  # Arabic Supplement
        "U+08A0-08FF",  # Arabic Extended-A
        "U+200B-2011,U+25CC",  # zero-width (non-)joiner, marks, dotted circle for lone marks
        "U+FDF2,U+FDFA-FDFD,U+FEFF",  # common ligature words, byte order mark
    ]
)
# the same ranges, as the CSS unicode-range of the @font-face rules (shafaf/ui/rtl.py)
UNICODE_RANGE = UNICODES


def build(source: Path = SOURCE, out: Path = OUT) -> list[Path]:
    """Subset and compress each weight to out/<name>.woff2; return the written files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in WEIGHTS.values():
        target = out / f"{name}.woff2"
        subset.main(
            [
                str(source / f"{name}.ttf"),
                f"--unicodes={UNICODES}",
                "--layout-features=*",
                "--flavor=woff2",
                "--no-hinting",
                "--desubroutinize",
                "--name-IDs=*",
                f"--output-file={target}",
            ]
        )
        written.append(target)
    return written


def licence(copyright_file: Path = COPYRIGHT, out: Path = OUT) -> Path:
    """Write out/OFL.txt: the font's copyright line and the SIL Open Font License 1.1 text from Debian."""
    text = copyright_file.read_text(encoding="utf-8")
    # the stand-alone licence paragraph: "License: OFL-1.1" followed by the indented full text
    match = re.search(r"^License: OFL-1\.1\n((?: .*\n)+)", text, flags=re.MULTILINE)
    if match is None:
        raise SystemExit(f"no OFL-1.1 licence text in {copyright_file}")
    body = "\n".join("" if line == " ." else line[1:] for line in match.group(1).splitlines())
    header = (
        "Noto Naskh Arabic (static/fonts/NotoNaskhArabic-*.woff2)\n"
        "Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC (Noto fonts, https://notofonts.github.io)\n"
        "Subset to the Arabic-script ranges and converted to WOFF2 by tools/make_fonts.py\n"
        "from Debian's fonts-noto-core; the subset is distributed under the same licence.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
    )
    target = out / "OFL.txt"
    target.write_text(header + body.strip() + "\n", encoding="utf-8")
    return target


def main() -> None:
    """Command line: build the fonts and the licence file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for path in [*build(args.source, args.out), licence(out=args.out)]:
        print(
            f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}: {path.stat().st_size} bytes"
        )


if __name__ == "__main__":
    main()
