"""The one way to build a widget: controls from a range table, one range check, one redraw
pattern and one cache.

A widget module declares its sliders as data: a range table ``name -> (min, max, step)``
(``(min, max)`` for a step of 1) and a label table ``name -> description``. A range of
whole numbers gives an ``IntSlider``, any other a ``FloatSlider``. A widget function then

1. checks every starting value with :func:`check` (a slider would silently clamp a value
   outside its range) and builds its sliders with :func:`sliders` (or :func:`slider`);
2. defines one ``redraw(change=None)`` closure that reads the controls (:func:`values`),
   calls the model and shows the chart with :func:`show`;
3. wires it with :func:`connect` (redraw on every change, and once now);
4. ends with ``return localize(frame([...]))``, so the widget is translated where it is
   built.

A pure model call that a widget repeats with the same arguments is memoised with
:func:`memo`, the package's one cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from crmlab._validate import within

#: A slider's range: (min, max, step), or (min, max) for a step of 1.
Span = tuple[float, float, float] | tuple[float, float]

#: How every range error of a widget ends.
WHERE = "for the widget"

F = TypeVar("F", bound=Callable[..., Any])


def whole(span: Span) -> bool:
    """Whether ``span`` is a range of whole numbers (every bound an ``int``)."""
    return all(isinstance(x, int) and not isinstance(x, bool) for x in span)


def check(name: str, value: object, span: Span) -> Any:
    """``value`` if it lies in ``span`` (an ``int`` for a range of whole numbers), else
    ``ValueError`` naming ``name`` and the range."""
    return within(name, value, span[0], span[1], integer=whole(span), where=WHERE)


def slider(
    name: str,
    value: object,
    description: str,
    span: Span,
    *,
    readout_format: str | None = None,
    **options: Any,
) -> widgets.IntSlider | widgets.FloatSlider:
    """A slider over ``span`` for the control ``name``, starting at ``value`` (checked
    first), that reports a new value when released.

    ``readout_format`` applies to a ``FloatSlider`` only; ``options`` (``style``,
    ``layout``...) go to the slider as they are.
    """
    settings: dict[str, Any] = {
        "value": check(name, value, span),
        "min": span[0],
        "max": span[1],
        "description": description,
        "continuous_update": False,
    }
    if len(span) > 2:
        settings["step"] = span[2]
    if whole(span):
        return widgets.IntSlider(**settings, **options)
    if readout_format is not None:
        settings["readout_format"] = readout_format
    return widgets.FloatSlider(**settings, **options)


def sliders(
    ranges: Mapping[str, Span],
    labels: Mapping[str, str],
    start: Mapping[str, object],
    *,
    readout_format: str | Mapping[str, str] | None = None,
    **options: Any,
) -> dict[str, widgets.IntSlider | widgets.FloatSlider]:
    """One :func:`slider` per entry of the range table ``ranges``, in its order, labelled
    from ``labels`` and starting at ``start``.

    ``readout_format`` is one format for every float slider or a table by name (a name it
    lacks keeps ipywidgets' default); ``options`` go to every slider.
    """
    made = {}
    for name, span in ranges.items():
        fmt = readout_format.get(name) if isinstance(readout_format, Mapping) else readout_format
        made[name] = slider(name, start[name], labels[name], span, readout_format=fmt, **options)
    return made


def values(controls: Mapping[str, widgets.ValueWidget]) -> dict[str, Any]:
    """The current value of each control, by name."""
    return {name: control.value for name, control in controls.items()}


def show(out: widgets.Output, draw: Callable[[], object]) -> None:
    """Replace what ``out`` shows by what ``draw()`` returns: a chart or table, a tuple or
    list of them, or ``None`` (nothing). ``draw`` runs inside ``out``, so what it prints or
    warns appears there."""
    with out:
        out.clear_output(wait=True)
        shown = draw()
        for item in shown if isinstance(shown, (tuple, list)) else (shown,):
            if item is not None:
                display(item)


def connect(redraw: Callable[..., None], *controls: widgets.Widget) -> None:
    """Call ``redraw`` whenever one of ``controls`` changes its value, and once now."""
    for control in controls:
        control.observe(redraw, names="value")
    redraw()


def frame(children: Iterable[widgets.Widget]) -> widgets.VBox:
    """The box a widget returns: its controls and outputs in one framed column."""
    return widgets.VBox(
        list(children), layout=widgets.Layout(border="1px solid #ddd", padding="0.5em")
    )


def memo(maxsize: int | None = 128) -> Callable[[F], F]:
    """Memoise a pure model call that a widget repeats (``functools.lru_cache`` on its
    hashable arguments): each setting is computed once. A pandas result is copied on the
    way out, so a caller that changes it cannot change the cache."""

    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            result = cached(*args, **kwargs)
            return result.copy() if isinstance(result, (pd.DataFrame, pd.Series)) else result

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate
