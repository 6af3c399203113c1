"""Tests of crmlab.bpr.discovery: the directly-follows graph, worked by hand on a tiny log."""

import networkx as nx
import pandas as pd
import pytest

from crmlab import datasets, plots
from crmlab.bpr import simulate
from crmlab.bpr.cases import complaint_handling
from crmlab.bpr.discovery import (
    END,
    START,
    activity_stats,
    bottleneck,
    dfg_graph,
    directly_follows,
    handoffs,
)

#: Three cases, times in minutes (rows deliberately out of order).
#:  1: A (Sales 0–10), B (Sales 15–20), C (Finance 50–60)
#:  2: A (Sales 0–5), C (Finance 25–35)
#:  3: A (Sales 0–10), B (Sales 12–20), B again (Sales 30–35), C (Finance 35–40)
TINY = pd.DataFrame(
    [
        (1, "C", "Finance", 50, 60),
        (1, "A", "Sales", 0, 10),
        (1, "B", "Sales", 15, 20),
        (2, "A", "Sales", 0, 5),
        (2, "C", "Finance", 25, 35),
        (3, "A", "Sales", 0, 10),
        (3, "B", "Sales", 12, 20),
        (3, "B", "Sales", 30, 35),
        (3, "C", "Finance", 35, 40),
    ],
    columns=["case_id", "activity", "resource", "start", "end"],
)


def edge(dfg, a, b):
    return dfg.set_index(["source", "target"]).loc[(a, b)]


def test_tiny_log_by_hand():
    """Worked by hand: A→B twice (waits 5 and 2, mean 3.5); B→C twice (30 and 0, mean
    15); A→C once (20); B→B once (10). Four edges, nine events minus three cases = six
    transitions."""
    dfg = directly_follows(TINY)
    assert len(dfg) == 4
    assert dfg["frequency"].sum() == 6
    assert edge(dfg, "A", "B")["frequency"] == 2
    assert edge(dfg, "A", "B")["mean_wait"] == pytest.approx(3.5)
    assert edge(dfg, "B", "C")["mean_wait"] == pytest.approx(15.0)
    assert edge(dfg, "B", "C")["max_wait"] == pytest.approx(30.0)
    assert edge(dfg, "A", "C")["mean_wait"] == pytest.approx(20.0)
    assert edge(dfg, "B", "B")["frequency"] == 1
    assert dfg.iloc[0]["frequency"] == 2  # most frequent first


def test_bottleneck_and_handoffs_by_hand():
    """The longest mean wait is A→C (20 minutes); the hand-offs (Sales → Finance) are
    B→C and A→C, not A→B or B→B. With min_frequency = 2 the bottleneck is B→C (15)."""
    dfg = directly_follows(TINY)
    slow = bottleneck(dfg)
    assert (slow["source"], slow["target"]) == ("A", "C")
    assert set(zip(handoffs(dfg)["source"], handoffs(dfg)["target"], strict=True)) == {
        ("B", "C"),
        ("A", "C"),
    }
    slow2 = bottleneck(dfg, min_frequency=2)
    assert (slow2["source"], slow2["target"]) == ("B", "C")


def test_timestamps_give_the_same_minutes():
    """The same log with timestamps (minutes after a start time) gives the same waits in
    minutes."""
    t0 = pd.Timestamp("2025-01-06 08:00")
    log = TINY.assign(
        start=t0 + pd.to_timedelta(TINY["start"], unit="min"),
        end=t0 + pd.to_timedelta(TINY["end"], unit="min"),
    )
    a, b = directly_follows(TINY), directly_follows(log)
    pd.testing.assert_series_equal(a["mean_wait"], b["mean_wait"])


def test_graph_and_activity_stats():
    """The DiGraph carries the same edges with frequency and mean wait, plus start and
    end nodes (all three cases start with A; cases end with C); activity counts: A 3,
    B 3, C 3; median positions order A before B before C."""
    g = dfg_graph(TINY)
    assert isinstance(g, nx.DiGraph)
    assert g["A"]["B"]["frequency"] == 2
    assert g["A"]["C"]["mean_wait"] == pytest.approx(20.0)
    assert g[START]["A"]["frequency"] == 3
    assert g["C"][END]["frequency"] == 3
    assert g.nodes["A"]["layer"] < g.nodes["B"]["layer"] < g.nodes["C"]["layer"]
    s = activity_stats(TINY)
    assert s["frequency"].to_dict() == {"A": 3, "B": 3, "C": 3}
    assert s.loc["C", "mean_time"] == pytest.approx(25 / 3)


def test_simulated_log_recovers_the_process():
    """A simulated complaint process (five steps, four hand-offs, rework on Investigate):
    the DFG has the four forward edges, each seen once per case, plus the rework
    self-loop; the four forward edges are exactly the hand-offs."""
    result = simulate(complaint_handling(), 0.1, 300)
    dfg = directly_follows(result.event_log)
    forward = dfg[dfg["source"] != dfg["target"]]
    assert len(forward) == 4
    assert (forward["frequency"] == 300).all()
    assert forward["handoff"].all()
    assert len(handoffs(dfg)) == 4
    assert edge(dfg, "Investigate", "Investigate")["frequency"] > 0


def test_order_events_dataset():
    """On the order_events dataset (1,000 orders): every order starts with Receive order,
    Receive order → Check order data is seen 1,000 times, and the slowest edge is the wait
    for goods from the supplier (its data sheet: about five working days)."""
    log = datasets.load("order_events")
    dfg = directly_follows(log)
    assert edge(dfg, "Receive order", "Check order data")["frequency"] == 1000
    assert activity_stats(log).loc["Receive order", "starts"] == 1000
    slow = bottleneck(dfg)
    assert (slow["source"], slow["target"]) == ("Order from supplier", "Receive goods")


def test_dfg_chart_has_alt_text_with_key_numbers():
    """plots.dfg_chart returns a Chart whose alt text names the bottleneck and counts the
    hand-offs (2 of 4 edges in the tiny log)."""
    chart = plots.dfg_chart(TINY, title="Tiny log")
    assert isinstance(chart, plots.Chart)
    assert "A and C" in chart.alt
    assert "2 of the 4 edges are hand-offs" in chart.alt
    assert chart.figure.axes[0].get_title(loc="left") == "Tiny log"


def test_dfg_chart_draws_the_graph_the_model_returns():
    """Charts take results (DESIGN.md): dfg_chart(dfg_graph(log)) draws the same chart as
    the deprecated dfg_chart(log), which warns; the caller's graph is left unchanged."""
    graph = dfg_graph(TINY)
    edges = sorted(graph.edges)
    chart = plots.dfg_chart(graph, title="Tiny log", min_frequency=2)
    assert sorted(graph.edges) == edges
    with pytest.warns(DeprecationWarning, match="dfg_graph"):
        old = plots.dfg_chart(TINY, title="Tiny log", min_frequency=2)
    assert chart.alt == old.alt
    assert chart.png() == old.png()
    with pytest.raises(ValueError, match="graph"):
        plots.dfg_chart(nx.DiGraph(), title="Empty")


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: directly_follows(TINY.drop(columns="resource")), "resource"),
        (lambda: directly_follows(TINY.iloc[:0]), "empty"),
        (lambda: directly_follows("log"), "event_log"),
        (lambda: directly_follows(TINY.assign(end=TINY["start"] - 1)), "end"),
        (lambda: bottleneck(directly_follows(TINY), min_frequency=0), "min_frequency"),
        (lambda: plots.dfg_chart(TINY, min_frequency=0), "min_frequency"),
    ],
)
def test_bad_input_names_it(call, name):
    """Bad input raises ValueError naming the argument or the missing column."""
    with pytest.raises(ValueError, match=name):
        call()
