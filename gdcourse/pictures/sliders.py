"""The lessons' sliders. Each has a picture and a one-paragraph summary of one setting, both plain
functions (tests and nbval call them without a browser), put under sliders by ``frame_slider``."""
import functools

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from gdcourse import validate
from gdcourse.course import batching, datasets, linear, prediction_error, searches, surfaces
from gdcourse.framework.optimizers import SGD
from gdcourse.locale import _
from gdcourse.pictures import plots
from gdcourse.pictures.frames import control, figure_png, frame_slider  # noqa: F401 - sliders.X names

PLAIN = FuncFormatter(lambda y, _: f"{y:g}")  # tick labels 0.05 and 1e-06, not in math type: quicker to draw
STEP_CHOICES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)  # lesson 02's steps; 0.05 is the article's
ALPHA_RANGE = (-2.5, 0.0, 0.125)  # lesson 04's alpha slider: log10 of its min and max, and its step (21 values)
ALPHA_ITERATIONS = (1, 2, 3, 5, 10, 15, 20, 30, 40, 60)  # lesson 04's iterations slider
STEP_ITERATIONS = (5, 10, 15, 20, 30, 40, 60, 80, 100)  # lesson 02's
LINREG_RATES = (0.01, 0.03, 0.06, 0.09, 0.11, 0.115, 0.119, 0.121, 0.125, 0.13)  # lesson 05
BATCH_SIZE_CHOICES = (1, 4, 16, 32, 64, "full")  # lesson 06; "full" = every sample in one batch
MOMENTUM_BETAS, MOMENTUM_RATES = (0.0, 0.5, 0.8, 0.9, 0.95), (0.005, 0.01, 0.02, 0.03, 0.04, 0.05)  # lesson 08


def _choices(name, values, positive=True):
    """A slider's choices (a list of numbers) as a tuple of floats, or a clear error."""
    return tuple(validate.number(name, value, positive=positive, nonnegative=not positive)
                 for value in validate.array(name, values, ndim=1))


def _quick_log(ax):
    """A log y axis without minor ticks and with plain labels (1e-06, not in math type): four times quicker to draw,
    and a slider draws every one of its pictures."""
    ax.yaxis.set(major_locator=LogLocator(numticks=6), minor_locator=NullLocator(), major_formatter=PLAIN)


def _log_values(low, high, step):
    """The values of a log slider: 10 ** low, 10 ** (low + step), ..., 10 ** high."""
    return [float(10.0 ** (low + k * step)) for k in range(int(round((high - low) / step)) + 1)]


def _counts(name, value, choices):
    """Iteration counts to offer: ``choices`` plus the ``value`` asked for."""
    return sorted({*choices, validate.integer(name, value, minimum=1)})


def _slider(picture, summary, controls, dpi=72, **fixed):
    """``frame_slider`` of ``picture(**settings, **fixed)``, captioned by ``summary(**settings, **fixed)``."""
    return frame_slider(functools.partial(picture, **fixed), controls,
                        caption=functools.partial(summary, **fixed), dpi=dpi)


# --- Lesson 02: the step size of the up/down search ----------------------------------------------
def up_down_picture(step=0.05, iterations=20, weight=0.5, data=3.0, true_value=4.0):
    """The up/down search drawn: its path on the error curve, and its error per iteration."""
    history = searches.up_down_search(weight, data, true_value, step, iterations)
    fig, axes = plots.new_figure(2, (9, 3.4), left=0.07, right=0.98, bottom=0.14, top=0.88, wspace=0.25)
    plots.search_panels(history, data, true_value, axes=axes,
                        title=_("up/down search, step {step:g}, {iterations} iterations", step=step, iterations=iterations))
    axes[1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[1].yaxis.set(major_locator=LogLocator(subs=(1.0, 2.0, 5.0)), minor_locator=NullLocator(), major_formatter=PLAIN)
    return fig


def up_down_summary(step=0.05, iterations=20, weight=0.5, data=3.0, true_value=4.0):
    """Where the run ended, its best error, and what it cost."""
    history = searches.up_down_search(weight, data, true_value, step, iterations)
    last, errors = history[-1], history.errors
    # The first iteration at the smallest error, to rounding: a bouncing search revisits it with other rounding.
    best = int(np.argmax(errors <= errors.min() * (1 + 1e-6)))
    return _("step {step:g}: after {iterations} iterations the prediction is {prediction:.4g} (error {error:.4g}); the "
             "best error, {best:.4g}, came at iteration {at}. Error evaluations spent: {spent}.", step=step,
             iterations=iterations, prediction=last.prediction, error=last.error, best=errors[best], at=best + 1,
             spent=history.evaluations)


def step_slider(weight=0.5, data=3.0, true_value=4.0, iterations=20, steps=STEP_CHOICES, dpi=72):
    """Sliders for the step size and the number of iterations of the up/down search."""
    controls = {"step": control(_("step"), _choices("steps", steps), 0.05),
                "iterations": control(_("iterations"), _counts("iterations", iterations, STEP_ITERATIONS), iterations)}
    return _slider(up_down_picture, up_down_summary, controls, dpi,
                   weight=weight, data=data, true_value=true_value)


# --- Lesson 04: the learning rate alpha of gradient descent --------------------------------------
def _derivative(derivative_scale):
    """The slope gradient descent follows: 2 = the true derivative, 1 = the article's (no 2)."""
    if (scale := validate.number("derivative_scale", derivative_scale)) not in (1, 2):
        raise ValueError(_("derivative_scale must be 2 (the true derivative) or 1 (the article's), got {scale!r}",
                           scale=scale))
    return prediction_error.error_derivative if scale == 2 else prediction_error.article_derivative


class AlphaPicture:
    """Top: alpha on the slider's scale, and where gradient descent diverges. Left: the path on the error curve.
    Right: error per iteration, log axis fitted to the run. Built once; a call only moves lines (half the time)."""

    def __init__(self, weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0):
        self.weight, self.data = validate.number("weight", weight), validate.number("data", data)
        self.true_value = validate.number("true_value", true_value)
        self.derivative, self.derivative_scale = _derivative(derivative_scale), derivative_scale
        self.boundary = searches.largest_stable_alpha(self.data, derivative_scale)
        best, colors = self.true_value / self.data, plots.PALETTE
        self.start_error = start_error = (self.data * self.weight - self.true_value) ** 2
        self.fig, (left, right) = plots.new_figure(2, (7.2, 3.4), left=0.08, right=0.98, bottom=0.14, top=0.72,
                                                   wspace=0.3)
        # Top strip: the slider's alpha scale, green where gradient descent converges.
        gauge = self.fig.add_axes([0.08, 0.81, 0.87, 0.07])  # room for the "1" at the right end
        low, high = 10.0 ** ALPHA_RANGE[0], 10.0 ** ALPHA_RANGE[1]
        gauge.set(xscale="log", xlim=(low, high), ylim=(0, 1), yticks=[])
        gauge.axvspan(low, self.boundary, color=colors["green"], alpha=0.5, linewidth=0)
        gauge.axvspan(self.boundary, high, color=colors["vermillion"], alpha=0.5, linewidth=0)
        gauge.axvline(self.boundary, color=colors["vermillion"], linewidth=1.5)
        gauge.axvline(self.boundary / 2, color=colors["green"], linestyle=":", linewidth=1.5)
        gauge.xaxis.set(minor_locator=NullLocator(), major_formatter=PLAIN)
        gauge.tick_params(labelsize="small", pad=1)
        self.alpha_marker, = gauge.plot([], [], "v", color=colors["black"], markersize=9, clip_on=False)
        # Left: the error curve around the best weight, wide enough to show a few overshoots.
        reach = 2.2 * abs(self.weight - best) or 1.0
        self.window = (best - reach, best + reach)
        plots.error_curve(self.data, self.true_value, np.linspace(*self.window, 121), ax=left)
        left.xaxis.set_major_locator(MaxNLocator(nbins=5))
        left.yaxis.set_major_locator(MaxNLocator(nbins=4))
        top = max((self.data * w - self.true_value) ** 2 for w in self.window)
        left.set(xlim=self.window, ylim=(-0.04 * top, 1.05 * top))
        left.axvline(best, color=colors["green"], linestyle=":", linewidth=1)
        self.path, = left.plot([], [], "o-", color=colors["vermillion"], markersize=4, linewidth=1)
        left.plot([self.weight], [start_error], "s", color=colors["black"], markersize=6)
        self.leaves = left.text(0.5, 0.97, "", transform=left.transAxes, ha="center", va="top",
                                fontsize="small", color=colors["vermillion"])
        # Right: error per iteration on a log axis at least 12 decades tall, plain tick labels (1e-20, not 10^-20).
        right.set(yscale="log", xlabel=_("iteration"), ylabel=_("error (log scale; ▼ = 0)"))
        right.yaxis.set(major_locator=LogLocator(numticks=6), minor_locator=NullLocator(),
                        major_formatter=FuncFormatter(lambda y, _: f"1e{round(np.log10(y)):d}"))
        right.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        right.axhline(start_error, color=colors["black"], linestyle=":", linewidth=1)
        self.error_line, = right.plot([], [], "o-", color=colors["blue"], markersize=3)
        # An error of exactly 0 has no place on a log axis: mark it on the floor instead.
        self.zero_marks, = right.plot([], [], "v", color=colors["green"], markersize=5)
        self.title = self.fig.suptitle("", y=0.99, fontsize="medium")

    def __call__(self, alpha, iterations):
        """Run gradient descent with this alpha, update the picture, and return the Figure."""
        history = searches.gradient_descent(self.weight, self.data, self.true_value, alpha, iterations, self.derivative)
        weights, errors, steps = history.weights, history.errors, np.arange(1, len(history) + 1)
        self.alpha_marker.set_data([min(max(alpha, 10.0 ** ALPHA_RANGE[0]), 10.0 ** ALPHA_RANGE[1])], [0.5])
        self.path.set_data(weights, errors)
        outside = np.nonzero((weights < self.window[0]) | (weights > self.window[1]))[0]
        self.leaves.set_text(_("the path leaves the picture at iteration {n}", n=outside[0] + 1) if outside.size else "")
        zero = errors == 0
        self.error_line.set_data(steps[~zero], errors[~zero])
        low = min(errors[~zero].min(initial=self.start_error), 1e-6 * self.start_error) / 10
        self.error_line.axes.set_ylim(low, min(10 * max(errors.max(), 1e6 * self.start_error), 1e100))
        self.zero_marks.set_data(steps[zero], np.full(zero.sum(), 3 * low))
        self.error_line.axes.set_xlim(0.5, max(iterations, 2) + 0.5)
        derivative = _("true derivative") if self.derivative_scale == 2 else _("article's derivative")
        name = searches.REGIME_NAMES[searches.regime(alpha, self.data, self.derivative_scale)]
        self.title.set_text(_("alpha = {alpha:.4g} ({derivative}): {name}; converges for alpha < {boundary:.4g}",
                              alpha=alpha, derivative=derivative, name=name, boundary=self.boundary))
        return self.fig


def alpha_summary(alpha=0.1, iterations=20, weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0):
    """The regime, why, where the boundary is, and how the run ended."""
    history = searches.gradient_descent(weight, data, true_value, alpha, iterations, _derivative(derivative_scale))
    name = searches.regime(alpha, data, derivative_scale)
    factor = searches.contraction_factor(alpha, data, derivative_scale)
    boundary = searches.largest_stable_alpha(data, derivative_scale)
    derivative = (_("the true derivative 2·data·(data·w − true)") if derivative_scale == 2
                  else _("the article's derivative data·(data·w − true), which drops the 2"))
    ending = history.note if history.diverged else _("After {n} iterations the error is {error:.3g}.", n=len(history),
                                                      error=history[-1].error)
    return _("alpha = {alpha:.4g} with {derivative}: {name}, {why}. Each step multiplies the miss by 1 − {two}alpha·data² "
             "= {factor:.4g}. Gradient descent converges only for alpha below {boundary:.4g} (and lands in one step at "
             "alpha = {half:.4g}). {ending}", alpha=alpha, derivative=derivative, name=searches.REGIME_NAMES[name],
             why=searches.REGIMES[name], two="2·" if derivative_scale == 2 else "", factor=factor, boundary=boundary,
             half=boundary / 2, ending=ending)


def alpha_slider(weight=0.5, data=3.0, true_value=4.0, derivative_scale=2.0, alpha=0.1,
                 iterations=20, dpi=80):
    """Sliders for the learning rate alpha and the number of iterations (``derivative_scale`` 1: the article's)."""
    alpha = validate.number("alpha", alpha, positive=True)
    controls = {"alpha": control("alpha", _log_values(*ALPHA_RANGE), alpha, label="{:.4g}"),
                "iterations": control(_("iterations"), _counts("iterations", iterations, ALPHA_ITERATIONS), iterations)}
    summary = functools.partial(alpha_summary, weight=weight, data=data, true_value=true_value,
                                derivative_scale=derivative_scale)
    return _slider(AlphaPicture(weight, data, true_value, derivative_scale), summary, controls, dpi)


# --- Lesson 05: the learning rate of linear regression, and where it stops converging -----------
def _linreg_run(learning_rate, steps):
    """Gradient descent from (w, b) = (0, -3) on lesson 05's problem (x = 1..4, y = 2x), and 2 / lambda_max."""
    x, y = (a[:, :1] for a in datasets.article000()[:2])  # x's first column; y has only one
    run = linear.gradient_descent(x, y, learning_rate, steps, w=[0.0], b=-3.0)
    return x, y, run, linear.largest_stable_learning_rate(x)


def linreg_lr_picture(learning_rate=0.1, steps=60):
    """The path over the loss contours, the loss per step, and a ruler of learning rates with the boundary."""
    x, y, run, boundary = _linreg_run(learning_rate, steps)
    fig, axes = plots.new_figure(2, (9.5, 4.2), left=0.07, right=0.98, bottom=0.33, top=0.9, wspace=0.25)
    ws, bs = np.linspace(-0.5, 4.5, 100), np.linspace(-3.5, 3.5, 100)
    plots.contour_paths(ws, bs, linear.loss_grid(x, y, ws, bs),
                        {f"lr {learning_rate:g}": np.column_stack([run.weights[:, 0], run.biases])},
                        ax=axes[0], minimum=(2.0, 0.0))
    verdict = _("diverges") if learning_rate >= boundary else _("converges")
    plots.loss_per_step({f"lr {learning_rate:g} ({verdict})": run.losses}, ax=axes[1])
    _quick_log(axes[1])
    fig.suptitle(_("learning rate {lr:g}: {verdict} (boundary 2/λ_max = {boundary:.4f})", lr=learning_rate,
                   verdict=verdict, boundary=boundary))
    ruler = fig.add_axes([0.07, 0.13, 0.91, 0.05])
    top = max(0.14, 1.1 * learning_rate)
    ruler.axvspan(0, boundary, color=plots.PALETTE["green"], alpha=0.25, linewidth=0)
    ruler.axvspan(boundary, top, color=plots.PALETTE["vermillion"], alpha=0.25, linewidth=0)
    ruler.axvline(boundary, color=plots.PALETTE["black"], linewidth=1.2)
    ruler.plot([learning_rate], [0.5], "v", color=plots.PALETTE["blue"], markersize=10)
    ruler.set(xlim=(0, top), ylim=(0, 1), yticks=[])
    ruler.set_xlabel(_("learning rate (green: converges, orange: diverges; black line: 2/λ_max)"), fontsize="small")
    return fig


def linreg_lr_summary(learning_rate=0.1, steps=60):
    """Converges or diverges, the boundary, and the loss after ``steps`` steps."""
    x, y, run, boundary = _linreg_run(learning_rate, steps)
    factor = abs(1 - learning_rate * float(linear.curvatures(x).max()))
    verdict = (_("learning rate {lr:g} is below the boundary 2/λ_max = {boundary:.4f}: stable.", lr=learning_rate,
                 boundary=boundary) if learning_rate < boundary else
               _("learning rate {lr:g} is above the boundary 2/λ_max = {boundary:.4f}: diverging.", lr=learning_rate,
                 boundary=boundary))
    return verdict + " " + _(
        "Along the steepest direction each step multiplies the miss by |1 - lr·λ_max| = {factor:.3f}. Loss after {steps} "
        "steps: {last:.3g} (it started at {first:.3g}).", factor=factor, steps=run.steps, last=run.losses[-1],
        first=run.losses[0])


def linreg_lr_slider(steps=60, rates=LINREG_RATES, dpi=72):
    """A slider for the learning rate of gradient descent on lesson 05's one-feature problem."""
    controls = {"learning_rate": control(_("learning rate"), _choices("rates", rates), 0.09)}
    return _slider(linreg_lr_picture, linreg_lr_summary, controls, dpi=dpi, steps=steps)


# --- Lesson 06: batch size and learning rate of mini-batch gradient descent ---------------------
def minibatch_runs(batch_size=16, learning_rate=0.1, steps=100, seed=0):
    """``(x, y, runs)`` on article 004's line, x standardized: this setting's run, then batch gradient descent's."""
    x, y = datasets.noisy_line()
    x, y = linear.standardize(x)[0].ravel(), y.ravel()
    full = isinstance(batch_size, str) and batch_size == "full"
    sizes = dict.fromkeys([len(x) if full else validate.integer("batch_size", batch_size, minimum=1), len(x)])
    return x, y, [batching.train_line(x, y, size, learning_rate, steps=steps, seed=seed) for size in sizes]


def minibatch_picture(batch_size=16, learning_rate=0.1, steps=100, seed=0):
    """Left: loss per step (with batch gradient descent for comparison); right: the path in (w, b)."""
    x, y, runs = minibatch_runs(batch_size, learning_rate, steps, seed)
    best = np.polyfit(x, y, 1)  # least squares: (slope, intercept)
    fig, axes = plots.new_figure(2, (10, 3.8), left=0.08, right=0.98, bottom=0.13, top=0.89, wspace=0.22)
    plots.run_losses(runs, ax=axes[0], floor=batching.line_loss(*best, x, y))
    _quick_log(axes[0])
    plots.line_loss_paths(x, y, runs, ax=axes[1], best=best)
    fig.suptitle(_("batch size {size}, learning rate {lr:.3g}, {steps} steps", size=runs[0].batch_size, lr=learning_rate,
                   steps=steps))
    return fig


def minibatch_summary(batch_size=16, learning_rate=0.1, steps=100, seed=0):
    """Steps per epoch, epochs used, final loss (or divergence)."""
    x, y, (run, *_others) = minibatch_runs(batch_size, learning_rate, steps, seed)
    setting = _("batch size {size}, learning rate {lr:.3g}: ", size=run.batch_size, lr=learning_rate)
    first, last = run.loss[0], run.loss[-1]
    if run.diverged:
        return setting + run.note
    if abs(last - first) <= 1e-6 * first:
        return setting + _("the loss is still {last:.4g} after {steps} steps, where it started. Each step overshoots by "
                           "exactly as much as it was off: this learning rate sits on the edge of stability.", last=last,
                           steps=steps)
    if last > first:
        return setting + _("the loss grew from {first:.4g} to {last:.4g} in {steps} steps. The steps are too big for this "
                           "batch size and the run diverges: lower the learning rate.", first=first, last=last, steps=steps)
    per_epoch, epochs = batching.steps_per_epoch(len(x), run.batch_size), run.epochs[-1]
    per = _("{n} step per epoch", n=per_epoch) if per_epoch == 1 else _("{n} steps per epoch", n=per_epoch)
    made = _("{n:.3g} epoch", n=epochs) if epochs == 1 else _("{n:.3g} epochs", n=epochs)
    return _("batch size {size}: {per}, so {steps} steps make {made} (passes through the data). Final loss {last:.5g} "
             "(the least-squares line has {best:.5g}).", size=run.batch_size, per=per, steps=steps,
             made=made, last=last, best=batching.line_loss(*np.polyfit(x, y, 1), x, y))


def minibatch_slider(steps=100, seed=0, batch_sizes=BATCH_SIZE_CHOICES, dpi=72):
    """Sliders for the batch size and the learning rate of mini-batch gradient descent."""
    steps, seed = validate.integer("steps", steps, minimum=1), validate.integer("seed", seed, minimum=0)
    sizes = tuple(s if isinstance(s, str) and s == "full" else validate.integer("each of batch_sizes (or 'full')",
                                                                                s, minimum=1) for s in batch_sizes)
    if not sizes:
        raise ValueError(_("batch_sizes must hold at least one batch size"))
    controls = {"batch_size": control(_("batch size"), sizes, 16),
                "learning_rate": control(_("learning rate"), _log_values(-2, 0.25, 0.25), 0.1, label="{:.3g}")}
    return _slider(minibatch_picture, minibatch_summary, controls, dpi, steps=steps, seed=seed)


# --- Lesson 08: momentum beta and the learning rate on a ravine ---------------------------------
def momentum_runs(beta=0.9, learning_rate=0.01, steps=100):
    """``(surface, {label: path})``: plain gradient descent and SGD with momentum ``beta`` on lesson 08's ravine."""
    if (beta := validate.number("beta", beta, nonnegative=True)) >= 1:
        raise ValueError(_("beta must be below 1 (with beta 1 the velocity never forgets), got {beta!r}", beta=beta))
    runs = {_("gradient descent"): 0.0} | ({_("momentum {beta:g}", beta=beta): beta} if beta > 0 else {})
    surface = surfaces.ravine(condition=50, angle=30)
    return surface, surfaces.race(surface, {label: SGD(learning_rate, momentum=b) for label, b in runs.items()}, steps)


def momentum_picture(beta=0.9, learning_rate=0.01, steps=100):
    """Left: the paths over the ravine's contours. Right: the loss per step (log scale)."""
    surface, paths = momentum_runs(beta, learning_rate, steps)
    fig, axes = plots.new_figure(2, (9.5, 3.9), left=0.06, right=0.98, bottom=0.22, top=0.89, wspace=0.22)
    xs, ys = np.linspace(*surface.xlim, 80), np.linspace(*surface.ylim, 80)
    Z = surface.value(np.stack(np.meshgrid(xs, ys), axis=-1))
    plots.contour_paths(xs, ys, Z, paths, ax=axes[0], minimum=surface.minimum, xlabel="x", ylabel="y",
                        levels=10, markers=False)
    plots.loss_per_step({label: surface.value(path) for label, path in paths.items()}, ax=axes[1])
    for ax in axes:  # one legend below both panels: a diverging path may cover any corner
        ax.get_legend().remove()
    fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=4, fontsize="small")
    axes[1].set_ylim(1e-6, 1e4)
    _quick_log(axes[1])
    fig.suptitle(_("momentum β = {beta:g}, learning rate {lr:g}, {steps} steps", beta=beta, lr=learning_rate, steps=steps))
    return fig


def momentum_summary(beta=0.9, learning_rate=0.01, steps=100):
    """The final loss of each run, or where it diverged, and the stability limits."""
    surface, paths = momentum_runs(beta, learning_rate, steps)
    parts = [_("{label} diverged (stopped after {n} steps)", label=label, n=len(path) - 1) if len(path) < steps + 1
             else _("{label} ends at loss {loss:.2g}", label=label, loss=surface.value(path[-1]))
             for label, path in paths.items()]
    limits = _("Plain gradient descent is stable below 2/λ_max = 2/50 = 0.04") + (
        _("; momentum β = {beta:g} is stable up to 2(1 + β)/50 = {top:.3g}", beta=beta, top=2 * (1 + beta) / 50)
        if beta > 0 else "")
    return _("β = {beta:g}, learning rate {lr:g}: ", beta=beta, lr=learning_rate) + "; ".join(parts) + f". {limits}."


def momentum_slider(steps=100, betas=MOMENTUM_BETAS, rates=MOMENTUM_RATES, dpi=64):
    """Sliders for the momentum β and the learning rate."""
    controls = {"beta": control(_("momentum β"), _choices("betas", betas, positive=False), 0.9),
                "learning_rate": control(_("learning rate"), _choices("rates", rates), 0.01)}
    return _slider(momentum_picture, momentum_summary, controls, dpi, steps=steps)
