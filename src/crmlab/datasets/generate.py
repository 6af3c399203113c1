"""Write every dataset, its data sheet, a README and a SHA-256 manifest into a folder.

Run ``python -m crmlab.datasets.generate`` from the repository to refresh ``datasets/``,
``--out DIR`` to write elsewhere (outside the repository the default is ``./datasets``),
or ``--check`` to compare the folder with what the generator makes without writing.
The output is byte-identical on every run and machine.
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Sequence
from pathlib import Path

from . import _paths
from ._registry import csv_text, sheet_text
from ._schema import CATALOGUE

_README_HEAD = """\
<!-- Made by python -m crmlab.datasets.generate: edit src/crmlab/datasets/ instead. -->
# Datasets

The tables the book, the notebooks and the exercises use. All of them are **fictitious**:
they describe *Alder & Pine*, a furniture maker with its own plant and thirty stores in the
invented region of the Vale, from its CRM customers to its ERP master data and the event
log of its order process. No record describes a real person, place or firm.

| dataset | what it holds | rows | columns | size |
| --- | --- | ---: | ---: | ---: |
"""

_README_TAIL = """
Each `<name>.csv` has a data sheet `<name>.md` beside it: what the table is, how it was
made, every column with its type and unit, its intended use and its known limits.

## Using them

```python
from crmlab import datasets

datasets.names()                 # the dataset names
df = datasets.load("transactions")
print(datasets.describe("transactions"))  # the data sheet
```

`load` reads the CSV here when crmlab runs from this repository, and otherwise (crmlab
installed with pip, for example on Colab) regenerates the identical table in memory.

## How they are made

A deterministic generator inside the package writes everything in this folder except
`.gitattributes`: the CSV files, the data sheets (copies of `src/crmlab/datasets/sheets/`),
this README and `MANIFEST.sha256`. Each random dataset has its own fixed seed for
`numpy.random.default_rng`, and every value is written with fixed formatting (fixed
decimals, ISO dates `YYYY-MM-DD` and timestamps `YYYY-MM-DD HH:MM:SS`, UTF-8, `\\n` line
endings), so the bytes are the same on every run.

```bash
python -m crmlab.datasets.generate            # rewrite this folder
python -m crmlab.datasets.generate --check    # compare only; exit status 1 on a difference
python -m crmlab.datasets.generate --out DIR  # write the same files elsewhere
sha256sum -c MANIFEST.sha256                  # verify the files (run inside this folder)
```

Do not edit the files by hand: change the generator or a sheet in `src/crmlab/datasets/`,
regenerate, and commit the new files with the new manifest. The tests check that the
manifest matches the files and that regenerating reproduces them byte for byte.
"""


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1024:,.0f} KB" if n_bytes >= 1024 else f"{n_bytes} B"


def _readme(csvs: dict[str, bytes]) -> str:
    rows = []
    for d in CATALOGUE:
        data = csvs[d.name]
        n_rows = data.count(b"\n") - 1  # no field holds a line break
        rows.append(
            f"| [{d.name}]({d.name}.md) | {d.summary} | {n_rows:,} | {len(d.columns)} "
            f"| {_size(len(data))} |\n"
        )
    return _README_HEAD + "".join(rows) + _README_TAIL


def render() -> dict[str, bytes]:
    """Return every file the generator writes, by file name, manifest included."""
    files: dict[str, bytes] = {}
    csvs = {d.name: csv_text(d.name).encode("utf-8") for d in CATALOGUE}
    for d in CATALOGUE:
        files[f"{d.name}.csv"] = csvs[d.name]
        files[f"{d.name}.md"] = sheet_text(d.name).encode("utf-8")
    files["README.md"] = _readme(csvs).encode("utf-8")
    files[_paths.MANIFEST] = "".join(
        f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files)
    ).encode("utf-8")
    return files


def write(out: Path) -> list[Path]:
    """Write every file of :func:`render` into ``out`` (created if needed); return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in render().items():
        path = out / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def differences(out: Path) -> list[str]:
    """Return the names of files in ``out`` that are missing or differ from :func:`render`,
    and of CSV files there that the generator does not make (a renamed dataset's leftovers)."""
    files = render()
    changed = [
        name
        for name, data in files.items()
        if not (out / name).is_file() or (out / name).read_bytes() != data
    ]
    stray = sorted(p.name for p in out.glob("*.csv") if p.name not in files)
    return changed + stray


def default_out() -> Path:
    """The repository's ``datasets/`` folder, or ``./datasets`` outside a checkout."""
    root = _paths.repository_root()
    return root / "datasets" if root is not None else Path.cwd() / "datasets"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m crmlab.datasets.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder to write (default: the repository's datasets/ folder, or ./datasets "
        "when crmlab is installed without the repository)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only compare the folder; exit 1 on a difference"
    )
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else default_out()
    if args.check:
        changed = differences(out)
        for name in changed:
            print(f"differs, missing or unexpected: {out / name}")
        return 1 if changed else 0
    paths = write(out)
    print(f"wrote {len(paths)} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
