"""gdcourse: the small helper package behind the gradient-descent course.

Four folders, one per part of the course, plus ``tf.py``:

- ``course/``     the lesson helpers, one idea per file, in lesson order
- ``pictures/``   ``plots`` (data in, ``(fig, ax)`` out) and ``sliders``
- ``checks/``     feedback for the exercises, one file per lesson
- ``framework/``  a small TensorFlow/Keras: tensors, GradientTape, optimizers, Sequential
- ``tf.py``       that framework under TensorFlow's names: ``import gdcourse.tf as tf``
- ``tools/``      the learner's workspace and the maintainers' build
- ``validate.py`` the checks on what a learner passes in, shared by all of the above
- ``locale/``     the language it speaks: ``gdcourse.use_language("es")`` for Spanish feedback

Names are loaded the first time you use them, so ``import gdcourse`` stays
quick and has no side effects (it does not even import matplotlib).
"""
import importlib

from gdcourse.locale import use_language  # noqa: F401  (small: it reads a catalogue only when called)

__version__ = "0.1.0"

# Top-level name -> the module that defines it (TensorFlow-style shortcuts).
_EXPORTS = {
    "Variable": "tensor", "Tensor": "tensor", "constant": "tensor", "GradientTape": "tensor",
    "grads": "tensor", "add": "tensor", "subtract": "tensor", "multiply": "tensor",
    "divide": "tensor", "square": "tensor", "squared_difference": "tensor", "matmul": "tensor",
    "reduce_sum": "tensor", "reduce_mean": "tensor", "relu": "tensor", "reshape": "tensor",
    "Sequential": "models", "set_seed": "seeding",
}
# Short names for the modules, wherever they live (``from gdcourse import plots``).
_SUBMODULES = {
    "validate": "validate", "tf": "tf", "checks": "checks",
    "prediction_error": "course.prediction_error", "errors": "course.prediction_error",
    "jsformat": "course.jsformat", "searches": "course.searches", "digits": "course.digits",
    "linear": "course.linear", "batching": "course.batching", "surfaces": "course.surfaces",
    "forecast": "course.forecast", "datasets": "course.datasets",
    "plots": "pictures.plots", "sliders": "pictures.sliders",
    "tensor": "framework.tensor", "losses": "framework.losses", "optimizers": "framework.optimizers",
    "layers": "framework.layers", "models": "framework.models", "callbacks": "framework.callbacks",
    "seeding": "framework.seeding",
    "workspace": "tools.workspace", "build": "tools.build",
}

__all__ = sorted(_EXPORTS) + sorted(_SUBMODULES) + ["use_language"]


def __getattr__(name):
    # Called only for names not yet in this module; caching the answer in
    # globals() means the import happens once and later lookups are plain.
    if name in _SUBMODULES:
        value = importlib.import_module(f"gdcourse.{_SUBMODULES[name]}")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f"gdcourse.framework.{_EXPORTS[name]}"), name)
    else:
        raise AttributeError(f"module 'gdcourse' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return __all__
