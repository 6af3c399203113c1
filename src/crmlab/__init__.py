"""crmlab: runnable models for learning CRM and its related systems.

Subpackages: :mod:`crmlab.scm` (supply chain management), :mod:`crmlab.crm` (customer
value and the map of related systems), :mod:`crmlab.bpr` (business process
reengineering), :mod:`crmlab.datasets` (the teaching datasets), :mod:`crmlab.plots` (the
shared chart style), :mod:`crmlab.widgets` (ipywidgets front ends) and
:mod:`crmlab.grading` (grading exercise submissions).

One language setting covers everything the package draws or shows: ``set_language("zh")``
(or the environment variable ``CRMLAB_LANG=zh``) for Simplified Chinese, ``"en"`` for
English (the default); see ``crmlab.i18n``.
"""

from crmlab.i18n import get_language, set_language  # noqa: F401 (re-exported)

__version__ = "0.1.0"
