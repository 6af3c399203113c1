"""crmlab: runnable models for learning CRM and its related systems.

Subpackages: :mod:`crmlab.scm` (supply chain management), :mod:`crmlab.crm` (customer
value and the map of related systems), :mod:`crmlab.bpr` (business process
reengineering), :mod:`crmlab.datasets` (the teaching datasets), :mod:`crmlab.plots` (the
shared chart style), :mod:`crmlab.widgets` (ipywidgets front ends) and
:mod:`crmlab.grading` (grading exercise submissions).
"""

__version__ = "0.1.0"
