"""crmlab: runnable models for learning CRM and its related systems.

Subpackages: :mod:`crmlab.scm` (supply chain management), :mod:`crmlab.erp` (the ERP
lineage), :mod:`crmlab.crm` (customer value and matching), :mod:`crmlab.bpr` (business
process reengineering), :mod:`crmlab.datasets` (the teaching datasets), :mod:`crmlab.plots`
(the shared chart style) and :mod:`crmlab.widgets` (ipywidgets front ends).
"""

__version__ = "0.1.0"
