"""ERP master data of the furniture plant: items, bill of materials, routings, work centres.

These four tables are written out by hand (no randomness): they are small enough to read
in full, and an MRP or costing exercise on them can be checked with pencil and paper.
Quantities are scaled to the demand in ``locations`` (about 930 end products a week): at
that average rate and product mix the assembly work centre, the bottleneck, needs about
92 % of its capacity in run time alone, so seasonal peaks and setups overload it.
"""

from __future__ import annotations

import pandas as pd

END_PRODUCTS = ("D100", "T200", "C300", "B400", "G500")

_NA = None
END, SUB, COMP, RAW = "end_product", "subassembly", "component", "raw_material"
MAKE, BUY = "make", "buy"
L4L, FOQ, POQ = "lot_for_lot", "fixed_order_quantity", "periodic_order_quantity"

# item_id, name, item_type, unit, make_or_buy, standard_cost, selling_price,
# lead_time_weeks, lot_size_rule, lot_size, safety_stock, on_hand
_ITEMS = (
    ("D100", "Oak desk", END, "pcs", MAKE, _NA, 449.00, 1, L4L, _NA, 40, 150),
    ("T200", "Dining table", END, "pcs", MAKE, _NA, 599.00, 1, L4L, _NA, 25, 100),
    ("C300", "Dining chair", END, "pcs", MAKE, _NA, 129.00, 1, FOQ, 400, 100, 400),
    ("B400", "Bookshelf", END, "pcs", MAKE, _NA, 189.00, 1, L4L, _NA, 50, 200),
    ("G500", "Garden chair", END, "pcs", MAKE, _NA, 89.00, 1, POQ, 2, 60, 260),
    ("SA110", "Desk frame", SUB, "pcs", MAKE, _NA, _NA, 1, L4L, _NA, 0, 60),
    ("SA120", "Drawer unit", SUB, "pcs", MAKE, _NA, _NA, 1, L4L, _NA, 0, 70),
    ("SA210", "Table top", SUB, "pcs", MAKE, _NA, _NA, 1, L4L, _NA, 0, 50),
    ("SA310", "Chair seat", SUB, "pcs", MAKE, _NA, _NA, 1, FOQ, 800, 0, 500),
    ("SA320", "Chair frame", SUB, "pcs", MAKE, _NA, _NA, 1, FOQ, 800, 0, 420),
    ("SA410", "Shelf carcass", SUB, "pcs", MAKE, _NA, _NA, 1, L4L, _NA, 0, 90),
    ("CP01", "Oak leg", COMP, "pcs", MAKE, _NA, _NA, 1, FOQ, 2500, 800, 3000),
    ("CP02", "Drawer front", COMP, "pcs", MAKE, _NA, _NA, 1, L4L, _NA, 0, 150),
    ("CP03", "Shelf board", COMP, "pcs", MAKE, _NA, _NA, 1, POQ, 2, 300, 1200),
    ("CP04", "Fitting kit", COMP, "pcs", BUY, 3.40, _NA, 2, FOQ, 5000, 1000, 4200),
    ("CP05", "Drawer runner pair", COMP, "pair", BUY, 6.80, _NA, 3, FOQ, 1000, 200, 800),
    ("CP06", "Aluminium frame", COMP, "pcs", BUY, 24.50, _NA, 4, FOQ, 500, 100, 420),
    ("CP07", "Carton", COMP, "pcs", BUY, 2.10, _NA, 1, POQ, 4, 800, 2500),
    ("CP08", "Desk top", COMP, "pcs", MAKE, _NA, _NA, 1, L4L, _NA, 0, 80),
    ("RM01", "Oak board", RAW, "m2", BUY, 38.00, _NA, 3, FOQ, 1000, 300, 1100),
    ("RM02", "Oak square timber", RAW, "m", BUY, 6.50, _NA, 3, FOQ, 8000, 2000, 7500),
    ("RM03", "Particle board", RAW, "m2", BUY, 7.20, _NA, 2, FOQ, 2000, 500, 1800),
    ("RM04", "Varnish", RAW, "l", BUY, 9.80, _NA, 2, FOQ, 600, 150, 520),
    ("RM05", "Foam pad", RAW, "pcs", BUY, 4.60, _NA, 2, FOQ, 1200, 250, 900),
    ("RM06", "Upholstery fabric", RAW, "m2", BUY, 12.40, _NA, 4, FOQ, 400, 100, 380),
    ("RM07", "Edge banding", RAW, "m", BUY, 0.45, _NA, 2, FOQ, 10000, 2500, 9000),
    ("RM08", "Acacia slat", RAW, "pcs", BUY, 1.90, _NA, 6, FOQ, 5000, 1000, 4400),
)  # fmt: skip

# parent, child, quantity of the child (in its unit) per unit of the parent
_BOM = (
    ("D100", "CP08", 1), ("D100", "SA110", 1), ("D100", "SA120", 1), ("D100", "CP04", 1),
    ("D100", "CP07", 1),
    ("T200", "SA210", 1), ("T200", "CP01", 4), ("T200", "CP04", 1), ("T200", "CP07", 1),
    ("C300", "SA310", 1), ("C300", "SA320", 1), ("C300", "CP04", 1), ("C300", "CP07", 1),
    ("B400", "SA410", 1), ("B400", "CP03", 4), ("B400", "CP04", 1), ("B400", "CP07", 1),
    ("G500", "CP06", 1), ("G500", "RM08", 8), ("G500", "CP04", 1), ("G500", "CP07", 1),
    ("SA110", "CP01", 4), ("SA110", "RM02", 3.2), ("SA110", "CP04", 1),
    ("SA120", "CP02", 2), ("SA120", "CP03", 3), ("SA120", "CP05", 2), ("SA120", "CP04", 1),
    ("SA210", "RM01", 1.6), ("SA210", "RM04", 0.4),
    ("SA310", "RM03", 0.2), ("SA310", "RM05", 1), ("SA310", "RM06", 0.35),
    ("SA320", "CP01", 4), ("SA320", "RM02", 1.6), ("SA320", "RM04", 0.1),
    ("SA410", "RM03", 1.4), ("SA410", "RM07", 6),
    ("CP01", "RM02", 0.75), ("CP01", "RM04", 0.04),
    ("CP02", "RM01", 0.12), ("CP02", "RM04", 0.05),
    ("CP03", "RM03", 0.3), ("CP03", "RM07", 1.8),
    ("CP08", "RM01", 1.2), ("CP08", "RM04", 0.3),
)  # fmt: skip

# item_id, operation, work_centre, description, setup_hours, run_hours (per unit)
_ROUTINGS = (
    ("D100", 10, "WC60", "Assemble desk", 0.25, 0.25),
    ("D100", 20, "WC70", "Pack desk", 0.10, 0.08),
    ("T200", 10, "WC60", "Assemble table", 0.25, 0.20),
    ("T200", 20, "WC70", "Pack table", 0.10, 0.10),
    ("C300", 10, "WC60", "Assemble chair", 0.25, 0.12),
    ("C300", 20, "WC70", "Pack chair", 0.10, 0.05),
    ("B400", 10, "WC60", "Assemble bookshelf", 0.25, 0.15),
    ("B400", 20, "WC70", "Pack bookshelf", 0.10, 0.06),
    ("G500", 10, "WC60", "Assemble garden chair", 0.25, 0.18),
    ("G500", 20, "WC70", "Pack garden chair", 0.10, 0.05),
    ("SA110", 10, "WC20", "Drill rails", 0.75, 0.08),
    ("SA110", 20, "WC60", "Assemble frame", 0.25, 0.20),
    ("SA120", 10, "WC60", "Assemble drawer unit", 0.25, 0.30),
    ("SA210", 10, "WC10", "Cut top", 0.50, 0.08),
    ("SA210", 20, "WC20", "Profile edges", 1.00, 0.15),
    ("SA210", 30, "WC40", "Sand and varnish", 0.50, 0.20),
    ("SA310", 10, "WC10", "Cut seat board", 0.50, 0.02),
    ("SA310", 20, "WC50", "Upholster seat", 0.50, 0.18),
    ("SA320", 10, "WC20", "Machine back and rails", 0.75, 0.06),
    ("SA320", 20, "WC60", "Glue frame", 0.25, 0.15),
    ("SA320", 30, "WC40", "Sand and varnish", 0.50, 0.08),
    ("SA410", 10, "WC10", "Cut panels", 0.50, 0.06),
    ("SA410", 20, "WC30", "Band edges", 0.75, 0.08),
    ("SA410", 30, "WC20", "Drill panels", 0.75, 0.05),
    ("CP01", 10, "WC10", "Cut blanks", 0.50, 0.02),
    ("CP01", 20, "WC20", "Turn leg", 1.00, 0.05),
    ("CP01", 30, "WC40", "Sand and varnish", 0.50, 0.04),
    ("CP02", 10, "WC10", "Cut front", 0.50, 0.03),
    ("CP02", 20, "WC20", "Mill handle recess", 0.75, 0.04),
    ("CP02", 30, "WC40", "Sand and varnish", 0.50, 0.05),
    ("CP03", 10, "WC10", "Cut board", 0.50, 0.02),
    ("CP03", 20, "WC30", "Band edges", 0.75, 0.03),
    ("CP08", 10, "WC10", "Cut top", 0.50, 0.06),
    ("CP08", 20, "WC20", "Profile edges", 1.00, 0.10),
    ("CP08", 30, "WC40", "Sand and varnish", 0.50, 0.15),
)

# work_centre, name, capacity_hours_per_week, labour_rate, overhead_rate (money per hour)
_WORK_CENTRES = (
    ("WC10", "Panel saw", 140, 30.00, 35.00),
    ("WC20", "CNC machining", 260, 34.00, 55.00),
    ("WC30", "Edge banding", 80, 29.00, 30.00),
    ("WC40", "Sanding and finishing", 220, 30.00, 25.00),
    ("WC50", "Upholstery", 80, 31.00, 18.00),
    ("WC60", "Assembly", 300, 29.00, 15.00),
    ("WC70", "Packing", 80, 26.00, 12.00),
)


def make_products() -> pd.DataFrame:
    """Return the item master: 5 end products, 6 subassemblies, 8 components, 8 materials."""
    columns = [
        "item_id", "name", "item_type", "unit", "make_or_buy", "standard_cost",
        "selling_price", "lead_time_weeks", "lot_size_rule", "lot_size", "safety_stock",
        "on_hand",
    ]  # fmt: skip
    frame = pd.DataFrame(_ITEMS, columns=columns)
    frame["lot_size"] = frame["lot_size"].astype("Int64")
    return frame


def make_bom() -> pd.DataFrame:
    """Return the single-level bill-of-materials links (parent, child, quantity).

    Exploding them level by level gives the multi-level structure: desk → desk frame →
    oak leg → oak square timber is four levels deep. The fitting kit ``CP04`` is used by
    every end product and by two subassemblies, the oak leg ``CP01`` by a table directly
    and by two frames, the shelf board ``CP03`` by a bookshelf and a drawer unit: items
    met at several levels, which MRP plans once, at their lowest level.
    """
    frame = pd.DataFrame(_BOM, columns=["parent", "child", "quantity"])
    frame["quantity"] = frame["quantity"].astype(float)
    return frame


def make_routings() -> pd.DataFrame:
    """Return the routing of every manufactured item, one row per operation."""
    return pd.DataFrame(
        _ROUTINGS,
        columns=["item_id", "operation", "work_centre", "description", "setup_hours", "run_hours"],
    )


def make_work_centres() -> pd.DataFrame:
    """Return the work centres with weekly capacity and hourly labour and overhead rates."""
    return pd.DataFrame(
        _WORK_CENTRES,
        columns=["work_centre", "name", "capacity_hours_per_week", "labour_rate", "overhead_rate"],
    )
