"""Plots of lessons 01-02 (and the shared basics they build on), and lesson 02's step slider.

Every plot function takes data and returns ``(fig, ax)`` with labelled axes
and accepts ``ax=``; the slider is driven from Python, without a browser.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from gdcourse.pictures import plots, sliders
from gdcourse.course import searches  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def history():
    return searches.up_down_search(weight=0.5, data=3, true_value=4, step=0.05, iterations=20)


def assert_labelled(ax):
    assert ax.get_xlabel().strip(), "x axis has no label"
    assert ax.get_ylabel().strip(), "y axis has no label"


# --- the shared basics ----------------------------------------------------------------

def test_palette_is_okabe_ito():
    assert plots.PALETTE["blue"] == "#0072B2" and plots.PALETTE["vermillion"] == "#D55E00"
    assert len(set(plots.CYCLE)) == 8


def test_new_figure_is_not_registered_with_pyplot():
    before = plt.get_fignums()
    fig, axes = plots.new_figure(ncols=2)
    assert isinstance(fig, Figure) and len(axes) == 2
    assert plt.get_fignums() == before
    assert fig.get_layout_engine() is not None


def test_new_figure_without_automatic_layout_can_be_adjusted_by_hand():
    fig, axes = plots.new_figure(ncols=2, left=0.1)
    assert fig.get_layout_engine() is None
    fig.subplots_adjust(left=0.2)  # would warn (and do nothing) under constrained layout
    assert axes[0].get_position().x0 == pytest.approx(0.2)


def test_error_curve_is_lowest_at_the_best_weight():
    fig, ax = plots.error_curve(3, 4, np.linspace(-1, 3, 201))
    assert_labelled(ax)
    x, y = ax.lines[0].get_data()
    assert x[np.argmin(y)] == pytest.approx(4 / 3, abs=0.02)
    assert y.min() >= 0


def test_error_curve_draws_into_a_given_axes():
    fig, ax = plt.subplots()
    fig2, ax2 = plots.error_curve(3, 4, weights=np.linspace(0, 2, 5), ax=ax)
    assert (fig2, ax2) == (fig, ax)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), (3 * np.linspace(0, 2, 5) - 4) ** 2)


def test_error_curve_rejects_bad_input():
    with pytest.raises(TypeError, match="data"):
        plots.error_curve("3", 4, [0.0])
    with pytest.raises(ValueError, match="weights"):
        plots.error_curve(3, 4, weights=np.ones((2, 2)))


def test_path_on_curve_shows_the_visited_weights(history):
    fig, ax = plots.path_on_curve(history, 3, 4)
    assert_labelled(ax)
    path = [line for line in ax.lines if line.get_label() == "path"][0]
    np.testing.assert_array_equal(path.get_xdata(), history.weights)
    np.testing.assert_array_equal(path.get_ydata(), history.errors)
    assert ax.get_legend() is not None


def test_error_per_iteration_is_on_a_log_scale(history):
    fig, ax = plots.error_per_iteration(history)
    assert_labelled(ax)
    assert ax.get_yscale() == "log" and "log" in ax.get_ylabel()
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), history.errors)


def test_error_per_iteration_leaves_out_exact_zeros():
    run = searches.gradient_descent(alpha=0.1, iterations=20, derivative=lambda w, d, t: (d * w - t) * d)
    assert (run.errors == 0).any()
    fig, ax = plots.error_per_iteration(run)
    assert len(ax.lines[0].get_xdata()) == int((run.errors > 0).sum())


def test_search_panels(history):
    fig, axes = plots.search_panels(history, 3, 4, title="up/down")
    assert len(axes) == 2
    for ax in axes:
        assert_labelled(ax)
    assert fig._suptitle.get_text() == "up/down"


# --- lesson 01 ----------------------------------------------------------------------------

def test_squared_vs_absolute():
    misses = np.linspace(-3, 3, 61)
    fig, ax = plots.squared_vs_absolute(misses)
    assert_labelled(ax)
    squared, absolute = ax.lines[0], ax.lines[1]
    np.testing.assert_allclose(squared.get_ydata(), misses ** 2)
    np.testing.assert_allclose(absolute.get_ydata(), np.abs(misses))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("squared" in s for s in labels) and any("absolute" in s for s in labels)


def test_squared_vs_absolute_sorts_its_input_and_uses_a_given_axes():
    fig, ax = plt.subplots()
    assert plots.squared_vs_absolute([2.0, -1.0, 0.0], ax=ax) == (fig, ax)
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [-1.0, 0.0, 2.0])


def test_squared_vs_absolute_rejects_bad_input():
    with pytest.raises(TypeError, match="misses"):
        plots.squared_vs_absolute("big")
    with pytest.raises(ValueError, match="misses"):
        plots.squared_vs_absolute([1.0, np.nan])


# --- lesson 02 ----------------------------------------------------------------------------

def test_weights_per_iteration(history):
    fig, ax = plots.weights_per_iteration(history, best_weight=4 / 3)
    assert_labelled(ax)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), history.weights)
    assert ax.lines[1].get_ydata()[0] == pytest.approx(4 / 3)
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_weights_per_iteration_without_best_weight(history):
    fig, ax = plots.weights_per_iteration(history)
    assert len(ax.lines) == 1


def test_iterations_needed():
    distances, counts = np.array([0.5, 1.0, 2.0]), np.array([10, 20, 40])
    fig, ax = plots.iterations_needed(distances, counts, label="step 0.05")
    assert_labelled(ax)
    assert ax.get_xlim()[0] == 0 and ax.get_ylim()[0] == 0
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), counts)


# --- lesson 02's step slider, without a browser -------------------------------------------------

def test_up_down_picture_is_a_plain_figure_with_two_labelled_panels():
    before = plt.get_fignums()
    fig = sliders.up_down_picture(step=0.05, iterations=20)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    axes = fig.get_axes()
    assert len(axes) == 2
    for ax in axes:
        assert_labelled(ax)
    assert fig._suptitle.get_text() == "up/down search, step 0.05, 20 iterations"


def test_up_down_summary_at_the_defaults():
    assert sliders.up_down_summary() == (
        "step 0.05: after 20 iterations the prediction is 4.05 (error 0.0025); the best error, 0.0025, "
        "came at iteration 18. Error evaluations spent: 60.")


def test_up_down_summary_takes_the_first_visit_of_the_best_error():
    # with step 0.2 the search bounces between 1.3 and 1.5 for 100 iterations; rounding makes
    # later visits to 1.3 differ in the last digits, but the first one counts
    text = sliders.up_down_summary(step=0.2, iterations=100)
    assert "came at iteration 5." in text and "evaluations spent: 300." in text


@pytest.fixture(scope="module")
def slider():
    return sliders.step_slider(weight=0.5, data=3, true_value=4, iterations=20)


def test_step_slider_draws_its_starting_picture_and_offers_every_step():
    assert len(sliders.STEP_CHOICES) == 6 and 0.05 in sliders.STEP_CHOICES
    box = sliders.step_slider(steps=(0.05, 0.2, 0.5))
    assert len(box.frames) == 1 and box.controls[0]["labels"] == ["0.05", "0.2", "0.5"]
    assert len(list(box.every_index())) == 3 * len(sliders.STEP_ITERATIONS)


def test_step_slider_starts_at_the_articles_step(slider):
    assert slider.settings() == {"step": 0.05, "iterations": 20}
    assert slider.picture[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Error evaluations spent: 60." in slider.caption
    assert slider.controls[0]["labels"] == [f"{s:g}" for s in sliders.STEP_CHOICES]


def test_moving_the_step_changes_picture_and_caption_from_the_cache(slider):
    start_image, start_caption = slider.picture, slider.caption
    slider.set(step=0.5)
    try:
        assert slider.picture != start_image
        assert slider.caption != start_caption
        assert "step 0.5:" in slider.caption and "the best error, 0.25," in slider.caption
    finally:
        slider.set(step=0.05)
    assert slider.picture == start_image and slider.caption == start_caption
    frames = len(slider.frames)
    slider.set(step=0.5)      # drawn once already: taken from the cache
    slider.set(step=0.05)
    assert len(slider.frames) == frames


def test_more_iterations_draws_a_new_frame(slider):
    count = len(slider.frames)
    slider.set(iterations=100)
    try:
        assert len(slider.frames) == count + 1
        assert "after 100 iterations" in slider.caption
        assert "Error evaluations spent: 300." in slider.caption
    finally:
        slider.set(iterations=20)


def test_the_slider_shows_what_the_plain_function_draws(slider):
    assert slider.picture == sliders.figure_png(sliders.up_down_picture(0.05, 20), dpi=72)


def test_step_slider_with_custom_steps_and_no_0_05():
    box = sliders.step_slider(steps=(0.1, 0.2))
    assert box.settings()["step"] == 0.1 and len(box.frames) == 1


def test_step_slider_rejects_bad_settings():
    with pytest.raises(ValueError, match="steps"):
        sliders.step_slider(steps=(0.1, -0.2))
    with pytest.raises(ValueError, match="iterations"):
        sliders.step_slider(iterations=0)
    with pytest.raises(TypeError, match="iterations"):
        sliders.step_slider(iterations=2.5)


# --- lesson 06: article 004's traces and the batch-size figure ------------------------------------------------

def test_training_traces_draw_the_bias_on_the_weights_scale():
    weights, biases = np.linspace(0.5, 2.7, 50), np.linspace(0.22, 0.26, 50)
    fig, axes = plots.training_traces(weights, biases, np.linspace(17000, 1000, 50))
    low, high = axes[1].get_ylim()
    assert high - low >= np.ptp(weights)                 # a crawl of 0.04 stays a crawl next to a run of 2.2
    assert low < biases.min() and biases.max() < high
    assert axes[0].lines[0].get_xdata()[0] == 1          # the values after step 1, 2, ...
    assert "weight's scale" in axes[1].get_title()


def test_run_losses_keeps_the_legend_above_the_curves():
    from gdcourse.course import batching
    x, y = np.linspace(-1.5, 1.5, 20), np.linspace(-1.5, 1.5, 20) * 3 + 1
    runs = [batching.train_line(x, y, size, 0.1, steps=30) for size in (1, 20)]
    fig, ax = plots.run_losses(runs, floor=0.0)
    highest = max(run.loss.max() for run in runs)
    assert ax.get_ylim()[1] >= 10 * highest              # headroom: the top decade holds only the legend
    assert ax.get_legend()._loc == 1                     # upper right
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["batch size 1", "batch size 20"]


def test_minibatch_slider_offers_32_and_counts_epochs_in_good_english():
    assert 32 in sliders.BATCH_SIZE_CHOICES
    assert "100 steps per epoch, so 100 steps make 1 epoch (passes" in sliders.minibatch_summary(1, 0.1)
    assert "1 step per epoch, so 100 steps make 100 epochs" in sliders.minibatch_summary("full", 0.1)
    assert "batch size 32: 4 steps per epoch, so 100 steps make 25 epochs" in sliders.minibatch_summary(32, 0.1)
