"""Mini-batches and the numpy reference for batch / stochastic / mini-batch gradient descent."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdcourse import set_seed
from gdcourse.course import batching, datasets


def epoch(x, y, batch_size, **kwargs):
    return list(batching.minibatches(x, y, batch_size, **kwargs))


# --- minibatches ------------------------------------------------------------------------

def test_unshuffled_batches_are_consecutive_slices_and_keep_the_last_partial_batch():
    x = np.arange(10.0)
    batches = epoch(x, x * 10, 4, shuffle=False)
    assert [xb.tolist() for xb, _ in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [yb.tolist() for _, yb in batches] == [[0, 10, 20, 30], [40, 50, 60, 70], [80, 90]]


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 60), batch_size=st.integers(1, 70), seed=st.integers(0, 2**31))
def test_every_sample_exactly_once_with_pairs_intact(n, batch_size, seed):
    x = np.column_stack([np.arange(n), -np.arange(n)]).astype(float)   # 2-D x: rows stay whole
    y = 3 * np.arange(n) + 1.0
    batches = epoch(x, y, batch_size, seed=seed)
    sizes = [len(xb) for xb, _ in batches]
    assert sizes == [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    ids = np.concatenate([xb[:, 0] for xb, _ in batches])
    assert sorted(ids.tolist()) == list(range(n))
    for xb, yb in batches:
        np.testing.assert_array_equal(yb, 3 * xb[:, 0] + 1)      # each x with its own y
        np.testing.assert_array_equal(xb[:, 1], -xb[:, 0])       # rows not mixed up


def test_same_seed_same_order_other_seed_other_order():
    x = np.arange(50.0)

    def order(seed):
        return np.concatenate([xb for xb, _ in epoch(x, x, 8, seed=seed)]).tolist()

    assert order(3) == order(3)
    assert order(3) != order(4)
    assert order(3) != sorted(order(3))     # really shuffled


def test_a_generator_as_seed_gives_a_new_order_each_epoch_repeatably():
    x = np.arange(30.0)

    def two_epochs(seed):
        rng = np.random.default_rng(seed)
        return [np.concatenate([xb for xb, _ in epoch(x, x, 7, seed=rng)]).tolist() for _ in range(2)]

    first, second = two_epochs(1)
    assert first != second
    assert two_epochs(1) == [first, second]


def test_without_a_seed_the_global_seed_decides():
    x = np.arange(20.0)
    set_seed(11)
    a = np.concatenate([xb for xb, _ in epoch(x, x, 5)])
    set_seed(11)
    b = np.concatenate([xb for xb, _ in epoch(x, x, 5)])
    set_seed(None)
    np.testing.assert_array_equal(a, b)


def test_bad_arguments_fail_at_the_call_with_clear_messages():
    x = np.arange(5.0)
    with pytest.raises(ValueError, match="x has 5 samples but y has 4"):
        batching.minibatches(x, x[:4], 2)
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        batching.minibatches(x, x, 0)
    with pytest.raises(TypeError, match="batch_size must be a whole number"):
        batching.minibatches(x, x, 2.5)
    with pytest.raises(TypeError, match="x must be a number or an array"):
        batching.minibatches("abc", x, 2)


def test_steps_per_epoch():
    assert batching.steps_per_epoch(100, 32) == 4
    assert batching.steps_per_epoch(100, 1) == 100
    assert batching.steps_per_epoch(100, 100) == 1
    assert batching.steps_per_epoch(100, 500) == 1
    assert batching.steps_per_epoch(1000, 32) == 32
    with pytest.raises(ValueError, match="batch_size"):
        batching.steps_per_epoch(10, 0)


# --- the line, its loss, gradient and one step --------------------------------------------

def test_line_loss_and_gradient_exact_values():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0])
    assert batching.line_loss(2.0, 0.0, x, y) == 0.0
    assert batching.line_gradient(2.0, 0.0, x, y) == (0.0, 0.0)
    # w = b = 0: miss = -y, dL/dw = mean(2 * -y * x) = -2 * (2 + 8 + 18) / 3, dL/db = -2 * 4
    assert batching.line_loss(0.0, 0.0, x, y) == pytest.approx((4 + 16 + 36) / 3)
    gw, gb = batching.line_gradient(0.0, 0.0, x, y)
    assert gw == pytest.approx(-56 / 3) and gb == pytest.approx(-8.0)


def test_line_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=20), rng.normal(size=20)
    w, b, h = 0.3, -0.7, 1e-6
    gw, gb = batching.line_gradient(w, b, x, y)
    assert gw == pytest.approx((batching.line_loss(w + h, b, x, y) - batching.line_loss(w - h, b, x, y)) / (2 * h),
                               rel=1e-6)
    assert gb == pytest.approx((batching.line_loss(w, b + h, x, y) - batching.line_loss(w, b - h, x, y)) / (2 * h),
                               rel=1e-6)


def test_sgd_step_goes_downhill_by_learning_rate_times_slope():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0])
    w, b = batching.sgd_step(0.0, 0.0, x, y, 0.1)
    assert (w, b) == pytest.approx((5.6 / 3, 0.8))
    assert batching.line_loss(w, b, x, y) < batching.line_loss(0.0, 0.0, x, y)
    with pytest.raises(ValueError, match="learning_rate must be greater than 0"):
        batching.sgd_step(0.0, 0.0, x, y, 0.0)


def test_column_shaped_data_is_accepted():
    x, y = datasets.noisy_line(n=10)
    assert batching.line_loss(1.0, 2.0, x, y) == batching.line_loss(1.0, 2.0, x.ravel(), y.ravel())


# --- train_line ------------------------------------------------------------------------------

def standardized_line():
    x, y = datasets.noisy_line()
    x = x.ravel()
    return (x - x.mean()) / x.std(), y.ravel()


def test_batch_gradient_descent_reaches_least_squares():
    x, y = standardized_line()
    run = batching.train_line(x, y, batch_size=len(x), learning_rate=0.1, steps=200)
    slope, intercept = np.polyfit(x, y, 1)
    assert run.w[-1] == pytest.approx(slope, rel=1e-8)
    assert run.b[-1] == pytest.approx(intercept, rel=1e-8)
    assert np.all(np.diff(run.loss) <= 1e-9)    # full batch: the loss never goes up (up to rounding)
    assert len(run.loss) == 201 and run.epochs[-1] == 200


def test_budgets_in_steps_and_in_epochs():
    x, y = standardized_line()
    run = batching.train_line(x, y, batch_size=32, learning_rate=0.1, epochs=3)
    assert len(run.loss) - 1 == 3 * 4                     # 4 steps per epoch (32+32+32+4)
    assert run.epochs[-1] == pytest.approx(3.0)
    run = batching.train_line(x, y, batch_size=32, learning_rate=0.1, steps=6)
    assert len(run.loss) - 1 == 6
    assert run.epochs[4] == pytest.approx(1.0)            # after the 4th step one epoch is done
    assert run.epochs[6] == pytest.approx(1.64)
    with pytest.raises(ValueError, match="exactly one budget"):
        batching.train_line(x, y, 4, 0.1)
    with pytest.raises(ValueError, match="exactly one budget"):
        batching.train_line(x, y, 4, 0.1, steps=3, epochs=2)


def test_runs_are_repeatable_and_seed_dependent():
    x, y = standardized_line()
    a = batching.train_line(x, y, 4, 0.1, steps=50, seed=1)
    b = batching.train_line(x, y, 4, 0.1, steps=50, seed=1)
    c = batching.train_line(x, y, 4, 0.1, steps=50, seed=2)
    np.testing.assert_array_equal(a.w, b.w)
    assert not np.array_equal(a.w, c.w)


def test_stochastic_steps_are_noisy_but_head_for_the_best_line():
    x, y = standardized_line()
    sgd = batching.train_line(x, y, 1, 0.05, epochs=5)
    full = batching.train_line(x, y, len(x), 0.05, epochs=5)
    best = batching.line_loss(*np.polyfit(x, y, 1), x, y)
    # per epoch, SGD (500 steps) gets much closer than batch GD (5 steps) ...
    assert sgd.loss[-1] - best < 0.1 * (full.loss[-1] - best)
    # ... but its loss does go up on some steps
    assert np.any(np.diff(sgd.loss) > 0)


def test_divergence_stops_with_a_note_and_no_warnings():
    x, y = standardized_line()
    with np.errstate(all="raise"):          # any overflow warning would raise here
        run = batching.train_line(x, y, 1, 5.0, steps=2000)
    assert run.diverged and "Diverged" in run.note and "learning rate" in run.note
    assert np.all(np.isfinite(run.loss)) and len(run.loss) < 2001


def test_stable_run_has_no_note():
    x, y = standardized_line()
    run = batching.train_line(x, y, 16, 0.1, steps=10)
    assert not run.diverged and run.note == ""
    np.testing.assert_array_equal(run.steps, np.arange(11))


# --- the pictures: plots and the batch-size slider ------------------------------------------

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from gdcourse.pictures import plots, sliders  # noqa: E402


@pytest.fixture
def close_figures():
    yield
    plt.close("all")


def assert_labelled(ax):
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()


def test_run_losses_per_step_and_per_epoch(close_figures):
    x, y = standardized_line()
    runs = [batching.train_line(x, y, size, 0.1, steps=20) for size in (1, 100)]
    best = batching.line_loss(*np.polyfit(x, y, 1), x, y)
    fig, ax = plots.run_losses(runs, floor=best)
    assert_labelled(ax)
    assert ax.get_yscale() == "log" and "above the best" in ax.get_ylabel()
    assert [line.get_label() for line in ax.get_lines()] == ["batch size 1", "batch size 100"]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), runs[1].loss - best)
    _, ax = plots.run_losses(runs, against="epochs", log=False)
    np.testing.assert_allclose(ax.get_lines()[0].get_xdata(), runs[0].epochs)
    assert "epoch" in ax.get_xlabel()
    with pytest.raises(ValueError, match="against"):
        plots.run_losses(runs, against="time")


def test_line_loss_paths_frames_the_runs_and_marks_the_best_line(close_figures):
    x, y = standardized_line()
    best = np.polyfit(x, y, 1)
    runs = [batching.train_line(x, y, 4, 0.1, steps=30), batching.train_line(x, y, 1, 5.0, steps=200)]
    fig, ax = plots.line_loss_paths(x, y, runs, best=best)
    assert_labelled(ax)
    low, high = ax.get_xlim()
    assert low < 0 < best[0] < high and high < 200    # the diverging run does not stretch the frame
    labels = [line.get_label() for line in ax.get_lines()]
    assert "batch size 4" in labels and "batch size 1" in labels


def test_training_traces_and_data_and_predictions(close_figures):
    fig, axes = plots.training_traces([1, 2, 3], [0.1, 0.2, 0.3], [9, 4, 1])
    assert [ax.get_ylabel() for ax in axes] == ["weight", "bias", "loss"]
    x, y = datasets.noisy_line(n=10)
    fig, ax = plots.data_and_predictions(x, y, {"line": 2 * x + 50})
    assert_labelled(ax)
    with pytest.raises(ValueError, match="has 3 values but x has 10"):
        plots.data_and_predictions(x, y, {"short": [1, 2, 3]})


def test_minibatch_picture_and_summary():
    fig = sliders.minibatch_picture(16, 0.1)
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    for ax in fig.axes:
        assert_labelled(ax)
    text = sliders.minibatch_summary(16, 0.1)
    assert text.startswith("batch size 16: 7 steps per epoch, so 100 steps make 14.3 epochs (passes through the data).")
    assert "(the least-squares line has 394.39)" in text
    assert "1 step per epoch" in sliders.minibatch_summary("full", 0.1)
    assert "the run diverges" in sliders.minibatch_summary(64, 10 ** 0.25)
    assert "edge of stability" in sliders.minibatch_summary("full", 1.0)    # scaled x: curvature exactly 2


def test_minibatch_slider_draws_on_demand_and_caches():
    box = sliders.minibatch_slider()
    assert box.settings() == {"batch_size": 16, "learning_rate": 0.1}
    assert len(box.frames) == 1 and box.picture[:8] == b"\x89PNG\r\n\x1a\n"
    assert "batch size 16: 7 steps per epoch" in box.caption
    box.set(batch_size=1)
    assert len(box.frames) == 2 and "batch size 1: 100 steps per epoch" in box.caption
    box.set(batch_size=16)
    assert len(box.frames) == 2                      # seen before: taken from the cache
    assert box.picture == sliders.figure_png(sliders.minibatch_picture(16, 0.1), dpi=72)
    assert box.controls[1]["labels"] == ["0.01", "0.0178", "0.0316", "0.0562", "0.1", "0.178", "0.316", "0.562",
                                         "1", "1.78"]


def test_minibatch_slider_rejects_bad_settings():
    with pytest.raises(ValueError, match="steps"):
        sliders.minibatch_slider(steps=0)
    with pytest.raises(ValueError, match="batch_sizes"):
        sliders.minibatch_slider(batch_sizes=(1, 0))
    with pytest.raises(ValueError, match="at least one"):
        sliders.minibatch_slider(batch_sizes=())
