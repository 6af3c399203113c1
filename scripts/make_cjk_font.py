"""Make the CJK subset font that crmlab ships for its Chinese charts.

The source is Noto Sans CJK SC, Regular and Bold (SIL Open Font License 1.1), as Debian's
``fonts-noto-cjk`` installs it (``apt-get install fonts-noto-cjk``). The subset keeps:
ASCII and Latin-1, general punctuation, arrows, mathematical operators, geometric
shapes, the GB 2312 symbol rows and its level-1 hanzi (the 3,755 most common
characters), and every character of the package's message catalog
(``src/crmlab/i18n/locale/*/LC_MESSAGES/crmlab.po``); the bold weight (for titles) keeps
only the Latin ranges and the catalog's characters. Its family is renamed
"crmlab Noto Sans SC" so that it never shadows a full Noto Sans CJK installed on the machine.

Run it (development only; it needs fontTools, which matplotlib already installs) whenever
the catalog gains a character outside GB 2312 level 1::

    .venv/bin/python scripts/make_cjk_font.py

``tests/i18n/test_i18n.py`` fails when a catalog character is missing from the font.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path("/usr/share/fonts/opentype/noto")
SOURCE_INDEX = 2  # Noto Sans CJK SC in each collection
TARGETS = ROOT / "src/crmlab/i18n/fonts"
FAMILY = "crmlab Noto Sans SC"
PREFIX = "crmlab-NotoSansSC"


def gb2312(rows: range) -> set[str]:
    """The characters of GB 2312 in the given rows (1-94)."""
    chars = set()
    for row in rows:
        for cell in range(1, 95):
            try:
                chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def catalog_characters() -> set[str]:
    """Every character of the package's message catalogs."""
    chars: set[str] = set()
    for po in (ROOT / "src/crmlab/i18n/locale").glob("*/LC_MESSAGES/*.po"):
        chars |= set(po.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable()}


def subset_font(source: Path, output: Path, weight: str, chars: set[str]) -> None:
    """Write the subset of ``source`` (a Noto Sans CJK collection) to ``output``."""
    font = TTCollection(str(source)).fonts[SOURCE_INDEX]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    postscript = f"crmlabNotoSansSC-{weight}"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} {weight}"
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID == 3:
            record.string = f"crmlab subset of Noto Sans CJK SC {weight}: {record.toUnicode()}"
    font["CFF "].cff.fontNames = [postscript]
    font.recalcTimestamp = False  # the same input gives the same bytes
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    print(
        f"{output.relative_to(ROOT)}: {len(chars)} characters asked, "
        f"{output.stat().st_size / 1e6:.2f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=SOURCES, help="folder of the .ttc files")
    args = parser.parse_args()

    basic = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    # General punctuation, letter-like symbols, arrows, mathematical operators, geometric
    # shapes and CJK punctuation, as far as the source font has them.
    for low, high in (
        (0x2000, 0x2070),
        (0x2100, 0x2200),
        (0x2190, 0x2300),
        (0x25A0, 0x2600),
        (0x3000, 0x3040),
        (0xFF00, 0xFFF0),
    ):
        basic |= {chr(c) for c in range(low, high)}
    basic |= catalog_characters()
    # Regular: also the GB 2312 symbol rows and level 1 (the 3,755 common hanzi), so that
    # Chinese text outside the catalog renders too. Bold (for titles): the catalog only.
    regular = basic | gb2312(range(1, 10)) | gb2312(range(16, 56))
    subset_font(
        args.sources / "NotoSansCJK-Regular.ttc",
        TARGETS / f"{PREFIX}-Regular.otf",
        "Regular",
        regular,
    )
    subset_font(
        args.sources / "NotoSansCJK-Bold.ttc", TARGETS / f"{PREFIX}-Bold.otf", "Bold", basic
    )


if __name__ == "__main__":
    main()
