"""Process discovery: the directly-follows graph (DFG) of an event log.

An event log has one row per activity performed on a case: ``case_id, activity, resource,
start, end`` (``crmlab.bpr.simulate(...).event_log`` and
``crmlab.datasets.load("order_events")`` both have these columns). Within each case the
rows are put in order of ``start``; activity *b* directly follows activity *a* when *b* is
the row right after *a* in the same case. The DFG counts each pair (its frequency) and averages the
waiting time between them: the next activity's start minus the previous activity's end.
Times may be numbers (minutes) or timestamps (then waits are converted to minutes of
clock time: nights and weekends included).

Why not pm4py, the field's library? Installed in a fresh virtual environment (pm4py 2.7,
from wheels) it took about 550 MB with its dependencies, far over the 150 MB this package
allows for one feature, so the directly-follows graph is built here on pandas and networkx
(a few dozen lines; pm4py's ``discover_dfg`` computes the same counts).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from crmlab import _schema
from crmlab._validate import whole

COLUMNS: tuple[str, ...] = ("case_id", "activity", "resource", "start", "end")

#: Names of the artificial first and last nodes drawn for where cases begin and end.
START, END = "▶ start", "■ end"


def _minutes(delta: pd.Series) -> pd.Series:
    if pd.api.types.is_timedelta64_dtype(delta):
        return delta.dt.total_seconds() / 60.0
    return delta.astype(float)


def _ordered(event_log: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(event_log, pd.DataFrame):
        raise ValueError("event_log must be a pandas DataFrame with columns " + ", ".join(COLUMNS))
    missing = [c for c in COLUMNS if c not in event_log.columns]
    if missing:
        raise ValueError(f"event_log is missing columns: {', '.join(missing)}")
    if event_log.empty:
        raise ValueError("event_log must hold at least one event, got an empty table")
    kinds = {}
    for column in ("start", "end"):
        values = event_log[column]
        if values.isna().any():
            raise ValueError(f"event_log column {column} has an empty cell")
        if pd.api.types.is_datetime64_any_dtype(values):
            kinds[column] = "timestamps"
        elif pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            if not np.isfinite(values.to_numpy(dtype=float)).all():
                raise ValueError(f"event_log column {column} must hold finite times")
            kinds[column] = "minutes"
        else:
            raise ValueError(
                f"event_log column {column} must hold timestamps (datetime64) or minutes "
                f"(numbers), got {values.dtype}"
            )
    if kinds["start"] != kinds["end"]:
        raise ValueError(
            f"event_log columns start and end must both be timestamps or both minutes; "
            f"start holds {kinds['start']}, end holds {kinds['end']}"
        )
    keys = ["case_id", "start", "end"]
    if "replication" in event_log.columns:
        keys = ["replication", *keys]
    log = event_log.sort_values(keys, kind="stable").reset_index(drop=True)
    if (_minutes(log["end"] - log["start"]) < 0).any():
        raise ValueError("event_log has an event whose end is before its start")
    return log


def _case_key(log: pd.DataFrame) -> pd.Series:
    if "replication" in log.columns:
        return log["replication"].astype(str) + "/" + log["case_id"].astype(str)
    return log["case_id"]


def directly_follows(event_log: pd.DataFrame) -> pd.DataFrame:
    """The directly-follows relation with frequencies and mean waits.

    Args:
        event_log: a DataFrame with columns ``case_id, activity, resource, start, end``
            (an optional ``replication`` column keeps replications apart).

    Returns:
        One row per pair (source activity → target activity), most frequent first:
        ``source, target, frequency`` (times the target directly followed the source),
        ``mean_wait`` and ``max_wait`` (minutes from the source's end to the target's
        start), ``source_resource, target_resource`` (the most frequent resource of each),
        ``handoffs`` (how many of those transitions changed resource) and ``handoff``
        (True when at least one did: the work passed to another department).

    Raises:
        ValueError: if a column is missing, the log is empty or an event ends before it
            starts.
    """
    log = _ordered(event_log)
    case = _case_key(log)
    nxt = log.groupby(case, sort=False).shift(-1)
    pairs = pd.DataFrame(
        {
            "source": log["activity"],
            "target": nxt["activity"],
            "wait": _minutes(nxt["start"] - log["end"]),
            "changed": log["resource"] != nxt["resource"],
            "source_resource": log["resource"],
            "target_resource": nxt["resource"],
        }
    ).dropna(subset=["target"])
    if pairs.empty:
        return pd.DataFrame(
            columns=[
                "source",
                "target",
                "frequency",
                "mean_wait",
                "max_wait",
                "source_resource",
                "target_resource",
                "handoffs",
                "handoff",
            ]
        )
    grouped = pairs.groupby(["source", "target"], sort=False)
    dfg = grouped.agg(
        frequency=("wait", "size"),
        mean_wait=("wait", "mean"),
        max_wait=("wait", "max"),
        source_resource=("source_resource", lambda s: s.mode().iloc[0]),
        target_resource=("target_resource", lambda s: s.mode().iloc[0]),
        handoffs=("changed", "sum"),
    ).reset_index()
    dfg["handoffs"] = dfg["handoffs"].astype(int)
    dfg["handoff"] = dfg["handoffs"] > 0
    return dfg.sort_values(
        ["frequency", "source", "target"], ascending=[False, True, True]
    ).reset_index(drop=True)


def activity_stats(event_log: pd.DataFrame) -> pd.DataFrame:
    """Per activity: ``frequency``, ``mean_time`` (mean minutes from start to end: clock
    time, so with timestamps work left overnight counts the night), ``resource`` (the most
    frequent), ``starts`` and ``ends`` (cases that begin / end with it), in order of first
    appearance in the log."""
    log = _ordered(event_log)
    log = log.assign(duration=_minutes(log["end"] - log["start"]))
    case = _case_key(log)
    first = log.groupby(case, sort=False)["activity"].first().value_counts()
    last = log.groupby(case, sort=False)["activity"].last().value_counts()
    table = log.groupby("activity", sort=False).agg(
        frequency=("duration", "size"),
        mean_time=("duration", "mean"),
        resource=("resource", lambda s: s.mode().iloc[0]),
    )
    table["starts"] = first.reindex(table.index, fill_value=0).astype(int)
    table["ends"] = last.reindex(table.index, fill_value=0).astype(int)
    return table


def dfg_graph(event_log: pd.DataFrame) -> nx.DiGraph:
    """The directly-follows graph as a networkx ``DiGraph``.

    Nodes are activities with attributes ``frequency``, ``mean_time``, ``resource`` and
    ``layer`` (the median position of the activity within its cases, counting from 1, for
    a left-to-right drawing); edges carry the columns of :func:`directly_follows`. Two
    artificial nodes, :data:`START` and :data:`END`, link to the activities cases begin and
    end with (edge attribute ``frequency``; ``mean_wait`` 0).
    """
    log = _ordered(event_log)
    stats = activity_stats(log)
    position = log.groupby(_case_key(log), sort=False).cumcount() + 1
    layer = position.groupby(log["activity"]).median()
    graph = nx.DiGraph()
    graph.add_node(START, frequency=int(stats["starts"].sum()), layer=0, resource="")
    for name, row in stats.iterrows():
        graph.add_node(
            name,
            frequency=int(row["frequency"]),
            mean_time=float(row["mean_time"]),
            resource=row["resource"],
            layer=int(round(float(layer[name]))),
        )
    last_layer = max(d["layer"] for _, d in graph.nodes(data=True)) + 1
    graph.add_node(END, frequency=int(stats["ends"].sum()), layer=last_layer, resource="")
    for row in directly_follows(log).to_dict("records"):
        graph.add_edge(row.pop("source"), row.pop("target"), **row)
    for name, row in stats.iterrows():
        if row["starts"]:
            graph.add_edge(START, name, frequency=int(row["starts"]), mean_wait=0.0, handoff=False)
        if row["ends"]:
            graph.add_edge(name, END, frequency=int(row["ends"]), mean_wait=0.0, handoff=False)
    return graph


def bottleneck(dfg: pd.DataFrame, *, min_frequency: int = 1) -> pd.Series:
    """The edge with the longest mean wait among edges seen at least ``min_frequency``
    times; ``dfg`` as from :func:`directly_follows`.

    A bottleneck is the resource with the least capacity for the work it receives; an event
    log does not record capacity, but long waits in front of a resource are the
    bottleneck's symptom, so this edge is where to look for it.
    """
    min_frequency = whole("min_frequency", min_frequency, minimum=1)
    _schema.check("dfg", dfg, _schema.DFG)
    candidates = dfg[dfg["frequency"] >= min_frequency]
    if candidates.empty:
        raise ValueError(f"dfg has no edge seen at least min_frequency={min_frequency} times")
    return candidates.loc[candidates["mean_wait"].idxmax()]


def handoffs(dfg: pd.DataFrame) -> pd.DataFrame:
    """The edges where work passes to another resource (department), most frequent first."""
    _schema.check("dfg", dfg, _schema.DFG)
    # Columns the result carries through: checked when present, so no NaN slips out.
    for column, kind in (("max_wait", "number"), ("handoffs", "whole")):
        if column in dfg.columns:
            _schema.check(
                "dfg", dfg, _schema.Table("directly-follows", (_schema.Col(column, kind),))
            )
    return dfg[dfg["handoff"].astype(bool)].reset_index(drop=True)
