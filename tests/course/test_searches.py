"""gdcourse.course.searches: the article's tables digit for digit, Trace, divergence, regimes (lessons 02-04)."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcourse.course import prediction_error, searches

# The article prints these with JavaScript's console.log; the lessons reproduce them exactly.
ARTICLE_EXPLODING = """\
iteration 1 error: 6.25 prediction: 1.5
iteration 2 error: 400 prediction: 24
iteration 3 error: 25600 prediction: -156
iteration 4 error: 1638400 prediction: 1284
iteration 5 error: 104857600 prediction: -10236
iteration 6 error: 6710886400 prediction: 81924
iteration 7 error: 429496729600 prediction: -655356
iteration 8 error: 27487790694400 prediction: 5242884
iteration 9 error: 1759218604441600 prediction: -41943036
iteration 10 error: 112589990684262400 prediction: 335544324
iteration 11 error: 7205759403792794000 prediction: -2684354556
iteration 12 error: 461168601842738800000 prediction: 21474836484
iteration 13 error: 2.9514790517935283e+22 prediction: -171798691836
iteration 14 error: 1.888946593147858e+24 prediction: 1374389534724
iteration 15 error: 1.2089258196146292e+26 prediction: -10995116277756
iteration 16 error: 7.737125245533627e+27 prediction: 87960930222084
iteration 17 error: 4.951760157141521e+29 prediction: -703687441776636
iteration 18 error: 3.1691265005705735e+31 prediction: 5629499534213124
iteration 19 error: 2.028240960365167e+33 prediction: -45035996273704960
iteration 20 error: 1.2980742146337069e+35 prediction: 360287970189639700"""

ARTICLE_ALPHA_01 = """\
iteration 1 error: 6.25 prediction: 1.5
iteration 2 error: 0.0625 prediction: 3.75
iteration 3 error: 0.0006250000000000178 prediction: 3.9749999999999996
iteration 4 error: 0.0000062499999999997335 prediction: 3.9975
iteration 5 error: 6.249999999993073e-8 prediction: 3.99975
iteration 6 error: 6.249999999970868e-10 prediction: 3.999975
iteration 7 error: 6.249999999526779e-12 prediction: 3.9999975
iteration 8 error: 6.250000012849455e-14 prediction: 3.9999997499999997
iteration 9 error: 6.250000146076219e-16 prediction: 3.9999999749999997
iteration 10 error: 6.2499988138086445e-18 prediction: 3.9999999975000002
iteration 11 error: 6.25000103425468e-20 prediction: 3.99999999975
iteration 12 error: 6.25022308085013e-22 prediction: 3.9999999999749996
iteration 13 error: 6.246670808639483e-24 prediction: 3.9999999999975007
iteration 14 error: 6.251111306674972e-26 prediction: 3.99999999999975
iteration 15 error: 6.184669496932733e-28 prediction: 3.999999999999975
iteration 16 error: 4.930380657631324e-30 prediction: 3.999999999999998
iteration 17 error: 0 prediction: 4
iteration 18 error: 0 prediction: 4
iteration 19 error: 0 prediction: 4
iteration 20 error: 0 prediction: 4"""

ARTICLE_UP_DOWN_FIRST_5 = """\
iteration 1 error: 6.25 prediction: 1.5
iteration 2 error: 5.522499999999998 prediction: 1.6500000000000001
iteration 3 error: 4.839999999999999 prediction: 1.8000000000000003
iteration 4 error: 4.2025 prediction: 1.9500000000000004
iteration 5 error: 3.609999999999998 prediction: 2.1000000000000005"""

ARTICLE_UP_DOWN_LAST_2 = """\
iteration 19 error: 0.009999999999999573 prediction: 3.900000000000002
iteration 20 error: 0.0025000000000002486 prediction: 4.0500000000000025"""


def article_exploding_run(iterations=20):
    return searches.gradient_descent(weight=0.5, data=3, true_value=4, alpha=1.0, iterations=iterations,
                                     derivative=prediction_error.article_derivative)


# --- the article's tables --------------------------------------------------------------

def test_exploding_run_matches_the_article_line_for_line():
    assert str(article_exploding_run()) == ARTICLE_EXPLODING


def test_alpha_01_run_matches_the_article_line_for_line():
    run = searches.gradient_descent(weight=0.5, data=3, true_value=4, alpha=0.1, iterations=20,
                                    derivative=prediction_error.article_derivative)
    assert str(run) == ARTICLE_ALPHA_01
    assert not run.diverged


def test_up_down_search_matches_the_articles_first_five_and_last_two_lines():
    lines = searches.up_down_search(weight=0.5, data=3, true_value=4, step=0.05, iterations=20).lines()
    assert "\n".join(lines[:5]) == ARTICLE_UP_DOWN_FIRST_5
    assert "\n".join(lines[-2:]) == ARTICLE_UP_DOWN_LAST_2


def test_the_defaults_are_the_articles_numbers():
    assert str(searches.gradient_descent(derivative=prediction_error.article_derivative)) == ARTICLE_EXPLODING


def test_the_true_derivative_run_differs_from_the_articles():
    run = searches.gradient_descent(weight=0.5, data=3, true_value=4, alpha=1.0, iterations=3)
    assert run.lines() == ["iteration 1 error: 6.25 prediction: 1.5",
                           "iteration 2 error: 1806.25 prediction: 46.5",
                           "iteration 3 error: 522006.25 prediction: -718.5"]


@pytest.mark.parametrize("derivative, factor", [(prediction_error.article_derivative, -8.0), (prediction_error.error_derivative, -17.0)])
def test_every_step_multiplies_the_miss_by_exactly_the_factor(derivative, factor):
    run = searches.gradient_descent(alpha=1.0, iterations=20, derivative=derivative)
    misses = run.predictions - 4
    assert set((misses[1:] / misses[:-1]).tolist()) == {factor}


# --- Trace ---------------------------------------------------------------------------

def test_trace_arrays_hold_each_iteration():
    run = article_exploding_run(4)
    np.testing.assert_array_equal(run.weights, [0.5, 8.0, -52.0, 428.0])
    np.testing.assert_array_equal(run.predictions, [1.5, 24.0, -156.0, 1284.0])
    np.testing.assert_array_equal(run.errors, [6.25, 400.0, 25600.0, 1638400.0])
    assert len(run) == 4
    assert [s.iteration for s in run] == [1, 2, 3, 4]
    assert run[1] == searches.Step(2, 8.0, 24.0, 400.0)
    assert run[-1].prediction == 1284.0
    assert run.note == "" and not run.diverged


def test_trace_prints_like_str():
    run = article_exploding_run(2)
    assert repr(run) == str(run) == "iteration 1 error: 6.25 prediction: 1.5\niteration 2 error: 400 prediction: 24"


def test_gradient_descent_evaluates_the_error_once_per_iteration():
    assert searches.gradient_descent(alpha=0.1, iterations=7).evaluations == 7


@pytest.mark.parametrize("iterations", [1, 20, 50])
def test_up_down_search_evaluates_the_error_three_times_per_iteration(iterations):
    run = searches.up_down_search(iterations=iterations)
    assert run.evaluations == 3 * iterations
    assert len(run) == iterations


# --- divergence ----------------------------------------------------------------------

def test_divergence_stops_at_the_first_overflow_with_one_note():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow, invalid) fails the test
        run = article_exploding_run(1000)
    assert len(run) == 171
    assert run.diverged
    assert run.note == ("Stopped after iteration 171: the next error would be larger than float64 can hold "
                        "(about 1.8e308). This run diverged. Each step multiplied the miss by -8.")
    assert np.all(np.isfinite(run.errors)) and np.all(np.isfinite(run.weights))
    text = str(run)
    assert text.endswith(run.note)
    assert "nan" not in text.lower() and "inf" not in text.lower()
    # The next error really would overflow: 64 times the last one.
    assert run[-1].error * 64 > searches.FLOAT64_MAX
    assert run.evaluations == 171


def test_true_derivative_overflows_sooner():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = searches.gradient_descent(alpha=1.0, iterations=1000)
    assert len(run) == 125
    assert run.note.endswith("Each step multiplied the miss by -17.")


def test_a_run_that_fits_in_float64_has_no_note():
    run = article_exploding_run(171)
    assert len(run) == 171 and run.note == ""


# --- bad input -----------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, name", [
    ({"alpha": 0}, ValueError, "alpha"),
    ({"alpha": -0.1}, ValueError, "alpha"),
    ({"alpha": float("nan")}, ValueError, "alpha"),
    ({"alpha": True}, TypeError, "alpha"),
    ({"alpha": "0.1"}, TypeError, "alpha"),
    ({"iterations": 0}, ValueError, "iterations"),
    ({"iterations": 2.5}, TypeError, "iterations"),
    ({"iterations": True}, TypeError, "iterations"),
    ({"weight": float("nan")}, ValueError, "weight"),
    ({"weight": False}, TypeError, "weight"),
    ({"weight": None}, TypeError, "weight"),
    ({"data": float("inf")}, ValueError, "data"),
    ({"true_value": [4]}, TypeError, "true_value"),
    ({"derivative": "article"}, TypeError, "derivative"),
    ({"derivative": None}, TypeError, "derivative"),
])
def test_gradient_descent_rejects_bad_input_by_name(kwargs, error, name):
    with pytest.raises(error, match=name):
        searches.gradient_descent(**kwargs)


@pytest.mark.parametrize("kwargs, error, name", [
    ({"step": 0}, ValueError, "step"),
    ({"step": -0.05}, ValueError, "step"),
    ({"step": True}, TypeError, "step"),
    ({"iterations": 0}, ValueError, "iterations"),
    ({"weight": float("nan")}, ValueError, "weight"),
])
def test_up_down_search_rejects_bad_input_by_name(kwargs, error, name):
    with pytest.raises(error, match=name):
        searches.up_down_search(**kwargs)


def test_a_derivative_that_returns_no_number_is_named():
    with pytest.raises(TypeError, match="derivative must return one number"):
        searches.gradient_descent(derivative=lambda w, d, t: "slope")
    with pytest.raises(ValueError, match="derivative returned NaN"):
        searches.gradient_descent(derivative=lambda w, d, t: float("nan"))


def test_a_derivative_too_big_for_float64_ends_the_run_with_the_note():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = searches.gradient_descent(derivative=lambda w, d, t: 10 ** 400, iterations=5)
    assert len(run) == 1 and run.diverged


def test_numpy_scalars_are_accepted():
    run = searches.gradient_descent(weight=np.float64(0.5), data=np.int64(3), true_value=np.array(4.0),
                                    alpha=0.1, iterations=np.int64(2), derivative=prediction_error.article_derivative)
    assert run.lines()[1] == "iteration 2 error: 0.0625 prediction: 3.75"


# --- contraction factor, regimes, the boundary -----------------------------------------

def test_contraction_factor_for_both_derivatives():
    assert searches.contraction_factor(1.0, 3, derivative_scale=1) == -8.0
    assert searches.contraction_factor(1.0, 3) == -17.0
    assert searches.contraction_factor(0.1, 3, derivative_scale=1) == pytest.approx(0.1)
    assert searches.contraction_factor(0.1, 3) == pytest.approx(-0.8)


@pytest.mark.parametrize("alpha, data, scale, expected", [
    (0.001, 3, 2, "too slow"),        # factor 0.982: 0.982**100 > 1e-3
    (0.03, 3, 2, "monotone"),
    (1 / 18, 3, 2, "one step"),       # factor exactly 0 in float64
    (0.125, 2, 2, "one step"),        # 1 - 2 * 0.125 * 4 == 0 exactly
    (1 / 9, 3, 1, "one step"),        # the article's derivative lands in one step at 1/data**2
    (0.09, 3, 2, "oscillating"),
    (0.1, 3, 2, "oscillating"),       # the article's alpha with the true derivative: factor -0.8
    (0.1, 3, 1, "monotone"),          # ... and with the article's derivative: factor 0.1
    (1 / 9, 3, 2, "edge"),            # factor -1
    (0.25, 2, 2, "edge"),             # 1 - 2 * 0.25 * 4 == -1 exactly
    (2 / 9, 3, 1, "edge"),
    (0.12, 3, 2, "diverging"),
    (1.0, 3, 1, "diverging"),         # lesson 03's run
    (0.2, 3, 1, "oscillating"),       # below the article's boundary 2/9
])
def test_regime_names_each_behaviour(alpha, data, scale, expected):
    assert searches.regime(alpha, data, derivative_scale=scale) == expected
    assert expected in searches.REGIMES


def test_exact_boundary_factors():
    assert searches.contraction_factor(0.25, 2) == -1.0
    assert searches.contraction_factor(0.125, 2) == 0.0
    assert searches.contraction_factor(1e300, 0) == 1.0  # data 0: the weight never moves


def test_too_slow_and_monotone_meet_where_100_steps_shrink_the_miss_1000_fold():
    # factor r with r**100 == 1e-3  <=>  r = 10**-0.03
    r = 10 ** (-3 / searches.SLOW_STEPS)
    alpha_at_threshold = (1 - r) / (2 * 9)
    assert searches.regime(alpha_at_threshold * 0.99, 3) == "too slow"
    assert searches.regime(alpha_at_threshold * 1.01, 3) == "monotone"


def test_every_regime_is_explained():
    assert set(searches.REGIMES) == {"too slow", "monotone", "one step", "oscillating", "edge", "diverging"}
    assert all(str(text) for text in searches.REGIMES.values()) and set(searches.REGIME_NAMES) == set(searches.REGIMES)


def test_largest_stable_alpha_for_both_derivatives():
    assert searches.largest_stable_alpha(3) == pytest.approx(1 / 9)
    assert searches.largest_stable_alpha(3, derivative_scale=1) == pytest.approx(2 / 9)
    assert searches.largest_stable_alpha(-2) == pytest.approx(1 / 4)  # the sign of data does not matter
    for scale in (1, 2):
        boundary = searches.largest_stable_alpha(3, scale)
        assert searches.regime(boundary, 3, scale) == "edge"
        assert searches.regime(boundary * 0.99, 3, scale) == "oscillating"
        assert searches.regime(boundary * 1.01, 3, scale) == "diverging"


@pytest.mark.parametrize("kwargs, error, name", [
    ({"data": 0}, ValueError, "data"),
    ({"data": 3, "derivative_scale": 0}, ValueError, "derivative_scale"),
    ({"data": "3"}, TypeError, "data"),
])
def test_largest_stable_alpha_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        searches.largest_stable_alpha(**kwargs)


@pytest.mark.parametrize("alpha", [0, -1])
def test_contraction_factor_rejects_non_positive_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        searches.contraction_factor(alpha, 3)


def test_runs_below_and_above_the_boundary_behave_as_named():
    for scale, derivative in [(2, prediction_error.error_derivative), (1, prediction_error.article_derivative)]:
        boundary = searches.largest_stable_alpha(3, scale)
        below = searches.gradient_descent(alpha=0.95 * boundary, iterations=60, derivative=derivative)
        at = searches.gradient_descent(alpha=boundary, iterations=60, derivative=derivative)
        above = searches.gradient_descent(alpha=1.05 * boundary, iterations=60, derivative=derivative)
        assert below[-1].error < 1e-4
        assert at[-1].error == pytest.approx(6.25)
        assert above[-1].error > 1e5


def test_one_step_alpha_lands_exactly():
    article = searches.gradient_descent(alpha=1 / 9, iterations=3, derivative=prediction_error.article_derivative)
    true = searches.gradient_descent(alpha=1 / 18, iterations=3)
    for run in (article, true):
        assert list(run.errors) == [6.25, 0.0, 0.0]


@settings(max_examples=60, deadline=None)
@given(alpha=st.floats(0.005, 0.3), data=st.floats(0.5, 4.0), weight=st.floats(-3, 3),
       scale=st.sampled_from([1, 2]))
def test_the_miss_shrinks_or_grows_by_the_contraction_factor(alpha, data, weight, scale):
    factor = searches.contraction_factor(alpha, data, scale)
    true_value = 4.0
    first_miss = data * weight - true_value
    if abs(first_miss) < 1e-3 or abs(factor) < 1e-3:
        return  # too close to 0 for the ratio to be meaningful in float64
    derivative = prediction_error.error_derivative if scale == 2 else prediction_error.article_derivative
    run = searches.gradient_descent(weight, data, true_value, alpha, 3, derivative)
    misses = run.predictions - true_value
    assert misses[1] / misses[0] == pytest.approx(factor, rel=1e-6, abs=1e-9)
    assert misses[2] / misses[1] == pytest.approx(factor, rel=1e-6, abs=1e-9)


# --- iterations to converge ----------------------------------------------------------

def test_iterations_to_converge_falls_up_to_the_one_step_alpha_and_rises_after_it():
    one_step = 1 / 18
    falling = [searches.iterations_to_converge(a) for a in np.linspace(0.005, one_step, 12)]
    rising = [searches.iterations_to_converge(a) for a in np.linspace(one_step, 0.105, 12)]
    assert all(c is not None for c in falling + rising)
    assert all(a >= b for a, b in zip(falling, falling[1:]))
    assert all(a <= b for a, b in zip(rising, rising[1:]))
    assert falling[-1] == rising[0] == 2  # iteration 2 is the first after one step
    assert falling[0] > 50 and rising[-1] > 50


def test_iterations_to_converge_is_none_when_it_never_gets_there():
    assert searches.iterations_to_converge(0.12) is None          # diverging
    assert searches.iterations_to_converge(1 / 9) is None         # the edge bounces forever
    assert searches.iterations_to_converge(0.0005, max_iterations=50) is None  # too slow for the budget


def test_iterations_to_converge_with_the_articles_derivative():
    assert searches.iterations_to_converge(1 / 9, derivative=prediction_error.article_derivative) == 2
    assert searches.iterations_to_converge(0.2, derivative=prediction_error.article_derivative) is not None
    assert searches.iterations_to_converge(0.23, derivative=prediction_error.article_derivative) is None
    # An alpha does for the article's derivative what alpha / 2 does for the true one.
    assert (searches.iterations_to_converge(0.06, derivative=prediction_error.article_derivative)
            == searches.iterations_to_converge(0.03))


def test_iterations_to_converge_counts_the_first_iteration_below_tolerance():
    run = searches.gradient_descent(alpha=0.03, iterations=1000)
    n = searches.iterations_to_converge(0.03, tolerance=1e-6)
    assert run[n - 1].error < 1e-6 <= run[n - 2].error


def test_iterations_to_converge_rejects_bad_tolerance():
    with pytest.raises(ValueError, match="tolerance"):
        searches.iterations_to_converge(0.03, tolerance=0)
