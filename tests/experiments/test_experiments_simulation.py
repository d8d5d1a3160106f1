"""A/A simulation: daily peeking keeps the sequential false-positive rate <= alpha, the z-test's does not."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from textops.experiments import DailyCounts, analyze_sequential, simulate_aa_peeking
from textops.experiments._simulate import sequential_p_values, simulate_counts

N_SIMS, DAYS, ALPHA = 10_000, 28, 0.05
# Binomial standard error of a false-positive rate estimated from N_SIMS tests when the true rate is alpha
SE = math.sqrt(ALPHA * (1 - ALPHA) / N_SIMS)  # 0.0022
TOL = 3 * SE  # one-sided 3-sigma: a correct method fails this check with probability ~0.1%


@pytest.mark.slow
def test_sequential_controls_false_positives_under_daily_peeking() -> None:
    sim = simulate_aa_peeking(N_SIMS, DAYS, daily_visitors_per_arm=500, rate=0.05, alpha=ALPHA, seed=11)
    assert sim.standard_error_at_alpha == pytest.approx(SE)
    assert sim.fpr_msprt_peeking <= ALPHA + TOL
    assert sim.fpr_gbstats_peeking <= ALPHA + TOL
    # peeking daily at a fixed-horizon z-test inflates the false-positive rate far beyond alpha ...
    assert sim.fpr_fixed_peeking > ALPHA + TOL
    assert sim.fpr_fixed_peeking > 3 * ALPHA
    # ... while the same z-test read once at the end is fine
    assert abs(sim.fpr_fixed_end_only - ALPHA) <= TOL
    # low-traffic variant: 3% baseline, 150 visitors per arm and day
    low = simulate_aa_peeking(N_SIMS, DAYS, daily_visitors_per_arm=150, rate=0.03, alpha=ALPHA, seed=12)
    assert low.fpr_msprt_peeking <= ALPHA + TOL
    assert low.fpr_gbstats_peeking <= ALPHA + TOL
    assert low.fpr_fixed_peeking > ALPHA + TOL


@pytest.mark.slow
@pytest.mark.parametrize("method", ["msprt", "gbstats_asymptotic"])
def test_vectorised_simulation_equals_public_api(method: str) -> None:
    """The vectorised p-values used above are exactly what analyze_sequential reports."""
    n_c, x_c, n_v, x_v = simulate_counts(40, 14, 300, 0.04, seed=5)
    vec = sequential_p_values(n_c, x_c, n_v, x_v, ALPHA, method)
    # back to incremental daily rows
    inc = {k: np.diff(a, axis=1, prepend=0) for k, a in {"nc": n_c, "xc": x_c, "nv": n_v, "xv": x_v}.items()}
    d0 = date(2024, 1, 1)
    for s in range(40):
        rows = []
        for d in range(14):
            day = d0 + timedelta(d)
            rows += [
                DailyCounts(
                    day=day, arm="a", visitors=int(inc["nc"][s, d]), conversions=int(inc["xc"][s, d])
                ),
                DailyCounts(
                    day=day, arm="b", visitors=int(inc["nv"][s, d]), conversions=int(inc["xv"][s, d])
                ),
            ]
        res = analyze_sequential(rows, method=method)  # type: ignore[arg-type]
        api = np.array([lk.p_value for lk in res.comparisons[0].looks])
        np.testing.assert_allclose(api, vec[s], rtol=1e-9, atol=1e-12)
