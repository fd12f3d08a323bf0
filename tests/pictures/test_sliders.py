"""The alpha slider (lesson 04) driven from Python, slider_values, and the lesson 03-04 plot functions."""
import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
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


def prerendered_alpha(exponent):
    """The slider value 10**exponent, computed the way slider_values does."""
    low, _, step = sliders.ALPHA_RANGE
    return sliders.slider_values(widgets.FloatLogSlider(min=low, max=0, step=step))[round((exponent - low) / step)]


# --- slider_values -------------------------------------------------------------------

def test_slider_values_of_an_int_slider():
    assert sliders.slider_values(widgets.IntSlider(min=1, max=9, step=2)) == [1, 3, 5, 7, 9]


def test_slider_values_of_a_float_slider():
    values = sliders.slider_values(widgets.FloatSlider(min=0, max=1, step=0.25))
    assert values == pytest.approx([0, 0.25, 0.5, 0.75, 1])


def test_slider_values_of_a_float_log_slider():
    values = sliders.slider_values(widgets.FloatLogSlider(base=10, min=-2, max=0, step=0.5))
    assert values == pytest.approx([0.01, 10 ** -1.5, 0.1, 10 ** -0.5, 1.0])


def test_slider_values_of_selection_sliders():
    assert sliders.slider_values(widgets.SelectionSlider(options=[("a", 1), ("b", 2)])) == [1, 2]
    assert sliders.slider_values(widgets.SelectionSlider(options=["x", "y", "z"])) == ["x", "y", "z"]


def test_the_alpha_range_holds_the_articles_alpha():
    low, high, step = sliders.ALPHA_RANGE
    values = sliders.slider_values(widgets.FloatLogSlider(min=low, max=high, step=step))
    assert len(values) == 21
    assert values[0] == pytest.approx(10 ** low) and values[-1] == pytest.approx(1.0)
    assert min(abs(v - 0.1) for v in values) < 1e-12


# --- the alpha slider, driven without a browser -----------------------------------------

def test_alpha_slider_draws_only_its_starting_picture_until_moved():
    box = sliders.alpha_slider()
    alpha = box.controls["alpha"]
    assert isinstance(alpha, widgets.FloatLogSlider)
    assert isinstance(box.controls["iterations"], widgets.IntSlider)
    assert len(sliders.slider_values(alpha)) == 21
    assert len(box.frames) == 1  # the cell returns at once; other pictures are drawn when asked for
    assert box.settings() == {"alpha": 0.1, "iterations": 20}
    start = bytes(box.image.value)
    alpha.value = prerendered_alpha(-2.5)
    assert len(box.frames) == 2 and bytes(box.image.value) != start
    alpha.value = 0.1                      # back to a picture already drawn: taken from the cache
    assert len(box.frames) == 2 and bytes(box.image.value) == start
    assert all(png.startswith(b"\x89PNG") for png in box.frames.values())


def test_alpha_slider_starts_at_the_articles_alpha(slider):
    assert "oscillating" in slider.caption.value
    assert "alpha = 0.1 " in slider.caption.value
    assert "0.1111" in slider.caption.value  # the boundary for the true derivative


def test_moving_alpha_swaps_the_picture_and_names_the_new_regime(slider):
    box = slider  # moved here and back to 0.1 at the end
    start_image, start_caption = box.image.value, box.caption.value

    box.controls["alpha"].value = prerendered_alpha(-0.875)  # 0.133: past the boundary 1/9
    assert box.image.value != start_image
    assert "diverging" in box.caption.value and "diverging" not in start_caption
    frames, diverging_image = len(box.frames), box.image.value
    box.controls["alpha"].value = 0.1
    box.controls["alpha"].value = prerendered_alpha(-0.875)
    assert len(box.frames) == frames and box.image.value == diverging_image  # the second visit is cached

    box.controls["alpha"].value = prerendered_alpha(-2.5)  # 0.0032
    assert "too slow" in box.caption.value

    box.controls["alpha"].value = 0.1
    assert box.image.value == start_image  # the cached picture, byte for byte
    assert box.caption.value == start_caption


def test_new_iteration_counts_are_drawn_on_demand_and_cached():
    box = sliders.alpha_slider(prerender=False)
    assert len(box.frames) == 1
    box.controls["iterations"].value = 40
    assert len(box.frames) == 2
    assert "After 40 iterations" in box.caption.value
    picture_40 = box.image.value
    box.controls["iterations"].value = 20
    box.controls["iterations"].value = 40
    assert len(box.frames) == 2
    assert box.image.value == picture_40


def test_a_typed_alpha_between_slider_positions_is_drawn_too():
    box = sliders.alpha_slider(prerender=False)
    box.controls["alpha"].value = 1 / 18
    assert "one step" in box.caption.value
    assert len(box.frames) == 2


def test_the_articles_derivative_doubles_the_boundary():
    box = sliders.alpha_slider(derivative_scale=1, prerender=False, alpha=0.15)
    assert "article's derivative" in box.caption.value
    assert "0.2222" in box.caption.value
    assert "oscillating" in box.caption.value  # with the true derivative 0.15 diverges
    assert searches.regime(0.15, 3, 2) == "diverging"


def test_alpha_slider_rejects_other_derivative_scales():
    with pytest.raises(ValueError, match="derivative_scale"):
        sliders.alpha_slider(derivative_scale=3, prerender=False)


# --- the picture and the summary as plain functions --------------------------------------

def test_alpha_picture_is_what_the_slider_shows(slider):
    fig = sliders.AlphaPicture()(0.1, 20)
    assert sliders.figure_png(fig, dpi=80) == slider.image.value


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


def test_a_slider_shows_its_picture_and_caption_where_widgets_cannot_run():
    import base64
    box = sliders.alpha_slider()
    bundle = box._repr_mimebundle_()
    # JupyterLab with a kernel renders the live widget; a page without one, the picture.
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]) == bytes(box.image.value)
    # Plain text for nbval to compare: the caption without its HTML.
    assert bundle["text/plain"].startswith("alpha = 0.1 with the true derivative")
    assert "<" not in bundle["text/plain"] and "oscillating" in bundle["text/plain"]
    box.controls["alpha"].value = prerendered_alpha(-2.5)
    moved = box._repr_mimebundle_()
    assert moved["image/png"] != bundle["image/png"] and "too slow" in moved["text/plain"]


def test_after_a_move_the_kernel_draws_the_neighbours_while_idle():
    import asyncio

    async def learner():
        box = sliders.step_slider(steps=(0.01, 0.02, 0.05, 0.1))
        assert len(box.frames) == 1                  # the cell drew only its starting picture
        box.controls["step"].value = 0.02            # a move, as a comm message would make it
        assert len(box.frames) == 2
        for _ in range(100):                         # the event loop is idle: the rest follow
            await asyncio.sleep(0.05)
            if len(box.frames) == 4:
                break
        steps = sorted(dict(key)["step"] for key in box.frames)
        return steps, box

    steps, box = asyncio.run(learner())
    assert steps == [0.01, 0.02, 0.05, 0.1]
    assert box.settings()["iterations"] == 20       # drawn for the iterations the learner has now


def test_without_an_event_loop_a_move_draws_only_what_it_shows():
    box = sliders.step_slider(steps=(0.01, 0.02, 0.05, 0.1))
    box.controls["step"].value = 0.02
    assert len(box.frames) == 2


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
