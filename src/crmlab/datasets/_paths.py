"""Where the repository's ``datasets/`` folder is, when the package runs from a checkout."""

from __future__ import annotations

from pathlib import Path

MANIFEST = "MANIFEST.sha256"


def repository_root() -> Path | None:
    """The repository root if this package is imported from its ``src/`` folder, else None."""
    root = Path(__file__).resolve().parents[3]
    if (root / "pyproject.toml").is_file() and (root / "src" / "crmlab").is_dir():
        return root
    return None


def repository_datasets() -> Path | None:
    """The repository's ``datasets/`` folder if it holds a manifest, else None."""
    root = repository_root()
    if root is None or not (root / "datasets" / MANIFEST).is_file():
        return None
    return root / "datasets"
