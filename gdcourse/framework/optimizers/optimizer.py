"""What every optimizer shares (Keras 3's pattern): a subclass writes ``build`` and
``update_step``; the base class skips ``None`` gradients, clips, evaluates a schedule and
counts ``iterations``."""
import math

import numpy as np

from gdcourse import validate
from gdcourse.framework.tensor import Tensor, Variable, quiet
from gdcourse.locale import _


def fraction(name, value):
    """A number in [0, 1), like a momentum or a decay rate."""
    value = validate.number(name, value)
    if not 0.0 <= value < 1.0:
        raise ValueError(_("{name} must be at least 0 and less than 1, got {value!r}", name=name, value=value))
    return value


class Optimizer:
    """``learning_rate``: a number > 0 or a schedule ``lr(iterations)``. Clipping as in Keras 3:
    ``clipnorm`` scales each gradient to norm at most ``clipnorm``, ``global_clipnorm`` all of
    them together, ``clipvalue`` clips each entry (ignored when a norm clip is given)."""

    def __init__(self, learning_rate, clipnorm=None, clipvalue=None, global_clipnorm=None):
        self.learning_rate = learning_rate
        self.clipnorm, self.clipvalue, self.global_clipnorm = (
            None if c is None else validate.number(name, c, positive=True)
            for name, c in [("clipnorm", clipnorm), ("clipvalue", clipvalue),
                            ("global_clipnorm", global_clipnorm)])
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(_("only one of clipnorm and global_clipnorm can be set: clipnorm clips each gradient on "
                               "its own, global_clipnorm all of them together"))
        self.iterations, self.built = 0, False

    @property
    def learning_rate(self):
        """The learning rate of the next step (a schedule is called with ``iterations``)."""
        lr = self._learning_rate
        if callable(lr):
            return validate.number(_("learning_rate (from the schedule)"), lr(self.iterations), positive=True)
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
            raise ValueError(_("this optimizer was built for other variables; make a new optimizer for these"))
        return i

    def assign(self, variable, value):  # a Variable, or a float64 numpy array edited in place
        if isinstance(variable, Variable):
            variable.assign(value)
        else:
            variable[...] = value

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
        for g, v in map(_pair, grads_and_vars):
            if g is not None:  # None: the loss does not depend on v
                grads.append(g)
                variables.append(v)
        if not variables:
            raise ValueError(_("no gradients were given for any variable (all were None): the loss does not depend "
                               "on these variables. Compute the loss inside the `with GradientTape()` block, from the "
                               "variables you pass."))
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
            c, norm = self.global_clipnorm, math.sqrt(sum(np.vdot(g, g) for g in grads))
            return [g * c / max(norm, c) for g in grads]
        if self.clipvalue is not None:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads


def _pair(pair):
    """``(gradient, variable)`` checked: the gradient as a numpy array of the variable's shape."""
    try:
        g, v = pair
    except (TypeError, ValueError):
        raise TypeError(_("apply_gradients expects pairs (gradient, variable), e.g. zip(grads, variables)")) from None
    if g is None:
        return None, v
    if not (isinstance(v, Variable) or isinstance(v, np.ndarray) and v.dtype == np.float64):
        raise TypeError(_("optimizers update gdcourse Variables, got {type}; make the weight with tf.Variable(...)",
                          type=type(v).__name__))
    name = getattr(v, "name", None) or _("a variable")
    g = g._value if isinstance(g, Tensor) else validate.array(_("the gradient for {name}", name=name), g,
                                                              allow_empty=True)
    if g.shape != v.shape:
        raise ValueError(_("gradient shape {shape} does not match the shape {variable} of {name}", shape=g.shape,
                           variable=v.shape, name=name))
    return g, v
