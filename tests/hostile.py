"""Hostile inputs shared by the property tests (issue 17), and the sweep that runs them.

Source: the package's public-API contract (DESIGN.md, "Errors" and "The public API"): every public
function answers right or raises ``ValueError`` naming the argument and what is allowed;
never a silent wrong number, another exception, or a hang.

The library holds, for each kind of argument, the values a careless or hostile caller can
pass: NaN, ±inf, finite extremes (1e308), huge integers (10**400), wrong types, booleans
for numbers, strings and dicts for sequences, strings for booleans, long sequences, and,
for a DataFrame, an empty frame, each column missing, NaN / inf / text in each column,
integer dates, a duplicated row. Each value carries a verdict:

``invalid``
    no argument of that kind accepts it: the call must raise ``ValueError`` naming the
    argument (and, for a column, the column);
``maybe``
    it may be valid (``1e308``, an empty list, a dropped column or a bad cell in a column
    the function does not need): the call must either raise such a ``ValueError`` or
    return a result that is finite wherever the result on valid input was finite.

:func:`sweep` takes a valid *baseline* call and replaces one argument at a time by each
hostile value of its kind, in a child process with a memory limit and a per-call time
limit, and classifies every failure (:data:`KINDS`). ``python tests/project/test_hostile.py``
prints the figures.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import signal
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from hypothesis import strategies as st

#: Seconds one hostile call may take before it counts as a hang.
CALL_SECONDS = 5.0
#: Address-space limit of the child process that runs the calls (bytes): a request for
#: terabytes fails there with MemoryError instead of exhausting the machine.
MEMORY_LIMIT = 3 * 2**30
#: Length of the long sequence that probes size bounds.
LONG = 20_000

#: The failure kinds the sweep reports.
KINDS = (
    "accepted",  # an invalid value returned a result
    "wrong exception",  # an exception other than ValueError (the type is recorded)
    "wrong name",  # a ValueError that names neither the argument nor the column
    "non-finite",  # NaN or inf in a result whose valid counterpart was finite
    "timeout",  # no answer within CALL_SECONDS
)

INVALID, MAYBE = "invalid", "maybe"

#: Hostile values a function documents as valid input, by (function, argument): for each,
#: the labels of the cases it accepts and may answer with NaN (e.g. ``None`` read as a
#: missing cell). A test that fills this says why, next to the entry.
DOCUMENTED: dict[tuple[str, str], frozenset[str]] = {}


@dataclass(frozen=True)
class Hostile:
    """One hostile value: what it is, the value, whether it can ever be valid."""

    label: str
    value: object
    verdict: str
    column: str | None = None  # for a DataFrame case: the column it attacks


def _h(label: str, value: object, verdict: str, column: str | None = None) -> Hostile:
    return Hostile(label, value, verdict, column)


NAN, INF = math.nan, math.inf


def floats(optional: bool = False) -> list[Hostile]:
    """Hostile values for a real-number argument."""
    return [
        _h("nan", NAN, INVALID),
        _h("inf", INF, INVALID),
        _h("-inf", -INF, INVALID),
        _h("'1' (str)", "1", INVALID),
        _h("True (bool)", True, INVALID),
        _h("[1.0] (list)", [1.0], INVALID),
        _h("1+1j", 1 + 1j, INVALID),
        _h("None", None, MAYBE if optional else INVALID),
        _h("1e308", 1e308, MAYBE),
        _h("-1e308", -1e308, MAYBE),
        _h("10**400 (int)", 10**400, MAYBE),
        _h("5e-324", 5e-324, MAYBE),
    ]


def integers(optional: bool = False) -> list[Hostile]:
    """Hostile values for a whole-number argument (counts, periods, seeds)."""
    return [
        _h("nan", NAN, INVALID),
        _h("inf", INF, INVALID),
        _h("2.5", 2.5, INVALID),
        _h("'3' (str)", "3", INVALID),
        _h("True (bool)", True, INVALID),
        _h("None", None, MAYBE if optional else INVALID),
        _h("-1", -1, MAYBE),
        _h("10**9", 10**9, MAYBE),
        _h("2**63", 2**63, MAYBE),
        _h("10**400", 10**400, MAYBE),
    ]


def booleans(optional: bool = False) -> list[Hostile]:
    """Hostile values for a flag: only ``bool`` (or numpy's bool) is a boolean."""
    return [
        _h("'False' (str)", "False", INVALID),
        _h("'True' (str)", "True", INVALID),
        _h("0 (int)", 0, INVALID),
        _h("1 (int)", 1, INVALID),
        _h("nan", NAN, INVALID),
        _h("[] (list)", [], INVALID),
        _h("None", None, MAYBE if optional else INVALID),
    ]


def strings(optional: bool = False) -> list[Hostile]:
    """Hostile values for a name or label."""
    return [
        _h("None", None, MAYBE if optional else INVALID),
        _h("5 (int)", 5, INVALID),
        _h("nan", NAN, INVALID),
        _h("['x'] (list)", ["x"], INVALID),
        _h("'' (empty)", "", MAYBE),
        _h("unknown name", "__no_such_name__", MAYBE),
    ]


def sequences(baseline: object, optional: bool = False) -> list[Hostile]:
    """Hostile values for a sequence argument, built from a valid one."""
    items = list(baseline.values()) if isinstance(baseline, Mapping) else list(baseline)
    numeric = bool(items) and all(
        isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in items
    )
    out = [
        _h("'123' (str)", "123", INVALID),
        _h("{'a': 1} (dict)", {"a": 1.0}, INVALID),
        _h("None", None, MAYBE if optional else INVALID),
        _h("[] (empty)", [], MAYBE),
        _h("scalar 5.0", 5.0, MAYBE),
    ]
    if numeric:
        n = len(items)
        out += [
            _h("[nan, ...]", [NAN, *items[1:]], INVALID),
            _h("[inf, ...]", [INF, *items[1:]], INVALID),
            _h("['x', ...]", ["x", *items[1:]], INVALID),
            _h("[True, ...]", [True, *items[1:]], INVALID),
            _h("[1e308, ...]", [1e308] * n, MAYBE),
            _h("[10**400, ...]", [10**400, *items[1:]], MAYBE),
            _h(f"{LONG} entries", (items * (LONG // max(n, 1) + 1))[:LONG], MAYBE),
        ]
    elif items:
        out += [
            _h("duplicate entry", [*items, items[0]], MAYBE),
            _h("[nan]", [NAN], INVALID),
            _h("[5] (int entry)", [5], MAYBE),
        ]
    return out


def mappings(baseline: Mapping, optional: bool = False) -> list[Hostile]:
    """Hostile values for a mapping argument (a BOM, an MPS, lead times ...)."""
    out = [
        _h("'abc' (str)", "abc", INVALID),
        _h("[1, 2] (list)", [1, 2], INVALID),
        _h("None", None, MAYBE if optional else INVALID),
        _h("{} (empty)", {}, MAYBE),
    ]
    if baseline:
        key, val = next(iter(baseline.items()))
        out += [
            _h("{k: nan}", {**baseline, key: NAN}, INVALID),
            _h("{k: 'x'}", {**baseline, key: "x"}, INVALID),
            _h("{k: True}", {**baseline, key: True}, INVALID),
            _h("{k: None}", {**baseline, key: None}, MAYBE),
            _h("{k: -1}", {**baseline, key: -1}, MAYBE),
            _h("{k: 1e308}", {**baseline, key: 1e308}, MAYBE),
            _h("{5: v} (int key)", {**baseline, 5: val}, MAYBE),
        ]
        if isinstance(val, Mapping) and val:
            child = next(iter(val))
            out += [
                _h("{k: {c: nan}}", {**baseline, key: {**val, child: NAN}}, INVALID),
                _h("{k: {c: -1}}", {**baseline, key: {**val, child: -1}}, MAYBE),
                _h("{k: {c: 'x'}}", {**baseline, key: {**val, child: "x"}}, INVALID),
                _h("{k: {c: 1e308}}", {**baseline, key: {**val, child: 1e308}}, MAYBE),
            ]
        elif isinstance(val, (list, tuple)) and val:
            out += [
                _h("{k: [nan, ...]}", {**baseline, key: [NAN, *val[1:]]}, INVALID),
                _h("{k: 'abc'}", {**baseline, key: "abc"}, INVALID),
                _h("{k: [1e308, ...]}", {**baseline, key: [1e308] * len(val)}, MAYBE),
            ]
    return out


def frames(baseline: pd.DataFrame, optional: bool = False) -> list[Hostile]:
    """Hostile versions of a valid DataFrame: shapes, columns, cell values, wrong types."""
    out = [
        _h("'x' (str)", "x", INVALID),
        _h("[1, 2] (list)", [1, 2], INVALID),
        _h("None", None, MAYBE if optional else INVALID),
        _h("empty frame", baseline.iloc[:0], MAYBE),
        _h("duplicated first row", pd.concat([baseline, baseline.iloc[:1]]), MAYBE),
    ]
    for col in baseline.columns:
        c = str(col)
        out.append(_h(f"column {c} missing", baseline.drop(columns=col), MAYBE, c))
        if len(baseline) == 0:
            continue
        s = baseline[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            ints = baseline.assign(**{c: s.dt.strftime("%Y%m%d").astype("int64")})
            out.append(_h(f"column {c} integer dates", ints, INVALID, c))
            out.append(
                _h(f"column {c} 'not a date'", baseline.assign(**{c: "not a date"}), MAYBE, c)
            )
        elif pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            for label, v, verdict in (
                ("NaN", NAN, MAYBE),
                ("inf", INF, MAYBE),
                ("1e308", 1e308, MAYBE),
                ("'x'", "x", MAYBE),
            ):
                values = s.to_numpy(dtype=float, na_value=NAN).astype(object)
                values[0] = v
                bad = baseline.assign(
                    **{c: values.astype(float) if isinstance(v, float) else values}
                )
                out.append(_h(f"column {c} {label} in row 1", bad, verdict, c))
        else:
            bad = baseline.copy()
            bad[col] = bad[col].astype(object)
            bad.iloc[0, bad.columns.get_loc(col)] = None
            out.append(_h(f"column {c} None in row 1", bad, MAYBE, c))
    return out


def others(optional: bool = False) -> list[Hostile]:
    """Hostile values for an argument that takes an object of the package (a process ...)."""
    return [
        _h("None", None, MAYBE if optional else INVALID),
        _h("'x' (str)", "x", INVALID),
        _h("5 (int)", 5, INVALID),
        _h("[1] (list)", [1], MAYBE),
    ]


def seeds() -> list[Hostile]:
    """Hostile values for a random seed (None, a fresh seed, is documented as valid)."""
    return [
        _h("nan", NAN, INVALID),
        _h("2.5", 2.5, INVALID),
        _h("'3' (str)", "3", INVALID),
        _h("True (bool)", True, INVALID),
        _h("-1", -1, INVALID),
        _h("None", None, MAYBE),
        _h("2**63", 2**63, MAYBE),
        _h("10**400", 10**400, MAYBE),
    ]


def hostile_values(
    baseline: object, annotation: str, optional: bool, name: str = ""
) -> list[Hostile]:
    """The hostile values for an argument ``name`` whose valid value is ``baseline``."""
    if name == "seed":
        return seeds()
    ann = annotation.replace(" ", "")
    if ann in ("bool", "bool|None") or isinstance(baseline, (bool, np.bool_)):
        return booleans(optional)
    if isinstance(baseline, pd.DataFrame):
        return frames(baseline, optional)
    if isinstance(baseline, Mapping):
        return mappings(baseline, optional)
    if isinstance(baseline, (int, np.integer)):
        return integers(optional)
    if isinstance(baseline, (float, np.floating)):
        return floats(optional)
    if isinstance(baseline, str):
        return strings(optional)
    if isinstance(baseline, (list, tuple, np.ndarray, pd.Series)):
        return sequences(baseline, optional)
    if baseline is None:
        if "DataFrame" in ann or "Sequence" in ann or "list" in ann:
            return [_h("'x' (str)", "x", INVALID), _h("5 (int)", 5, INVALID)]
        if "float" in ann:
            return floats(True)
        if "int" in ann:
            return integers(True)
        return others(True)
    return others(optional)


# ---------------------------------------------------------------- hypothesis strategies


def strategy(hostiles: list[Hostile]) -> st.SearchStrategy[Hostile]:
    """A hypothesis strategy drawing from a list of hostile values."""
    return st.sampled_from(hostiles)


#: Hypothesis strategies over the library, for property tests of a single function.
hostile_float = strategy(floats())
hostile_int = strategy(integers())
hostile_bool = strategy(booleans())
invalid_float = strategy([h for h in floats() if h.verdict == INVALID])
invalid_bool = strategy([h for h in booleans() if h.verdict == INVALID])


# ---------------------------------------------------------------- checking one result


def non_finite(result: object, depth: int = 0) -> int:
    """How many NaN or infinite numbers a result holds (frames, arrays, dataclasses ...)."""
    if depth > 4:
        return 0
    if isinstance(result, (bool, np.bool_)):
        return 0
    if isinstance(result, (int, np.integer)):
        return 0
    if isinstance(result, (float, np.floating)):
        return int(not math.isfinite(float(result)))
    if isinstance(result, pd.DataFrame):
        num = result.select_dtypes("number")
        return int((~np.isfinite(num.to_numpy(dtype=float))).sum()) if num.size else 0
    if isinstance(result, (pd.Series, np.ndarray)):
        arr = np.asarray(result)
        if arr.dtype.kind in "fc":
            return int((~np.isfinite(arr)).sum())
        if arr.dtype.kind == "O" and arr.size < 10_000:
            return sum(non_finite(v, depth + 1) for v in arr.ravel())
        return 0
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return sum(
            non_finite(getattr(result, f.name), depth + 1) for f in dataclasses.fields(result)
        )
    if isinstance(result, Mapping):
        return sum(non_finite(v, depth + 1) for v in list(result.values())[:10_000])
    if isinstance(result, (list, tuple)):
        return sum(non_finite(v, depth + 1) for v in result[:10_000])
    return 0


def names_argument(message: str, argument: str, column: str | None) -> bool:
    """Whether a ValueError message names the argument (and the column, if any)."""

    def has(word: str) -> bool:
        return (
            re.search(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])", message) is not None
        )

    if column is not None:
        return has(column) and (has(argument) or argument in ("self",))
    return has(argument)


class _Timeout(BaseException):
    """Raised by the alarm inside a hostile call (a BaseException, so no model catches it)."""


def _alarm(signum, frame):  # noqa: ARG001
    raise _Timeout


@dataclass
class Failure:
    """One call that broke the contract."""

    function: str
    argument: str
    case: str
    kind: str
    detail: str


@dataclass
class Report:
    """What a sweep found."""

    cases: int = 0
    failures: list[Failure] = field(default_factory=list)

    def by_kind(self) -> dict[str, int]:
        """Failures counted by kind (wrong exceptions by their type)."""
        out: dict[str, int] = {}
        for f in self.failures:
            key = (
                f.kind
                if f.kind != "wrong exception"
                else f"wrong exception {f.detail.split(':')[0]}"
            )
            out[key] = out.get(key, 0) + 1
        return dict(sorted(out.items()))

    def lines(self) -> list[str]:
        """One line per failure: ``function(argument=case): kind: detail``."""
        return [f"{f.function}({f.argument}={f.case}): {f.kind}: {f.detail}" for f in self.failures]

    def summary(self, swept: str, seconds: float, *, verbose: bool = False) -> str:
        """The figures a sweep reports (run as a script): calls, failures by kind."""
        out = [f"{swept} swept, {self.cases} hostile calls, {seconds:.0f} s"]
        out.append(f"failures: {len(self.failures)}")
        out += [f"  {kind}: {n}" for kind, n in self.by_kind().items()]
        return "\n".join(out + (self.lines() if verbose else []))


def check_call(
    qualname: str, fn: Callable, kwargs: dict, argument: str, hostile: Hostile, base_nonfinite: int
) -> Failure | None:
    """Call ``fn(**kwargs)`` once and say how it broke the contract, or None."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, CALL_SECONDS)
    try:
        result = fn(**kwargs)
        if dataclasses.is_dataclass(result) or isinstance(result, (list, tuple, dict)):
            pass
        bad = non_finite(result)
    except _Timeout:
        return Failure(qualname, argument, hostile.label, "timeout", f"> {CALL_SECONDS} s")
    except ValueError as exc:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if names_argument(str(exc), argument, hostile.column):
            return None
        return Failure(qualname, argument, hostile.label, "wrong name", str(exc)[:200])
    except Exception as exc:  # noqa: BLE001 (classified, not hidden)
        signal.setitimer(signal.ITIMER_REAL, 0)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Failure(
            qualname,
            argument,
            hostile.label,
            "wrong exception",
            f"{type(exc).__name__}: {str(exc)[:120]} "
            f"({where.filename.rsplit('/', 1)[-1]}:{where.lineno})",
        )
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if hostile.label in DOCUMENTED.get((qualname, argument), ()):
        return None
    if hostile.verdict == INVALID:
        return Failure(qualname, argument, hostile.label, "accepted", "returned a result")
    if bad and not base_nonfinite:
        return Failure(qualname, argument, hostile.label, "non-finite", f"{bad} non-finite numbers")
    return None


#: A sweep's own choice of hostile values: called with (function, argument, valid value,
#: the library's hostile values for it), returns the values to try (e.g. paths for a
#: path argument, or the library's values re-judged against a widget's slider range).
Values = Callable[[str, str, object, list[Hostile]], list[Hostile]]


def sweep_function(
    qualname: str, fn: Callable, kwargs: dict, report: Report, values: Values | None = None
) -> None:
    """Replace each argument of a valid call by each hostile value of its kind."""
    base = fn(**kwargs)
    if isinstance(base, list):  # e.g. a lot-sizing plan
        base = list(base)
    base_nonfinite = non_finite(base)
    params = inspect.signature(fn).parameters
    for name, value in kwargs.items():
        p = params[name]
        optional = p.default is None
        annotation = p.annotation if isinstance(p.annotation, str) else str(p.annotation)
        hostiles = hostile_values(value, annotation, optional, name)
        if values is not None:
            hostiles = values(qualname, name, value, hostiles)
        for hostile in hostiles:
            report.cases += 1
            failure = check_call(
                qualname, fn, {**kwargs, name: hostile.value}, name, hostile, base_nonfinite
            )
            if failure is not None:
                report.failures.append(failure)


def _child(
    conn, calls: list[tuple[str, Callable, Callable[[], dict]]], values: Values | None = None
) -> None:
    import resource

    resource.setrlimit(
        resource.RLIMIT_AS, (MEMORY_LIMIT, resource.getrlimit(resource.RLIMIT_AS)[1])
    )
    report = Report()
    for qualname, fn, make in calls:
        try:
            sweep_function(qualname, fn, make(), report, values)
        except BaseException as exc:  # noqa: BLE001 (the baseline itself failed)
            report.failures.append(
                Failure(
                    qualname,
                    "-",
                    "valid baseline",
                    "wrong exception",
                    f"{type(exc).__name__}: {exc}",
                )
            )
    conn.send(report)
    conn.close()


def sweep(
    calls: list[tuple[str, Callable, Callable[[], dict]]],
    timeout: float = 600,
    values: Values | None = None,
) -> Report:
    """Run :func:`sweep_function` over ``calls`` in a child process with a memory limit
    (``values``: the sweep's own choice of hostile values, see :data:`Values`)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, calls, values))
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return Report(0, [Failure("sweep", "-", "-", "timeout", f"whole sweep > {timeout} s")])
    report = parent.recv()
    proc.join()
    return report
