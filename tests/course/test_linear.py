"""gdcourse.course.linear: MSE, its gradient and Hessian, the stable learning rate, scaling (lesson 05).

The article-000 numbers are worked out by hand in the comments.
"""
import math

import numpy as np
import pytest

from gdcourse import GradientTape, Variable, reduce_mean, square
from gdcourse.course import datasets, linear

X, Y, X_TEST, Y_TEST = datasets.article000()


@pytest.fixture(autouse=True)
def close_figures():
    """Close the pyplot figures a test made, so that they never pile up across the test run."""
    yield
    import matplotlib.pyplot as plt
    plt.close("all")

# Hessian (2/n) Xt.T @ Xt with n = 4 and Xt = [X | 1]. Column j of X is
# (1, 2, 3, 4) + j, so entry (j, k) is (1/2) * sum_i (i + j)(i + k) over i = 1..4
#   = (1/2) * (30 + 10 (j + k) + 4 j k);  the bias row: (1/2) * (10 + 4 j);  corner: 4/2.
HESSIAN = np.array([
    [15, 20, 25, 30, 5],
    [20, 27, 34, 41, 7],
    [25, 34, 43, 52, 9],
    [30, 41, 52, 63, 11],
    [5, 7, 9, 11, 2],
], dtype=float)
# Rank 2, so two non-zero eigenvalues: their sum is the trace, 150, and their
# product the sum of the 2x2 principal minors, 120. So lambda = 75 +- sqrt(5625 - 120).
LAMBDA_MAX = 75 + math.sqrt(5505)
LAMBDA_MIN = 75 - math.sqrt(5505)


# ---- the model, the loss and its gradient -----------------------------------------------

def test_loss_at_zero_is_the_mean_of_the_squared_targets():
    assert linear.mse(X, Y, np.zeros((4, 1)), 0.0) == 30.0  # (4 + 16 + 36 + 64) / 4


def test_gradient_at_zero_by_hand():
    # r = -y, so dw = (2/4) X.T @ (-y) = -(1/2) [60, 80, 100, 120] and db = -(1/2) * 20
    dw, db = linear.mse_gradient(X, Y, np.zeros((4, 1)), 0.0)
    assert dw.shape == (4, 1)
    assert dw.ravel().tolist() == [-30.0, -40.0, -50.0, -60.0]
    assert db == -10.0


def test_gradient_matches_finite_differences_and_the_tape():
    rng = np.random.default_rng(0)
    A, y = rng.normal(size=(7, 3)), rng.normal(size=(7, 1))
    w, b = rng.normal(size=(3, 1)), 0.3
    dw, db = linear.mse_gradient(A, y, w, b)
    h = 1e-6
    for j in range(3):
        e = np.zeros((3, 1))
        e[j] = h
        slope = (linear.mse(A, y, w + e, b) - linear.mse(A, y, w - e, b)) / (2 * h)
        assert slope == pytest.approx(dw[j, 0], rel=1e-6)
    assert (linear.mse(A, y, w, b + h) - linear.mse(A, y, w, b - h)) / (2 * h) == pytest.approx(db, rel=1e-6)

    wv, bv = Variable(w), Variable(np.array([b]))
    with GradientTape() as tape:
        loss = reduce_mean(square(A @ wv + bv - y))
    gw, gb = tape.gradient(loss, [wv, bv])
    np.testing.assert_allclose(gw.numpy(), dw, rtol=1e-12)
    assert float(gb.numpy()[0]) == pytest.approx(db, rel=1e-12)


def test_inputs_in_several_shapes():
    # a flat y, a flat w and a bias given as a 1-element array all mean the same thing
    dw1, db1 = linear.mse_gradient(X, Y, np.ones((4, 1)), 0.5)
    dw2, db2 = linear.mse_gradient(X, Y.ravel(), [1, 1, 1, 1], np.array([0.5]))
    np.testing.assert_array_equal(dw1, dw2)
    assert db1 == db2
    # one feature as a flat list
    assert linear.predict([1, 2, 3], [2], 1).ravel().tolist() == [3.0, 5.0, 7.0]


def test_with_bias_column():
    assert linear.with_bias_column([[2.0], [3.0]]).tolist() == [[2.0, 1.0], [3.0, 1.0]]
    assert linear.with_bias_column(X).shape == (4, 5)


@pytest.mark.parametrize("call, error, name", [
    (lambda: linear.mse("abc", Y, np.zeros((4, 1)), 0), TypeError, "X"),
    (lambda: linear.mse(X, Y[:3], np.zeros((4, 1)), 0), ValueError, "y"),
    (lambda: linear.mse(X, Y, np.zeros((3, 1)), 0), ValueError, "w"),
    (lambda: linear.mse(X, Y, np.zeros((4, 1)), [1, 2]), ValueError, "b"),
    (lambda: linear.mse(X, Y, np.zeros((4, 1)), None), TypeError, "b"),
    (lambda: linear.mse_gradient(X, Y, [np.nan] * 4, 0), ValueError, "w"),
    (lambda: linear.gradient_descent(X, Y, -0.1, 10), ValueError, "learning_rate"),
    (lambda: linear.gradient_descent(X, Y, 0.1, 2.5), TypeError, "steps"),
    (lambda: linear.standardize(np.ones((3, 2))), ValueError, "column 0"),
    (lambda: linear.standardize(X, mean=[0, 0], std=[1, 1]), ValueError, "mean and std"),
    (lambda: linear.loss_grid(X, Y, [1.0], [1.0]), ValueError, "one feature"),
    (lambda: linear.steps_to_reach([1.0], 0), ValueError, "tolerance"),
])
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# ---- curvature and the stable learning rate ---------------------------------------------

def test_hessian_of_article_000_by_hand():
    np.testing.assert_array_equal(linear.hessian(X), HESSIAN)


def test_curvatures_three_flat_directions_and_two_curved():
    curvatures = linear.curvatures(X)
    assert curvatures[:3].tolist() == [0.0, 0.0, 0.0]  # rounding noise reported as exactly 0
    assert curvatures[3] == pytest.approx(LAMBDA_MIN, rel=1e-10)
    assert curvatures[4] == pytest.approx(LAMBDA_MAX, rel=1e-12)


def test_largest_stable_learning_rate_of_article_000():
    rate = linear.largest_stable_learning_rate(X)
    assert rate == pytest.approx(2 / LAMBDA_MAX, rel=1e-12)
    assert rate == pytest.approx(0.0134052, rel=1e-5)
    # without the bias column it would be a little larger: Xt.T @ Xt / 2 without its last row and column
    no_bias = 2 / np.linalg.eigvalsh(HESSIAN[:4, :4]).max()
    assert no_bias == pytest.approx(0.0135758, rel=1e-5) and no_bias > rate


def test_one_feature_problem_by_hand():
    # x = 1..4: H = (1/2) [[30, 10], [10, 4]] = [[15, 5], [5, 2]]: lambda = 8.5 +- sqrt(67.25)
    x = X[:, :1]
    lam_max, lam_min = 8.5 + math.sqrt(67.25), 8.5 - math.sqrt(67.25)
    assert linear.largest_stable_learning_rate(x) == pytest.approx(2 / lam_max, rel=1e-12)
    assert linear.condition_number(x) == pytest.approx(lam_max / lam_min, rel=1e-10)


def test_runs_just_below_and_just_above_the_boundary():
    rate = linear.largest_stable_learning_rate(X)
    below = linear.gradient_descent(X, Y, 0.99 * rate, 1000)
    above = linear.gradient_descent(X, Y, 1.01 * rate, 1000)
    assert not below.diverged and below.losses[-1] < 1e-8
    assert not above.diverged and above.losses[-1] > 1e15
    assert np.all(np.diff(above.losses[100:]) > 0)


def test_the_articles_learning_rate_diverges_and_stops_cleanly():
    # pytest turns RuntimeWarnings into errors here, so this also shows that no overflow warning escapes
    run = linear.gradient_descent(X, Y, 0.1, 300)
    assert run.diverged and "Stopped at step 134" in run.note
    assert run.steps == 133 and np.all(np.isfinite(run.losses))
    # each step multiplies the loss by about (1 - 0.1 lambda_max)**2 = 193
    assert run.losses[-1] / run.losses[-2] == pytest.approx((1 - 0.1 * LAMBDA_MAX) ** 2, rel=1e-3)


def test_run_records_every_step():
    run = linear.gradient_descent(X, Y, 0.01, 5, w=np.ones(4), b=1.0)
    assert run.weights.shape == (6, 4) and run.biases.shape == (6,) and run.losses.shape == (6,)
    assert run.weights[0].tolist() == [1.0, 1.0, 1.0, 1.0] and run.biases[0] == 1.0
    dw, db = linear.mse_gradient(X, Y, np.ones((4, 1)), 1.0)
    np.testing.assert_allclose(run.weights[1], 1.0 - 0.01 * dw.ravel())
    assert run.biases[1] == pytest.approx(1.0 - 0.01 * db)
    assert run.w.shape == (4, 1) and isinstance(run.b, float) and run.steps == 5 and run.note == ""
    assert linear.gradient_descent(X, Y, 0.01, 0).steps == 0


def test_steps_to_reach():
    assert linear.steps_to_reach([5.0, 2.0, 0.5, 0.1], 1.0) == 2
    assert linear.steps_to_reach([5.0, 2.0], 1.0) is None


# ---- many exact fits; gradient descent finds the minimum-norm one ---------------------------

def test_article_data_has_rank_two_and_several_exact_fits():
    assert np.linalg.matrix_rank(linear.with_bias_column(X)) == 2
    for w, b in [([2, 0, 0, 0], 0.0), ([0, 0, 0, 2], -6.0), ([1.25, 0.75, 0.25, -0.25], -0.5)]:
        assert linear.mse(X, Y, w, b) == 0.0
        np.testing.assert_allclose(linear.predict(X_TEST, w, b), Y_TEST)


def test_min_norm_solution_equals_pinv():
    w, b = linear.min_norm_solution(X, Y)
    theta = np.linalg.pinv(linear.with_bias_column(X)) @ Y
    np.testing.assert_allclose(np.vstack([w, [[b]]]), theta, atol=1e-12)
    np.testing.assert_allclose(w.ravel(), [1.25, 0.75, 0.25, -0.25], atol=1e-12)
    assert b == pytest.approx(-0.5, abs=1e-12)
    # shorter than the other exact fits
    assert math.hypot(*w.ravel(), b) == pytest.approx(math.sqrt(2.5)) and math.sqrt(2.5) < 2


def test_gradient_descent_from_zero_converges_to_the_minimum_norm_solution():
    run = linear.gradient_descent(X, Y, 0.9 * linear.largest_stable_learning_rate(X), 3000)
    w, b = linear.min_norm_solution(X, Y)
    np.testing.assert_allclose(run.w, w, atol=1e-9)
    assert run.b == pytest.approx(b, abs=1e-9)


def test_from_another_start_it_keeps_the_flat_part_of_the_start():
    # The exact fit closest to the start: min-norm solution + the start's part in the null space.
    start = np.array([1.0, -1.0, 2.0, 0.5, 0.0])
    Xt = linear.with_bias_column(X)
    null_part = start - np.linalg.pinv(Xt) @ (Xt @ start)
    run = linear.gradient_descent(X, Y, 0.9 * linear.largest_stable_learning_rate(X), 3000,
                                  w=start[:4], b=start[4])
    w, b = linear.min_norm_solution(X, Y)
    expected = np.append(w.ravel(), b) + null_part
    np.testing.assert_allclose(np.append(run.w.ravel(), run.b), expected, atol=1e-9)


# ---- standardization -------------------------------------------------------------------------

def test_standardize_gives_mean_0_std_1_and_reuses_the_training_scale():
    rng = np.random.default_rng(1)
    A = rng.normal(loc=[5, -3], scale=[2, 0.1], size=(50, 2))
    S, mean, std = linear.standardize(A)
    np.testing.assert_allclose(S.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(S.std(axis=0), 1, rtol=1e-12)
    S2, _, _ = linear.standardize(A[:5], mean, std)
    np.testing.assert_allclose(S2, S[:5])


def test_standardizing_article_000_makes_four_equal_columns_and_a_round_bowl():
    S, mean, std = linear.standardize(X)
    assert mean.tolist() == [2.5, 3.5, 4.5, 5.5]
    np.testing.assert_allclose(std, math.sqrt(1.25))
    assert np.all(S == S[:, :1])
    # H = (1/2) [[4 zz, 0], [0, 4]] with z.z = 4 per column: curvatures 8 and 2
    np.testing.assert_allclose(linear.curvatures(S)[-2:], [2.0, 8.0], rtol=1e-12)
    assert linear.largest_stable_learning_rate(S) == pytest.approx(0.25)
    assert linear.condition_number(S) == pytest.approx(4.0)
    assert linear.condition_number(X) == pytest.approx(LAMBDA_MAX / LAMBDA_MIN)


def test_standardizing_makes_gradient_descent_much_faster():
    def steps_needed(A):
        run = linear.gradient_descent(A, Y, 0.5 * linear.largest_stable_learning_rate(A), 3000)
        return linear.steps_to_reach(run.losses, 1e-10)
    S, mean, std = linear.standardize(X)
    assert steps_needed(X) == 2115 and steps_needed(S) == 46
    # and the standardized model still predicts the test rows, scaled with the training mean and std
    run = linear.gradient_descent(S, Y, 0.1, 500)
    S_test, _, _ = linear.standardize(X_TEST, mean, std)
    np.testing.assert_allclose(linear.predict(S_test, run.w, run.b), Y_TEST, atol=1e-9)


def test_loss_grid_matches_the_mse_at_every_point():
    x = X[:, :1]
    ws, bs = np.linspace(-1, 3, 7), np.linspace(-2, 2, 5)
    Z = linear.loss_grid(x, Y, ws, bs)
    assert Z.shape == (5, 7)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            assert Z[i, j] == pytest.approx(linear.mse(x, Y, [w], b), rel=1e-12, abs=1e-12)


# ---- the lesson's slider and plot -------------------------------------------------------------

def test_linreg_slider_picture_and_summary():
    from gdcourse.pictures import sliders
    assert "below the boundary 2/λ_max = 0.1198: stable" in sliders.linreg_lr_summary(0.09)
    assert "above the boundary" in sliders.linreg_lr_summary(0.121)
    fig = sliders.linreg_lr_picture(0.13)  # diverging: the path leaves the picture, nothing breaks
    assert len(fig.axes) == 3
    box = sliders.linreg_lr_slider(rates=(0.05, 0.09))
    assert box.settings() == {"learning_rate": 0.09} and len(box.frames) == 1
    box.set(learning_rate=0.05)
    assert len(box.frames) == 2 and "0.05" in box.caption


def test_loss_per_step_plot_skips_zeros_on_a_log_scale():
    from gdcourse.pictures import plots
    fig, ax = plots.loss_per_step({"a": [4.0, 1.0, 0.0], "b": [1.0, 2.0]})
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    assert ax.lines[0].get_xdata().tolist() == [0, 1]
    fig, ax = plots.loss_per_step({"a": [4.0, -1.0]}, log=False)
    assert ax.get_yscale() == "linear" and ax.lines[0].get_ydata().tolist() == [4.0, -1.0]


def test_numbers_too_large_give_a_clear_error_not_a_warning():
    huge = [[1e300], [-1e300]]
    for call in (linear.hessian, linear.curvatures, linear.largest_stable_learning_rate,
                 linear.condition_number, linear.standardize):
        with pytest.raises(ValueError, match="too large"):
            call(huge)
    with pytest.raises(ValueError, match="overflow"):
        # misses +inf and -inf: the bias's slope, their sum, would be inf - inf = NaN
        linear.mse_gradient([[2.0, 1.0], [-2.0, 1.0]], [0.0, 0.0], [1e308, 0.0], 0.0)
    dw, db = linear.mse_gradient([[1.0], [2.0]], [0.0, 0.0], [1e308], 0.0)  # honestly infinite
    assert dw.tolist() == [[np.inf]] and db == np.inf
    assert linear.mse([[1.0], [-1.0]], [0.0, 0.0], [1.7e308], 0.0) == np.inf
    assert linear.loss_grid([[2.0], [3.0]], [0.0, 0.0], [1e300, -1e300], [0.0]).tolist() == [[np.inf, np.inf]]
