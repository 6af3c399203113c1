"""Customer relationship management models.

Modules: :mod:`crmlab.crm.systems` (the map of CRM and its related systems) and
:mod:`crmlab.crm.value` (customer value: RFM, CLV, the customer pyramid, ABC analysis and
cohort retention). Import from the modules, e.g. ``from crmlab.crm.value import rfm``.
"""
