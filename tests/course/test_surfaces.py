"""gdcourse.course.surfaces: the 2-D losses of lesson 08's optimizer race, their gradients, noise, runs."""
import math

import numpy as np
import pytest

from gdcourse.course import surfaces
from gdcourse.framework.optimizers import SGD, Adam, RMSprop


@pytest.fixture(autouse=True)
def close_figures():
    """Close the pyplot figures a test made, so that they never pile up across the test run."""
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def numeric_gradient(f, p, h=1e-6):
    p = np.asarray(p, dtype=float)
    return np.array([(f(p + h * e) - f(p - h * e)) / (2 * h) for e in np.eye(len(p))])


# ---- the ravine ----------------------------------------------------------------------------

def test_ravine_values_by_hand():
    r = surfaces.ravine(condition=25)
    assert r.value([1.0, 0.0]) == 0.5          # (1 + 25 * 0) / 2
    assert r.value([0.0, 1.0]) == 12.5         # (0 + 25 * 1) / 2
    assert r.value([2.0, -1.0]) == 14.5        # (4 + 25) / 2
    assert r.gradient([2.0, -1.0]).tolist() == [2.0, -25.0]
    assert r.minimum.tolist() == [0.0, 0.0] and r.value(r.minimum) == 0.0


@pytest.mark.parametrize("angle", [0.0, 30.0, -75.0])
def test_ravine_gradient_and_curvatures(angle):
    r = surfaces.ravine(condition=50, angle=angle)
    p = np.array([0.7, -1.3])
    np.testing.assert_allclose(r.gradient(p), numeric_gradient(r.value, p), rtol=1e-6)
    # the Hessian's columns are the gradients at the unit vectors (the gradient is linear)
    hessian = np.column_stack([r.gradient(e) for e in np.eye(2)])
    np.testing.assert_allclose(np.linalg.eigvalsh(hessian), [1.0, 50.0], rtol=1e-12)
    # turning moves the start with the valley, so the race starts at the same height
    assert r.value(r.start) == pytest.approx((4.5 ** 2 + 50 * 1.2 ** 2) / 2)
    x_low, x_high = r.xlim
    y_low, y_high = r.ylim
    assert x_low <= r.start[0] <= x_high and y_low <= r.start[1] <= y_high


def test_ravine_on_a_grid():
    r = surfaces.ravine(condition=10, angle=20)
    xs, ys = np.linspace(-1, 1, 4), np.linspace(-2, 2, 3)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    Z = r.value(grid)
    assert Z.shape == (3, 4)
    assert Z[2, 1] == pytest.approx(r.value([xs[1], ys[2]]))
    assert r.gradient(grid).shape == (3, 4, 2)


def test_ravine_name_and_bad_input():
    assert surfaces.ravine(50).name == "ravine (condition 50)"
    assert surfaces.ravine(50, 30).name == "ravine (condition 50, turned 30 degrees)"
    with pytest.raises(ValueError, match="condition"):
        surfaces.ravine(condition=0)
    with pytest.raises(TypeError, match="angle"):
        surfaces.ravine(angle="steep")


# ---- Rosenbrock ----------------------------------------------------------------------------

def test_noise_is_seeded_and_unbiased():
    r = surfaces.ravine()
    g1 = surfaces.with_noise(r.gradient, scale=2.0, seed=7)
    g2 = surfaces.with_noise(r.gradient, scale=2.0, seed=7)
    p = np.array([1.0, 0.5])
    first = [g1(p) for _ in range(3)]
    second = [g2(p) for _ in range(3)]
    np.testing.assert_array_equal(first, second)            # same seed, same bumps
    assert not np.array_equal(first[0], first[1])          # but new bumps every call
    samples = np.array([g1(p) for _ in range(4000)])
    np.testing.assert_allclose(samples.mean(axis=0), r.gradient(p), atol=0.15)
    np.testing.assert_allclose(samples.std(axis=0), [2.0, 2.0], rtol=0.05)
    exact = surfaces.with_noise(r.gradient, scale=0.0, seed=1)
    np.testing.assert_array_equal(exact(p), r.gradient(p))


def test_noise_bad_input():
    with pytest.raises(TypeError, match="gradient"):
        surfaces.with_noise(3.0, 1.0, 0)
    with pytest.raises(ValueError, match="scale"):
        surfaces.with_noise(surfaces.ravine().gradient, -1.0, 0)
    with pytest.raises(ValueError, match="seed"):
        surfaces.with_noise(surfaces.ravine().gradient, 1.0, -3)


# ---- runs --------------------------------------------------------------------------------------

def test_descend_with_sgd_is_the_plain_loop():
    r = surfaces.ravine(condition=50, angle=30)
    start = r.start.copy()
    path = surfaces.descend(SGD(0.02), r.gradient, start, 25)
    assert path.shape == (26, 2)
    assert start.tolist() == r.start.tolist()  # the caller's start array is not moved
    p = r.start.copy()
    for k in range(25):
        p = p - 0.02 * r.gradient(p)
        np.testing.assert_allclose(path[k + 1], p, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(path[0], r.start)


def test_gradient_descent_is_stable_exactly_below_2_over_condition():
    r = surfaces.ravine(condition=50, angle=30)
    stable = surfaces.descend(SGD(0.039), r.gradient, r.start, 400)
    unstable = surfaces.descend(SGD(0.041), r.gradient, r.start, 2000)
    assert len(stable) == 401 and r.value(stable[-1]) < 1e-10
    # the unstable run grows by 1.05 per step and is stopped, quietly, once it is far away
    assert len(unstable) < 2001
    assert np.all(np.isfinite(unstable))


def test_momentum_is_stable_up_to_2_times_1_plus_beta_over_condition():
    r = surfaces.ravine(condition=50)
    beta = 0.9
    limit = 2 * (1 + beta) / 50
    assert len(surfaces.descend(SGD(0.97 * limit, momentum=beta), r.gradient, r.start, 3000)) == 3001
    assert len(surfaces.descend(SGD(1.03 * limit, momentum=beta), r.gradient, r.start, 3000)) < 3001


def test_race_gives_every_runner_the_same_noise():
    r = surfaces.ravine()
    paths = surfaces.race(r, {"a": SGD(0.01), "b": SGD(0.01)}, steps=20, noise=1.0, seed=3)
    assert list(paths) == ["a", "b"]
    np.testing.assert_array_equal(paths["a"], paths["b"])
    exact = surfaces.race(r, {"a": SGD(0.01)}, steps=20)
    assert not np.array_equal(exact["a"], paths["a"])
    other_start = surfaces.race(r, {"a": SGD(0.01)}, steps=0, start=[1.0, 1.0])
    assert other_start["a"].tolist() == [[1.0, 1.0]]


def test_tune_learning_rate():
    r = surfaces.ravine(condition=50)
    rates = [0.001, 0.01, 0.03, 0.05]
    best, scores = surfaces.tune_learning_rate(lambda lr: SGD(lr), r, rates, steps=100)
    assert best == 0.03
    assert scores[0.05] == math.inf                  # above 2/50: diverged
    assert scores[0.001] > scores[0.01] > scores[0.03]
    best_adam, _ = surfaces.tune_learning_rate(lambda lr: Adam(lr), r, [0.01, 0.1, 1.0], steps=100)
    assert best_adam in (0.1, 1.0)


def test_descend_bad_input():
    r = surfaces.ravine()
    with pytest.raises(TypeError, match="gradient"):
        surfaces.descend(SGD(0.01), None, r.start, 5)
    with pytest.raises(TypeError, match="steps"):
        surfaces.descend(SGD(0.01), r.gradient, r.start, 5.0)
    with pytest.raises(ValueError, match="start"):
        surfaces.descend(SGD(0.01), r.gradient, [[1.0, 2.0]], 5)


# ---- the lesson's plot and slider -------------------------------------------------------------

def test_contour_paths_draws_every_path_with_the_given_colours():
    from gdcourse.pictures import plots
    r = surfaces.ravine()
    xs, ys = np.linspace(*r.xlim, 30), np.linspace(*r.ylim, 20)
    Z = r.value(np.stack(np.meshgrid(xs, ys), axis=-1))
    paths = {"one": np.array([[0.0, 0.0], [1.0, 1.0]]), "two": np.array([[0.0, 0.0], [2.0, 0.5]])}
    fig, ax = plots.contour_paths(xs, ys, Z, paths, minimum=(0, 0), colors=["#111111", "#222222"])
    labels = [line.get_label() for line in ax.lines]
    assert labels[:2] == ["one", "two"] and "start" in labels and "minimum" in labels
    assert labels.count("start") == 1                        # both paths start at the same point
    assert [ax.lines[0].get_color(), ax.lines[1].get_color()] == ["#111111", "#222222"]
    assert ax.get_xlim() == (xs[0], xs[-1])
    with pytest.raises(ValueError, match="Z must have shape"):
        plots.contour_paths(xs, ys, Z.T, paths)


def test_momentum_slider_offers_every_beta_and_rate():
    from gdcourse.pictures import sliders
    box = sliders.momentum_slider(betas=(0.0, 0.9), rates=(0.01, 0.05))
    assert len(box.frames) == 1 and len(list(box.every_index())) == 4
    assert [c["labels"] for c in box.controls] == [["0", "0.9"], ["0.01", "0.05"]]
    assert box.settings() == {"beta": 0.9, "learning_rate": 0.01}
    text = sliders.momentum_summary(0.9, 0.05)
    assert "gradient descent diverged" in text and "momentum 0.9 ends at loss" in text
    assert "2(1 + β)/50 = 0.076" in text
    assert "2(1 + β)" not in sliders.momentum_summary(0.0, 0.01)
    assert len(sliders.momentum_picture(0.0, 0.01).axes) == 2


# ---- bad input and far-out points ---------------------------------------------------------------

@pytest.mark.parametrize("call, error, name", [
    (lambda: surfaces.ravine(condition=1e300), ValueError, "condition"),
    (lambda: surfaces.ravine().value("abc"), TypeError, "p"),
    (lambda: surfaces.ravine().value([1.0, 2.0, 3.0]), ValueError, "length 2"),
    (lambda: surfaces.ravine().gradient([1.0, np.inf]), ValueError, "p"),
    (lambda: surfaces.descend(None, surfaces.ravine().gradient, [0, 0], 5), TypeError, "optimizer"),
    (lambda: surfaces.race(surfaces.ravine(), None, 5), TypeError, "optimizers"),
    (lambda: surfaces.race(surfaces.ravine(), {"a": 1}, 5), TypeError, "optimizers"),
    (lambda: surfaces.race(None, {"a": SGD(0.1)}, 5), TypeError, "surface"),
    (lambda: surfaces.race(surfaces.ravine(), {"a": SGD(0.1)}, 5, noise=None), TypeError, "noise"),
    (lambda: surfaces.tune_learning_rate(lambda r: None, surfaces.ravine(), [0.1], 5), TypeError,
     "make_optimizer"),
    (lambda: surfaces.tune_learning_rate(SGD, surfaces.ravine(), None, 5), TypeError, "rates"),
    (lambda: surfaces.tune_learning_rate(SGD, surfaces.ravine(), [0.1], 5, noise=-1), ValueError, "noise"),
])
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


@pytest.mark.parametrize("surface", [surfaces.ravine(1e6, 30)])
def test_far_out_points_give_inf_not_nan_or_warnings(surface):
    # pytest turns RuntimeWarnings into errors here
    far = np.array([1.5e308, -1.7e308])
    assert surface.value(far) == np.inf
    assert np.isfinite(surface.gradient([1e100, 1e100])).all()


def test_tuning_calls_a_near_tie_for_the_smallest_rate_whatever_the_order():
    # On a round bowl a step of 1 lands on the minimum at once; a hair more lands there too
    # (its overshoot shrinks below the smallest float long before 100 steps).
    from gdcourse.framework.optimizers import SGD
    bowl = surfaces.ravine(condition=1.0)
    for rates in ([1.0, 1.0 + 1e-10], [1.0 + 1e-10, 1.0]):
        best, scores = surfaces.tune_learning_rate(SGD, bowl, rates, steps=100)
        assert scores == {1.0: 0.0, 1.0 + 1e-10: 0.0}
        assert best == 1.0
    best, scores = surfaces.tune_learning_rate(SGD, bowl, [0.5, 0.9], steps=10)
    assert scores[0.9] < scores[0.5] and best == 0.9  # a clear winner still wins
