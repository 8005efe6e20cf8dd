"""Rebuild themes/base/static/fonts/be-vietnam-pro-{400,700}.woff2.

The upstream files (fontsource's Be Vietnam Pro, split into a "latin" and a
"vietnamese" file per weight) are merged into one file per weight and
subset to the characters Vietnamese and English pages use, so that a first
visit downloads at most two font files (regular and bold; 600 is served by
the bold file). Run offline after changing the character set:

    .venv/bin/pip install -r requirements-dev.txt
    .venv/bin/python scripts/subset_fonts.py

Needs fonttools and brotli (pinned in requirements-dev.txt); the portal does
not use them at run time.
"""

import sys
import tempfile
from pathlib import Path

from fontTools.merge import Merger
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[1] / "themes" / "base" / "static" / "fonts"
SOURCES = FONTS  # the upstream split files stay beside the built ones (the PDF tests read them too)
WEIGHTS = (400, 700)
# Basic Latin, Latin-1 (French/English names, ©, ·, «»), the Vietnamese letters and
# tone marks, dashes, quotes, bullet, ellipsis, ›, the đồng sign.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x100),
    0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0,
    0x300, 0x301, 0x303, 0x309, 0x323,
    *range(0x1EA0, 0x1EFA),
    0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2039, 0x203A, 0x20AB, 0x2212,
]  # fmt: skip
FEATURES = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]


def build(weight, workdir):
    paths = []
    for part in ("latin", "vietnamese"):
        font = TTFont(SOURCES / f"be-vietnam-pro-{part}-{weight}-normal.woff2")
        font.flavor = None
        path = Path(workdir) / f"{part}-{weight}.ttf"
        font.save(path)
        paths.append(str(path))
    merged = Merger().merge(paths)
    options = Options()
    options.layout_features = FEATURES
    options.flavor = "woff2"
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    subsetter = Subsetter(options=options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(merged)
    merged.flavor = "woff2"
    out = FONTS / f"be-vietnam-pro-{weight}.woff2"
    merged.save(out)
    return out


def main():
    with tempfile.TemporaryDirectory() as workdir:
        for weight in WEIGHTS:
            out = build(weight, workdir)
            sys.stdout.write(f"{out.name}: {out.stat().st_size} bytes\n")


if __name__ == "__main__":
    main()
