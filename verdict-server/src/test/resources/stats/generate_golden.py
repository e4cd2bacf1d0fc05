#!/usr/bin/env python3
"""Golden values for dev.verdict.stats, from implementations independent of the Java code.

Re-run from the repository root (Debian 12 packages, no PyPI):
    apt-get install -y python3-scipy python3-statsmodels python3-mpmath
    /usr/bin/python3 src/test/resources/stats/generate_golden.py            # all files, ~8 minutes (beta.csv)
    /usr/bin/python3 src/test/resources/stats/generate_golden.py wilson.csv # only the named files
    python3 src/test/resources/stats/generate_golden.py stratified.csv sequential.csv srm_sequential.csv  # ~30 s

Produced with: Python 3.11, numpy 1.24.2, scipy 1.10.1, statsmodels 0.13.5, mpmath 1.2.1
(stratified.csv, sequential.csv, srm_sequential.csv: Python 3.11.7, numpy 2.4.6, scipy 1.17.1, mpmath 1.3.0)
(the script prints the versions it ran with and refuses none; differences only matter beyond 1e-12).

Every reference number is computed with mpmath at 50 significant digits from the defining formula and then
cross-checked against scipy/statsmodels where those implement the same quantity; the script stops if a check fails.
Numbers are written with repr() of the nearest double (17 significant digits).

Notes per file:
- score_interval.csv: statsmodels 0.13.5 cannot serve as the reference. Its score_test_proportions_2indep hard-codes
  `correction = True` in the 'diff' branch (correction=False is ignored), and even with that factor undone its
  statistic differs from direct maximisation of the likelihood by up to ~0.3% (asserted below by
  statsmodels_disagrees()); its confint root finding (brentq on the p-value from a Wald start, xtol 2e-12) also fails
  on extreme tables. The reference is therefore a 50-digit bisection (190 halvings) of the score statistic, with the
  restricted MLE from the closed-form cubic of Miettinen-Nurminen / Farrington-Manning, each bound's MLE verified to
  be a stationary point of the likelihood to 1e-30 (the Java code instead solves the likelihood equation by
  safeguarded Newton steps). Source column: "mpmath-bisection" for every row.
- stratified.csv: the CMH-weighted difference, the stratified score statistic S(0) (Miettinen-Nurminen 1985
  stratified form without the n/(n-1) factor) with its two-sided p-value, and the interval {d : |S(d)| < z} by a
  50-digit bisection (190 halvings) from -1 and +1 towards the estimate; each stratum's restricted MLE from the same
  closed-form cubic as score_interval.csv and verified stationary at each bound. One-stratum rows are checked
  against the pooled z of ztest.csv.
- sequential.csv: ln Lambda+(0), ln Lambda+(delta) and ln Lambda-(delta) of the half-normal mixture SPRT with
  V(delta) = sum w^2 V_k(delta) / W^2 at the restricted MLE (the cubic), ln Phi from mpmath's ncdf at 50 digits; the
  p-value min(1, k/Lambda+(0)); the bounds by 190 halvings of {delta : ln Lambda >= ln(k/alpha)} from -1 / +1 towards
  the estimate. Lambda is not monotone in delta for every table (see SequentialTest); rows are kept only where a
  200-point grid shows it monotone on both searched sides, which the script checks, so plain bisection is the
  reference. The script also checks p <= alpha exactly when lower >= 0 on every row.
- srm_sequential.csv: the Lindon-Malek Dirichlet-multinomial ln BF summed directly from mpmath loggamma at 50 digits
  (cross-checked against scipy's gammaln below a million assignments); an arm with share 0 and traffic is written as
  ln BF 1e300, p 0.
- statsmodels is only needed for wilson.csv, score_interval.csv and holm.csv; the other files run without it.
- beta.csv: exact summation of Evan Miller's closed form in mpmath when the smallest Beta parameter is at most
  20000; otherwise nested mpmath quadrature (tanh-sinh) of f_N(u) * P(W > u) with exact log-gamma normalisation.
"""
import csv
import os
import random
import sys

import mpmath as mp
import numpy
import scipy
from scipy import optimize, stats

try:  # only wilson, score_interval and holm cross-check against statsmodels; the newer files do not need it
    import statsmodels
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportion_confint, score_test_proportions_2indep
    STATSMODELS = statsmodels.__version__
except ImportError:
    STATSMODELS = "missing"

mp.mp.dps = 50
OUT = os.path.dirname(os.path.abspath(__file__))
print("python", sys.version.split()[0], "numpy", numpy.__version__, "scipy", scipy.__version__,
      "statsmodels", STATSMODELS, "mpmath", mp.__version__)


def r(x):
    return repr(float(x))


def wanted(name):
    """Optional arguments name the CSVs to regenerate (e.g. wilson.csv); none means all."""
    return len(sys.argv) == 1 or name in sys.argv[1:]


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows), "rows")


def check(ok, message):
    if not ok:
        raise SystemExit("cross-check failed: " + message)


def rel(a, b):
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def crit(confidence):
    """z_{1-alpha/2} for alpha = 1 - confidence, confidence taken as the exact double."""
    return mp.sqrt(2) * mp.erfinv(mp.mpf(confidence))


# ---------------------------------------------------------------- Wilson
def wilson_rows():
    rows = []
    seen = set()
    for n in [1, 2, 3, 10, 100, 1000, 12345, 10**6, 10**9]:
        for x in sorted({0, 1, n // 3, n // 2, n - 1, n}):
            if x < 0 or x > n:
                continue
            for conf in [0.8, 0.9, 0.95, 0.99, 0.999]:
                if (n, x, conf) in seen:
                    continue
                seen.add((n, x, conf))
                z = crit(conf)
                nn, p = mp.mpf(n), mp.mpf(x) / n
                den = 1 + z**2 / nn
                centre = (p + z**2 / (2 * nn)) / den
                hw = z / den * mp.sqrt(p * (1 - p) / nn + z**2 / (4 * nn**2))
                lo, up = max(mp.mpf(0), centre - hw), min(mp.mpf(1), centre + hw)
                # exactly 0 and 1 in exact arithmetic; at 50 digits a residue of ~1e-52 would remain
                lo = mp.mpf(0) if x == 0 else lo
                up = mp.mpf(1) if x == n else up
                sl, su = proportion_confint(x, n, alpha=1 - conf, method="wilson")
                check(abs(float(lo) - max(0.0, sl)) < 1e-12 and abs(float(up) - min(1.0, su)) < 1e-12,
                      f"wilson {n} {x} {conf}")
                rows.append([n, x, conf, r(p), r(lo), r(up)])
    return rows


if wanted("wilson.csv"):
    write("wilson.csv", ["n", "x", "confidence", "rate", "lower", "upper"], wilson_rows())


# ---------------------------------------------------------------- z-test
def ztest_ref(nT, xT, nC, xC):
    if nT == 0 or nC == 0:
        return None, None, "EMPTY_ARM"
    pooled = mp.mpf(xT + xC) / (nT + nC)
    if pooled == 0 or pooled == 1:
        return mp.mpf(0), mp.mpf(1), "ZERO_VARIANCE"
    z = (mp.mpf(xT) / nT - mp.mpf(xC) / nC) / mp.sqrt(pooled * (1 - pooled) * (mp.mpf(1) / nT + mp.mpf(1) / nC))
    return z, mp.erfc(abs(z) / mp.sqrt(2)), ""


def table_for_z(target, n, xC):
    """Smallest xT on n trials (control xC of n) whose pooled z exceeds target."""
    lo, hi = xC, n
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ztest_ref(n, mid, n, xC)[0] < target:
            lo = mid
        else:
            hi = mid
    return (n, hi, n, xC)


def ztest_tables():
    tables = [(1, 1, 1, 0), (1, 0, 1, 1), (1, 1, 1, 1), (1, 0, 1, 0), (2, 1, 3, 1), (10, 0, 10, 0),
              (10, 10, 10, 10), (10, 10, 10, 0), (100, 12, 100, 10), (1000, 130, 1000, 100), (1000, 100, 1000, 100),
              (5000, 260, 45000, 2200), (900, 120, 100, 9), (10**9, 500_001_000, 10**9, 500_000_000),
              (10**9, 1, 10**9, 0), (10**9, 10**9, 10**9, 10**9 - 1), (10**9, 123_456_789, 10**9, 123_400_000),
              (10**9, 30_000_000, 10**9, 29_990_000), (10**6, 1000, 10**9, 1_000_000), (0, 0, 10, 3), (10, 3, 0, 0),
              (0, 0, 0, 0), (1234567, 234567, 7654321, 1234567), (50, 0, 1_000_000, 1000)]
    for target in [22.0, 25.0, 30.0, 36.6, 37.0]:
        tables.append(table_for_z(target, 1_000_000, 100_000))
    tables.append(table_for_z(37.2, 10**9, 10**8))
    tables.append(table_for_z(23.0, 20_000, 200))
    rng = random.Random(20240501)
    for _ in range(40):
        nT, nC = rng.choice([1, 5, 40, 1000, 10**5, 10**7]), rng.choice([1, 7, 60, 2000, 10**6, 10**8])
        tables.append((nT, rng.randint(0, nT), nC, rng.randint(0, nC)))
    return tables


def ztest_rows():
    rows = []
    for nT, xT, nC, xC in ztest_tables():
        z, p, reason = ztest_ref(nT, xT, nC, xC)
        if reason == "EMPTY_ARM":
            rows.append([nT, xT, nC, xC, "", "", reason])
            continue
        if not reason:
            # scipy in double precision: z from the same formula, p from norm.sf
            pT, pC = xT / nT, xC / nC
            pp = (xT + xC) / (nT + nC)
            zd = (pT - pC) / (pp * (1 - pp) * (1 / nT + 1 / nC)) ** 0.5
            check(rel(zd, z) < 1e-7, f"z {nT} {xT} {nC} {xC}")
            if float(p) > 1e-290:
                check(rel(2 * stats.norm.sf(abs(float(z))), p) < 1e-9 * max(1.0, float(z) ** 2),
                      f"p {nT} {xT} {nC} {xC}")
            if float(p) < 1e-305:
                continue  # subnormal or zero in double: no relative precision to compare
        rows.append([nT, xT, nC, xC, r(z), r(p), reason])
    return rows


if wanted("ztest.csv"):
    write("ztest.csv", ["nT", "xT", "nC", "xC", "z", "pValue", "reason"], ztest_rows())


# ---------------------------------------------------------------- score interval
def restricted_cubic(nT, xT, nC, xC, delta):
    """Restricted MLE (pT, pC) under pT - pC = delta: Miettinen-Nurminen / Farrington-Manning closed form."""
    p1, p2 = mp.mpf(xT) / nT, mp.mpf(xC) / nC
    if delta == 0:
        pooled = mp.mpf(xT + xC) / (nT + nC)
        return pooled, pooled
    theta = mp.mpf(nC) / nT
    a = 1 + theta
    b = -(1 + theta + p1 + theta * p2 + delta * (theta + 2))
    c = delta**2 + delta * (2 * p1 + theta + 1) + p1 + theta * p2
    d = -p1 * delta * (1 + delta)
    v = b**3 / (27 * a**3) - b * c / (6 * a**2) + d / (2 * a)
    if v == 0:
        t1 = -b / (3 * a)
    else:
        u = mp.sign(v) * mp.sqrt(b**2 / (9 * a**2) - c / (3 * a))
        ratio = v / u**3
        ratio = max(mp.mpf(-1), min(mp.mpf(1), ratio))
        w = (mp.pi + mp.acos(ratio)) / 3
        t1 = 2 * u * mp.cos(w) - b / (3 * a)
    t1 = mp.re(t1)
    lo, hi = max(mp.mpf(0), delta), min(mp.mpf(1), 1 + delta)
    t1 = max(lo, min(hi, t1))
    return t1, t1 - delta


def loglik_score(nT, xT, nC, xC, delta, pC):
    """d/dpC of the log-likelihood on pT = pC + delta (for checking the cubic)."""
    pT = pC + delta
    s = mp.mpf(0)
    for count, prob in [(xT, pT), (xC, pC)]:
        if count:
            s += count / prob
    for count, prob in [(nT - xT, pT), (nC - xC, pC)]:
        if count:
            s -= count / (1 - prob)
    return s


def score_stat(nT, xT, nC, xC, delta):
    pT, pC = restricted_cubic(nT, xT, nC, xC, delta)
    num = mp.mpf(xT) / nT - mp.mpf(xC) / nC - delta
    var = pT * (1 - pT) / nT + pC * (1 - pC) / nC
    if num == 0:
        return mp.mpf(0)
    if var <= 0:
        return mp.inf if num > 0 else -mp.inf
    return num / mp.sqrt(var)


def verify_mle(nT, xT, nC, xC, delta):
    pT, pC = restricted_cubic(nT, xT, nC, xC, delta)
    lo, hi = max(mp.mpf(0), -delta), min(mp.mpf(1), 1 - delta)
    if lo < pC < hi:
        s = loglik_score(nT, xT, nC, xC, delta, pC)
        scale = mp.mpf(nT + nC) / min(pC * (1 - pC), pT * (1 - pT))
        check(abs(s) < mp.mpf(10) ** -30 * scale, f"cubic MLE not stationary {nT} {xT} {nC} {xC} {delta}")


def bisect_bound(nT, xT, nC, xC, zc, lower):
    d = mp.mpf(xT) / nT - mp.mpf(xC) / nC
    if lower:
        outside, inside = mp.mpf(-1), d
    else:
        outside, inside = mp.mpf(1), d
    for _ in range(190):
        mid = (outside + inside) / 2
        s = score_stat(nT, xT, nC, xC, mid)
        beyond = s >= zc if lower else s <= -zc
        if beyond:
            outside = mid
        else:
            inside = mid
    bound = (outside + inside) / 2
    verify_mle(nT, xT, nC, xC, bound)
    return bound


def statsmodels_disagrees():
    """Documents why statsmodels is not the reference: its 'diff' score statistic vs direct MLE at 50 digits."""
    nT, xT, nC, xC, delta = 1000, 130, 1000, 100, 0.05
    sm = score_test_proportions_2indep(xT, nT, xC, nC, value=delta, compare="diff", correction=False).statistic
    sm_uncorrected = sm * ((nT + nC) / (nT + nC - 1)) ** 0.5

    def loglik(pc):
        return (xT * mp.log(pc + delta) + (nT - xT) * mp.log(1 - pc - delta) + xC * mp.log(pc)
                + (nC - xC) * mp.log(1 - pc))

    pc = mp.findroot(lambda q: mp.diff(loglik, q), 0.1)
    pt = pc + delta
    direct = (mp.mpf(xT) / nT - mp.mpf(xC) / nC - delta) / mp.sqrt(pt * (1 - pt) / nT + pc * (1 - pc) / nC)
    check(rel(score_stat(nT, xT, nC, xC, mp.mpf(delta)), direct) < 1e-30, "cubic MLE vs direct maximisation")
    check(rel(sm_uncorrected, direct) > 1e-4, "statsmodels now agrees: consider using it as the reference")


if wanted("score_interval.csv"):
    statsmodels_disagrees()


def score_tables():
    tables = [(10, 0, 10, 0, 0.95), (10, 10, 10, 10, 0.95), (10, 10, 10, 0, 0.95), (1, 1, 1, 0, 0.95),
              (1, 0, 1, 0, 0.95), (1, 1, 1, 1, 0.9), (1, 0, 1, 1, 0.99), (2, 1, 3, 1, 0.95), (100, 12, 100, 10, 0.95),
              (1000, 130, 1000, 100, 0.95), (1000, 130, 1000, 100, 0.99), (1000, 130, 1000, 100, 0.9),
              (5000, 260, 45000, 2200, 0.95), (900, 120, 100, 9, 0.95), (50, 0, 10**6, 1000, 0.95),
              (10**6, 1000, 10**9, 1_000_000, 0.95), (10**9, 500_001_000, 10**9, 500_000_000, 0.95),
              (10**9, 1, 10**9, 0, 0.95), (10**9, 10**9, 10**9, 10**9 - 1, 0.95),
              (10**9, 30_000_000, 10**9, 29_990_000, 0.95), (1234567, 234567, 7654321, 1234567, 0.95),
              (20, 19, 20, 1, 0.95), (30, 30, 30, 0, 0.999), (7, 7, 100000, 3, 0.95), (100000, 0, 3, 3, 0.95)]
    rng = random.Random(20240502)
    for _ in range(45):
        nT, nC = rng.choice([1, 3, 25, 400, 10**4, 10**6]), rng.choice([2, 9, 80, 3000, 10**5, 10**8])
        tables.append((nT, rng.randint(0, nT), nC, rng.randint(0, nC), rng.choice([0.9, 0.95, 0.95, 0.99])))
    return tables


def score_rows():
    rows = []
    for nT, xT, nC, xC, conf in score_tables():
        zc = crit(conf)
        lo = bisect_bound(nT, xT, nC, xC, zc, True)
        up = bisect_bound(nT, xT, nC, xC, zc, False)
        source = "mpmath-bisection"
        rows.append([nT, xT, nC, xC, conf, r(lo), r(up), source])
    return rows


if wanted("score_interval.csv"):
    write("score_interval.csv", ["nT", "xT", "nC", "xC", "confidence", "lower", "upper", "source"], score_rows())


# ---------------------------------------------------------------- Holm
def holm_rows():
    rng = random.Random(20240503)
    cases = [[0.01], [0.5], [1.0], [0.0, 0.0], [0.01, 0.04, 0.03, 0.005], [0.2, 0.2, 0.2], [1e-300, 0.5, 1e-200],
             [0.9, 0.95, 0.99, 0.999], [0.3, 0.3, 0.01, 0.01, 0.6]]
    for _ in range(25):
        m = rng.randint(1, 12)
        cases.append([rng.choice([rng.random(), rng.random() ** 6, 10 ** -rng.uniform(0, 50), 1.0]) for _ in range(m)])
    rows = []
    for ps in cases:
        adjusted = multipletests(ps, method="holm")[1]
        # the same step-down definition in exact arithmetic
        m = len(ps)
        order = sorted(range(m), key=lambda i: ps[i])
        running, exact = mp.mpf(0), [None] * m
        for rank, i in enumerate(order):
            running = max(running, min(mp.mpf(1), mp.mpf(ps[i]) * (m - rank)))
            exact[i] = running
        check(all(rel(a, e) < 1e-15 for a, e in zip(adjusted, exact)), f"holm {ps}")
        rows.append([";".join(r(p) for p in ps), ";".join(r(a) for a in adjusted)])
    return rows


if wanted("holm.csv"):
    write("holm.csv", ["pValues", "adjusted"], holm_rows())


# ---------------------------------------------------------------- Beta comparison
def beta_exact(aX, bX, aY, bY):
    """P(X > Y), X ~ Beta(aX, bX), Y ~ Beta(aY, bY), aX integer (Evan Miller)."""
    term = mp.exp(mp.log(mp.beta(aY, bY + bX)) - mp.log(mp.beta(aY, bY)))
    total = mp.mpf(0)
    for i in range(int(aX)):
        total += term
        term *= mp.mpf(aY + i) * (bX + i) / ((aY + bY + bX + i) * (i + 1))
    return total


def beta_by_sum(aT, bT, aC, bC):
    smallest = min(aT, bT, aC, bC)
    if smallest == aT:
        return beta_exact(aT, bT, aC, bC)
    if smallest == aC:
        return 1 - beta_exact(aC, bC, aT, bT)
    if smallest == bC:
        return beta_exact(bC, aC, bT, aT)
    return 1 - beta_exact(bT, aT, bC, aC)


def log_pdf(a, b):
    norm = mp.loggamma(a + b) - mp.loggamma(a) - mp.loggamma(b)
    return lambda t: norm + (a - 1 and (a - 1) * mp.log(t)) + (b - 1 and (b - 1) * mp.log1p(-t))


def support(a, b, width=14):
    mean = mp.mpf(a) / (a + b)
    sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    lo, hi = max(mp.mpf(0), mean - width * sd), min(mp.mpf(1), mean + width * sd)
    return [lo + (hi - lo) * k / 8 for k in range(9)]


def beta_by_quad(aT, bT, aC, bC):
    mp.mp.dps = 20
    try:
        sdT = mp.sqrt(aT * bT / ((aT + bT) ** 2 * (aT + bT + 1)))
        sdC = mp.sqrt(aC * bC / ((aC + bC) ** 2 * (aC + bC + 1)))
        narrow, wide, flip = ((aC, bC), (aT, bT), False) if sdC <= sdT else ((aT, bT), (aC, bC), True)
        fn, fw = log_pdf(*narrow), log_pdf(*wide)
        wide_pts = support(*wide)

        def wide_tail(u):
            if u <= wide_pts[0]:
                return mp.mpf(1)
            if u >= wide_pts[-1]:
                return mp.mpf(0)
            pts = [u] + [p for p in wide_pts if p > u]
            return mp.quad(lambda t: mp.exp(fw(t)), pts)

        value = mp.quad(lambda u: mp.exp(fn(u)) * wide_tail(u), support(*narrow))
        return 1 - value if flip else value
    finally:
        mp.mp.dps = 50


QUAD_CHECKED = {(10, 3, 10, 3), (1000, 130, 1000, 100), (5000, 260, 45000, 2200)}


def beta_rows():
    tables = [(0, 0, 0, 0), (1, 1, 1, 0), (1, 0, 1, 1), (1, 1, 1, 1), (10, 3, 10, 3), (100, 12, 100, 10),
              (1000, 130, 1000, 100), (1000, 100, 1000, 130), (10, 10, 10, 0), (50, 0, 10**6, 1000),
              (5000, 260, 45000, 2200), (900, 120, 100, 9), (10**9, 1, 10**9, 0), (10**9, 0, 10**9, 0),
              (10**9, 10**9, 10**9, 10**9 - 3), (10**9, 10_000, 10**9, 9_800), (10**9, 12_345, 10**6, 10),
              (10**6, 1000, 10**9, 1_000_000), (200_000, 30_000, 190_000, 28_300), (7, 7, 100000, 3),
              (10**9, 500_001_000, 10**9, 500_000_000), (10**9, 500_000_000, 10**9, 500_000_000),
              (10**9, 300_020_000, 10**9, 300_000_000), (10**6, 300_400, 10**9, 300_000_000),
              (10**7, 5_000_000, 10**9, 499_990_000), (123_456, 61_000, 654_321, 323_000)]
    rng = random.Random(20240504)
    for _ in range(20):
        nT, nC = rng.choice([1, 6, 90, 2500]), rng.choice([3, 40, 700, 8000])
        tables.append((nT, rng.randint(0, nT), nC, rng.randint(0, nC)))
    rows = []
    for nT, xT, nC, xC in tables:
        aT, bT, aC, bC = 1 + xT, 1 + nT - xT, 1 + xC, 1 + nC - xC
        if min(aT, bT, aC, bC) <= 20000:
            value, method = beta_by_sum(aT, bT, aC, bC), "mpmath-exact-sum"
            if (nT, xT, nC, xC) in QUAD_CHECKED:
                check(abs(beta_by_quad(aT, bT, aC, bC) - value) < 1e-9, f"beta quad vs sum {nT} {xT} {nC} {xC}")
        else:
            value, method = beta_by_quad(aT, bT, aC, bC), "mpmath-nested-quad"
        rows.append([nT, xT, nC, xC, r(value), method])
    return rows


if wanted("beta.csv"):
    write("beta.csv", ["nT", "xT", "nC", "xC", "probability", "method"], beta_rows())


# ---------------------------------------------------------------- sample size
SLACK = mp.mpf("1e-10")  # same relative slack before ceil as SampleSizes.ROUNDING_SLACK


def round_up(n):
    return max(1, int(mp.ceil(n - SLACK * n)))


def sample_rows():
    cases = [(0.5, 0.25, 0.05, 0.9, 1.0), (0.1, 0.01, 0.05, 0.8, 1.0), (0.1, -0.01, 0.05, 0.8, 1.0),
             (0.02, 0.002, 0.05, 0.8, 1.0), (0.02, 0.002, 0.01, 0.9, 1.0), (0.3, 0.05, 0.05, 0.8, 2.0),
             (0.3, 0.05, 0.05, 0.8, 0.25), (0.3, 0.05, 0.05, 0.8, 9.0), (0.001, 0.0001, 0.05, 0.8, 1.0),
             (0.5, 1e-5, 0.05, 0.8, 1.0), (0.95, 0.04, 0.1, 0.95, 1.0), (0.05, 0.9, 0.05, 0.8, 1.0),
             (0.4, 0.1, 0.001, 0.99, 3.0), (0.2, 0.05, 0.2, 0.6, 1.5),
             (0.0, 0.1, 0.05, 0.8, 1.0), (1.0, -0.1, 0.05, 0.8, 1.0), (0.3, 0.0, 0.05, 0.8, 1.0),
             (0.9, 0.1, 0.05, 0.8, 1.0), (0.1, -0.1, 0.05, 0.8, 1.0), (0.5, 0.6, 0.05, 0.8, 1.0)]
    rows = []
    for p1, mde, alpha, power, k in cases:
        if p1 in (0.0, 1.0):
            rows.append([p1, mde, alpha, power, k, "", "", "", "", "BASELINE_DEGENERATE"])
            continue
        if mde == 0:
            rows.append([p1, mde, alpha, power, k, "", "", "", "", "ZERO_EFFECT"])
            continue
        P1, M, K = mp.mpf(p1), mp.mpf(mde), mp.mpf(k)
        P2 = P1 + M
        if not (0 < P2 < 1):
            rows.append([p1, mde, alpha, power, k, "", "", "", "", "P2_OUT_OF_RANGE"])
            continue
        za = mp.sqrt(2) * mp.erfinv(1 - mp.mpf(alpha))
        zb = mp.sqrt(2) * mp.erfinv(2 * mp.mpf(power) - 1)
        pbar = (P1 + K * P2) / (1 + K)
        nc = (za * mp.sqrt(pbar * (1 - pbar) * (1 + 1 / K)) + zb * mp.sqrt(P1 * (1 - P1) + P2 * (1 - P2) / K)) ** 2 / M**2
        nt = K * nc
        rows.append([p1, mde, alpha, power, k, r(nt), r(nc), round_up(nt), round_up(nc), ""])
    # R's documented example: power.prop.test(p1 = .50, p2 = .75, power = .90)  # => n = 76.7
    check(abs(float(rows[0][6]) - 76.7) < 0.05, "R power.prop.test example")
    return rows


if wanted("sample_size.csv"):
    write("sample_size.csv", ["baseline", "mde", "alpha", "power", "allocationRatio", "treatmentRaw", "controlRaw",
                              "treatment", "control", "reason"], sample_rows())


# ---------------------------------------------------------------- chi-square
def gof_ref(observed, shares):
    total = sum(observed)
    if total == 0:
        return mp.mpf(0), 0, mp.mpf(1)
    ssum = sum(mp.mpf(s) for s in shares)
    chi, arms = mp.mpf(0), 0
    for o, s in zip(observed, shares):
        if s == 0:
            if o > 0:
                return None
            continue
        arms += 1
        e = total * mp.mpf(s) / ssum
        chi += (o - e) ** 2 / e
    df = arms - 1
    p = mp.gammainc(mp.mpf(df) / 2, chi / 2, mp.inf, regularized=True) if df > 0 and chi > 0 else mp.mpf(1)
    return chi, df, p


def chisquare_rows():
    cases = [([5000, 5000], [0.5, 0.5]), ([5100, 4900], [0.5, 0.5]), ([5300, 4700], [1, 1]),
             ([1, 0], [0.5, 0.5]), ([0, 0], [0.5, 0.5]), ([900, 100], [0.9, 0.1]), ([880, 120], [90, 10]),
             ([3400, 3300, 3300], [1, 1, 1]), ([3600, 3200, 3200], [1, 1, 1]), ([1000, 0, 1000], [0.5, 0, 0.5]),
             ([10**9, 10**9 - 10**6], [0.5, 0.5]), ([10**9, 9 * 10**8], [0.5, 0.5]),
             ([500_000, 250_000, 250_000, 1000], [0.5, 0.25, 0.25, 0.001]), ([7], [1.0]),
             ([123, 456, 789, 1011, 1213], [0.1, 0.2, 0.3, 0.2, 0.2]), ([50_500, 49_500], [0.5, 0.5]),
             ([2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1] * 10)]
    rows = []
    for observed, shares in cases:
        chi, df, p = gof_ref(observed, shares)
        if df > 0:
            total = sum(observed)
            positive = [(o, s) for o, s in zip(observed, shares) if s > 0]
            ssum = sum(s for _, s in positive)
            sp = stats.chisquare([o for o, _ in positive], [total * s / ssum for _, s in positive])
            check((rel(sp.statistic, chi) < 1e-9 or abs(sp.statistic - float(chi)) < 1e-12) and (rel(sp.pvalue, p) < 1e-9 or float(p) < 1e-290),
                  f"chisquare {observed}")
        rows.append(["gof", ";".join(map(str, observed)), ";".join(map(repr, map(float, shares))), r(chi), df, r(p)])
    for parts in [[(3.2, 1), (4.1, 1)], [(0.5, 2), (0.0, 0)], [(0.0, 0)], [(12.0, 1), (25.0, 2), (1.5, 1)],
                  [(200.0, 1), (150.0, 1)], [(3.841458820694124, 1)]]:
        chi = sum(mp.mpf(c) for c, _ in parts)
        df = sum(d for _, d in parts)
        p = mp.gammainc(mp.mpf(df) / 2, chi / 2, mp.inf, regularized=True) if df > 0 and chi > 0 else mp.mpf(1)
        if df > 0:
            check(rel(stats.chi2.sf(float(chi), df), p) < 1e-9, f"combine {parts}")
        rows.append(["combine", ";".join(repr(c) for c, _ in parts), ";".join(str(d) for _, d in parts), r(chi), df,
                     r(p)])
    return rows


if wanted("chisquare.csv"):
    write("chisquare.csv", ["kind", "observedOrStatistics", "sharesOrDegrees", "chiSquare", "degreesOfFreedom", "pValue"],
          chisquare_rows())


# ---------------------------------------------------------------- stratified comparison
def parse_strata(text):
    return [tuple(int(v) for v in part.split(":")) for part in text.split(";")]


def usable(strata):
    return [s for s in strata if s[0] > 0 and s[2] > 0]


def cmh(strata):
    """Weights w_k = nT nC/(nT + nC), W = sum, and the weighted difference sum(w_k d_k) / W."""
    ws = [mp.mpf(nT) * nC / (nT + nC) for nT, xT, nC, xC in strata]
    ds = [mp.mpf(xT) / nT - mp.mpf(xC) / nC for nT, xT, nC, xC in strata]
    big_w = sum(ws)
    return ws, ds, big_w, sum(w * d for w, d in zip(ws, ds)) / big_w


def stratified_variance(strata, delta):
    """sum w_k^2 V_k(delta), V_k at the restricted MLE from the closed-form cubic."""
    ws, _, _, _ = cmh(strata)
    total = mp.mpf(0)
    for w, (nT, xT, nC, xC) in zip(ws, strata):
        pT, pC = restricted_cubic(nT, xT, nC, xC, mp.mpf(delta))
        total += w**2 * (pT * (1 - pT) / nT + pC * (1 - pC) / nC)
    return total


def stratified_score(strata, delta):
    ws, ds, _, _ = cmh(strata)
    num = sum(w * (d - delta) for w, d in zip(ws, ds))
    if num == 0:
        return mp.mpf(0)
    var = stratified_variance(strata, delta)
    if var <= 0:
        return mp.inf if num > 0 else -mp.inf
    return num / mp.sqrt(var)


def stratified_bound(strata, zc, lower):
    _, _, _, d = cmh(strata)
    outside, inside = (mp.mpf(-1), d) if lower else (mp.mpf(1), d)
    for _ in range(190):
        mid = (outside + inside) / 2
        s = stratified_score(strata, mid)
        if (s >= zc) if lower else (s <= -zc):
            outside = mid
        else:
            inside = mid
    bound = (outside + inside) / 2
    for nT, xT, nC, xC in strata:
        verify_mle(nT, xT, nC, xC, bound)
    return bound


def stratified_cases():
    cases = [("1000:100:9000:900;5000:750:5000:750", 0.95),  # Simpson ramp-up: 90/10 at 10 %, 50/50 at 15 %
             ("400:12:100:0", 0.95), ("400:12:100:0;300:5:300:9", 0.95), ("50:0:60:3;80:2:70:0", 0.95),
             ("10:3:100000:20000;100000:21000:12:2", 0.95), ("1000:130:1000:100;500:40:2000:150;30:3:3000:270", 0.95),
             ("1000:130:1000:100;500:40:2000:150;30:3:3000:270", 0.99), ("1000:990:1000:970;200:199:50:48", 0.95),
             ("10:0:20:0;500:60:500:40", 0.9), ("0:0:20:3;500:60:500:40;7:1:0:0", 0.95),
             ("5000:260:45000:2200;45000:2300:5000:240", 0.95), ("1:1:1:0;1:0:1:0", 0.95),
             ("1000000:1000:1000000000:1000000;20000:25:20000:18", 0.95)]
    rng = random.Random(20240710)
    for _ in range(15):
        parts = []
        for _ in range(rng.randint(1, 3)):
            nT, nC = rng.choice([3, 25, 400, 10**4, 10**6]), rng.choice([2, 9, 80, 3000, 10**5])
            parts.append(f"{nT}:{rng.randint(0, nT)}:{nC}:{rng.randint(0, nC)}")
        cases.append((";".join(parts), rng.choice([0.9, 0.95, 0.99])))
    return cases


def stratified_rows():
    rows = []
    for text, conf in stratified_cases():
        strata = usable(parse_strata(text))
        _, _, _, d = cmh(strata)
        z = stratified_score(strata, mp.mpf(0))
        p = mp.erfc(abs(z) / mp.sqrt(2))
        if len(strata) == 1:
            nT, xT, nC, xC = strata[0]
            zz, pp, _ = ztest_ref(nT, xT, nC, xC)
            check(abs(zz - z) < mp.mpf(10) ** -40, f"single stratum z {text}")
        zc = crit(conf)
        lo, up = stratified_bound(strata, zc, True), stratified_bound(strata, zc, False)
        rows.append([text, conf, r(d), r(z), r(p), r(lo), r(up)])
    return rows


if wanted("stratified.csv"):
    write("stratified.csv", ["strata", "confidence", "difference", "z", "pValue", "lower", "upper"],
          stratified_rows())


# ---------------------------------------------------------------- sequential mixture test
def log_lambda(strata, tau, delta, above=True):
    """ln Lambda+(delta) (above) or ln Lambda-(delta): half-normal mixture, variance under the hypothesis."""
    strata = usable(strata)
    if not strata:
        return mp.mpf(0)
    _, _, big_w, theta = cmh(strata)
    v = stratified_variance(strata, mp.mpf(delta)) / big_w**2
    if v <= 0:
        return mp.mpf(0)
    tau = mp.mpf(tau)
    x = (theta - delta) if above else (delta - theta)
    a = x * tau / mp.sqrt(v * (v + tau**2))
    return (mp.log(2) - mp.log(1 + tau**2 / v) / 2 + (x**2 / (2 * v)) * (tau**2 / (v + tau**2))
            + mp.log(mp.ncdf(a)))


def sequential_bound(strata, tau, c, lower):
    _, _, _, theta = cmh(usable(strata))
    rejected, accepted = (mp.mpf(-1), theta) if lower else (mp.mpf(1), theta)
    for _ in range(190):
        mid = (rejected + accepted) / 2
        if log_lambda(strata, tau, mid, lower) >= c:
            rejected = mid
        else:
            accepted = mid
    return (rejected + accepted) / 2


def monotone(strata, tau, lower):
    """The bisection assumes ln Lambda is monotone on the side of theta-hat it searches: checked on a grid."""
    _, _, _, theta = cmh(usable(strata))
    end = mp.mpf(-1) if lower else mp.mpf(1)
    values = [log_lambda(strata, tau, end + (theta - end) * k / 200, lower) for k in range(1, 200)]
    return all(b <= a + mp.mpf(10) ** -30 for a, b in zip(values, values[1:]))


def sequential_cases():
    cases = [("1000:100:9000:900;5000:750:5000:750", 0.05, 1, 0.05, 0.01),  # Simpson ramp-up, no effect
             ("400:12:100:0", 0.05, 1, 0.05, 0.01), ("400:12:100:0;300:5:300:9", 0.02, 2, 0.05, -0.01),
             ("20000:1300:30000:1500", 0.01, 1, 0.05, 0.01), ("20000:1300:30000:1500", 0.01, 3, 0.05, 0.02),
             ("10000:600:10000:500", 0.005, 1, 0.1, 0.005), ("50:0:60:3;80:2:70:0", 0.1, 1, 0.05, 0.05),
             ("1000:130:1000:100;500:40:2000:150;30:3:3000:270", 0.05, 2, 0.05, 0.02),
             ("1000:990:1000:970;200:199:50:48", 0.02, 1, 0.05, 0.01), ("10:0:20:0;500:60:500:40", 0.05, 1, 0.1, 0.03),
             ("5000:260:45000:2200;45000:2300:5000:240", 0.01, 1, 0.05, -0.002),
             ("1000000:1000:1000000000:1000000;20000:25:20000:18", 0.001, 1, 0.05, 0.0001),
             ("100000:5200:100000:5000", 1.0, 1, 0.05, 0.002), ("3000:300:100:30", 0.2, 1, 0.01, -0.1),
             ("200000:30000:190000:28000", 0.01, 4, 0.05, 0.001)]
    rng = random.Random(20240711)
    while len(cases) < 30:
        parts = []
        for _ in range(rng.randint(1, 3)):
            nT, nC = rng.choice([40, 400, 10**4, 10**5]), rng.choice([30, 900, 3000, 10**5])
            pT = rng.choice([0.02, 0.1, 0.3])
            pC = pT * rng.choice([0.8, 1.0, 1.1])
            parts.append(f"{nT}:{round(nT * pT)}:{nC}:{round(nC * pC)}")
        text = ";".join(parts)
        tau = rng.choice([0.005, 0.02, 0.1])
        if monotone(parse_strata(text), tau, True) and monotone(parse_strata(text), tau, False):
            cases.append((text, tau, rng.randint(1, 3), rng.choice([0.05, 0.1]), rng.choice([-0.01, 0.003, 0.02])))
    return cases


def sequential_rows():
    rows = []
    for text, tau, k, alpha, delta in sequential_cases():
        strata = parse_strata(text)
        check(monotone(strata, tau, True) and monotone(strata, tau, False), f"monotone {text} {tau}")
        c = mp.log(mp.mpf(k) / mp.mpf(alpha))
        above0 = log_lambda(strata, tau, mp.mpf(0), True)
        p = min(mp.mpf(1), k * mp.exp(-above0))
        lo, up = sequential_bound(strata, tau, c, True), sequential_bound(strata, tau, c, False)
        check((p <= alpha) == (lo >= 0), f"p and lower bound agree {text}")
        rows.append([text, tau, k, alpha, delta, r(above0), r(log_lambda(strata, tau, mp.mpf(delta), True)),
                     r(log_lambda(strata, tau, mp.mpf(delta), False)), r(p), r(lo), r(up)])
    return rows


if wanted("sequential.csv"):
    write("sequential.csv", ["strata", "tau", "challengers", "alpha", "delta", "logLambda", "logAboveAtDelta",
                             "logBelowAtDelta", "pValue", "lower", "upper"], sequential_rows())


# ---------------------------------------------------------------- sequential SRM (Lindon & Malek)
def srm_log_bf(observed, shares, concentration):
    if any(s == 0 and o > 0 for o, s in zip(observed, shares)):
        return None
    total = sum(mp.mpf(s) for s in shares)
    big_a, n = mp.mpf(concentration), sum(observed)
    value = mp.loggamma(big_a) - mp.loggamma(big_a + n)
    for o, s in zip(observed, shares):
        if s == 0:
            continue
        p = mp.mpf(s) / total
        value += mp.loggamma(big_a * p + o) - mp.loggamma(big_a * p) - o * mp.log(p)
    return value


def srm_sequential_rows():
    cases = [([4, 1], [0.99, 0.01], 1000), ([4, 1], [0.99, 0.01], 1), ([5000, 5000], [0.5, 0.5], 1000),
             ([5500, 4500], [0.5, 0.5], 1000), ([5100, 4900], [0.5, 0.5], 1000), ([1, 0], [0.5, 0.5], 1000),
             ([0, 0], [0.5, 0.5], 1000), ([900, 100], [0.9, 0.1], 1000), ([880, 120], [90, 10], 100),
             ([3400, 3300, 3300], [1, 1, 1], 1000), ([3600, 3200, 3200], [1, 1, 1], 10000),
             ([1000, 0, 1000], [0.5, 0, 0.5], 1000), ([10, 3, 10], [0.5, 0, 0.5], 1000),
             ([10**9 // 2, 10**9 // 2], [0.5, 0.5], 1000), ([500_030_000, 499_970_000], [0.5, 0.5], 1000),
             ([500_000, 250_000, 250_000, 1000], [0.5, 0.25, 0.25, 0.001], 1000), ([7], [1.0], 1000),
             ([123, 456, 789, 1011, 1213], [0.1, 0.2, 0.3, 0.2, 0.2], 50), ([50_500, 49_500], [0.5, 0.5], 1e5),
             ([2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1] * 10, 0.5), ([0, 40], [0.99, 0.01], 1000)]
    rows = []
    for observed, shares, conc in cases:
        value = srm_log_bf(observed, shares, conc)
        if value is None:
            rows.append([";".join(map(str, observed)), ";".join(map(repr, map(float, shares))), repr(float(conc)),
                         "1e300", "0.0"])
            continue
        p = min(mp.mpf(1), mp.exp(-value))
        if sum(observed) < 10**6:  # scipy's gammaln in double precision agrees where it is not swamped by size
            from scipy.special import gammaln
            tot = sum(shares)
            alt = gammaln(conc) - gammaln(conc + sum(observed)) + sum(
                gammaln(conc * s / tot + o) - gammaln(conc * s / tot) - o * numpy.log(s / tot)
                for o, s in zip(observed, shares) if s > 0)
            check(abs(alt - float(value)) < 1e-7 * max(1.0, abs(float(value))), f"srm scipy {observed}")
        rows.append([";".join(map(str, observed)), ";".join(map(repr, map(float, shares))), repr(float(conc)),
                     r(value), r(p)])
    return rows


if wanted("srm_sequential.csv"):
    write("srm_sequential.csv", ["observed", "shares", "concentration", "logBayesFactor", "pValue"],
          srm_sequential_rows())
