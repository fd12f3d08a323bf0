"""Figures for the course. Every function takes data and returns ``(fig, ax)``.

Pass ``ax=`` to draw into an axes you already have (that is how the sliders
reuse these functions); leave it out and a new figure is made with pyplot.
Colours come from the Okabe-Ito palette, which stays distinguishable for
colour-blind readers, and every axis gets a label.
"""
import numpy as np

from gdcourse import validate

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
CYCLE = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]


def new_axes(ax=None, figsize=(6, 4)):
    """Return ``(fig, ax)``: the figure of ``ax``, or a new pyplot figure."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt  # imported here so `import gdcourse` never loads pyplot
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def new_figure(ncols=2, figsize=(10, 3.8)):
    """A figure with ``ncols`` side-by-side axes that is *not* registered with pyplot.

    The sliders draw into these: such a figure never pops up on its own in a
    notebook and is freed as soon as the slider drops it.
    """
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


def error_curve(data, true_value, weights=None, ax=None, color=PALETTE["blue"], label="squared error"):
    """The squared error as a function of the weight: a U whose bottom is at ``true_value / data``."""
    data = validate.number("data", data)
    true_value = validate.number("true_value", true_value)
    fig, ax = new_axes(ax)
    if weights is None:
        best = true_value / data if data else 0.0
        weights = np.linspace(best - 2, best + 2, 201)
    weights = validate.array("weights", weights, ndim=1)
    with np.errstate(over="ignore"):
        errors = (data * weights - true_value) ** 2
    ax.plot(weights, errors, color=color, label=label)
    ax.set_xlabel("weight")
    ax.set_ylabel("error")
    return fig, ax


def path_on_curve(history, data, true_value, ax=None, color=PALETTE["vermillion"], label="path"):
    """The error curve with the weights a search visited, joined in order."""
    weights, errors = history.weights, history.errors
    best = validate.number("true_value", true_value) / validate.number("data", data)
    low, high = min(weights.min(), best), max(weights.max(), best)
    pad = 0.15 * (high - low) + 0.25
    fig, ax = error_curve(data, true_value, np.linspace(low - pad, high + pad, 401), ax=ax)
    ax.plot(weights, errors, "o-", color=color, markersize=4, linewidth=1, alpha=0.9, label=label)
    ax.plot(weights[:1], errors[:1], "s", color=PALETTE["black"], markersize=6, label="start")
    ax.axvline(best, color=PALETTE["green"], linestyle=":", linewidth=1, label=f"best weight {best:.4g}")
    ax.legend(loc="upper center", fontsize="small")
    return fig, ax


def error_per_iteration(history, ax=None, log=True, color=PALETTE["blue"], label=None):
    """Error against iteration number; on a log scale by default, where steady shrinking is a straight line."""
    fig, ax = new_axes(ax)
    iterations = np.array([s.iteration for s in history])
    errors = history.errors
    if log:
        shown = errors > 0  # an error of exactly 0 has no place on a log axis
        ax.semilogy(iterations[shown], errors[shown], "o-", color=color, markersize=3, label=label)
        if not shown.all():
            ax.annotate("error exactly 0 from here on", (iterations[~shown][0], ax.get_ylim()[0]),
                        xytext=(0, 12), textcoords="offset points", fontsize="small", ha="center")
    else:
        ax.plot(iterations, errors, "o-", color=color, markersize=3, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("error (log scale)" if log else "error")
    return fig, ax


def search_panels(history, data, true_value, axes=None, title=None):
    """Two panels side by side: the path on the error curve, and the error per iteration."""
    if axes is None:
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    fig = axes[0].figure
    path_on_curve(history, data, true_value, ax=axes[0])
    error_per_iteration(history, ax=axes[1])
    if title:
        fig.suptitle(title)
    return fig, axes
