"""Prints the fixed-history reference values TpeReferenceTest pins: Debian's Optuna 3.1 _ParzenEstimator
(weights, mus, sigmas, log_pdf), and the same mixtures scored as Optuna >= 3.5 does (truncated normals with
their 1/sigma; log ints by the mass of their ln-interval, >= 4.7), written out with scipy from the formulas
in optuna v4.9.0 optuna/samplers/_tpe/_truncnorm.py logpdf and probability_distributions.py log_pdf.

Run: /usr/bin/python3 bench/sweep/tpe_reference.py
"""
import numpy as np
from scipy.stats import norm

from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

np.set_printoptions(precision=17, floatmode="unique")


def pe(obs, space, multivariate=False):
    params = _ParzenEstimatorParameters(consider_prior=True, prior_weight=1.0, consider_magic_clip=True,
                                        consider_endpoints=False, weights=default_weights,
                                        multivariate=multivariate)
    return _ParzenEstimator({k: np.asarray(v, dtype=float) for k, v in obs.items()}, space, params)


def mixture35(w, mus, sigmas, low, high, x):
    """Optuna >= 3.5: sum_k w_k phi((x - mu_k) / s_k) / (s_k Z_k)."""
    z = norm.cdf((high - mus) / sigmas) - norm.cdf((low - mus) / sigmas)
    return np.log(np.sum(w * norm.pdf((x - mus) / sigmas) / (sigmas * z)))


def show(name, v):
    print(name, "=", repr([float(t) for t in np.atleast_1d(v)]))


# A. univariate float on [-5, 10]
obs = [2.0, -1.5, 7.25, 0.5, 9.0]
a = pe({"x": obs}, {"x": FloatDistribution(-5, 10)})
show("A.weights", a._weights)
show("A.mus", a._mus["x"])
show("A.sigmas", a._sigmas["x"])
xs = [-4.0, 0.0, 3.3, 9.9]
show("A.logpdf31", a.log_pdf({"x": np.asarray(xs)}))
show("A.logpdf35", [mixture35(a._weights, a._mus["x"], a._sigmas["x"], -5, 10, x) for x in xs])

# B. int 5..50 step 5
b = pe({"n": [10, 45, 25, 25]}, {"n": IntDistribution(5, 50, step=5)})
show("B.sigmas", b._sigmas["n"])
show("B.logpdf31", b.log_pdf({"n": np.asarray([5.0, 25.0, 50.0])}))

# C. categorical, 3 choices
c = pe({"c": [0, 2, 2, 1, 2]}, {"c": CategoricalDistribution(["a", "b", "c"])})
show("C.logpdf31", c.log_pdf({"c": np.asarray([0, 1, 2])}))

# D. multivariate: x float [0, 1], y float log [1e-3, 1]
d = pe({"x": [0.1, 0.7, 0.4, 0.95], "y": [0.002, 0.5, 0.03, 0.2]},
       {"x": FloatDistribution(0, 1), "y": FloatDistribution(1e-3, 1, log=True)}, multivariate=True)
show("D.sigmas.x", d._sigmas["x"])
show("D.sigmas.y", d._sigmas["y"])
show("D.logpdf31", d.log_pdf({"x": np.asarray([0.3, 0.9]), "y": np.asarray([0.01, 0.4])}))

# E. log int 1..100: Optuna 3.1 scores the density at ln x (E.logpdf31); >= 4.7 the mass of
# [ln(x - 1/2), ln(x + 1/2)] over the mass of [ln(1/2), ln(100.5)] (E.logmass47)
e = pe({"k": [2, 30, 64]}, {"k": IntDistribution(1, 100, log=True)})
show("E.sigmas", e._sigmas["k"])
show("E.logpdf31", e.log_pdf({"k": np.asarray([1.0, 8.0, 100.0])}))
lo, hi = np.log(0.5), np.log(100.5)
mus, sig, w = e._mus["k"], e._sigmas["k"], e._weights
out = []
for x in [1.0, 8.0, 100.0]:
    cell = norm.cdf((np.log(x + 0.5) - mus) / sig) - norm.cdf((np.log(x - 0.5) - mus) / sig)
    z = norm.cdf((hi - mus) / sig) - norm.cdf((lo - mus) / sig)
    out.append(np.log(np.sum(w * cell / z)))
show("E.logmass47", out)
