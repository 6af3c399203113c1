"""Build the instructor edition of the book: `make instructor-book`.

The student edition (`make book`) shows each exercise as the student notebook. The
instructor edition shows the autograder notebook instead (questions, solutions and tests)
and adds the instructor guide (book/instructor/guide.md), the page on running the beer game
in class (book/instructor/classroom.md) and a page of learning outcomes
per chapter, gathered here from the "Learning objectives" of every page in _toc.yml so that
it grows with the book. Configuration and table of contents are derived from _config.yml
and _toc.yml into _build/instructor-config/; the book goes to _build/instructor/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = ROOT / "_build" / "instructor-config"
OUTCOMES = ROOT / "book" / "instructor" / "outcomes.md"  # generated, git-ignored
STUDENT = re.compile(r"exercises/dist/([\w-]+)/student/([\w-]+)")


def toc_files(toc: dict) -> list[str]:
    """Every file of the table of contents, in reading order."""
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    return files


def _page_text(stem: str) -> tuple[str, str]:
    """(title, text) of a Markdown page or notebook."""
    md, nb = ROOT / f"{stem}.md", ROOT / f"{stem}.ipynb"
    if md.exists():
        text = md.read_text(encoding="utf-8")
    elif nb.exists():
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        return "", ""
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    return title, text


def objectives(text: str) -> list[str]:
    """The bullet list that follows a "Learning objectives" heading or admonition title."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "Learning objectives" in line), None)
    if start is None:
        return []
    items: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()  # a bullet's continuation line
        elif items:
            break  # a blank line or the admonition's end closes the list
    return items


def outcomes_page(toc: dict) -> str:
    """The learning-outcomes page: each page's objectives, in reading order."""
    out = [
        "(instructor-outcomes)=",
        "# Learning outcomes by chapter",
        "",
        "Gathered from the learning objectives at the top of each page, in reading order,",
        "when this edition was built. Use them to write a syllabus or to align assessment.",
        "",
    ]
    for stem in toc_files(toc):
        title, text = _page_text(stem)
        items = objectives(text)
        if not items:
            continue
        out += [f"## {title}", "", *[f"- {item}" for item in items], ""]
    return "\n".join(out)


def instructor_toc(toc: dict) -> dict:
    """The student table of contents with autograder notebooks and the instructor pages."""
    text = yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)
    text = STUDENT.sub(r"exercises/dist/\1/autograder/\2", text)
    text = text.replace(
        "Exercises (student edition)", "Exercises (instructor edition, with solutions)"
    )
    new = yaml.safe_load(text)
    new["parts"].insert(
        0,
        {
            "caption": "For instructors",
            "chapters": [
                {"file": "book/instructor/guide"},
                {"file": "book/instructor/classroom"},
                {"file": "book/instructor/outcomes"},
            ],
        },
    )
    return new


def instructor_config(config: dict) -> dict:
    """The book configuration with autograder notebooks shown (not executed)."""
    new = dict(config)
    new["title"] = f"{config['title']} (instructor edition)"
    new["exclude_patterns"] = [
        p for p in config["exclude_patterns"] if p != "exercises/dist/*/autograder"
    ] + ["exercises/dist/*/student"]
    execute = dict(config["execute"])
    execute["exclude_patterns"] = ["exercises/dist/*/autograder/*"]
    new["execute"] = execute
    # Paths of local extensions are read relative to the configuration file's folder.
    sphinx = dict(config["sphinx"])
    sphinx["local_extensions"] = {
        name: str(ROOT / path) for name, path in config["sphinx"]["local_extensions"].items()
    }
    # The instructor edition is English only: no link to a Chinese edition.
    sphinx["config"] = {**sphinx.get("config", {}), "crmlab_other_edition": ""}
    new["sphinx"] = sphinx
    return new


def main(extra_args: list[str]) -> int:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    CONFIG_DIR.mkdir(parents=True, exist_ok=True)
    OUTCOMES.write_text(outcomes_page(toc), encoding="utf-8")
    (CONFIG_DIR / "_toc.yml").write_text(
        yaml.safe_dump(instructor_toc(toc), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    (CONFIG_DIR / "_config.yml").write_text(
        yaml.safe_dump(instructor_config(config), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(ROOT),
        "--config",
        str(CONFIG_DIR / "_config.yml"),
        "--toc",
        str(CONFIG_DIR / "_toc.yml"),
        "--path-output",
        str(ROOT / "_build" / "instructor"),
        *extra_args,
    ]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
