"""Tests of the shared widget controls (crmlab.widgets._controls).

Source: the widget convention in DESIGN.md ("Conventions", Widgets): sliders from a range
table, one range check that names the argument and the range (issue 17), one redraw and
one cache pattern (issue 13, point 3).
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import pytest

from crmlab.widgets import _controls


def test_a_range_of_whole_numbers_gives_an_int_slider():
    """(1, 8, 1) is whole: an IntSlider with the step; a float bound makes it a
    FloatSlider, with the readout format given; (0, 8) has the default step."""
    count = _controls.slider("lead_time", 2.0, "Lead time", (0, 8, 1), readout_format=".0f")
    assert isinstance(count, widgets.IntSlider)
    assert (count.value, count.min, count.max, count.step) == (2, 0, 8, 1)
    assert isinstance(count.value, int) and count.readout_format == "d"
    rate = _controls.slider("rate", 0.5, "Rate", (0.0, 1.0, 0.05), readout_format=".1f")
    assert isinstance(rate, widgets.FloatSlider)
    assert (rate.value, rate.step, rate.readout_format) == (0.5, 0.05, ".1f")
    assert not rate.continuous_update and rate.description == "Rate"
    plain = _controls.slider("n", 3, "n", (0, 8))
    assert plain.step == 1
    assert not _controls.whole((True, 2, 1)), "a bool is not a whole-number bound"


@pytest.mark.parametrize("bad", [9, -1, 2.5, float("nan"), True, "3", None])
def test_a_starting_value_outside_the_range_is_refused(bad):
    """The one range check: ValueError naming the argument, the range and the widget."""
    with pytest.raises(
        ValueError,
        match=r"^lead_time must be a whole number that lies in "
        r"\[0, 8\] for the widget",
    ):
        _controls.slider("lead_time", bad, "Lead time", (0, 8, 1))


def test_sliders_follow_the_range_table():
    """One slider per row, in the table's order, labelled from the label table; a readout
    format by name applies to that slider only; options reach every slider."""
    ranges = {"a": (0.0, 10.0, 0.5), "b": (1, 5, 1), "c": (0.0, 1.0, 0.01)}
    labels = {"a": "A", "b": "B", "c": "C"}
    made = _controls.sliders(
        ranges,
        labels,
        {"a": 2.0, "b": 3, "c": 0.25},
        readout_format={"a": ".0f"},
        layout={"width": "30em"},
    )
    assert list(made) == ["a", "b", "c"]
    assert [s.description for s in made.values()] == ["A", "B", "C"]
    assert made["a"].readout_format == ".0f" and made["c"].readout_format == ".2f"
    assert all(s.layout.width == "30em" for s in made.values())
    assert made["a"].layout is not made["c"].layout
    assert _controls.values(made) == {"a": 2.0, "b": 3, "c": 0.25}


def test_connect_redraws_now_and_on_every_change():
    """The redraw runs once at once, then once per change of any control."""
    calls = []
    a, b = widgets.IntSlider(value=1), widgets.Checkbox(value=False)
    _controls.connect(lambda change=None: calls.append(change is None), a, b)
    a.value = 2
    b.value = True
    assert calls == [True, False, False]


def test_show_displays_what_draw_returns(monkeypatch):
    """One item, a tuple of items, or nothing (None): each shown once, in order."""
    shown = []
    monkeypatch.setattr(_controls, "display", shown.append)
    out = widgets.Output()
    _controls.show(out, lambda: "one")
    _controls.show(out, lambda: ("two", "three"))
    _controls.show(out, lambda: None)
    assert shown == ["one", "two", "three"]


def test_frame_is_the_widgets_box():
    """A framed column of the children given."""
    html = widgets.HTML()
    box = _controls.frame([html])
    assert isinstance(box, widgets.VBox) and box.children == (html,)
    assert (box.layout.border, box.layout.padding) == ("1px solid #ddd", "0.5em")


def test_memo_computes_each_setting_once_and_protects_the_cache():
    """A second call with the same arguments is not recomputed; a DataFrame comes back as a
    copy, so changing it leaves the cached one as it was."""
    runs = []

    @_controls.memo(maxsize=4)
    def model(x: int) -> pd.DataFrame:
        """A model."""
        runs.append(x)
        return pd.DataFrame({"x": [x]})

    first = model(1)
    first.loc[0, "x"] = 99
    assert model(1).loc[0, "x"] == 1
    model(2)
    assert runs == [1, 2]
    assert model.cache_info().hits == 1
    assert model.__doc__ == "A model."
