"""ERP models: bills of materials, lot sizing, MRP, capacity, costing, the integrated enterprise."""

from crmlab.erp.enterprise import Enterprise

__all__ = ["Enterprise"]
