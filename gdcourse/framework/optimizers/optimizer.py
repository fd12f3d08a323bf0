"""What every optimizer shares, in Keras 3's pattern.

A subclass writes two methods:

- ``build(var_list)``: its state per variable (its "slots", e.g. Adam's
  ``m`` and ``v``), made with ``self.add_variable_from_reference(var_list)``;
- ``update_step(gradient, variable, learning_rate)``: its rule, a few lines
  of numpy ending in ``self.assign(variable, new_value)``.

The base class does the rest: ``apply_gradients`` (skip ``None`` gradients,
clip, evaluate a learning-rate schedule, count ``iterations``) and ``minimize``.
"""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework.tensor import GradientTape, Tensor, Variable, quiet


def fraction(name, value):
    """A number in [0, 1), like a momentum or a decay rate."""
    value = validate.number(name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be at least 0 and less than 1, got {value!r}")
    return value


class Optimizer:
    """Base class. ``learning_rate`` is a number > 0 or a schedule ``lr(iterations)``.

    Clipping, as in Keras 3: ``clipnorm`` rescales each gradient to norm at
    most ``clipnorm``; ``global_clipnorm`` does it with the norm of all of them
    together; ``clipvalue`` clips every entry into ``[-clipvalue, clipvalue]``
    (ignored when a norm clip is given).
    """

    def __init__(self, learning_rate, clipnorm=None, clipvalue=None, global_clipnorm=None):
        self.learning_rate = learning_rate
        self.clipnorm, self.clipvalue, self.global_clipnorm = (
            None if c is None else validate.number(name, c, positive=True)
            for name, c in [("clipnorm", clipnorm), ("clipvalue", clipvalue),
                            ("global_clipnorm", global_clipnorm)])
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError("only one of clipnorm and global_clipnorm can be set: clipnorm clips "
                             "each gradient on its own, global_clipnorm all of them together")
        self.iterations = 0
        self.built = False

    @property
    def learning_rate(self):
        """The learning rate of the next step (a schedule is called with ``iterations``)."""
        lr = self._learning_rate
        if callable(lr):
            return validate.number("learning_rate (from the schedule)", lr(self.iterations),
                                   positive=True)
        return lr

    @learning_rate.setter
    def learning_rate(self, value):
        self._learning_rate = value if callable(value) else validate.number(
            "learning_rate", value, positive=True)

    def build(self, var_list):
        self._index = {id(v): i for i, v in enumerate(var_list)}
        self._var_list = list(var_list)  # holds them, so their ids stay theirs
        self.built = True

    def add_variable_from_reference(self, var_list, initial_value=0.0):
        """One slot array per variable, of its shape, filled with ``initial_value``."""
        return [np.full(v.shape, initial_value) for v in var_list]

    def index(self, variable):
        """The position of ``variable`` in the list this optimizer was built for."""
        i = self._index.get(id(variable))
        if i is None:
            raise ValueError("this optimizer was built for other variables; make a new "
                             "optimizer for these")
        return i

    def assign(self, variable, value):
        if isinstance(variable, Variable):
            variable.assign(value)  # a new array: the tensor wing's NaN policy applies
        else:
            variable[...] = value   # a plain float64 numpy array is edited in place

    def assign_sub(self, variable, delta):
        if isinstance(variable, Variable):
            variable.assign_sub(delta)
        else:
            variable -= delta

    def update_step(self, gradient, variable, learning_rate):
        raise NotImplementedError

    def apply_gradients(self, grads_and_vars):
        """One step: ``opt.apply_gradients(zip(grads, variables))``. Returns ``iterations``."""
        grads, variables = [], []
        for pair in grads_and_vars:
            g, v = _pair(pair)
            if g is not None:  # None: the loss does not depend on v
                grads.append(g)
                variables.append(v)
        if not variables:
            raise ValueError("no gradients were given for any variable (all were None): the loss "
                             "does not depend on these variables. Compute the loss inside the "
                             "`with GradientTape()` block, from the variables you pass.")
        if not self.built:
            self.build(variables)
        lr = self.learning_rate
        with quiet():  # too big a step is honestly inf; NaN is refused by Variable.assign
            for g, v in zip(self._clip(grads), variables):
                self.update_step(g, v, lr)
        self.iterations += 1
        return self.iterations

    def _clip(self, grads):
        if self.clipnorm is not None:
            c = self.clipnorm
            return [g * c / max(math.sqrt(np.vdot(g, g)), c) for g in grads]
        if self.global_clipnorm is not None:
            c = self.global_clipnorm
            norm = math.sqrt(sum(np.vdot(g, g) for g in grads))
            return [g * c / max(norm, c) for g in grads]
        if self.clipvalue is not None:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def minimize(self, loss, var_list):
        """One step downhill on ``loss()``, a function of no arguments; returns its value."""
        if not callable(loss):
            raise TypeError("loss must be a function with no arguments, e.g. "
                            "opt.minimize(lambda: tf.reduce_mean((y - w * x) ** 2), [w])")
        var_list = [var_list] if isinstance(var_list, Variable) else var_list
        if not isinstance(var_list, (list, tuple)) or not var_list or not all(
                isinstance(v, Variable) for v in var_list):
            raise TypeError(f"var_list must be a list of the Variables to change, e.g. [w, b], "
                            f"got {var_list!r:.60}")
        with GradientTape() as tape:
            value = loss()
        if not isinstance(value, Tensor) or np.size(value) != 1:
            raise TypeError("loss must return one number, a Tensor computed from the variables "
                            f"with gdcourse operations (e.g. reduce_mean), got {value!r:.60}")
        self.apply_gradients(zip(tape.gradient(value, var_list), var_list))
        return float(value)


def _pair(pair):
    """``(gradient, variable)`` checked: the gradient as a numpy array of the variable's shape."""
    try:
        g, v = pair
    except (TypeError, ValueError):
        raise TypeError("apply_gradients expects pairs (gradient, variable), "
                        "e.g. zip(grads, variables)") from None
    if g is None:
        return None, v
    if not (isinstance(v, Variable) or isinstance(v, np.ndarray) and v.dtype == np.float64):
        raise TypeError(f"optimizers update gdcourse Variables, got {type(v).__name__}; "
                        "make the weight with tf.Variable(...)")
    name = getattr(v, "name", None) or "a variable"
    g = g._value if isinstance(g, Tensor) else validate.array(f"the gradient for {name}", g,
                                                              allow_empty=True)
    if g.shape != v.shape:
        raise ValueError(f"gradient shape {g.shape} does not match the shape {v.shape} of {name}")
    return g, v
