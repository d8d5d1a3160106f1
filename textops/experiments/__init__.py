"""Statistics core for conversion-rate A/B(/n) tests of headline variants: pure functions, no I/O.

* :func:`plan_sample_size` — visitors and days needed (pooled/unpooled normal approximation, Bonferroni).
* :func:`analyze_frequentist` — fixed-horizon pooled z-tests, Wald / delta-method intervals, Holm or BH.
* :func:`analyze_bayesian` — Beta-Binomial posteriors: chance to beat control (exact), chance to be best and
  expected loss (seeded Monte Carlo with standard errors), or gbstats' Gaussian approximation.
* :func:`analyze_sequential` — always-valid p-values and confidence sequences for daily peeking
  (mixture SPRT, or gbstats' asymptotic confidence sequence).
* :func:`check_health` / :func:`check_srm` — sample ratio mismatch and too-early warnings.
* :func:`simulate_aa_peeking` — A/A simulation: false-positive rates with daily peeking.
* :func:`decide` — one decision in plain words (ship / keep running / no detectable difference / stop:
  data problem) from the sequential read-out, with the other read-outs as "other views".
* :func:`read_out` — the health checks, the three read-outs and the decision of daily counts in one call
  (what the API, the UI and ``textops experiment analyze`` show), with a per-arm table in words
  (:meth:`ReadOut.arm_lines`).
* :func:`parse_counts_csv` — daily counts from CSV text (the CLI's and the UI's import format,
  :data:`COUNTS_FORMAT` in words).
* :func:`analyses` — every read-out of an experiment stored in a :class:`~textops.store.Store` (the one
  function here that reads: the store it is given).

Inputs are :class:`ArmCounts` (totals) or :class:`DailyCounts` (incremental per day). Invalid input raises
:class:`~textops.errors.InvalidInputError` (:class:`ParameterError`, naming the parameter, for a bad
parameter value); degenerate data (no traffic, no conversions, a single arm,
everyone converted) returns a neutral result with a ``reason`` code. Results are pydantic models with no
NaN/inf (undefined figures are ``None``).
"""

from textops.experiments._bayesian import (
    BayesianArm,
    BayesianComparison,
    BayesianResult,
    analyze_bayesian,
    chance_to_beat_exact,
)
from textops.experiments._csv import COUNTS_COLUMNS, COUNTS_FORMAT, parse_counts_csv
from textops.experiments._decision import DEFAULT_DECISION_MDE, Decision, decide
from textops.experiments._frequentist import FrequentistComparison, FrequentistResult, analyze_frequentist
from textops.experiments._health import (
    ArmSplit,
    HealthReport,
    HealthWarning,
    SrmResult,
    check_health,
    check_srm,
)
from textops.experiments._models import (
    ArmCounts,
    ArmSummary,
    CumulativeSeries,
    DailyCounts,
    ParameterError,
    Verdict,
    cumulative_by_arm,
)
from textops.experiments._plan import SampleSizePlan, plan_sample_size
from textops.experiments._readout import ArmLine, Method, ReadOut, read_out
from textops.experiments._sequential import (
    SequentialComparison,
    SequentialLook,
    SequentialResult,
    analyze_sequential,
)
from textops.experiments._simulate import AASimulation, simulate_aa_peeking
from textops.experiments._stored import Analysis, analyses
from textops.experiments._views import DecisionAction, OtherView

__all__ = [
    "COUNTS_COLUMNS",
    "COUNTS_FORMAT",
    "DEFAULT_DECISION_MDE",
    "AASimulation",
    "Analysis",
    "ArmCounts",
    "ArmLine",
    "ArmSplit",
    "ArmSummary",
    "BayesianArm",
    "BayesianComparison",
    "BayesianResult",
    "CumulativeSeries",
    "DailyCounts",
    "Decision",
    "DecisionAction",
    "FrequentistComparison",
    "FrequentistResult",
    "HealthReport",
    "HealthWarning",
    "Method",
    "OtherView",
    "ParameterError",
    "ReadOut",
    "SampleSizePlan",
    "SequentialComparison",
    "SequentialLook",
    "SequentialResult",
    "SrmResult",
    "Verdict",
    "analyses",
    "analyze_bayesian",
    "analyze_frequentist",
    "analyze_sequential",
    "chance_to_beat_exact",
    "check_health",
    "check_srm",
    "cumulative_by_arm",
    "decide",
    "parse_counts_csv",
    "plan_sample_size",
    "read_out",
    "simulate_aa_peeking",
]
