"""Figures for the course: data in, ``(fig, ax)`` out, into ``ax=`` if given (the sliders do) or a new figure.
Colours from the Okabe-Ito palette, which colour-blind readers can tell apart; every axis is labelled."""
import numpy as np

from gdcourse import validate
from gdcourse.framework.tensor import quiet
from gdcourse.locale import N_, _

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {"blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
           "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000"}
CYCLE = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]


def new_axes(ax=None, figsize=(6, 4), nrows=1, ncols=1, **space):
    """``(fig, ax)``: the figure of ``ax`` (or of axes), or a new pyplot figure of ``nrows`` x ``ncols`` axes."""
    if ax is not None:
        return np.ravel(ax)[0].figure, ax
    import matplotlib.pyplot as plt  # here, so that `import gdcourse` never loads pyplot
    return plt.subplots(nrows, ncols, figsize=figsize, squeeze=nrows == 1, gridspec_kw=space)


def new_figure(ncols=2, figsize=(10, 3.8), **margins):
    """``ncols`` axes on a Figure pyplot never shows by itself; ``margins`` (no automatic spacing) draw faster."""
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, layout=None if margins else "constrained")
    if margins:
        fig.subplots_adjust(**margins)
    return fig, fig.subplots(1, ncols)


def _curve(ax, x, y, log=True, fmt="-", **style):
    """Plot ``y`` against ``x``; on a log axis only what it can show (not 0, negatives, or beyond the range)."""
    x, y = np.asarray(x), np.asarray(y, dtype=float)
    low, high = 1e-200, 1e200  # beyond about 1e250 matplotlib's log axes overflow float64
    shown = (y >= low) & (y <= high) if log else np.full(y.shape, True)
    if log and np.any((y > 0) & ~shown) and not ax.texts:  # say so, once
        ax.text(0.98, 0.97, _("values outside {low:g} ... {high:g} not drawn", low=low, high=high),
                transform=ax.transAxes, ha="right", va="top", fontsize="small")
    ax.plot(x[shown], y[shown], fmt, **style)
    if log:  # after plotting: axes reused after ax.clear() still hold the old limits
        ax.set_yscale("log")


# --- Lessons 01-04: the error of one weight, and searches for its best value -------------------

def error_curve(data, true_value, weights, ax=None, color=PALETTE["blue"], label=N_("squared error")):
    """The squared error as a function of the weight: a U whose bottom is at ``true_value / data``."""
    data, true_value = validate.number("data", data), validate.number("true_value", true_value)
    weights = validate.array("weights", weights, ndim=1)
    fig, ax = new_axes(ax)
    with quiet():
        ax.plot(weights, (data * weights - true_value) ** 2, color=color, label=str(label))
    ax.set(xlabel=_("weight"), ylabel=_("error"))
    return fig, ax


def path_on_curve(history, data, true_value, ax=None):
    """The error curve with the weights a search visited, joined in order; dotted: the best weight."""
    weights, errors = history.weights, history.errors
    best = true_value / data if data else None  # with data 0 every weight is as good
    ends = [weights.min(), weights.max()] + ([] if best is None else [best])
    low, high = float(min(ends)), float(max(ends))
    # A margin around the weights; for huge weights at least 0.1% of them, or it would vanish in rounding.
    pad = max(0.15 * (high - low) + 0.25, 1e-3 * max(abs(low), abs(high)))
    fig, ax = error_curve(data, true_value, np.linspace(low - pad, high + pad, 401), ax=ax)
    ax.plot(weights, errors, "o-", color=PALETTE["vermillion"], markersize=4, linewidth=1, alpha=0.9, label=_("path"))
    ax.plot(weights[:1], errors[:1], "s", color=PALETTE["black"], markersize=6, label=_("start"))
    if best is not None:
        ax.axvline(best, color=PALETTE["green"], linestyle=":", linewidth=1,
                   label=_("best weight {best:.4g}", best=best))
    ax.legend(loc="upper center", fontsize="small")
    return fig, ax


def error_per_iteration(history, ax=None, color=PALETTE["blue"], label=None):
    """Error against iteration on a log scale, where steady shrinking is a straight line."""
    fig, ax = new_axes(ax)
    _curve(ax, [s.iteration for s in history], history.errors, fmt="o-", color=color, markersize=3, label=label)
    ax.set(xlabel=_("iteration"), ylabel=_("error (log scale)"))
    return fig, ax


def search_panels(history, data, true_value, axes=None, title=None):
    """Two panels side by side: the path on the error curve, and the error per iteration."""
    fig, axes = new_axes(axes, (10, 3.8), 1, 2, wspace=0.25)
    path_on_curve(history, data, true_value, ax=axes[0])
    error_per_iteration(history, ax=axes[1])
    if title:
        fig.suptitle(title)
    return fig, axes


def squared_vs_absolute(misses, ax=None):
    """The squared and the absolute error against the miss (prediction - true value)."""
    misses = np.sort(validate.array("misses", misses, ndim=1))
    fig, ax = new_axes(ax)
    with quiet():
        ax.plot(misses, misses ** 2, color=PALETTE["blue"], label=_("squared error  (miss)²"))
    ax.plot(misses, np.abs(misses), color=PALETTE["orange"], linestyle="--", label=_("absolute error  |miss|"))
    ax.axhline(0, color=PALETTE["black"], linewidth=0.5)
    ax.set(xlabel=_("miss = prediction - true value"), ylabel=_("error"))
    ax.legend(loc="upper center", fontsize="small")
    return fig, ax


def weights_per_iteration(history, best_weight=None, ax=None):
    """The weight a search holds at each iteration, with the best weight as a dotted line."""
    fig, ax = new_axes(ax)
    ax.plot([s.iteration for s in history], history.weights, "o-", color=PALETTE["vermillion"],
            markersize=3, label=_("weight"))
    ax.xaxis.get_major_locator().set_params(integer=True)  # iterations are whole numbers
    if best_weight is not None:
        ax.axhline(best_weight, color=PALETTE["green"], linestyle=":",
                   label=_("best weight {best:.4g}", best=best_weight))
    ax.set(xlabel=_("iteration"), ylabel=_("weight"))
    ax.legend(loc="lower right", fontsize="small")
    return fig, ax


def iterations_needed(distances, iterations, ax=None, label=None):
    """How many iterations a search needed, against how far from the best weight it started."""
    fig, ax = new_axes(ax)
    ax.plot(distances, iterations, "o-", color=PALETTE["blue"], markersize=3, label=label)
    ax.set(xlabel=_("starting distance from the best weight"), ylabel=_("iterations needed"), xlim=(0, None),
           ylim=(0, None))
    if label:
        ax.legend(fontsize="small")
    return fig, ax


def tangent_lines(data, true_value, weights, ax=None, half_width=0.3):
    """The error curve with its tangent at each of ``weights``, of slope error'(w) = 2*data*(data*w - true)."""
    from gdcourse.course.prediction_error import error_derivative
    data, true_value = validate.number("data", data), validate.number("true_value", true_value)
    weights = validate.array("weights", weights, ndim=1)
    best = true_value / data if data else 0.0
    reach = max(float(np.abs(weights - best).max()) + half_width, 1.0)
    fig, ax = error_curve(data, true_value, np.linspace(best - reach, best + reach, 201), ax=ax)
    for i, w in enumerate(weights):
        color = CYCLE[1 + i % (len(CYCLE) - 1)]  # the curve itself is CYCLE[0], blue
        error, slope = (data * w - true_value) ** 2, float(error_derivative(w, data, true_value)) + 0.0  # not -0.0
        xs = np.array([w - half_width, w + half_width])
        ax.plot(xs, error + slope * (xs - w), color=color, linewidth=2.5)
        ax.plot([w], [error], "o", color=color, markersize=6)
        side = np.sign(-slope)  # the label goes on the open side: right of a falling tangent
        ax.annotate(_("slope {slope:.3g}", slope=slope), (w, error), xytext=(10 * side, 10), textcoords="offset points",
                    ha={1: "left", -1: "right", 0: "center"}[side], fontsize="small", color=color)
    ax.set_ylim(bottom=-0.05 * ax.get_ylim()[1])
    ax.set_title(_("the derivative is the slope of the tangent"), fontsize="medium")
    return fig, ax


def iterations_vs_alpha(alphas, counts, ax=None, one_step_alpha=None, boundary=None, color=PALETTE["blue"], label=None):
    """Iterations gradient descent needs against the learning rate (log x axis); a count None leaves a gap."""
    fig, ax = new_axes(ax)
    ax.plot(alphas, [np.nan if c is None else c for c in counts], "o-", color=color, markersize=3, label=label)
    for x, style, what in [(one_step_alpha, ":", N_("one step at {alpha:.4g}", alpha=one_step_alpha)),
                           (boundary, "--", N_("diverges from {alpha:.4g}", alpha=boundary))]:
        if x is not None:  # in the curve's colour: with two curves, each has its own one-step alpha and boundary
            ax.axvline(x, color=color, linestyle=style, label=f"{label + ': ' if label else ''}{what}")
    ax.set_xscale("log")  # after plotting: axes reused after ax.clear() still hold the old limits
    ax.set(xlabel=_("learning rate alpha (log scale)"), ylabel=_("iterations to converge"), ylim=(0, None))
    if label or one_step_alpha is not None or boundary is not None:
        ax.legend(fontsize="small")
    return fig, ax


def path_gallery(histories, titles, data, true_value, ncols=3):
    """Small multiples: each run's path on the error curve, one panel (with its own scale) per history."""
    nrows = -(-len(histories) // ncols)  # ceiling division
    fig, axes = new_axes(None, (3.4 * ncols, 2.7 * nrows + 0.4), nrows, ncols, wspace=0.3, hspace=0.65)
    for ax, history, title in zip(axes.flat, histories, titles):
        path_on_curve(history, data, true_value, ax=ax)
        ax.get_legend().remove()  # one legend for the whole figure is enough
        ax.set_title(title, fontsize="medium")
    for ax in axes.flat[len(histories):]:
        ax.set_visible(False)
    handles = axes.flat[0].get_legend_handles_labels()[0][1:]
    names = [_("path"), _("start"), _("best weight")][:len(handles)]  # no best weight when data is 0
    # Just below the panels (the notebook crops the picture to what is drawn, legend included).
    fig.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.02), ncols=3, fontsize="small")
    return fig, axes


# --- Lessons 05-08: lines, mini-batches, loss surfaces, forecasts -------------------------------

def run_losses(runs, against="steps", ax=None, log=True, floor=None):
    """The loss on all the data during each ``batching.Run``, against steps or epochs; minus ``floor`` (the
    best line's loss) it shows how far each run still is from the best line, long after the raw losses agree."""
    if against not in ("steps", "epochs"):
        raise ValueError(_("against must be 'steps' or 'epochs', got {against!r}", against=against))
    fig, ax = new_axes(ax)
    for i, run in enumerate(runs):
        label = (_("batch size {size} (diverged)", size=run.batch_size) if run.diverged else
                 _("batch size {size}", size=run.batch_size))
        _curve(ax, run.steps if against == "steps" else run.epochs, run.loss - (floor or 0), log,
               color=CYCLE[i % len(CYCLE)], linewidth=1.2, label=label)
    if log:  # six decades below the start are plenty; headroom on top keeps the legend off the curves
        low, high = ax.get_ylim()
        ax.set_ylim(low if floor is None else max(low, 1e-6 * max(run.loss[0] - floor for run in runs)), 50 * high)
    ax.set_xlabel(_("step (one gradient evaluation each)") if against == "steps" else _("epoch (passes over the data)"))
    what = _("loss on all the data") if floor is None else _("loss above the best line's")
    ax.set_ylabel(_("{what} (log scale)", what=what) if log else what)
    ax.legend(fontsize="small", loc="upper right", ncol=2, framealpha=0.9)
    return fig, ax


def line_loss_paths(x, y, runs, ax=None, best=None):
    """Contours of the loss of the line ``w*x + b`` over (w, b), each run's path, and ``best`` (w, b)."""
    from gdcourse.course import linear
    # Frame every point no worse than the start, and the best: a diverging run flies off the edge.
    limit = 1.5 * max(run.loss[0] for run in runs)
    extra = [] if best is None else [[best[0]], [best[1]]]
    ws = np.concatenate([run.w[run.loss <= limit] for run in runs] + extra[:1])
    bs = np.concatenate([run.b[run.loss <= limit] for run in runs] + extra[1:])
    pad_w, pad_b = 0.12 * (np.ptp(ws) + 1e-9), 0.12 * (np.ptp(bs) + 1e-9)
    grid_w = np.linspace(ws.min() - pad_w, ws.max() + pad_w, 80)
    grid_b = np.linspace(bs.min() - pad_b, bs.max() + pad_b, 80)
    surface = linear.loss_grid(np.reshape(x, (-1, 1)), np.ravel(y), grid_w, grid_b)
    paths = {_("batch size {size}", size=run.batch_size): np.column_stack([run.w, run.b]) for run in runs}
    return contour_paths(grid_w, grid_b, surface, paths, ax=ax, minimum=best, levels=12)


def training_traces(weights, biases, losses):
    """Article 004's weight, bias and loss after each step; the bias on the weight's scale shows how it crawls."""
    fig, axes = new_axes(None, (11, 3.2), 1, 3, wspace=0.35)
    titles = (_("weight after each step"), _("bias (on the weight's scale)"), _("loss after each step"))
    for ax, values, name, title, colour in zip(axes, (weights, biases, losses), (_("weight"), _("bias"), _("loss")),
                                               titles, "bgv"):
        colour = PALETTE[{"b": "blue", "g": "green", "v": "vermillion"}[colour]]
        ax.plot(np.arange(1, np.size(values) + 1), np.ravel(values), "o-", color=colour, markersize=2.5, lw=1)
        ax.set(xlabel=_("step"), ylabel=name)
        ax.set_title(title, fontsize="medium")
    axes[1].set_ylim(np.mean(biases) + 0.55 * np.ptp(weights) * np.array([-1, 1]))
    return fig, axes


def _predictions(predictions, size, expected):
    """``(label, values)`` of the labelled predictions, each checked to hold ``size`` values."""
    for label, values in predictions.items():
        if (values := validate.array(f"predictions[{label!r}]", values).ravel()).size != size:
            raise ValueError(_("predictions[{label!r}] has {size} values but {expected}", label=label, size=values.size,
                               expected=expected))
        yield label, values


def data_and_predictions(x, y, predictions, ax=None, xlabel="x", ylabel="y"):
    """The data as dots, and each model's predictions (``{label: values at x}``) as a line."""
    x, y = np.ravel(x), np.ravel(y)
    fig, ax = new_axes(ax)
    ax.scatter(x, y, s=12, color=PALETTE["sky"], edgecolor="none", label=_("data"))
    order = np.argsort(x)
    for i, (label, values) in enumerate(_predictions(predictions, x.size, _("x has {size}", size=x.size))):
        ax.plot(x[order], values[order], ["-", "--", "-.", ":"][i % 4], color=CYCLE[(i + 1) % len(CYCLE)],
                linewidth=2, label=label)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize="small")
    return fig, ax


def forecast(series, predictions, validation_days, ax=None, first_day=0):
    """A daily series, its last ``validation_days`` shaded, with forecasts ``{label: one per validation day}``."""
    fig, ax = new_axes(ax, figsize=(9, 3.6))
    val_days = np.arange(len(series) - validation_days, len(series))
    ax.axvspan(val_days[0] - 0.5, val_days[-1] + 0.5, color=PALETTE["yellow"], alpha=0.25, label=_("validation days"))
    ax.plot(np.arange(first_day, len(series)), series[first_day:], "o-", color=PALETTE["black"],
            markersize=2.5, linewidth=0.8, label=_("true count"))
    expected = _("validation_days is {days}: give one forecast per validation day", days=validation_days)
    for i, (label, values) in enumerate(_predictions(predictions, validation_days, expected)):
        ax.plot(val_days, values, ["--", "-", "-.", ":"][i % 4], marker="o", markersize=3.5,
                color=CYCLE[i % len(CYCLE)], linewidth=1.6, label=label)
    ax.set(xlabel=_("day"), ylabel=_("new infected patients"))
    ax.legend(fontsize="small", loc="upper right")
    return fig, ax


def contour_paths(xs, ys, Z, paths, ax=None, minimum=None, xlabel=N_("weight w"), ylabel=N_("bias b"),
                  levels=14, markers=True, colors=None):
    """Contours of a loss ``Z`` (``Z[i, j]`` at ``(xs[j], ys[i])``), with paths ``{label: (n, 2) points}`` on top.
    Levels are log-spaced above the lowest value: walls and floor both get lines. ``colors``: one per path."""
    Z = np.asarray(Z)
    if Z.shape != (len(ys), len(xs)):
        raise ValueError(_("Z must have shape (len(ys), len(xs)) = {expected}, got {shape}",
                           expected=(len(ys), len(xs)), shape=Z.shape))
    fig, ax = new_axes(ax)
    low, high = float(Z.min()), float(Z.max())
    if high > low:  # a flat Z has no contour lines
        ax.contour(xs, ys, Z, levels=low + (high - low) * np.geomspace(1e-3, 1.0, levels),
                   colors="#999999", linewidths=0.7)
    colors = colors or CYCLE * len(paths)
    style = dict(marker=".", markersize=3) if markers else {}
    for (label, path), color in zip(paths.items(), colors):
        ax.plot(path[:, 0], path[:, 1], "-", color=color, linewidth=1.3, label=label, **style)
    for j, (x0, y0) in enumerate(dict.fromkeys(tuple(path[0]) for path in paths.values())):
        ax.plot([x0], [y0], "s", color=PALETTE["black"], markersize=6, label=_("start") if j == 0 else None)
    if minimum is not None:
        ax.plot([minimum[0]], [minimum[1]], "*", color=PALETTE["black"], markersize=13, label=_("minimum"))
    ax.set(xlim=(xs[0], xs[-1]), ylim=(ys[0], ys[-1]), xlabel=str(xlabel), ylabel=str(ylabel))
    ax.legend(fontsize="small", loc="best")
    return fig, ax


def loss_per_step(curves, ax=None, log=True):
    """One curve per run (``{label: loss at each step}``); on a log scale, where steady shrinking is straight."""
    fig, ax = new_axes(ax)
    for i, (label, values) in enumerate(curves.items()):
        _curve(ax, np.arange(len(values)), values, log, color=CYCLE[i % len(CYCLE)], linewidth=1.4, label=label)
    ax.set(xlabel=_("step"), ylabel=_("loss (log scale)") if log else _("loss"))
    ax.legend(fontsize="small")
    return fig, ax
