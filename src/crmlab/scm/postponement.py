"""Postponement: delaying the point of product differentiation, and its effect on safety stock.

A firm sells k variants of one product (a printer with k countries' power supplies and
manuals, a paint in k colours). Without postponement it makes each variant to stock, and
each variant needs its own safety stock against its own demand over the protection
interval τ (the replenishment lead time L under continuous review, L + 1 for a policy
reviewed every period). With postponement it stocks the **generic** product and gives it its final
form (localises, colours, configures) only when an order arrives, taking ℓ periods to do
so. The generic stock covers the total demand of all variants over τ: a risk-pooling
effect across products rather than across markets (Lee, Billington & Carter 1993).

For variant demands with standard deviations σ_i and a common pairwise correlation ρ, the
total demand has σ_G = sqrt(Σσ_i² + ρ·Σ_{i≠j} σ_iσ_j), and with a cycle service level α
(z = Φ⁻¹(α)):

- no postponement: safety stock Σ z·σ_i·sqrt(τ);
- postponement: z·σ_G·sqrt(τ) of the generic product, plus Σ z·σ_i·sqrt(ℓ) of finished
  variants if finishing takes ℓ > 0 periods and customers will not wait for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmlab._validate import non_negative, probability_open, whole

__all__ = ["postponement", "postponement_curve"]

#: The most variants :func:`postponement_curve` tabulates.
MAX_VARIANTS = 10_000

#: The largest standard deviation or mean demand per period (units) taken: a trillion
#: units, far above any teaching case; larger values overflow the pooled variance.
MAX_QUANTITY = 1e12

#: Row labels of :func:`postponement`'s result.
GENERIC = "generic"


def _stds(demand_std: object) -> np.ndarray:
    try:
        if isinstance(demand_std, (str, bytes, dict)) or any(
            isinstance(v, (bool, np.bool_, str))
            for v in np.ravel(np.asarray(demand_std, dtype=object))
        ):
            raise TypeError
        values = np.atleast_1d(np.asarray(demand_std, dtype=float))
    except (TypeError, ValueError, OverflowError):
        raise ValueError(
            f"demand_std must be a sequence of numbers >= 0, got {demand_std!r}"
        ) from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError("demand_std must be a non-empty sequence of numbers >= 0")
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError(f"demand_std must hold finite numbers >= 0 (no NaN), got {demand_std!r}")
    if values.max() > MAX_QUANTITY:
        raise ValueError(f"demand_std must hold numbers <= MAX_QUANTITY = {MAX_QUANTITY:g}")
    return values


def _generic_std(stds: np.ndarray, correlation: object) -> float:
    k = stds.size
    lower = -1.0 / (k - 1) if k > 1 else -1.0
    ok = (
        isinstance(correlation, (int, float, np.number))
        and not isinstance(correlation, bool)
        and abs(correlation) <= 2
    )
    rho = float(correlation) if ok else math.nan
    if not (lower <= rho <= 1.0):
        raise ValueError(
            f"correlation must lie in [{lower:.4g}, 1] for {k} variants, got {correlation!r}"
        )
    total = stds.sum()
    variance = (1.0 - rho) * float((stds**2).sum()) + rho * total**2
    return math.sqrt(max(variance, 0.0))


def postponement(
    demand_std: Sequence[float],
    lead_time: int,
    service_level: float,
    *,
    correlation: float = 0.0,
    finishing_time: int = 0,
    demand_mean: Sequence[float] | None = None,
) -> pd.DataFrame:
    """Safety stock held as finished variants against held as the generic product.

    Args:
        demand_std: σ_1 … σ_k, each variant's standard deviation of demand per period
            (finite, >= 0).
        lead_time: τ, the protection interval of the stock in whole periods (>= 0).
        service_level: cycle service level α in (0, 1).
        correlation: ρ, the correlation between any two variants' demands, in
            [−1/(k−1), 1]. Variants of one product often compete for the same customers
            (ρ < 0): then postponement saves most.
        finishing_time: ℓ, whole periods to turn a generic unit into a variant (>= 0); with
            ℓ > 0 each variant keeps a small safety stock over ℓ.
        demand_mean: λ_1 … λ_k, mean demands per period (>= 0), optional; adds a ``mean``
            column.

    Returns:
        A DataFrame with one row per variant (``variant 1`` … ``variant k``), then
        ``generic``; columns ``std``, ``safety_stock_without`` (no postponement: each
        variant over τ; the generic row holds none), ``safety_stock_with`` (postponement:
        the generic over τ, each variant over ℓ) and, with ``demand_mean``, ``mean``.
        Sum a column for the totals.

    Raises:
        ValueError: if an argument is outside its range; the message names it.
    """
    from scipy.stats import norm

    stds = _stds(demand_std)
    lead = whole("lead_time", lead_time, minimum=0)
    alpha = probability_open("service_level", service_level)
    finish = whole("finishing_time", finishing_time, minimum=0)
    sigma_g = _generic_std(stds, correlation)
    z = float(norm.ppf(alpha))
    names = [f"variant {i}" for i in range(1, stds.size + 1)] + [GENERIC]
    table = pd.DataFrame(
        {
            "std": [*stds, sigma_g],
            "safety_stock_without": [*(z * stds * math.sqrt(lead)), 0.0],
            "safety_stock_with": [*(z * stds * math.sqrt(finish)), z * sigma_g * math.sqrt(lead)],
        },
        index=pd.Index(names, name="item"),
    )
    if demand_mean is not None:
        try:
            if isinstance(demand_mean, (str, bytes, dict)) or any(
                isinstance(v, (bool, np.bool_, str))
                for v in np.ravel(np.asarray(demand_mean, dtype=object))
            ):
                raise TypeError
            means = np.atleast_1d(np.asarray(demand_mean, dtype=float))
        except (TypeError, ValueError, OverflowError):
            raise ValueError(
                f"demand_mean must be a sequence of numbers >= 0, got {demand_mean!r}"
            ) from None
        if means.shape != stds.shape:
            raise ValueError("demand_mean must have one value per variant, like demand_std")
        for m in means:
            if non_negative("demand_mean", m) > MAX_QUANTITY:
                raise ValueError(
                    f"demand_mean must hold numbers <= MAX_QUANTITY = {MAX_QUANTITY:g}"
                )
        table.insert(0, "mean", [*means, float(means.sum())])
    return table


def postponement_curve(
    total_std: float,
    lead_time: int,
    service_level: float,
    *,
    max_variants: int = 12,
    correlation: float = 0.0,
    finishing_time: int = 0,
) -> pd.DataFrame:
    """Total safety stock with and without postponement as the number of variants grows.

    A product's total demand, with standard deviation σ_total per period, is split evenly
    into k variants with pairwise correlation ρ. The total stays the same, so each variant
    has σ_i with σ_total² = k·σ_i²·(1 + (k−1)ρ): σ_total/sqrt(k) when ρ = 0.

    Args:
        total_std: σ_total, standard deviation of the product's total demand per period (>= 0).
        lead_time, service_level, correlation, finishing_time: as in :func:`postponement`;
            ``correlation`` must be valid for every k (>= −1/(max_variants−1)).
        max_variants: the largest k tabulated (whole, 1 to :data:`MAX_VARIANTS`).

    Returns:
        A DataFrame with columns ``variants`` (k = 1 … max_variants), ``without``,
        ``with`` (total safety stock in units) and ``saving`` (1 − with/without).
    """
    sigma = non_negative("total_std", total_std)
    if sigma > MAX_QUANTITY:
        raise ValueError(f"total_std must be at most MAX_QUANTITY = {MAX_QUANTITY:g}")
    k_max = whole("max_variants", max_variants, minimum=1, maximum=MAX_VARIANTS)
    if k_max > 1:
        _generic_std(np.ones(k_max), correlation)  # ρ must be valid for every k
    from scipy.stats import norm

    lead = whole("lead_time", lead_time, minimum=0)
    alpha = probability_open("service_level", service_level)
    finish = whole("finishing_time", finishing_time, minimum=0)
    z = float(norm.ppf(alpha))
    rows = []
    for k in range(1, k_max + 1):
        rho = float(correlation) if k > 1 else 0.0
        spread = k * (1.0 + (k - 1) * rho)
        each = sigma / math.sqrt(spread) if spread > 0 else 0.0
        # The same sums as postponement([each] * k, ...), without building its table.
        without = k * z * each * math.sqrt(lead)
        with_ = z * each * math.sqrt(max(spread, 0.0)) * math.sqrt(lead)
        with_ += k * z * each * math.sqrt(finish)
        rows.append(
            {
                "variants": k,
                "without": without,
                "with": with_,
                "saving": 1.0 - with_ / without if without > 0 else 0.0,
            }
        )
    return pd.DataFrame(rows)
