"""The part every optimizer shares: learning rate, clipping, step counter.

A concrete optimizer (``SGD``, ``Adam``, ...) only writes two small methods:

- ``_init_slots(w)``: the extra arrays it keeps per variable (its "slots",
  e.g. Adam's ``m`` and ``v``), as a dict of numpy arrays;
- ``_update(w, g, slots, lr)``: its update rule, a few lines of numpy that
  return the variable's new value from its value ``w`` and gradient ``g``
  (and store the new slot values in ``slots``).

Everything else -- skipping missing gradients, clipping, learning-rate
schedules, counting steps -- happens here, the same way for all of them.
"""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework.tensor import Tensor, Variable


def _fraction(name, value):
    """A number in [0, 1), like a momentum or a decay rate."""
    value = validate.number(name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be at least 0 and less than 1, got {value!r}")
    return value


def _positive_or_none(name, value):
    return None if value is None else validate.number(name, value, positive=True)


def value_of(variable):
    """The numpy array holding ``variable``'s current value (not a copy).

    ``variable`` is a gdcourse Variable, or a float64 numpy array (handy in
    exercises; the optimizer then edits it in place).
    """
    if isinstance(variable, Variable):
        return variable._value
    if isinstance(variable, np.ndarray) and variable.dtype == np.float64:
        return variable
    raise TypeError(
        f"optimizers update gdcourse Variables, got {type(variable).__name__}; "
        "make the weight with gdcourse.Variable(...)"
    )


def set_value(variable, new, check=True):
    """Give ``variable`` the new value ``new`` (an array of the same shape).

    A Variable gets the new array itself (never an in-place edit, as
    ``tensor.py`` promises: arrays taken from it earlier keep the old value).
    With ``check=True`` this goes through ``Variable.assign``, which refuses
    NaN; ``fit`` passes ``check=False`` and watches the loss itself.
    """
    if isinstance(variable, Variable):
        if check:
            variable.assign(new)
        else:
            variable._value = new
    else:  # a plain numpy array: edit it in place
        variable[...] = new


class Optimizer:
    """Base class of the optimizers. Not used on its own.

    Arguments shared by all optimizers (same meaning as in Keras):

    - ``learning_rate``: a number > 0, or a schedule (see
      ``gdcourse.framework.optimizers.schedules``) called with ``iterations``.
    - ``clipnorm``: rescale each gradient whose norm is above this, so that
      its norm becomes ``clipnorm``: ``g <- g * clipnorm / max(||g||, clipnorm)``.
    - ``global_clipnorm``: the same, but with the norm of all gradients
      together, so they all shrink by the same factor.
    - ``clipvalue``: clip every entry of every gradient into
      ``[-clipvalue, clipvalue]``.

    Only one of ``clipnorm`` / ``global_clipnorm`` may be given. As in
    Keras 3, if ``clipvalue`` is given together with a norm clip, only the
    norm clip is applied.

    ``iterations`` counts the steps taken so far (0 before the first).
    """

    name = "optimizer"

    def __init__(self, learning_rate, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 name=None):
        self._set_learning_rate(learning_rate)
        self.clipnorm = _positive_or_none("clipnorm", clipnorm)
        self.clipvalue = _positive_or_none("clipvalue", clipvalue)
        self.global_clipnorm = _positive_or_none("global_clipnorm", global_clipnorm)
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise ValueError(
                "only one of clipnorm and global_clipnorm can be set: clipnorm clips each "
                "gradient on its own, global_clipnorm clips all of them together"
            )
        if name is not None:
            self.name = name
        self.iterations = 0
        self._slots = {}  # id(variable) -> (variable, dict of slot arrays)

    # ---- learning rate -------------------------------------------------
    def _set_learning_rate(self, learning_rate):
        if callable(learning_rate):
            self._learning_rate = learning_rate  # a schedule: lr = schedule(step)
        else:
            self._learning_rate = validate.number("learning_rate", learning_rate, positive=True)

    @property
    def learning_rate(self):
        """The learning rate of the next step (a schedule is evaluated at ``iterations``)."""
        return self._current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        self._set_learning_rate(value)

    def _current_learning_rate(self):
        lr = self._learning_rate
        if type(lr) is float:
            return lr
        value = lr(self.iterations)
        return validate.number("learning_rate (from the schedule)", value, positive=True)

    # ---- clipping --------------------------------------------------------
    def _clip(self, grads):
        """Apply clipnorm, global_clipnorm or clipvalue (Keras 3 order) to a list of arrays."""
        if self.clipnorm is not None:
            c = self.clipnorm
            return [g * c / max(math.sqrt(np.vdot(g, g)), c) for g in grads]
        if self.global_clipnorm is not None:
            c = self.global_clipnorm
            global_norm = math.sqrt(sum(np.vdot(g, g) for g in grads))
            return [g * c / max(global_norm, c) for g in grads]
        if self.clipvalue is not None:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    # ---- slots -----------------------------------------------------------
    def _init_slots(self, w):
        """The per-variable state of this optimizer (override). ``w`` is the value."""
        return {}

    def _slots_for(self, variable, w):
        entry = self._slots.get(id(variable))
        if entry is None or entry[0] is not variable:
            entry = (variable, self._init_slots(w))
            self._slots[id(variable)] = entry
        return entry[1]

    def get_slot(self, variable, name):
        """The slot array ``name`` (e.g. ``'m'``) this optimizer keeps for ``variable``."""
        entry = self._slots.get(id(variable))
        if entry is None or entry[0] is not variable:
            raise KeyError("this optimizer has not updated that variable yet")
        return entry[1][name]

    # ---- the update rule (override) ---------------------------------------
    def _update(self, w, g, slots, lr):
        """Return the new value of a variable with value ``w`` and gradient ``g`` (override)."""
        raise NotImplementedError

    # ---- public API --------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Take one step: ``opt.apply_gradients(zip(grads, variables))``.

        Gradients may be gdcourse Tensors or numpy arrays; a ``None``
        gradient (a variable the loss does not depend on) is skipped.
        Returns the new ``iterations``.
        """
        grads, variables = [], []
        for pair in grads_and_vars:
            try:
                g, v = pair
            except (TypeError, ValueError):
                raise TypeError("apply_gradients expects pairs (gradient, variable), "
                                "e.g. zip(grads, variables)") from None
            if g is None:
                continue
            w = value_of(v)
            name = getattr(v, "name", None) or "a variable"
            if isinstance(g, Tensor):
                g = g._value  # float64 numbers already (as tape.gradient gives them): quick
            elif type(g) is not np.ndarray or g.dtype != np.float64:
                g = validate.array(f"the gradient for {name}", g, allow_empty=True)
            if g.shape != w.shape:
                raise ValueError(
                    f"gradient shape {g.shape} does not match the shape {w.shape} of {name}"
                )
            grads.append(g)
            variables.append(v)
        if not variables:
            raise ValueError(
                "no gradients were given for any variable (all were None): the loss does not "
                "depend on these variables. Compute the loss inside the `with GradientTape()` "
                "block, from the variables you pass."
            )
        # A step too big for float64 gives inf, quietly; a NaN is refused by Variable.assign.
        with np.errstate(over="ignore", invalid="ignore"):
            self._apply(grads, variables)
        return self.iterations

    def _apply(self, grads, variables, check=True):
        """The step itself, for lists of numpy gradients (``fit`` calls this directly)."""
        if (self.clipnorm is not None or self.global_clipnorm is not None
                or self.clipvalue is not None):
            grads = self._clip(grads)
        lr = self._current_learning_rate()
        for g, v in zip(grads, variables):
            w = value_of(v)
            set_value(v, self._update(w, g, self._slots_for(v, w), lr), check)
        self.iterations += 1

    def minimize(self, loss, var_list):
        """One step downhill on ``loss``, a function with no arguments.

        Runs ``loss()`` under a ``GradientTape``, takes the gradients with
        respect to ``var_list`` and applies them. Returns the loss value
        (before the step) as a float.
        """
        if not callable(loss):
            raise TypeError(
                "loss must be a function with no arguments, e.g. "
                "opt.minimize(lambda: gdcourse.reduce_mean((y - w * x) ** 2), [w])"
            )
        from gdcourse.framework.tensor import GradientTape

        if isinstance(var_list, Variable):
            var_list = [var_list]
        if (not isinstance(var_list, (list, tuple)) or not var_list
                or not all(isinstance(v, Variable) for v in var_list)):
            raise TypeError(f"var_list must be a list of the Variables to change, e.g. [w, b], "
                            f"got {type(var_list).__name__} {var_list!r:.60}")
        with GradientTape() as tape:
            value = loss()
        if not isinstance(value, Tensor) or np.size(value) != 1:
            what = f"shape {value.shape}" if isinstance(value, Tensor) else type(value).__name__
            raise TypeError("loss must return one number, a Tensor computed from the "
                            f"variables with gdcourse operations (e.g. reduce_mean), got {what}")
        grads = tape.gradient(value, var_list)
        self.apply_gradients(zip(grads, var_list))
        return float(np.asarray(value))

    def get_config(self):
        config = {"name": self.name, "learning_rate": self._learning_rate}
        for key in ("clipnorm", "clipvalue", "global_clipnorm"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        return config

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items() if k != "name")
        return f"{type(self).__name__}({args})"
