"""Sphinx extension for the API reference (book/api.md): resolve re-exported names.

The package re-exports names, e.g. ``crmlab.bpr.simulate`` is
``crmlab.bpr.simulation.simulate``, and docstrings refer to them either way. The API page
documents each object once, in the module that defines it. When a Python cross-reference
finds no target, this extension imports the name it points to (also relative to the
current module), and:

- if the object is documented under the name of the module that defines it, links there;
- if the object is a constant, links to the documented name that holds the same object;
- if the object comes from one of the external libraries in :data:`EXTERNAL` (which the
  book cannot link to: it builds with no network, so no intersphinx), it renders the name
  as plain text instead of warning.

Anything else still warns, so a reference to a name that does not exist fails the strict
build. It also undoes one misreading of napoleon (see :func:`_undo_misread_type`).
"""

from __future__ import annotations

import importlib
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: Top-level packages whose objects are shown as plain text when a docstring names them.
EXTERNAL = ("pandas", "numpy", "matplotlib", "networkx", "ipywidgets", "IPython", "simpy")


def _lookup(dotted: str) -> object | None:
    """The object a dotted name refers to (a module prefix, then attributes), or None."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:  # noqa: BLE001 (not a module: try a shorter prefix)
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py" or not node.get("reftarget"):
        return None
    target = node["reftarget"]
    module = node.get("py:module")
    names = [target] if target.startswith("crmlab.") or not module else [f"{module}.{target}"]
    domain = env.get_domain("py")
    for name in names:
        if not name.startswith("crmlab"):
            continue
        obj = _lookup(name)
        if obj is None:
            continue
        home = getattr(obj, "__module__", None)
        qualname = getattr(obj, "__qualname__", None)
        if home and home.split(".")[0] in EXTERNAL:
            return contnode
        if home and qualname:
            real = f"{home}.{qualname}"
        else:  # a constant: find the documented name that holds this very object
            last = name.rsplit(".", 1)[-1]
            real = next(
                (
                    other
                    for other in domain.objects
                    if other != name and other.rsplit(".", 1)[-1] == last and _lookup(other) is obj
                ),
                name,
            )
        if real != name and real in domain.objects:
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], real, node, contnode
            )
    return None


# Napoleon reads the first line of an attribute's or constant's docstring as
# "type: description", so "Range of the slider (min, max): ..." gets the "type" "Range of
# the slider (min, max)". The book's code gives types as annotations, never that way.
_PLAUSIBLE_TYPE = re.compile(r"^[A-Za-z_][\w.]*(\[[\w.,| \[\]]*\])?( \| [A-Za-z_][\w.\[\], ]*)*$")


def _undo_misread_type(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Put a napoleon-misread "type" back in front of the description it came from."""
    if what not in ("attribute", "data", "property"):
        return
    for i, line in enumerate(lines):
        if line.startswith(":type: ") and not _PLAUSIBLE_TYPE.match(line[len(":type: ") :]):
            text = line[len(":type: ") :]
            del lines[i]
            if i > 0 and lines[i - 1] == "":
                del lines[i - 1]
            first = next((j for j, x in enumerate(lines) if x.strip()), None)
            if first is None:
                lines.append(f"{text}.")
            else:
                lines[first] = f"{text}: {lines[first].lstrip()}"
            return


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("missing-reference", _resolve)
    # After napoleon (priority 500), which turns the docstring into reST.
    app.connect("autodoc-process-docstring", _undo_misread_type, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
