"""Point the book at a repository (for forks): `make set-repository URL=...`.

The repository's address is set once, as ``repository.url`` in ``_config.yml``; the book's
repository, issue and launch buttons read it from there. The notebooks' Colab set-up cell
installs crmlab from the same address, and a few notebook links point at files in the
repository (``<url>/blob/main/...``, e.g. the instructor guide's classroom page, which the
student edition does not contain), so this script rewrites all three; a test checks they
agree. ``--show`` prints the address set in ``_config.yml`` (the book's publishing workflow,
``.github/workflows/book.yml``, reads it that way).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL_LINE = re.compile(r"^(\s*url:\s*)(\S+)\s*$", re.MULTILINE)
INSTALL = re.compile(r"crmlab @ git\+[^\"'\\\s]+")


def current_url(config_text: str) -> str:
    """The repository URL in the text of ``_config.yml``."""
    match = URL_LINE.search(config_text.split("repository:", 1)[1])
    if match is None:
        raise ValueError("_config.yml has no repository.url")
    return match.group(2)


def notebooks() -> list[Path]:
    """Every notebook a learner opens: chapter notebooks and master exercise notebooks."""
    return sorted([*ROOT.glob("notebooks/**/*.ipynb"), *ROOT.glob("exercises/*.ipynb")])


def main(url: str) -> None:
    if not re.fullmatch(r"https://[\w.-]+/[\w.-]+/[\w.-]+", url):
        raise SystemExit(f"URL must look like https://github.com/OWNER/REPO, got {url!r}")
    config = ROOT / "_config.yml"
    old = current_url(config.read_text())
    head, tail = config.read_text().split("repository:", 1)
    tail = URL_LINE.sub(lambda m: m.group(1) + url, tail, count=1)
    config.write_text(head + "repository:" + tail)
    for path in notebooks():
        text = path.read_text()
        text = INSTALL.sub(f"crmlab @ git+{url}", text)
        path.write_text(text.replace(f"{old}/blob/", f"{url}/blob/"))
    sys.stdout.write(f"repository set to {url} in _config.yml and {len(notebooks())} notebooks\n")


def show() -> None:
    """Print the repository URL set in ``_config.yml`` (the book workflow reads it so)."""
    sys.stdout.write(current_url((ROOT / "_config.yml").read_text()) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--show"]:
        show()
    else:
        main(sys.argv[1])
