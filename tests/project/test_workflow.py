"""The publishing workflow (.github/workflows/book.yml; issue 12, point 7).

It builds the book on every push to main with warnings as errors and publishes
_build/html with GitHub Pages; it reads the repository's address from `repository.url` in
_config.yml (through scripts/set_repository.py --show) and hard-codes none. actionlint,
which `make lint` also runs, must accept it, and must reject a broken copy (so that the
check can fail).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
ACTIONLINT = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which(
    "actionlint"
)


def workflow() -> dict:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_runs_on_every_push_to_main():
    assert workflow()["on"]["push"]["branches"] == ["main"]


def test_builds_the_book_strictly_and_uploads_it_for_pages():
    build = steps("build")
    runs = " ".join(s.get("run", "") for s in build)
    assert "make book" in runs and "-W" in runs
    uses = [s.get("uses", "") for s in build]
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert uses.index(upload["uses"]) > next(
        i for i, s in enumerate(build) if "make book" in s.get("run", "")
    )


def test_deploys_with_github_pages():
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_reads_the_repository_address_from_config_only():
    """The workflow asks scripts/set_repository.py for the address and names no repository
    itself; --show prints exactly `repository.url` of _config.yml."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "scripts/set_repository.py --show" in text
    assert "github.com/" not in text.replace("https://github.blog", "")
    shown = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "set_repository.py"), "--show"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert shown == config["repository"]["url"]


@pytest.mark.skipif(ACTIONLINT is None, reason="actionlint is not installed (make venv)")
def test_actionlint_accepts_the_workflow_and_rejects_a_broken_copy(tmp_path):
    ok = subprocess.run([ACTIONLINT, str(WORKFLOW)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "book.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace(
            "          path: _build/html", "          paths: x"
        ),
        encoding="utf-8",
    )
    bad = subprocess.run([ACTIONLINT, str(broken)], capture_output=True, text=True)
    assert bad.returncode != 0 and "paths" in bad.stdout
