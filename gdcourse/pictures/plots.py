"""Figures for the course. Every function takes data and returns ``(fig, ax)``.

Pass ``ax=`` to draw into an axes you already have (that is how the sliders
reuse these functions); leave it out and a new figure is made with pyplot.
Colours come from the Okabe-Ito palette, which stays distinguishable for
colour-blind readers, and every axis gets a label.
"""
import math

import numpy as np

from gdcourse import validate

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
CYCLE = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]
LOG_AXIS_RANGE = (1e-200, 1e200)  # what a log axis draws (see _drawable_on_log_axis)
LAYOUTS = ("constrained", "compressed", "tight")  # matplotlib's automatic layouts for new_figure


def new_axes(ax=None, figsize=(6, 4)):
    """Return ``(fig, ax)``: the figure of ``ax``, or a new pyplot figure."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt  # imported here so `import gdcourse` never loads pyplot
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def new_figure(ncols=2, figsize=(10, 3.8), layout="constrained"):
    """A figure with ``ncols`` side-by-side axes that is *not* registered with pyplot.

    The sliders draw into these: such a figure never pops up on its own in a
    notebook and is freed as soon as the slider drops it. ``layout=None``
    skips matplotlib's automatic spacing (about a third of the drawing time)
    for callers that place the axes themselves with ``fig.subplots_adjust``.
    """
    from matplotlib.figure import Figure
    ncols = validate.integer("ncols", ncols, minimum=1)
    figsize = validate.array("figsize", figsize, ndim=1)
    if figsize.size != 2 or not np.all(figsize > 0):
        raise ValueError(f"figsize must be (width, height) in inches, both greater than 0, got {figsize}")
    if layout is not None and not (isinstance(layout, str) and layout in LAYOUTS):
        raise ValueError(f"layout must be None or one of {LAYOUTS}, got {layout!r:.60}")
    fig = Figure(figsize=tuple(figsize), layout=layout)
    axes = fig.subplots(1, ncols)
    return fig, axes


def _best_weight(data, true_value):
    """``true_value / data``, the weight whose error is 0; None when data is 0 (every weight is as good)."""
    if data == 0:
        return None
    best = true_value / data  # plain floats: a quotient beyond float64 is inf, never a warning
    if not math.isfinite(best):
        raise ValueError(f"data {data!r} is so close to 0 that the best weight true_value / data "
                         "is beyond float64 (about 1.8e308)")
    return best


def _weight_grid(low, high, count, what):
    """``count`` weights evenly spaced from ``low`` to ``high``, or a clear error if float64 cannot span them."""
    low, high = float(low), float(high)
    if not math.isfinite(high - low):  # plain floats: overflow gives inf, never a warning
        raise ValueError(f"{what} are too far apart to draw on one axis (more than float64's "
                         "about 1.8e308)")
    return np.linspace(low, high, count)


def _drawable_on_log_axis(values, ax):
    """Which ``values`` a log axis can show: those inside ``LOG_AXIS_RANGE``.

    0 and negative numbers have no place on a log axis. Beyond about 1e250
    matplotlib's log axes overflow float64 (their padding and ticks reach past
    1e308), so values outside the range are left off, with a note on the axes.
    """
    low, high = LOG_AXIS_RANGE
    drawable = (values >= low) & (values <= high)
    note = f"values outside {low:g} ... {high:g} not drawn"
    if np.any((values > 0) & ~drawable) and note not in [text.get_text() for text in ax.texts]:
        ax.text(0.98, 0.97, note, transform=ax.transAxes, ha="right", va="top", fontsize="small")
    return drawable


def _history(history, name="history"):
    """``history`` checked to be a non-empty ``History`` from ``gdcourse.course.searches``."""
    from gdcourse.course.searches import History
    if not isinstance(history, History):
        raise TypeError(f"{name} must be a History made by gdcourse.course.searches, e.g. "
                        f"up_down_search(...), got {type(history).__name__}")
    if len(history) == 0:
        raise ValueError(f"{name} holds no iterations: there is nothing to draw")
    return history


def _axes(axes, count, example, at_least=False):
    """``axes`` as a list of ``count`` matplotlib Axes (or more, ``at_least``), or a clear error."""
    from matplotlib.axes import Axes
    try:
        axes = list(np.ravel(np.asarray(axes, dtype=object)))
    except (TypeError, ValueError):
        axes = []
    enough = len(axes) >= count if at_least else len(axes) == count
    if not enough or not all(isinstance(ax, Axes) for ax in axes):
        raise TypeError(f"axes must be {'at least ' if at_least else ''}{count} matplotlib Axes, "
                        f"e.g. from {example}")
    return axes


def _sequence(name, values):
    """``values`` checked to be a list or tuple."""
    if not isinstance(values, (list, tuple)):
        raise TypeError(f"{name} must be a list, got {type(values).__name__}")
    return values


def error_curve(data, true_value, weights=None, ax=None, color=PALETTE["blue"], label="squared error"):
    """The squared error as a function of the weight: a U whose bottom is at ``true_value / data``."""
    data = validate.number("data", data)
    true_value = validate.number("true_value", true_value)
    if weights is None:
        best = _best_weight(data, true_value) or 0.0
        weights = np.linspace(best - 2, best + 2, 201)
    weights = validate.array("weights", weights, ndim=1)
    fig, ax = new_axes(ax)
    with np.errstate(over="ignore"):  # an error too big for float64 is honestly inf
        errors = (data * weights - true_value) ** 2
    ax.plot(weights, errors, color=color, label=label)
    ax.set_xlabel("weight")
    ax.set_ylabel("error")
    return fig, ax


def path_on_curve(history, data, true_value, ax=None, color=PALETTE["vermillion"], label="path"):
    """The error curve with the weights a search visited, joined in order.

    The dotted line marks the best weight, ``true_value / data`` (with data 0
    there is none: every weight gives the same error).
    """
    history = _history(history)
    data = validate.number("data", data)
    true_value = validate.number("true_value", true_value)
    weights, errors = history.weights, history.errors
    best = _best_weight(data, true_value)
    low, high = float(weights.min()), float(weights.max())
    if best is not None:
        low, high = min(low, best), max(high, best)
    # A margin around the weights; for huge weights at least 0.1% of them, or it would vanish in rounding.
    pad = max(0.15 * (high - low) + 0.25, 1e-3 * max(abs(low), abs(high)))
    grid = _weight_grid(low - pad, high + pad, 401, "the weights of history and the best weight")
    fig, ax = error_curve(data, true_value, grid, ax=ax)
    ax.plot(weights, errors, "o-", color=color, markersize=4, linewidth=1, alpha=0.9, label=label)
    ax.plot(weights[:1], errors[:1], "s", color=PALETTE["black"], markersize=6, label="start")
    if best is not None:
        ax.axvline(best, color=PALETTE["green"], linestyle=":", linewidth=1, label=f"best weight {best:.4g}")
    ax.legend(loc="upper center", fontsize="small")
    return fig, ax


def error_per_iteration(history, ax=None, log=True, color=PALETTE["blue"], label=None):
    """Error against iteration number; on a log scale by default, where steady shrinking is a straight line."""
    history = _history(history)
    fig, ax = new_axes(ax)
    iterations = np.array([s.iteration for s in history])
    errors = history.errors
    if log:
        shown = _drawable_on_log_axis(errors, ax)
        # Plot first, then switch to log: axes reused after ax.clear() still hold the old limits.
        ax.plot(iterations[shown], errors[shown], "o-", color=color, markersize=3, label=label)
        ax.set_yscale("log")
        if (errors == 0).any():  # an error of exactly 0 has no place on a log axis
            ax.annotate("error exactly 0 from here on", (iterations[errors == 0][0], ax.get_ylim()[0]),
                        xytext=(0, 12), textcoords="offset points", fontsize="small", ha="center")
    else:
        ax.plot(iterations, errors, "o-", color=color, markersize=3, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("error (log scale)" if log else "error")
    return fig, ax


def search_panels(history, data, true_value, axes=None, title=None):
    """Two panels side by side: the path on the error curve, and the error per iteration."""
    history = _history(history)
    if axes is None:
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
        fig.subplots_adjust(wspace=0.25)
    left, right = _axes(axes, 2, "plt.subplots(1, 2)")
    fig = left.figure
    path_on_curve(history, data, true_value, ax=left)
    error_per_iteration(history, ax=right)
    if title:
        fig.suptitle(title)
    return fig, axes


# --- Lessons 01-02: error shapes and the up/down search ---------------------------------

def squared_vs_absolute(misses, ax=None):
    """The squared and the absolute error against the miss (prediction - true value).

    Both are 0 at a perfect prediction and never negative. Beyond a miss of 1
    the square grows faster; below 1 it is the smaller of the two.
    """
    misses = np.sort(validate.array("misses", misses, ndim=1))
    with np.errstate(over="ignore"):  # a miss beyond about 1.3e154 honestly squares to inf
        squares = misses ** 2
    fig, ax = new_axes(ax)
    ax.plot(misses, squares, color=PALETTE["blue"], label="squared error  (miss)²")
    ax.plot(misses, np.abs(misses), color=PALETTE["orange"], linestyle="--", label="absolute error  |miss|")
    ax.axhline(0, color=PALETTE["black"], linewidth=0.5)
    ax.set_xlabel("miss = prediction - true value")
    ax.set_ylabel("error")
    ax.legend(loc="upper center", fontsize="small")
    return fig, ax


def weights_per_iteration(history, best_weight=None, ax=None, color=PALETTE["vermillion"], label="weight"):
    """The weight a search holds at each iteration, with the best weight as a dotted line."""
    from matplotlib.ticker import MaxNLocator
    history = _history(history)
    if best_weight is not None:
        best_weight = validate.number("best_weight", best_weight)
    fig, ax = new_axes(ax)
    iterations = np.array([s.iteration for s in history])
    ax.plot(iterations, history.weights, "o-", color=color, markersize=3, label=label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # iterations are whole numbers
    if best_weight is not None:
        ax.axhline(best_weight, color=PALETTE["green"], linestyle=":", label=f"best weight {best_weight:.4g}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("weight")
    ax.legend(loc="lower right", fontsize="small")
    return fig, ax


def iterations_needed(distances, iterations, ax=None, color=PALETTE["blue"], label=None):
    """How many iterations a search needed, against how far from the best weight it started."""
    distances = validate.array("distances", distances, ndim=1)
    iterations = validate.array("iterations", iterations, ndim=1)
    if distances.shape != iterations.shape:
        raise ValueError(f"distances and iterations must have the same length, "
                         f"got {distances.size} and {iterations.size}")
    fig, ax = new_axes(ax)
    ax.plot(distances, iterations, "o-", color=color, markersize=3, label=label)
    ax.set_xlabel("starting distance from the best weight")
    ax.set_ylabel("iterations needed")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    if label:
        ax.legend(fontsize="small")
    return fig, ax


# --- Lessons 06 and 08: mini-batches, training runs, forecasts ---------------------------

def _runs(runs):
    """``runs`` as a list of ``gdcourse.course.batching.Run``, or a clear error."""
    from gdcourse.course.batching import Run
    if isinstance(runs, Run):
        return [runs]
    if not isinstance(runs, (list, tuple)) or not all(isinstance(run, Run) for run in runs):
        raise TypeError("runs must be a list of runs made by gdcourse.course.batching.train_line, "
                        f"got {type(runs).__name__}")
    if not runs:
        raise ValueError("runs must hold at least one run")
    return list(runs)


def _labelled(name, mapping):
    """``mapping`` (label -> values) checked to be a dict."""
    if not isinstance(mapping, dict):
        raise TypeError(f"{name} must be a dict mapping a label to its values, "
                        f"e.g. {{'model': values}}, got {type(mapping).__name__}")
    return mapping


def run_losses(runs, against="steps", ax=None, log=True, floor=None):
    """The loss on all the data during each run (``gdcourse.course.batching.Run``), one curve per run.

    ``against="steps"`` puts gradient evaluations on the x axis (what a step
    costs in updates); ``against="epochs"`` puts passes over the data (what
    it costs in samples read). With ``floor`` (the lowest loss possible, e.g.
    the least-squares line's) the curves show ``loss - floor``, how far each
    run still is from the best line; on a log scale that difference is where
    batch sizes differ, long after the raw losses look the same.
    """
    runs = _runs(runs)
    if not isinstance(against, str) or against not in ("steps", "epochs"):
        raise ValueError(f"against must be 'steps' or 'epochs', got {against!r}")
    floor = None if floor is None else validate.number("floor", floor)
    fig, ax = new_axes(ax)
    for i, run in enumerate(runs):
        where = run.steps if against == "steps" else run.epochs
        values = run.loss if floor is None else run.loss - floor
        shown = _drawable_on_log_axis(values, ax) if log else np.ones(len(values), bool)
        label = f"batch size {run.batch_size}" + (" (diverged)" if run.diverged else "")
        ax.plot(where[shown], values[shown], color=CYCLE[i % len(CYCLE)], linewidth=1.2, label=label)
    if log:
        ax.set_yscale("log")
        if floor is not None:  # six decades below the start are plenty: further down is rounding noise
            start = max(run.loss[0] - floor for run in runs)
            ax.set_ylim(bottom=max(ax.get_ylim()[0], 1e-6 * start))
    ax.set_xlabel("step (one gradient evaluation each)" if against == "steps" else "epoch (passes over the data)")
    what = "loss on all the data" if floor is None else "loss above the best line's"
    ax.set_ylabel(what + (" (log scale)" if log else ""))
    ax.legend(fontsize="small", loc="best", framealpha=0.9)
    return fig, ax


def line_loss_paths(x, y, runs, ax=None, best=None):
    """Contours of the loss of the line ``w*x + b`` over (w, b), with the path of each run on them.

    A batch gradient descent path heads straight downhill; the smaller the
    batches, the more it zig-zags. ``best`` = (w, b) of the least-squares
    line, marked with a star. The drawing is ``contour_paths``'s; this
    function only picks the window and computes the loss on it.
    """
    x = validate.array("x", x).ravel()
    y = validate.array("y", y).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y must hold the same number of values, got {x.size} and {y.size}")
    runs = _runs(runs)
    if best is not None:
        best = validate.array("best", best, ndim=1)
        if best.size != 2:
            raise ValueError(f"best must be the pair (w, b), got {best.size} numbers")
    # Frame the start, the best point and every visited point no worse than the start:
    # a diverging run then flies off the edge instead of squashing everything else.
    limit = 1.5 * max(run.loss[0] for run in runs)
    ws = [run.w[run.loss <= limit] for run in runs] + ([[best[0]]] if best is not None else [])
    bs = [run.b[run.loss <= limit] for run in runs] + ([[best[1]]] if best is not None else [])
    ws, bs = np.concatenate(ws), np.concatenate(bs)
    pad_w, pad_b = 0.12 * (np.ptp(ws) + 1e-9), 0.12 * (np.ptp(bs) + 1e-9)
    grid_w = np.linspace(ws.min() - pad_w, ws.max() + pad_w, 80)
    grid_b = np.linspace(bs.min() - pad_b, bs.max() + pad_b, 80)
    W, B = np.meshgrid(grid_w, grid_b)
    with np.errstate(over="ignore", invalid="ignore"):
        surface = np.mean((W[..., None] * x + B[..., None] - y) ** 2, axis=-1)  # loss at every grid point
    if not np.all(np.isfinite(surface)):
        raise ValueError("the loss overflows float64 on this window: x and y (or best, or a run's "
                         "weights) are too large; scale x and y first")
    paths = {f"batch size {run.batch_size}": np.column_stack([run.w, run.b]) for run in runs}
    return contour_paths(grid_w, grid_b, surface, paths, ax=ax, minimum=best, levels=12)


def training_traces(weights, biases, losses, axes=None, title=None):
    """Three panels, as in article 004: weight, bias and loss over the iterations."""
    weights = validate.array("weights", weights).ravel()
    biases = validate.array("biases", biases).ravel()
    losses = validate.array("losses", losses).ravel()
    if axes is None:
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 3, figsize=(11, 3.2))
        fig.subplots_adjust(wspace=0.3)
    axes = _axes(axes, 3, "plt.subplots(1, 3)")
    fig = axes[0].figure
    panels = [(weights, "weight", PALETTE["blue"]), (biases, "bias", PALETTE["green"]),
              (losses, "loss", PALETTE["vermillion"])]
    for ax, (values, name, colour) in zip(axes, panels):
        ax.plot(np.arange(len(values)), values, "o-", color=colour, markersize=2.5, linewidth=1)
        ax.set_xlabel("iteration")
        ax.set_ylabel(name)
        ax.set_title(f"{name} over iterations", fontsize="medium")
    if title:
        fig.suptitle(title)
    return fig, axes


def data_and_predictions(x, y, predictions, ax=None, xlabel="x", ylabel="y"):
    """The data as dots and each model's predictions as a line.

    ``predictions`` maps a label to the predictions at ``x`` (same length as
    ``x``); they are drawn in the order of ``x``.
    """
    x = validate.array("x", x).ravel()
    y = validate.array("y", y).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y must hold the same number of values, got {x.size} and {y.size}")
    predictions = _labelled("predictions", predictions)
    fig, ax = new_axes(ax)
    ax.scatter(x, y, s=12, color=PALETTE["sky"], edgecolor="none", label="data")
    order = np.argsort(x)
    styles = ["-", "--", "-.", ":"]
    for i, (label, values) in enumerate(predictions.items()):
        values = validate.array(f"predictions[{label!r}]", values).ravel()
        if values.shape != x.shape:
            raise ValueError(f"predictions[{label!r}] has {values.size} values but x has {x.size}")
        ax.plot(x[order], values[order], styles[i % len(styles)], color=CYCLE[(i + 1) % len(CYCLE)],
                linewidth=2, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small")
    return fig, ax


def forecast(series, predictions, validation_days, ax=None, first_day=0, ylabel="new infected patients"):
    """A daily series with forecasts for its last ``validation_days`` days.

    The training days are plain, the validation days are shaded. ``predictions``
    maps a label to ``validation_days`` forecasts.
    """
    series = validate.array("series", series, ndim=1)
    validation_days = validate.integer("validation_days", validation_days, minimum=1)
    if validation_days > len(series):
        raise ValueError(f"validation_days must be at most the length of series ({len(series)}), "
                         f"got {validation_days}")
    first_day = validate.integer("first_day", first_day, minimum=0)
    if first_day >= len(series):
        raise ValueError(f"first_day must be a day of the series (below {len(series)}), got {first_day}")
    predictions = _labelled("predictions", predictions)
    fig, ax = new_axes(ax, figsize=(9, 3.6))
    days = np.arange(first_day, len(series))
    val_days = np.arange(len(series) - validation_days, len(series))
    ax.axvspan(val_days[0] - 0.5, val_days[-1] + 0.5, color=PALETTE["yellow"], alpha=0.25,
               label="validation days")
    ax.plot(days, series[first_day:], "o-", color=PALETTE["black"], markersize=2.5, linewidth=0.8,
            label="true count")
    styles = ["--", "-", "-.", ":"]
    for i, (label, values) in enumerate(predictions.items()):
        values = validate.array(f"predictions[{label!r}]", values).ravel()
        if values.size != validation_days:
            raise ValueError(f"predictions[{label!r}] has {values.size} values, but validation_days is "
                             f"{validation_days}: give one forecast per validation day")
        ax.plot(val_days, values, styles[i % len(styles)], marker="o", markersize=3.5,
                color=CYCLE[i % len(CYCLE)], linewidth=1.6, label=label)
    ax.set_xlabel("day")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small", loc="upper right")
    return fig, ax


# --- Lessons 05 and 07: loss surfaces with descent paths, and loss per step -------------

def contour_paths(xs, ys, Z, paths, ax=None, minimum=None, xlabel="weight w", ylabel="bias b",
                  levels=14, markers=True, colors=None):
    """Contour lines of a loss ``Z`` over a grid, with one or more descent paths drawn on top.

    ``Z[i, j]`` is the loss at ``(xs[j], ys[i])``, as ``np.meshgrid(xs, ys)``
    lays it out. ``paths`` maps a label to an array of visited points, shape
    (steps + 1, 2). The levels are spaced evenly on a log scale above the
    lowest value, so both the steep walls and the flat floor get lines.
    A path that leaves the grid is cut off at its edge; ``minimum`` (x, y)
    is marked with a star. ``colors`` (one per path) overrides the palette's
    order, so that a method keeps its colour across several panels.
    """
    xs = validate.array("xs", xs, ndim=1)
    ys = validate.array("ys", ys, ndim=1)
    if xs.size < 2 or ys.size < 2:
        raise ValueError(f"xs and ys must hold at least 2 values each, got {xs.size} and {ys.size}")
    Z = validate.array("Z", Z, ndim=2)
    if Z.shape != (ys.size, xs.size):
        raise ValueError(f"Z must have shape (len(ys), len(xs)) = {(ys.size, xs.size)}, got {Z.shape}")
    levels = validate.integer("levels", levels, minimum=2)
    paths = {label: _path(f"paths[{label!r}]", path) for label, path in _labelled("paths", paths).items()}
    if minimum is not None:
        minimum = _path("minimum", minimum)[0]
    if colors is not None:
        colors = _colors(colors, len(paths))
    low, high = float(Z.min()), float(Z.max())
    span = high - low  # plain floats: overflow gives inf, never a warning
    if not math.isfinite(span):
        raise ValueError("Z's values are too far apart to draw contours (their range is beyond float64)")
    fig, ax = new_axes(ax)
    if span > 0:  # a flat Z has no contour lines
        heights = low + span * np.geomspace(1e-3, 1.0, levels)
        ax.contour(xs, ys, Z, levels=heights, colors="#999999", linewidths=0.7)
    for i, (label, path) in enumerate(paths.items()):
        style = dict(marker=".", markersize=3) if markers else {}
        color = CYCLE[i % len(CYCLE)] if colors is None else colors[i]
        ax.plot(path[:, 0], path[:, 1], "-", color=color, linewidth=1.3, label=label, **style)
    starts = dict.fromkeys(tuple(path[0]) for path in paths.values())
    for j, (x0, y0) in enumerate(starts):
        ax.plot([x0], [y0], "s", color=PALETTE["black"], markersize=6, label="start" if j == 0 else None)
    if minimum is not None:
        ax.plot([minimum[0]], [minimum[1]], "*", color=PALETTE["black"], markersize=13, label="minimum")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(fontsize="small", loc="best")
    return fig, ax


def _path(name, points):
    """``points`` as an array of shape (n, 2): (x, y) pairs, or one pair."""
    points = validate.array(name, points, ndim=(1, 2))
    if points.shape[-1] != 2:
        raise ValueError(f"{name} must hold points (x, y): one pair, or shape (n, 2); got shape {points.shape}")
    return points.reshape(-1, 2)


def _colors(colors, count):
    """``colors`` checked to be a list of at least ``count`` matplotlib colours."""
    from matplotlib.colors import is_color_like
    if not isinstance(colors, (list, tuple)):
        raise TypeError(f"colors must be a list of colours, one per path, e.g. plots.CYCLE[:{count}], "
                        f"got {type(colors).__name__}")
    if len(colors) < count or not all(is_color_like(c) for c in colors[:count]):
        raise ValueError(f"colors must hold {count} matplotlib colours (one per path), "
                         f"e.g. plots.CYCLE[:{count}], got {colors!r:.80}")
    return colors


def loss_per_step(curves, ax=None, log=True, xlabel="step", ylabel="loss"):
    """One curve per run: ``curves`` maps a label to the loss (or any positive number) at each step.

    On the log scale (the default) steady shrinking by the same factor each
    step is a straight line; a value of exactly 0 has no place there and is
    left out (so are values beyond ``LOG_AXIS_RANGE``, with a note). A run
    that stopped early simply has a shorter curve.
    """
    curves = {label: validate.array(f"curves[{label!r}]", values, ndim=1)
              for label, values in _labelled("curves", curves).items()}
    if not curves:
        raise ValueError("curves must hold at least one curve, e.g. {'gradient descent': losses}")
    fig, ax = new_axes(ax)
    for i, (label, values) in enumerate(curves.items()):
        steps = np.arange(values.size)
        shown = _drawable_on_log_axis(values, ax) if log else np.ones(len(values), bool)
        ax.plot(steps[shown], values[shown], color=CYCLE[i % len(CYCLE)], linewidth=1.4, label=label)
    if log:
        ax.set_yscale("log")  # after plotting: axes reused after ax.clear() still hold the old limits
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel + (" (log scale)" if log else ""))
    ax.legend(fontsize="small")
    return fig, ax


# --- Lessons 03-04: slopes, and the learning rate of gradient descent -----------------------

def tangent_lines(data, true_value, weights, ax=None, half_width=0.3):
    """The error curve with its tangent line at each of ``weights``: the derivative as a slope.

    A tangent touches the curve at one point and tilts exactly as steeply as
    the curve does there. Its slope is error'(w) = 2 * data * (data*w - true):
    negative left of the best weight (going right goes downhill), 0 at the
    bottom, positive to the right.
    """
    from gdcourse.course.prediction_error import error_derivative
    data = validate.number("data", data)
    true_value = validate.number("true_value", true_value)
    weights = validate.array("weights", weights, ndim=1)
    half_width = validate.number("half_width", half_width, positive=True)
    best = _best_weight(data, true_value) or 0.0
    with np.errstate(over="ignore"):  # checked just below
        errors = (data * weights - true_value) ** 2
        reach = max(float(np.abs(weights - best).max()) + half_width, 1.0)
    if not np.isfinite(errors).all():
        raise ValueError("the error at one of the weights is beyond float64 (about 1.8e308), so it has "
                         "no tangent to draw: pick weights, data and true_value with smaller errors")
    grid = _weight_grid(best - reach, best + reach, 201, "the weights and the best weight")
    fig, ax = error_curve(data, true_value, grid, ax=ax)
    for i, (w, error) in enumerate(zip(weights, errors)):
        color = CYCLE[1 + i % (len(CYCLE) - 1)]  # the curve itself is CYCLE[0], blue
        slope = float(error_derivative(w, data, true_value)) + 0.0  # + 0.0 turns -0.0 into 0.0
        # The tangent line: through (w, error), rising `slope` per unit of weight.
        xs = np.array([w - half_width, w + half_width])
        with np.errstate(over="ignore", invalid="ignore"):  # a slope beyond float64 draws a vertical line
            ax.plot(xs, error + slope * (xs - w), color=color, linewidth=2.5)
        ax.plot([w], [error], "o", color=color, markersize=6)
        # Label on the open side of the tangent: right of a falling one, left of a rising one.
        side = 1 if slope < 0 else -1 if slope > 0 else 0
        ax.annotate(f"slope {slope:.3g}", (w, error), xytext=(10 * side, 10), textcoords="offset points",
                    ha={1: "left", -1: "right", 0: "center"}[side], fontsize="small", color=color)
    ax.set_ylim(bottom=-0.05 * ax.get_ylim()[1])
    ax.set_title("the derivative is the slope of the tangent", fontsize="medium")
    return fig, ax


def _on_log_axis(name, value):
    """None, or a number inside ``LOG_AXIS_RANGE`` to mark on a log axis."""
    if value is None:
        return None
    value = validate.number(name, value, positive=True)
    if not LOG_AXIS_RANGE[0] <= value <= LOG_AXIS_RANGE[1]:
        raise ValueError(f"{name} must lie between {LOG_AXIS_RANGE[0]:g} and {LOG_AXIS_RANGE[1]:g} "
                         f"to be marked on a log axis, got {value!r}")
    return value


def iterations_vs_alpha(alphas, counts, ax=None, one_step_alpha=None, boundary=None,
                        color=PALETTE["blue"], label=None):
    """How many iterations gradient descent needs, against the learning rate (log x axis).

    ``counts`` may hold ``None`` for an alpha that never converged; those get
    no point. ``one_step_alpha`` and ``boundary`` are marked with vertical lines.
    """
    alphas = validate.array("alphas", alphas, ndim=1)
    if not np.all((alphas >= LOG_AXIS_RANGE[0]) & (alphas <= LOG_AXIS_RANGE[1])):
        raise ValueError(f"alphas must all lie between {LOG_AXIS_RANGE[0]:g} and {LOG_AXIS_RANGE[1]:g}: "
                         "the x axis is logarithmic")
    if isinstance(counts, np.ndarray) and counts.ndim == 1:
        counts = list(counts)
    if not isinstance(counts, (list, tuple)):
        raise TypeError("counts must be a list of iteration counts, one per alpha (None for an alpha "
                        f"that never converged), got {type(counts).__name__}")
    if len(counts) != alphas.size:
        raise ValueError(f"alphas and counts must have the same length, got {alphas.size} and {len(counts)}")
    counts = np.array([np.nan if c is None else validate.number("counts", c, nonnegative=True)
                       for c in counts])
    one_step_alpha = _on_log_axis("one_step_alpha", one_step_alpha)
    boundary = _on_log_axis("boundary", boundary)
    fig, ax = new_axes(ax)
    ax.plot(alphas, counts, "o-", color=color, markersize=3, label=label)  # NaN leaves a gap
    if one_step_alpha is not None:
        ax.axvline(one_step_alpha, color=PALETTE["green"], linestyle=":",
                   label=f"one-step alpha {one_step_alpha:.4g}")
    if boundary is not None:
        ax.axvline(boundary, color=PALETTE["vermillion"], linestyle="--",
                   label=f"boundary {boundary:.4g}: no convergence from here on")
    ax.set_xscale("log")  # after plotting: axes reused after ax.clear() still hold the old limits
    ax.set_xlabel("learning rate alpha (log scale)")
    ax.set_ylabel("iterations to converge")
    ax.set_ylim(bottom=0)
    if label or one_step_alpha is not None or boundary is not None:
        ax.legend(fontsize="small")
    return fig, ax


def path_gallery(histories, titles, data, true_value, axes=None, ncols=3):
    """Small multiples: each run's path on the error curve, one panel per history.

    Each panel keeps its own scale (a diverging run needs a wider one), so
    read the axis numbers when you compare.
    """
    histories, titles = _sequence("histories", histories), _sequence("titles", titles)
    if len(histories) != len(titles):
        raise ValueError(f"histories and titles must have the same length, got {len(histories)} and {len(titles)}")
    if not histories:
        raise ValueError("histories must hold at least one History")
    histories = [_history(h, f"histories[{i}]") for i, h in enumerate(histories)]
    ncols = validate.integer("ncols", ncols, minimum=1)
    if axes is None:
        import matplotlib.pyplot as plt
        nrows = -(-len(histories) // ncols)  # ceiling division
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.7 * nrows + 0.4), squeeze=False)
        fig.subplots_adjust(wspace=0.3, hspace=0.65)
    panels = _axes(axes, len(histories), "plt.subplots(rows, columns)", at_least=True)
    fig = panels[0].figure
    for ax, history, title in zip(panels, histories, titles):
        path_on_curve(history, data, true_value, ax=ax)
        ax.get_legend().remove()  # one legend for the whole figure is enough
        ax.set_title(title, fontsize="medium")
    for ax in panels[len(histories):]:
        ax.set_visible(False)
    handles, labels = panels[0].get_legend_handles_labels()
    names = ["path", "start", "best weight"][:len(handles) - 1]  # no best weight when data is 0
    # Just below the panels (the notebook crops the picture to what is drawn, legend included).
    fig.legend(handles[1:], names, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncols=3, fontsize="small")
    return fig, axes
