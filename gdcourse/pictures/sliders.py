"""Interactive sliders, built on the plain plotting functions.

``frame_slider`` builds a widget that draws its picture in the kernel with an ordinary function
``draw(**settings) -> Figure`` and shows it as a PNG. Each picture is drawn
when needed and kept, so moving back to a setting you have seen costs only
the round trip to the kernel. The cell that makes a slider draws only its
starting picture, so it returns at once; once a learner moves a slider, the
kernel draws the neighbouring pictures while it is idle, nearest first, so
the next moves find them ready. ``prerender`` draws a whole slider's worth up
front instead. Why not ``interact``? It redraws through
matplotlib's inline backend on every move (about 110 ms a move on a 2-core
machine); swapping a ready PNG is several times quicker, and the drawing
code stays a plain function that tests and nbval can call without a browser.
"""
import asyncio
import functools
import io

import numpy as np


def figure_png(fig, dpi=80):
    """Render a matplotlib figure to PNG bytes."""
    from matplotlib.figure import Figure
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def slider_values(control):
    """Every value a slider can take (for prerendering)."""
    from ipywidgets import FloatLogSlider
    if hasattr(control, "options") and hasattr(control, "index"):        # Selection sliders
        return [option[1] if isinstance(option, tuple) else option for option in control.options]
    if isinstance(control, FloatLogSlider):
        exponents = np.arange(control.min, control.max + control.step / 2, control.step)
        return [float(control.base ** e) for e in exponents]
    count = int(round((control.max - control.min) / control.step)) + 1  # Int/Float sliders
    return [control.min + i * control.step for i in range(count)]


def _choices(name, values, positive=True):
    """A slider's choices (a list of numbers) as a tuple of floats, or a clear error."""
    from gdcourse import validate
    return tuple(validate.number(name, value, positive=positive, nonnegative=not positive)
                 for value in validate.array(name, values, ndim=1))


def _key(settings):
    # Round floats so 10**-1.1 computed in the browser and in Python share one frame.
    return tuple(sorted((k, float(f"{v:.10g}") if isinstance(v, float) else v) for k, v in settings.items()))


@functools.cache
def _slider_box_class():
    """``VBox`` that also shows as its picture and caption where widgets cannot run."""
    import base64
    import html
    import re

    import ipywidgets as widgets

    class SliderBox(widgets.VBox):
        # JupyterLab with a kernel shows the live widget; GitHub, nbviewer, an HTML export or
        # a notebook opened before it is run show the picture instead, and the caption is the
        # plain text that nbval compares. So every frontend shows the picture exactly once.
        def _repr_mimebundle_(self, **kwargs):
            bundle = super()._repr_mimebundle_(**kwargs)
            bundle["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
            bundle["text/plain"] = html.unescape(re.sub(r"<[^>]+>", "", self.caption.value)) or "slider"
            return bundle

    return SliderBox


def _distance(a, b):
    """How far apart two slider values are (0 for equal ones, 1 for different labels)."""
    try:
        return abs(float(a) - float(b))
    except (TypeError, ValueError):
        return 0.0 if a == b else 1.0


def frame_slider(draw, controls, caption=None, prerender=None, dpi=80):
    """A widget: the given controls above the picture ``draw(**settings)``, and a caption below.

    ``controls`` maps each keyword of ``draw`` to an ipywidgets slider;
    ``caption(**settings)`` returns an HTML string shown under the picture;
    ``prerender`` names one control whose every value is drawn up front.
    The returned ``VBox`` carries ``.frames`` (settings -> PNG), ``.image``,
    ``.caption``, ``.settings()`` and ``.refresh()`` so tests can drive it.
    """
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    SliderBox = _slider_box_class()
    if not callable(draw):
        raise TypeError(f"draw must be a function of the settings returning a Figure, got {type(draw).__name__}")
    controls = dict(controls)
    frames = {}
    image = widgets.Image(format="png")
    caption_box = widgets.HTML()

    def settings():
        return {name: control.value for name, control in controls.items()}

    def frame(values):
        key = _key(values)
        if key not in frames:
            fig = draw(**values)
            if not isinstance(fig, Figure):
                raise TypeError(f"draw must return a matplotlib Figure, got {type(fig).__name__}")
            frames[key] = figure_png(fig, dpi=dpi)
        return frames[key]

    def refresh(change=None):
        values = settings()
        image.value = frame(values)
        if caption is not None:
            caption_box.value = caption(**values)
        if change is not None:  # a learner moved a slider: draw its neighbours next
            draw_ahead(values)

    ahead = prerender if prerender is not None else next(iter(controls))
    chain = {"settings": None}

    def draw_ahead(values):
        """Draw the pictures the learner may ask for next, one at a time, while the kernel is idle.

        Each picture is drawn between two messages in the kernel's own event loop, so a
        slider move never waits for more than one of them; nearest settings come first.
        Without a running event loop (a plain script, a test) nothing is scheduled.
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        choices = slider_values(controls[ahead])
        here = min(range(len(choices)), key=lambda i: _distance(choices[i], values[ahead]))
        order = sorted(range(len(choices)), key=lambda i: abs(i - here))
        todo = iter([{**values, ahead: choices[i]} for i in order])
        chain["settings"] = values

        def next_picture():
            if chain["settings"] is not values:  # the learner moved again: that chain takes over
                return
            for wanted in todo:
                if _key(wanted) not in frames:
                    try:
                        frame(wanted)
                    except Exception:  # noqa: BLE001 - shown to the learner if they move there
                        return
                    loop.call_later(0.01, next_picture)
                    return

        loop.call_later(0.05, next_picture)

    if prerender is not None:
        for value in slider_values(controls[prerender]):
            frame({**settings(), prerender: value})
    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()

    box = SliderBox([widgets.HBox(list(controls.values())), image, caption_box])
    box.frames, box.image, box.caption = frames, image, caption_box
    box.settings, box.refresh, box.controls = settings, refresh, controls
    return box


# --- Lesson 02: the step size of the up/down search -------------------------------------

STEP_CHOICES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)  # the slider's steps; 0.05 is the article's


def up_down_picture(step=0.05, iterations=20, weight=0.5, data=3.0, true_value=4.0):
    """Run the up/down search and draw it: path on the error curve, and error per iteration.

    A plain function returning a Figure, so a notebook cell (and a test) can
    draw exactly what the slider shows.
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

    from gdcourse.pictures import plots
    from gdcourse.course import searches
    history = searches.up_down_search(weight, data, true_value, step, iterations)
    # Fixed margins instead of automatic layout: the slider draws every step size
    # up front, and this makes each picture about a third quicker.
    fig, axes = plots.new_figure(ncols=2, figsize=(9, 3.4), layout=None)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.88, wspace=0.25)
    plots.search_panels(history, data, true_value, axes=axes,
                        title=f"up/down search, step {step:g}, {iterations} iterations")
    axes[1].xaxis.set_major_locator(MaxNLocator(integer=True))
    # Label the log axis at 1, 2 and 5 times each power of 10, written plainly (0.05, not 5x10^-2).
    axes[1].yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axes[1].yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    axes[1].yaxis.set_minor_formatter(NullFormatter())
    return fig


def up_down_summary(step=0.05, iterations=20, weight=0.5, data=3.0, true_value=4.0):
    """One plain sentence about the run: where it ended, its best error, and what it cost."""
    from gdcourse.course import searches
    history = searches.up_down_search(weight, data, true_value, step, iterations)
    last, errors = history[-1], history.errors
    # The first iteration that reaches the smallest error (to rounding: a search that
    # bounces revisits its best weight with slightly different rounding each time).
    best = int(np.argmax(errors <= errors.min() * (1 + 1e-6)))
    return (f"step {step:g}: after {iterations} iterations the prediction is {last.prediction:.4g} "
            f"(error {last.error:.4g}); the best error, {errors[best]:.4g}, came at iteration "
            f"{best + 1}. Error evaluations spent: {history.evaluations}.")


def step_slider(weight=0.5, data=3.0, true_value=4.0, iterations=20, steps=STEP_CHOICES, dpi=72,
                prerender=False):
    """A slider for the step size (and one for the number of iterations) of the up/down search.

    With ``prerender`` every step size is drawn up front for the starting
    number of iterations, so moving the step slider only swaps pictures.
    """
    import html

    import ipywidgets as widgets

    from gdcourse import validate

    iterations = validate.integer("iterations", iterations, minimum=1)
    steps = _choices("steps", steps)
    default_step = 0.05 if 0.05 in steps else steps[0]
    controls = {
        "step": widgets.SelectionSlider(options=[(f"{s:g}", s) for s in steps], value=default_step,
                                        description="step", continuous_update=True),
        "iterations": widgets.IntSlider(value=iterations, min=min(5, iterations), max=max(100, iterations),
                                        step=5, description="iterations", continuous_update=False),
    }

    def draw(step, iterations):
        return up_down_picture(step, iterations, weight, data, true_value)

    def caption(step, iterations):
        return f"<p>{html.escape(up_down_summary(step, iterations, weight, data, true_value))}</p>"

    return frame_slider(draw, controls, caption=caption, prerender="step" if prerender else None, dpi=dpi)


# --- Lesson 06: batch size and learning rate of mini-batch gradient descent ---------------

BATCH_SIZE_CHOICES = (1, 4, 16, 64, "full")  # "full" = every sample in one batch


def standardized_line_data():
    """Article 004's noisy line with x standardized (mean 0, standard deviation 1), both 1-D."""
    from gdcourse.course import datasets
    x, y = datasets.noisy_line()
    x, y = x.ravel(), y.ravel()
    return (x - x.mean()) / x.std(), y


def minibatch_runs(batch_size=16, learning_rate=0.1, steps=100, seed=0):
    """The run for this setting and the batch-gradient-descent run for comparison (numpy, fast)."""
    from gdcourse import validate
    from gdcourse.course import batching
    x, y = standardized_line_data()
    if isinstance(batch_size, str):
        if batch_size != "full":
            raise ValueError(f"batch_size must be a whole number or 'full', got {batch_size!r}")
        batch_size = len(x)
    sizes = [validate.integer("batch_size", batch_size, minimum=1)]
    if sizes[0] != len(x):
        sizes.append(len(x))
    return [batching.train_line(x, y, size, learning_rate, steps=steps, seed=seed) for size in sizes]


def minibatch_picture(batch_size=16, learning_rate=0.1, steps=100, seed=0):
    """Left: loss per step (with batch gradient descent for comparison); right: the path in (w, b)."""
    from gdcourse.course import batching
    from gdcourse.pictures import plots
    x, y = standardized_line_data()
    runs = minibatch_runs(batch_size, learning_rate, steps, seed)
    best = np.polyfit(x, y, 1)  # least squares: (slope, intercept)
    fig, axes = plots.new_figure(ncols=2, figsize=(10, 3.8), layout=None)  # placed by hand: quicker
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.13, top=0.89, wspace=0.22)
    plots.run_losses(runs, ax=axes[0], floor=batching.line_loss(*best, x, y))
    plots.line_loss_paths(x, y, runs, ax=axes[1], best=best)
    fig.suptitle(f"batch size {runs[0].batch_size}, learning rate {learning_rate:.3g}, {steps} steps")
    return fig


def minibatch_summary(batch_size=16, learning_rate=0.1, steps=100, seed=0):
    """One sentence about the run: steps per epoch, epochs used, final loss (or divergence)."""
    from gdcourse.course import batching
    x, y = standardized_line_data()
    run = minibatch_runs(batch_size, learning_rate, steps, seed)[0]
    best = batching.line_loss(*np.polyfit(x, y, 1), x, y)
    per_epoch = batching.steps_per_epoch(len(x), run.batch_size)
    if run.diverged:
        return f"batch size {run.batch_size}, learning rate {learning_rate:.3g}: {run.note}"
    if abs(run.loss[-1] - run.loss[0]) <= 1e-6 * run.loss[0]:
        return (f"batch size {run.batch_size}, learning rate {learning_rate:.3g}: the loss is still "
                f"{run.loss[-1]:.4g} after {steps} steps, where it started. Each step overshoots by "
                "exactly as much as it was off: this learning rate sits on the edge of stability.")
    if run.loss[-1] > run.loss[0]:
        return (f"batch size {run.batch_size}, learning rate {learning_rate:.3g}: the loss grew from "
                f"{run.loss[0]:.4g} to {run.loss[-1]:.4g} in {steps} steps. The steps are too big for "
                "this batch size and the run diverges: lower the learning rate.")
    steps_text = "1 step" if per_epoch == 1 else f"{per_epoch} steps"
    return (f"batch size {run.batch_size}: {steps_text} per epoch, so {steps} steps make "
            f"{run.epochs[-1]:.3g} epochs (passes through the data). Final loss {run.loss[-1]:.5g} "
            f"(the least-squares line has {best:.5g}).")


def minibatch_slider(steps=100, seed=0, batch_sizes=BATCH_SIZE_CHOICES, dpi=72, prerender=False):
    """Sliders for the batch size and the learning rate of mini-batch gradient descent.

    Each picture is drawn when first asked for (about 0.3 s) and kept, so
    going back to a setting is instant. ``prerender=True`` draws every batch
    size at the starting learning rate up front instead (about 1.5 s).
    """
    import html

    import ipywidgets as widgets

    from gdcourse import validate
    steps = validate.integer("steps", steps, minimum=1)
    seed = validate.integer("seed", seed, minimum=0)
    batch_sizes = tuple(batch_sizes)
    if not batch_sizes:
        raise ValueError("batch_sizes must hold at least one batch size")
    for size in batch_sizes:
        if size != "full":
            validate.integer("each of batch_sizes (or 'full')", size, minimum=1)
    controls = {
        "batch_size": widgets.SelectionSlider(options=[(str(s), s) for s in batch_sizes],
                                              value=16 if 16 in batch_sizes else batch_sizes[0],
                                              description="batch size", continuous_update=True,
                                              style={"description_width": "initial"}),
        "learning_rate": widgets.FloatLogSlider(value=0.1, base=10, min=-2, max=0.25, step=0.25,
                                                description="learning rate", continuous_update=False,
                                                readout_format=".3g", style={"description_width": "initial"}),
    }

    def draw(batch_size, learning_rate):
        return minibatch_picture(batch_size, learning_rate, steps, seed)

    def caption(batch_size, learning_rate):
        return f"<p>{html.escape(minibatch_summary(batch_size, learning_rate, steps, seed))}</p>"

    return frame_slider(draw, controls, caption=caption, prerender="batch_size" if prerender else None,
                        dpi=dpi)


# --- Lesson 05: the learning rate of linear regression, and where it stops converging ------

LINREG_RATES = (0.01, 0.03, 0.06, 0.09, 0.11, 0.115, 0.119, 0.121, 0.125, 0.13)


def linreg_problem():
    """Lesson 05's one-feature problem: the first column of article 000's data, and its targets.

    Returns ``(x, y)`` with shapes (4, 1): x = 1, 2, 3, 4 and y = 2, 4, 6, 8.
    """
    from gdcourse.course import datasets
    x_train, y_train, _, _ = datasets.article000()
    return x_train[:, :1], y_train


def _linreg_settings(learning_rate, start):
    """The learning rate and the starting point (w, b), checked."""
    from gdcourse import validate
    learning_rate = validate.number("learning_rate", learning_rate, positive=True)
    start = validate.array("start", start, ndim=1)
    if start.size != 2:
        raise ValueError(f"start must be the pair (w, b), got {start.size} numbers")
    return learning_rate, (float(start[0]), float(start[1]))


def linreg_lr_picture(learning_rate=0.1, steps=60, start=(0.0, -3.0)):
    """Gradient descent on ``w * x + b`` for one learning rate, against the stability boundary.

    Left: the path over the loss contours in (w, b). Right: the loss per
    step. Below: a ruler of learning rates with the boundary ``2 / lambda_max``
    and this run's rate marked.
    """
    from gdcourse.course import linear
    from gdcourse.pictures import plots
    learning_rate, (w0, b0) = _linreg_settings(learning_rate, start)
    x, y = linreg_problem()
    boundary = linear.largest_stable_learning_rate(x)
    run = linear.gradient_descent(x, y, learning_rate, steps, w=[w0], b=b0)
    fig, axes = plots.new_figure(ncols=2, figsize=(9.5, 4.2), layout=None)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.33, top=0.9, wspace=0.25)
    ws, bs = np.linspace(-0.5, 4.5, 100), np.linspace(-3.5, 3.5, 100)
    plots.contour_paths(ws, bs, linear.loss_grid(x, y, ws, bs),
                        {f"lr {learning_rate:g}": np.column_stack([run.weights[:, 0], run.biases])},
                        ax=axes[0], minimum=(2.0, 0.0))
    verdict = "diverges" if learning_rate >= boundary else "converges"
    plots.loss_per_step({f"lr {learning_rate:g} ({verdict})": run.losses}, ax=axes[1])
    fig.suptitle(f"learning rate {learning_rate:g}: {verdict} (boundary 2/λ_max = {boundary:.4f})")
    # The ruler: where this learning rate sits relative to the boundary.
    ruler = fig.add_axes([0.07, 0.13, 0.91, 0.05])
    top = max(0.14, 1.1 * learning_rate)
    ruler.axvspan(0, boundary, color=plots.PALETTE["green"], alpha=0.25, linewidth=0)
    ruler.axvspan(boundary, top, color=plots.PALETTE["vermillion"], alpha=0.25, linewidth=0)
    ruler.axvline(boundary, color=plots.PALETTE["black"], linewidth=1.2)
    ruler.plot([learning_rate], [0.5], "v", color=plots.PALETTE["blue"], markersize=10)
    ruler.set_xlim(0, top)
    ruler.set_ylim(0, 1)
    ruler.set_yticks([])
    ruler.set_xlabel("learning rate (green: converges, orange: diverges; black line: 2/λ_max)", fontsize="small")
    return fig


def linreg_lr_summary(learning_rate=0.1, steps=60, start=(0.0, -3.0)):
    """One sentence: converges or diverges, the boundary, and the loss after ``steps`` steps."""
    from gdcourse.course import linear
    learning_rate, (w0, b0) = _linreg_settings(learning_rate, start)
    x, y = linreg_problem()
    boundary = linear.largest_stable_learning_rate(x)
    factor = abs(1 - learning_rate * float(linear.curvatures(x).max()))  # plain floats: inf, not a warning
    run = linear.gradient_descent(x, y, learning_rate, steps, w=[w0], b=b0)
    side = "below" if learning_rate < boundary else "above"
    verdict = "stable" if learning_rate < boundary else "diverging"
    return (f"learning rate {learning_rate:g} is {side} the boundary 2/λ_max = {boundary:.4f}: {verdict}. "
            f"Along the steepest direction each step multiplies the miss by |1 - lr·λ_max| = {factor:.3f}. "
            f"Loss after {run.steps} steps: {run.losses[-1]:.3g} (it started at {run.losses[0]:.3g}).")


def linreg_lr_slider(steps=60, rates=LINREG_RATES, dpi=72):
    """A slider for the learning rate of gradient descent on lesson 05's one-feature problem."""
    import html

    import ipywidgets as widgets

    rates = _choices("rates", rates)
    controls = {"learning_rate": widgets.SelectionSlider(
        options=[(f"{r:g}", r) for r in rates], value=0.09 if 0.09 in rates else rates[0],
        description="learning rate", continuous_update=True,
        style={"description_width": "initial"}, layout={"width": "420px"})}

    def draw(learning_rate):
        return linreg_lr_picture(learning_rate, steps)

    def caption(learning_rate):
        return f"<p>{html.escape(linreg_lr_summary(learning_rate, steps))}</p>"

    return frame_slider(draw, controls, caption=caption, dpi=dpi)


# --- Lesson 07: momentum beta and the learning rate on a ravine ----------------------------

MOMENTUM_BETAS = (0.0, 0.5, 0.8, 0.9, 0.95)
MOMENTUM_RATES = (0.005, 0.01, 0.02, 0.03, 0.04, 0.05)


def momentum_runs(beta=0.9, learning_rate=0.01, steps=100):
    """Plain gradient descent and SGD with momentum ``beta`` on lesson 07's ravine, same learning rate.

    Returns ``(surface, {label: path})``; with ``beta=0`` there is only the plain run.
    """
    from gdcourse import validate
    from gdcourse.course import surfaces
    from gdcourse.framework.optimizers import SGD
    beta = validate.number("beta", beta, nonnegative=True)
    if beta >= 1:
        raise ValueError(f"beta must be below 1 (with beta 1 the velocity never forgets), got {beta!r}")
    surface = surfaces.ravine(condition=50, angle=30)
    optimizers = {"gradient descent": SGD(learning_rate)}
    if beta > 0:
        optimizers[f"momentum {beta:g}"] = SGD(learning_rate, momentum=beta)
    return surface, surfaces.race(surface, optimizers, steps)


def momentum_picture(beta=0.9, learning_rate=0.01, steps=100):
    """Left: the paths over the ravine's contours. Right: the loss per step (log scale)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    from gdcourse.pictures import plots
    surface, paths = momentum_runs(beta, learning_rate, steps)
    fig, axes = plots.new_figure(ncols=2, figsize=(9.5, 3.6), layout=None)
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.14, top=0.88, wspace=0.22)
    xs, ys = np.linspace(*surface.xlim, 80), np.linspace(*surface.ylim, 80)
    Z = surface.value(np.stack(np.meshgrid(xs, ys), axis=-1))
    plots.contour_paths(xs, ys, Z, paths, ax=axes[0], minimum=surface.minimum, xlabel="x", ylabel="y",
                        levels=10, markers=False)
    axes[0].legend(fontsize="small", loc="lower right")
    plots.loss_per_step({label: surface.value(path) for label, path in paths.items()}, ax=axes[1])
    axes[1].set_ylim(1e-6, 1e4)
    # Plain tick labels (1e-06, not 10 to the power -6 in math type): quicker to draw, and the
    # slider draws every beta up front.
    axes[1].yaxis.set_major_locator(LogLocator(base=10, numticks=6))
    axes[1].yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))
    axes[1].yaxis.set_minor_formatter(NullFormatter())
    fig.suptitle(f"momentum β = {beta:g}, learning rate {learning_rate:g}, {steps} steps")
    return fig


def momentum_summary(beta=0.9, learning_rate=0.01, steps=100):
    """One sentence: the final loss of each run, or where it diverged."""
    surface, paths = momentum_runs(beta, learning_rate, steps)
    parts = []
    for label, path in paths.items():
        if len(path) < steps + 1:
            parts.append(f"{label} diverged (stopped after {len(path) - 1} steps)")
        else:
            parts.append(f"{label} ends at loss {surface.value(path[-1]):.2g}")
    limits = "Plain gradient descent is stable below 2/λ_max = 2/50 = 0.04"
    if beta > 0:
        limits += f"; momentum β = {beta:g} is stable up to 2(1 + β)/50 = {2 * (1 + beta) / 50:.3g}"
    return f"β = {beta:g}, learning rate {learning_rate:g}: " + "; ".join(parts) + f". {limits}."


def momentum_slider(steps=100, betas=MOMENTUM_BETAS, rates=MOMENTUM_RATES, dpi=64, prerender=False):
    """Sliders for the momentum β and the learning rate (``prerender``: every β drawn up front)."""
    import html

    import ipywidgets as widgets

    betas, rates = _choices("betas", betas, positive=False), _choices("rates", rates)
    controls = {
        "beta": widgets.SelectionSlider(options=[(f"{b:g}", b) for b in betas],
                                        value=0.9 if 0.9 in betas else betas[0],
                                        description="momentum β", continuous_update=True,
                                        style={"description_width": "initial"}),
        "learning_rate": widgets.SelectionSlider(options=[(f"{r:g}", r) for r in rates],
                                                 value=0.01 if 0.01 in rates else rates[0],
                                                 description="learning rate", continuous_update=False,
                                                 style={"description_width": "initial"}),
    }

    def draw(beta, learning_rate):
        return momentum_picture(beta, learning_rate, steps)

    def caption(beta, learning_rate):
        return f"<p>{html.escape(momentum_summary(beta, learning_rate, steps))}</p>"

    return frame_slider(draw, controls, caption=caption, prerender="beta" if prerender else None, dpi=dpi)


# --- Lesson 04: the learning rate alpha of gradient descent ---------------------------------

ALPHA_RANGE = (-2.5, 0.0, 0.125)  # the alpha slider: log10 of its min and max, and its step (21 values)


def _derivative(derivative_scale):
    """The slope that gradient descent follows: 2 = the true derivative, 1 = the article's (no 2)."""
    from gdcourse import validate
    from gdcourse.course import prediction_error
    derivative_scale = validate.number("derivative_scale", derivative_scale)
    if derivative_scale == 2:
        return prediction_error.error_derivative
    if derivative_scale == 1:
        return prediction_error.article_derivative
    raise ValueError(f"derivative_scale must be 2 (the true derivative) or 1 (the article's, "
                     f"which drops the 2), got {derivative_scale!r}")


def _derivative_name(derivative_scale):
    return ("the true derivative 2·data·(data·w − true)" if derivative_scale == 2
            else "the article's derivative data·(data·w − true), which drops the 2")


class AlphaPicture:
    """The alpha slider's picture: gradient descent for one learning rate, in three parts.

    - top: where alpha sits on the slider's scale, next to the boundary
      beyond which gradient descent stops converging (and the one-step alpha);
    - left: the path the weight takes on the error curve;
    - right: the error per iteration on a log axis whose limits never change,
      so the slope of the line compares fairly between alphas.

    The figure is built once (axes, curve, labels); each call only moves the
    lines and rewrites the title. That halves the time per picture, which is
    what makes drawing every slider position up front affordable.
    """

    ERROR_LIMITS = (1e-33, 1e33)

    def __init__(self, weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0):
        from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

        from gdcourse import validate
        from gdcourse.pictures import plots
        from gdcourse.course import searches
        self.weight = validate.number("weight", weight)
        self.data = validate.number("data", data)
        self.true_value = validate.number("true_value", true_value)
        self.derivative = _derivative(derivative_scale)
        self.derivative_scale = derivative_scale
        self.boundary = searches.largest_stable_alpha(self.data, derivative_scale)
        best = self.true_value / self.data
        colors = plots.PALETTE

        self.fig, (left, right) = plots.new_figure(ncols=2, figsize=(7.2, 3.4), layout=None)
        self.fig.subplots_adjust(left=0.08, right=0.98, bottom=0.14, top=0.72, wspace=0.3)

        # Top strip: the slider's alpha scale, green where gradient descent converges.
        gauge = self.fig.add_axes([0.08, 0.81, 0.87, 0.07])  # room for the "1" at the right end
        low, high = 10.0 ** ALPHA_RANGE[0], 10.0 ** ALPHA_RANGE[1]
        gauge.set_xscale("log")
        gauge.set_xlim(low, high)
        gauge.set_ylim(0, 1)
        gauge.axvspan(low, self.boundary, color=colors["green"], alpha=0.25, linewidth=0)
        gauge.axvspan(self.boundary, high, color=colors["vermillion"], alpha=0.25, linewidth=0)
        gauge.axvline(self.boundary, color=colors["vermillion"], linewidth=1.5)
        gauge.axvline(self.boundary / 2, color=colors["green"], linestyle=":", linewidth=1.5)
        gauge.yaxis.set_major_locator(NullLocator())
        gauge.xaxis.set_minor_locator(NullLocator())
        gauge.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
        gauge.tick_params(labelsize="small", pad=1)
        self.alpha_marker, = gauge.plot([], [], "v", color=colors["black"], markersize=9, clip_on=False)

        # Left: the error curve around the best weight, wide enough to show a few overshoots.
        reach = 2.2 * abs(self.weight - best) or 1.0
        self.window = (best - reach, best + reach)
        curve_weights = np.linspace(*self.window, 121)
        plots.error_curve(self.data, self.true_value, curve_weights, ax=left)
        left.xaxis.set_major_locator(MaxNLocator(nbins=5))
        left.yaxis.set_major_locator(MaxNLocator(nbins=4))
        top = max((self.data * w - self.true_value) ** 2 for w in self.window)
        left.set_xlim(*self.window)
        left.set_ylim(-0.04 * top, 1.05 * top)
        left.axvline(best, color=colors["green"], linestyle=":", linewidth=1)
        self.path, = left.plot([], [], "o-", color=colors["vermillion"], markersize=4, linewidth=1)
        left.plot([self.weight], [(self.data * self.weight - self.true_value) ** 2], "s",
                  color=colors["black"], markersize=6)
        self.leaves = left.text(0.5, 0.97, "", transform=left.transAxes, ha="center", va="top",
                                fontsize="small", color=colors["vermillion"])

        # Right: error per iteration, fixed log limits, plain tick labels (1e-20, not 10^-20).
        right.set_yscale("log")
        right.set_ylim(*self.ERROR_LIMITS)
        right.set_yticks(10.0 ** np.arange(-30, 31, 15))
        right.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"1e{round(np.log10(y)):d}"))
        right.yaxis.set_minor_locator(NullLocator())
        right.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        right.axhline((self.data * self.weight - self.true_value) ** 2, color=colors["black"],
                      linestyle=":", linewidth=1)
        self.error_line, = right.plot([], [], "o-", color=colors["blue"], markersize=3)
        # An error of exactly 0 has no place on a log axis: mark it on the floor instead.
        self.zero_marks, = right.plot([], [], "v", color=colors["green"], markersize=5)
        right.set_xlabel("iteration")
        right.set_ylabel("error (log scale; ▼ = 0)")
        self.title = self.fig.suptitle("", y=0.99, fontsize="medium")

    def __call__(self, alpha, iterations):
        """Run gradient descent with this alpha, update the picture, and return the Figure."""
        from gdcourse.course import searches
        history = searches.gradient_descent(self.weight, self.data, self.true_value, alpha,
                                            iterations, self.derivative)
        weights, errors = history.weights, history.errors
        steps = np.arange(1, len(history) + 1)

        self.alpha_marker.set_data([min(max(alpha, 10.0 ** ALPHA_RANGE[0]), 10.0 ** ALPHA_RANGE[1])], [0.5])
        self.path.set_data(weights, errors)
        outside = np.nonzero((weights < self.window[0]) | (weights > self.window[1]))[0]
        self.leaves.set_text(f"the path leaves the picture at iteration {outside[0] + 1}"
                             if outside.size else "")
        zero = errors == 0
        self.error_line.set_data(steps[~zero], errors[~zero])
        self.zero_marks.set_data(steps[zero], np.full(zero.sum(), 3 * self.ERROR_LIMITS[0]))
        self.error_line.axes.set_xlim(0.5, max(iterations, 2) + 0.5)
        name = searches.regime(alpha, self.data, self.derivative_scale)
        derivative = "true derivative" if self.derivative_scale == 2 else "article's derivative"
        self.title.set_text(f"alpha = {alpha:.4g} ({derivative}): {name}; "
                            f"converges for alpha < {self.boundary:.4g}")
        return self.fig


def alpha_picture(alpha=0.1, iterations=20, weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0):
    """The alpha slider's picture for one setting, as a plain function returning a Figure."""
    return AlphaPicture(weight, data, true_value, derivative_scale)(alpha, iterations)


def alpha_summary(alpha=0.1, iterations=20, weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0):
    """A few plain sentences: the regime, why, where the boundary is, and how the run ended."""
    from gdcourse.course import searches
    history = searches.gradient_descent(weight, data, true_value, alpha, iterations,
                                        _derivative(derivative_scale))
    name = searches.regime(alpha, data, derivative_scale)
    factor = searches.contraction_factor(alpha, data, derivative_scale)
    boundary = searches.largest_stable_alpha(data, derivative_scale)
    scale = "2·" if derivative_scale == 2 else ""
    ending = (history.note if history.diverged else
              f"After {len(history)} iterations the error is {history[-1].error:.3g}.")
    return (f"alpha = {alpha:.4g} with {_derivative_name(derivative_scale)}: {name}, "
            f"{searches.REGIMES[name]}. Each step multiplies the miss by 1 − {scale}alpha·data² = "
            f"{factor:.4g}. Gradient descent converges only for alpha below {boundary:.4g} "
            f"(and lands in one step at alpha = {boundary / 2:.4g}). {ending}")


def alpha_slider(weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0, alpha=0.1,
                 iterations=20, max_iterations=60, prerender=False, dpi=80):
    """A log slider for the learning rate alpha, and a slider for the number of iterations.

    ``derivative_scale=2`` follows the true derivative, ``1`` the article's,
    which drops the 2 (and so doubles the alpha where convergence stops).
    With ``prerender`` every alpha is drawn up front for the starting number
    of iterations, so moving the alpha slider only swaps pictures.
    """
    import html

    import ipywidgets as widgets

    picture = AlphaPicture(weight, data, true_value, derivative_scale)
    low, high, step = ALPHA_RANGE
    controls = {
        "alpha": widgets.FloatLogSlider(value=alpha, base=10, min=low, max=high, step=step,
                                        description="alpha", readout_format=".4g"),
        "iterations": widgets.IntSlider(value=iterations, min=1, max=max_iterations,
                                        description="iterations", continuous_update=False),
    }

    def caption(alpha, iterations):
        text = alpha_summary(alpha, iterations, weight, data, true_value, derivative_scale)
        return f"<p>{html.escape(text, quote=False)}</p>"

    return frame_slider(picture, controls, caption=caption,
                        prerender="alpha" if prerender else None, dpi=dpi)
