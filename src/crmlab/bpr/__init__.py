"""Business process reengineering: process models, simulation on SimPy, process discovery.

All times are in minutes.

- :mod:`crmlab.bpr.process`: :class:`Step`, :class:`Process` (resources, hand-offs, rework,
  service-time distributions, offered load and utilisation).
- :mod:`crmlab.bpr.simulation`: :func:`simulate` and :class:`SimulationResult`.
- :mod:`crmlab.bpr.queueing`: closed forms (M/M/1, Erlang C, M/G/1) that validate it.
- :mod:`crmlab.bpr.cases`: the classic reengineering cases and a CRM complaint process.
- :mod:`crmlab.bpr.redesign`: :func:`compare_designs`, the model behind the redesign widget.
- :mod:`crmlab.bpr.discovery`: the directly-follows graph of an event log.
"""

from crmlab.bpr.process import DISTRIBUTIONS, Process, Step, minimum_workers
from crmlab.bpr.redesign import compare_designs
from crmlab.bpr.simulation import SimulationResult, simulate

__all__ = [
    "DISTRIBUTIONS",
    "Process",
    "SimulationResult",
    "Step",
    "compare_designs",
    "minimum_workers",
    "simulate",
]
