"""Compile crmlab's own message catalogs (the package's chart, widget and data-sheet texts).

``src/crmlab/i18n/locale/<lang>/LC_MESSAGES/crmlab.po`` (edited by translators) is
compiled to ``crmlab.mo`` beside it (and ``tables.po``, the tables notebooks display, to
``tables.mo``: every ``.po`` there), which the package reads with the standard ``gettext``
module. Fuzzy and empty messages are left out. Development only (needs Babel, which the
book's Sphinx installs)::

    .venv/bin/python scripts/compile_package_catalog.py [--check]

``--check`` compiles in memory and fails when a ``.mo`` is out of date.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "src/crmlab/i18n/locale"


def compiled(po: Path) -> bytes:
    """The .mo bytes of ``po`` (fuzzy and empty messages left out)."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a .mo is stale")
    args = parser.parse_args()
    stale = []
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if args.check:
            if not mo.exists() or mo.read_bytes() != data:
                stale.append(str(mo.relative_to(ROOT)))
        else:
            mo.write_bytes(data)
            print(f"{mo.relative_to(ROOT)}: {len(data):,} bytes")
    if stale:
        print("out of date (run scripts/compile_package_catalog.py):", *stale, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
