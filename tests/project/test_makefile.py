"""`make help` lists every target of the Makefile.

Source: issue 13 ("`make help` lists 8 of 19 targets"). The targets are the Makefile's rules
(``name:`` at the start of a line) and its ``.PHONY`` list; each must appear in the help as
``make <target>``.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def targets() -> set[str]:
    """The rules and the .PHONY names of the Makefile (not the stamp file's rule)."""
    rules = set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", MAKEFILE, re.M))
    phony = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", MAKEFILE, re.M)
    assert phony, "the Makefile has no .PHONY list"
    return rules | set(phony.group(1).replace("\\\n", " ").split())


def help_text() -> str:
    """What `make help` prints: the echo lines of the help rule's recipe."""
    recipe = re.search(r"^help:\n((?:\t.*\n)+)", MAKEFILE, re.M)
    assert recipe, "the Makefile has no help rule"
    return "\n".join(re.findall(r'@echo "(.*)"', recipe.group(1)))


def test_the_parse_finds_the_known_targets():
    """The check itself can fail: it sees targets and help lines it must."""
    assert {"book", "test", "help", "unit-b", "built-checks"} <= targets()
    assert "make book" in help_text()


def test_help_lists_every_target():
    """Every rule and .PHONY name appears in `make help` as ``make <target>``."""
    listed = set(re.findall(r"make ([A-Za-z][\w-]*)", help_text()))
    missing = sorted(targets() - listed)
    assert not missing, f"make help does not list: {missing}"
