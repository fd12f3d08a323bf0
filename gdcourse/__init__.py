"""gdcourse: the small helper package behind the gradient-descent course.

Read it like a book, one module per idea:

- ``errors``     how wrong is a prediction (lesson 01)
- ``searches``   the up/down search and 1-D gradient descent (lessons 02-04)
- ``plots``      figures: every function takes data and returns ``(fig, ax)``
- ``sliders``    interactive widgets built on the two above
- ``checks``     feedback for the exercises
- ``digits``     how many digits to print: the ones every machine agrees on
- ``tensor``     Variable, GradientTape: reverse-mode autodiff in numpy
- ``losses``, ``optimizers``, ``layers``, ``models``, ``callbacks``,
  ``datasets``  a Keras-shaped training stack (lessons 05-08)
- ``tf``         all of that under TensorFlow's names: ``import gdcourse.tf as tf``

Names are loaded the first time you use them, so ``import gdcourse`` stays
quick and has no side effects (it does not even import matplotlib).
"""
import importlib

__version__ = "0.1.0"

# Top-level name -> the module that defines it (TensorFlow-style shortcuts).
_EXPORTS = {
    "Variable": "tensor", "Tensor": "tensor", "constant": "tensor",
    "GradientTape": "tensor", "grads": "tensor", "value_and_grad": "tensor",
    "value_and_grads": "tensor",
    "add": "tensor", "subtract": "tensor", "multiply": "tensor", "divide": "tensor",
    "square": "tensor", "sqrt": "tensor", "exp": "tensor", "log": "tensor",
    "abs": "tensor", "maximum": "tensor", "matmul": "tensor",
    "reduce_sum": "tensor", "reduce_mean": "tensor", "tanh": "tensor",
    "sigmoid": "tensor", "relu": "tensor", "reshape": "tensor", "transpose": "tensor",
    "Sequential": "models", "set_seed": "seeding",
}
_SUBMODULES = {
    "validate", "digits", "jsformat", "errors", "searches", "plots", "sliders", "checks",
    "tensor", "losses", "optimizers", "layers", "models", "callbacks",
    "datasets", "seeding", "workspace", "build", "linear", "surfaces",
    "batching", "forecast", "progress", "tf",
}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES)


def __getattr__(name):
    # Called only for names not yet in this module; caching the answer in
    # globals() means the import happens once and later lookups are plain.
    if name in _SUBMODULES:
        value = importlib.import_module(f"gdcourse.{name}")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f"gdcourse.{_EXPORTS[name]}"), name)
    else:
        raise AttributeError(f"module 'gdcourse' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return __all__
