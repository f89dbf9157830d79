"""Makes the fixture of the comparison tests: t-tests and intervals computed by SciPy, Holm's adjustment by numpy.

    /usr/bin/python3 make_fixture.py OUT_DIR        (Debian 12: apt-get install python3-scipy)

Writes OUT_DIR/comparisons.json:
  cases  seeded groups of 2 to 8 repeats (an arm and a control of equal size, repeat r of both sharing a seed),
         each with SciPy's paired test (scipy.stats.ttest_rel, its p-value and confidence_interval(0.95)) and
         Welch's (scipy.stats.ttest_ind, equal_var=False: its p-value; the 95 % interval of the difference of means
         from scipy.stats.t at the Welch-Satterthwaite degrees of freedom, since SciPy 1.10's result has no
         confidence_interval)
  holm   families of p-values and their Holm-Bonferroni adjusted values: p_(i) sorted ascending is adjusted to
         max over j <= i of min(1, (m - j + 1) p_(j)), computed here with numpy, in the input's order
"""
import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import stats


def holm(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind="stable")
    scaled = np.minimum(1.0, (m - np.arange(m)) * p[order])
    adjusted = np.maximum.accumulate(scaled)
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def paired(arm, control):
    result = stats.ttest_rel(arm, control)
    ci = result.confidence_interval(0.95)
    return {"p": float(result.pvalue), "low": float(ci.low), "high": float(ci.high)}


def welch(arm, control):
    result = stats.ttest_ind(arm, control, equal_var=False)
    va = np.var(arm, ddof=1) / len(arm)
    vc = np.var(control, ddof=1) / len(control)
    df = (va + vc) ** 2 / (va ** 2 / (len(arm) - 1) + vc ** 2 / (len(control) - 1))
    half = stats.t.ppf(0.975, df) * np.sqrt(va + vc)
    difference = np.mean(arm) - np.mean(control)
    return {"p": float(result.pvalue), "low": float(difference - half), "high": float(difference + half)}


def main(out_dir):
    rng = np.random.default_rng(20261207)
    cases = []
    for n in [2, 3, 3, 5, 8]:
        for shift in [0.0, 0.002, -0.004]:
            seed_effect = rng.normal(0.02, 0.003, n)
            control = seed_effect + rng.normal(0, 0.0005, n)
            arm = seed_effect + shift + rng.normal(0, 0.0005, n)
            cases.append({
                "arm": arm.tolist(),
                "control": control.tolist(),
                "paired": paired(arm, control),
                "welch": welch(arm, control),
            })
    families = [
        [0.01, 0.04, 0.03, 0.005],
        [0.027, 0.2, 0.6, 0.011, 0.049, 0.049, 0.9, 0.0001],
        [0.3],
        [0.02, 0.02, 0.02],
    ]
    out = {
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "cases": cases,
        "holm": [{"p": f, "adjusted": holm(f)} for f in families],
    }
    Path(out_dir, "comparisons.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
