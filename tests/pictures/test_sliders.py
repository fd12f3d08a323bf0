"""The alpha slider (lesson 04) driven from Python, and the lesson 03-04 plot functions."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdcourse.course import prediction_error, searches
from gdcourse.pictures import plots, sliders  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def slider():
    """One alpha slider for the tests that read it and move it."""
    return sliders.alpha_slider()


def alpha_value(exponent):
    """The slider's alpha nearest 10**exponent."""
    return min(sliders._log_values(*sliders.ALPHA_RANGE), key=lambda v: abs(v - 10 ** exponent))


def test_the_alpha_range_holds_the_articles_alpha():
    values = sliders._log_values(*sliders.ALPHA_RANGE)
    assert len(values) == 21
    assert values[0] == pytest.approx(10 ** -2.5) and values[-1] == 1.0
    assert 0.1 in values  # exactly: 10.0 ** -1.0


# --- the alpha slider, driven without a browser -----------------------------------------

def test_alpha_slider_draws_only_its_starting_picture_until_moved():
    box = sliders.alpha_slider()
    assert [c["description"] for c in box.controls] == ["alpha", "iterations"]
    assert len(box.controls[0]["labels"]) == 21 and box.controls[1]["labels"][:3] == ["1", "2", "3"]
    assert len(box.frames) == 1  # the cell returns at once; the kernel draws the others for a browser
    assert box.settings() == {"alpha": 0.1, "iterations": 20}
    start = box.picture
    box.set(alpha=alpha_value(-2.5))
    assert len(box.frames) == 2 and box.picture != start
    box.set(alpha=0.1)                      # back to a picture already drawn: taken from the cache
    assert len(box.frames) == 2 and box.picture == start
    assert all(png.startswith(b"\x89PNG") for png, _ in box.frames.values())


def test_alpha_slider_starts_at_the_articles_alpha(slider):
    assert "oscillating" in slider.caption
    assert "alpha = 0.1 " in slider.caption
    assert "0.1111" in slider.caption  # the boundary for the true derivative


def test_moving_alpha_swaps_the_picture_and_names_the_new_regime(slider):
    box = slider  # moved here and back to 0.1 at the end
    start_image, start_caption = box.picture, box.caption

    box.set(alpha=alpha_value(-0.875))  # 0.133: past the boundary 1/9
    assert box.picture != start_image
    assert "diverging" in box.caption and "diverging" not in start_caption
    frames, diverging_image = len(box.frames), box.picture
    box.set(alpha=0.1)
    box.set(alpha=alpha_value(-0.875))
    assert len(box.frames) == frames and box.picture == diverging_image  # the second visit is cached

    box.set(alpha=alpha_value(-2.5))  # 0.0032
    assert "too slow" in box.caption

    box.set(alpha=0.1)
    assert box.picture == start_image  # the cached picture, byte for byte
    assert box.caption == start_caption


def test_new_iteration_counts_are_drawn_on_demand_and_cached():
    box = sliders.alpha_slider()
    assert len(box.frames) == 1
    box.set(iterations=40)
    assert len(box.frames) == 2
    assert "After 40 iterations" in box.caption
    picture_40 = box.picture
    box.set(iterations=20)
    box.set(iterations=40)
    assert len(box.frames) == 2
    assert box.picture == picture_40


def test_a_typed_alpha_or_iterations_between_slider_positions():
    box = sliders.alpha_slider(alpha=0.056, iterations=7)  # the nearest alpha offered; 7 is added
    assert box.settings() == {"alpha": alpha_value(-1.25), "iterations": 7}
    assert "7" in box.controls[1]["labels"]


def test_the_articles_derivative_doubles_the_boundary():
    box = sliders.alpha_slider(derivative_scale=1, alpha=alpha_value(-0.875))
    assert "article's derivative" in box.caption
    assert "0.2222" in box.caption
    assert "oscillating" in box.caption  # with the true derivative 0.133 diverges
    assert searches.regime(alpha_value(-0.875), 3, 2) == "diverging"


def test_alpha_slider_rejects_other_derivative_scales():
    with pytest.raises(ValueError, match="derivative_scale"):
        sliders.alpha_slider(derivative_scale=3)


# --- the picture and the summary as plain functions --------------------------------------

def test_alpha_picture_is_what_the_slider_shows(slider):
    fig = sliders.AlphaPicture()(0.1, 20)
    assert sliders.figure_png(fig, dpi=80) == slider.frames["12,6"][0]


def test_reused_picture_is_reset_completely():
    picture = sliders.AlphaPicture()
    first = sliders.figure_png(picture(0.1, 20))
    for alpha, iterations in [(1.0, 60), (1 / 18, 5), (0.001, 1)]:
        sliders.figure_png(picture(alpha, iterations))
    assert sliders.figure_png(picture(0.1, 20)) == first


def test_alpha_picture_marks_zeros_and_leaving_paths():
    picture = sliders.AlphaPicture()
    picture(1 / 18, 10)  # one step: error exactly 0 from iteration 2
    assert list(picture.zero_marks.get_xdata()) == list(range(2, 11))
    assert picture.leaves.get_text() == ""
    picture(0.5, 10)  # diverging: the second weight is already off the picture
    assert picture.leaves.get_text() == "the path leaves the picture at iteration 2"
    assert len(picture.zero_marks.get_xdata()) == 0


def test_alpha_picture_has_labelled_axes_and_the_boundary_in_the_title():
    fig = sliders.AlphaPicture()(0.05, 20)
    left, right = fig.axes[:2]
    assert left.get_xlabel() == "weight" and left.get_ylabel() == "error"
    assert right.get_xlabel() == "iteration" and "log" in right.get_ylabel()
    assert "converges for alpha < 0.1111" in fig._suptitle.get_text()
    assert "monotone" in fig._suptitle.get_text()


def test_alpha_picture_survives_alphas_outside_the_slider():
    fig = sliders.AlphaPicture()(5.0, 200)  # overflows after a few dozen steps
    assert sliders.figure_png(fig).startswith(b"\x89PNG")


@pytest.mark.parametrize("alpha, regime", [(0.001, "too slow"), (0.03, "monotone"), (1 / 18, "one step"),
                                           (0.1, "oscillating"), (1 / 9, "edge"), (0.5, "diverging")])
def test_alpha_summary_names_the_regime_and_explains_it(alpha, regime):
    text = sliders.alpha_summary(alpha=alpha, iterations=20)
    assert f": {regime}, {searches.REGIMES[regime]}" in text


def test_alpha_summary_reports_the_factor_and_the_ending():
    text = sliders.alpha_summary(alpha=0.1, iterations=20)
    assert "= -0.8." in text
    assert "After 20 iterations the error is 0.0013." in text
    diverged = sliders.alpha_summary(alpha=1.0, iterations=200)
    assert "Stopped after iteration 125" in diverged


def test_alpha_summary_for_the_articles_derivative():
    text = sliders.alpha_summary(alpha=0.1, iterations=20, derivative_scale=1)
    assert "which drops the 2" in text and "monotone" in text and "0.2222" in text
    assert "After 20 iterations the error is 0." in text


# --- plot functions for lessons 03-04 ------------------------------------------------------

def test_tangent_lines_draws_one_tangent_per_weight():
    weights = [0.5, 1.0, 4 / 3, 2.0]
    fig, ax = plots.tangent_lines(3, 4, weights)
    assert ax.get_xlabel() == "weight" and ax.get_ylabel() == "error"
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["slope -15", "slope -6", "slope 0", "slope 12"]
    # curve + (tangent, point) per weight; each tangent has the derivative's slope
    assert len(ax.lines) == 1 + 2 * len(weights)
    for w, tangent in zip(weights, ax.lines[1::2]):
        x, y = tangent.get_data()
        assert (y[1] - y[0]) / (x[1] - x[0]) == pytest.approx(prediction_error.error_derivative(w, 3, 4))


def test_tangent_lines_draws_into_given_axes():
    fig, ax = plt.subplots()
    assert plots.tangent_lines(3, 4, [0.5], ax=ax) == (fig, ax)


def test_iterations_vs_alpha_leaves_gaps_for_none():
    alphas = [0.01, 0.05, 0.2]
    fig, ax = plots.iterations_vs_alpha(alphas, [40, 3, None], one_step_alpha=1 / 18, boundary=1 / 9)
    assert ax.get_xscale() == "log"
    assert ax.get_xlabel().startswith("learning rate alpha") and ax.get_ylabel() == "iterations to converge"
    x, y = ax.lines[0].get_data()
    assert np.isnan(y[2]) and list(y[:2]) == [40, 3]
    assert len(ax.get_legend().get_texts()) == 2


def test_path_gallery_makes_one_panel_per_run_and_hides_the_rest():
    runs = [searches.gradient_descent(alpha=a, iterations=5) for a in (0.01, 0.05, 0.1, 0.12)]
    fig, axes = plots.path_gallery(runs, ["a", "b", "c", "d"], data=3, true_value=4, ncols=3)
    assert axes.shape == (2, 3)
    assert [ax.get_visible() for ax in axes.flat] == [True, True, True, True, False, False]
    assert [ax.get_title() for ax in axes.flat[:4]] == ["a", "b", "c", "d"]
    assert all(ax.get_legend() is None for ax in axes.flat)
    assert len(fig.legends) == 1


@pytest.mark.parametrize("beta, learning_rate", [(0.9, 0.01), (0.95, 0.05), (0.0, 0.05)])
def test_momentum_legend_sits_below_the_panels_not_on_the_paths(beta, learning_rate):
    fig = sliders.momentum_picture(beta, learning_rate, steps=20)
    fig.canvas.draw()
    assert all(ax.get_legend() is None for ax in fig.axes)
    (legend,) = fig.legends
    box = legend.get_window_extent()
    assert all(box.y1 <= ax.get_window_extent().y0 for ax in fig.axes)
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:2] == ["gradient descent", f"momentum {beta:g}"] if beta else labels[0] == "gradient descent"
    assert {"start", "minimum"} <= set(labels)


def test_momentum_runs_match_keras_sgd():
    from gdcourse.course import surfaces
    from gdcourse.framework.optimizers import SGD
    surface, paths = sliders.momentum_runs(0.9, 0.01, steps=30)
    assert list(paths) == ["gradient descent", "momentum 0.9"]
    ravine = surfaces.ravine(condition=50, angle=30)
    expected = surfaces.descend(SGD(0.01, momentum=0.9), ravine.gradient, ravine.start, 30)
    assert np.array_equal(paths["momentum 0.9"], expected)
    assert list(sliders.momentum_runs(0.0, 0.01, steps=5)[1]) == ["gradient descent"]
