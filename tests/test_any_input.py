"""Any input: nothing a learner passes may crash gdcourse in a confusing way (issue "Learner-proof", part 2).

Two kinds of property tests, both driven by hypothesis:

1. **Public functions** (this file: validate, jsformat, errors, searches,
   tensor; ``test_any_input_stack.py`` and ``test_any_input_plots.py`` cover
   the rest). Each function is called with its valid arguments, except that
   one or two of them are replaced by something bad: the wrong type or
   shape, an empty array, NaN, infinity, a huge number, 0 or a negative
   rate, a misbehaving callback. The function must then either

   - raise ``TypeError`` or ``ValueError`` whose message names the argument
     (or a documented exception, listed per function), or
   - return a result holding no NaN (infinity is allowed where a result is
     honestly too big for float64);

   and it must never let a RuntimeWarning escape (the pytest configuration
   turns them into errors) or raise anything else from inside numpy.

2. **Checks** (``gdcourse.checks.<name>``, found dynamically): for any
   learner function -- one that raises, returns None or the wrong type or
   shape, NaN, infinity, a huge number, prints, mutates its arguments,
   never returns -- a check returns a falsy ``CheckResult`` with a message,
   and it still passes the reference solution afterwards.

Known bugs in modules this file does not own are ``xfail(strict=True)``
with the exact bug in the reason; each such test first runs the input that
shows the bug, so it fails the same way every run (and XPASSes, asking for
the marker to go, once the bug is fixed). ``derandomize=True`` makes every
run try the same examples: no flaky failures.
"""
import contextlib
import inspect
import math
import re
import threading
import time
import types
from dataclasses import dataclass, field

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from gdcourse import validate
from gdcourse.course import prediction_error, jsformat, searches
from gdcourse.framework import tensor as T
from gdcourse.checks import core

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])


# =============================================================================
# Bad values


class Opaque:
    """An object numpy cannot turn into a number."""

    def __repr__(self):
        return "Opaque()"


class LearnerError(Exception):
    """Raised by a misbehaving callback: it may pass through gdcourse unchanged."""


HUGE_INT = 10 ** 400

# Factories, so that every example gets fresh (unmutated) objects.
SPECIAL_VALUES = [
    lambda: None, lambda: "abc", lambda: "", lambda: "1.5", lambda: b"\x00", lambda: True,
    lambda: False, lambda: 1j, lambda: Opaque(), lambda: {}, lambda: {"a": 1}, lambda: [],
    lambda: [[1.0], [1.0, 2.0]], lambda: ["a", "b"], lambda: math.nan, lambda: math.inf,
    lambda: -math.inf, lambda: 0, lambda: 0.0, lambda: -0.0, lambda: -1, lambda: -2.5,
    lambda: 5e-324, lambda: 1e-300, lambda: 1e300, lambda: -1e300,
    lambda: 1.7976931348623157e308, lambda: -1.7976931348623157e308,
    lambda: HUGE_INT, lambda: -HUGE_INT, lambda: np.array([]), lambda: np.zeros((0, 3)),
    lambda: np.array([np.nan]), lambda: np.array([[1.0, np.inf]]), lambda: np.array(["a", "b"]),
    lambda: np.array([1 + 2j]), lambda: np.ones((2, 2, 2)), lambda: np.array(1e300),
    lambda: np.array([1e300, -1e300]), lambda: np.float32(1.5), lambda: np.int64(3),
    lambda: np.array([1, 2], dtype=object), lambda: T.constant([1.0, 2.0]),
    lambda: T.Variable(3.0), lambda: (lambda *args: None), lambda: Opaque,
]


def bad_values(max_int=None):
    """Anything a learner might pass by mistake. ``max_int`` caps whole numbers (for counts)."""
    values = st.one_of(
        st.sampled_from(SPECIAL_VALUES).map(lambda make: make()),
        st.floats(),                                   # includes NaN, +-inf, huge, tiny
        st.integers(-3, 3),
        hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)),
        st.lists(st.floats(), max_size=3),
    )
    if max_int is not None:  # a count of 10**400 iterations is a hang, not a bug
        values = values.filter(lambda v: not (isinstance(v, (int, np.integer))
                                              and not isinstance(v, bool) and abs(v) > max_int))
    return values


BAD = bad_values()
BAD_COUNT = bad_values(max_int=1000)
# Strategy -> which special values it may take (the specials run for every fuzzed argument).
SPECIAL_FILTERS = {id(BAD_COUNT): lambda v: not (isinstance(v, int) and abs(v) > 1000)}


def _returns(value):
    def callback(*args, **kwargs):
        return value() if callable(value) else value
    return callback


def _raises(*args, **kwargs):
    raise LearnerError("the learner's own mistake")


# Callbacks a learner might hand over (a derivative, a gradient, a loss ...).
BAD_CALLBACKS = st.sampled_from([
    _returns(None), _returns("abc"), _returns(math.nan), _returns(math.inf), _returns(-math.inf),
    _returns(1e300), _returns(HUGE_INT), _returns(lambda: np.zeros((3, 2))),
    _returns(lambda: np.array([])), _returns(lambda: [1.0, "a"]), _returns(Opaque()),
    _returns(lambda: T.constant([1.0, 2.0, 3.0])), _returns(lambda: iter([1.0])), _raises,
])
BAD_OR_CALLBACK = st.one_of(BAD, BAD_CALLBACKS)


# =============================================================================
# Judging one call


def nan_paths(value, path="result", depth=0, seen=None):
    """Where ``value`` (a number, array, Tensor, container or gdcourse object) holds a NaN."""
    seen = set() if seen is None else seen
    if depth > 5 or id(value) in seen or value is None or isinstance(value, (bool, str, bytes)):
        return []
    seen.add(id(value))
    if isinstance(value, (float, np.floating, complex, np.complexfloating)):
        return [path] if np.isnan(value) else []
    if isinstance(value, T.Tensor):
        value = value._value
    if isinstance(value, np.ndarray):
        return [path] if value.dtype.kind in "fc" and np.isnan(value).any() else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in nan_paths(v, f"{path}[{k!r}]", depth + 1, seen)]
    if isinstance(value, (list, tuple)):
        return [p for i, v in enumerate(value[:1000])
                for p in nan_paths(v, f"{path}[{i}]", depth + 1, seen)]
    if type(value).__module__.startswith("gdcourse") and hasattr(value, "__dict__"):
        return [p for k, v in vars(value).items() if not callable(v)
                for p in nan_paths(v, f"{path}.{k}", depth + 1, seen)]
    return []


ARITY = re.compile(r"takes (no|\d+) (positional )?arguments?|missing \d+ required positional"
                   r"|unexpected keyword argument")


def judge(call, bad, names=(), allowed=()):
    """Run ``call()``; ``bad`` maps each replaced argument to its bad value.

    Passes when the call raises TypeError/ValueError naming one of the
    replaced arguments (or one of ``names``), raises one of the ``allowed``
    exceptions (or a callback's own LearnerError), or returns something
    without NaN. Anything else -- another exception, an escaped
    RuntimeWarning, a silent NaN, a message that names nobody -- fails.
    """
    try:
        result = call()
        if isinstance(result, types.GeneratorType):  # errors of a generator show when it runs
            result = list(result)
    except LearnerError:
        return
    except allowed:
        return
    except (TypeError, ValueError) as exc:
        message = str(exc)
        if ARITY.search(message) and any(callable(v) for v in bad.values()):
            return  # Python's own "f() takes 2 positional arguments ..." names the callback
        wanted = tuple(bad) + tuple(names)
        assert any(name in message for name in wanted), (
            f"{type(exc).__name__} for {bad!r} does not name the argument "
            f"(expected one of {wanted}): {message}")
        return
    found = nan_paths(result)
    assert not found, f"silent NaN in {found[:3]} for {bad!r}"


@dataclass
class Spec:
    """How to call one public function, and which arguments to spoil.

    ``call(**kwargs)`` calls it (often the function itself); ``target`` is
    the function whose signature must have every fuzzed parameter; ``valid``
    holds good arguments (factories, so each example gets fresh objects);
    ``fuzz`` maps a parameter to a strategy of bad values; ``names`` lists
    words an error message may use instead of the parameter's name;
    ``allowed`` lists documented exceptions; ``bugs`` lists known bugs as
    ``(kwargs, description)``: the test is then xfail(strict) and runs
    those inputs first.
    """

    id: str
    call: object
    valid: dict
    fuzz: dict
    target: object = None
    names: tuple = ()
    allowed: tuple = ()
    bugs: list = field(default_factory=list)
    max_fuzzed: int = 2
    examples: int = 12
    free: tuple = ()   # fuzzed arguments of the returned function, not of ``target``
    specials: list = None  # the special values to try in every argument (None: SPECIAL_VALUES)


class New:
    """A valid argument made fresh for every call (so a mutated one never leaks into the next)."""

    def __init__(self, make):
        self.make = make


def fresh(valid):
    return {k: (v.make() if isinstance(v, New) else v) for k, v in valid.items()}


def run_spec(spec, data):
    """One example: spoil 1 or 2 arguments of ``spec`` and judge the call."""
    params = sorted(spec.fuzz)
    chosen = data.draw(st.lists(st.sampled_from(params), min_size=1,
                                max_size=min(spec.max_fuzzed, len(params)), unique=True), label="spoil")
    kwargs = fresh(spec.valid)
    bad = {}
    for name in chosen:
        bad[name] = kwargs[name] = data.draw(spec.fuzz[name], label=name)
    judge(lambda: spec.call(**kwargs), bad, spec.names, spec.allowed)


def check_signature(spec):
    target = spec.target or spec.call
    parameters = inspect.signature(target).parameters
    missing = [p for p in spec.fuzz if p not in parameters and p not in spec.free]
    assert not missing, f"{spec.id}: {missing} are not parameters of {target}"


def run_known_bugs(spec):
    """Run the inputs of the known bugs; while one still fails, the test ends as an xfail."""
    still = []
    for kwargs, text in spec.bugs:
        args = {**fresh(spec.valid), **kwargs}
        try:
            judge(lambda: spec.call(**args), kwargs, spec.names, spec.allowed)
        except Exception:  # noqa: BLE001 - any failure: the bug is still there
            still.append(text)
    if still:
        # Outside the except block: no traceback to format (that took pytest ~0.3 s per test).
        pytest.xfail("still there: " + "; ".join(still))


def spec_params(specs):
    """pytest params: a spec with known bugs is xfail(strict) with the bugs as the reason."""
    out = []
    for spec in specs:
        marks = []
        if spec.bugs:
            reason = "; ".join(text for _, text in spec.bugs)
            marks = [pytest.mark.xfail(strict=True, reason=reason)]
        out.append(pytest.param(spec, id=spec.id, marks=marks))
    return out


def run_specials(spec):
    """Every special bad value, in every fuzzed argument, one at a time (no luck needed)."""
    for name in sorted(spec.fuzz):
        keep = SPECIAL_FILTERS.get(id(spec.fuzz[name]), lambda value: True)
        for make in spec.specials or SPECIAL_VALUES:
            value = make()
            if not keep(value):
                continue
            kwargs = {**fresh(spec.valid), name: value}
            judge(lambda: spec.call(**kwargs), {name: value}, spec.names, spec.allowed)


def fuzz_test(spec):
    """The body shared by every ``test_*_any_input``: known bugs, special values, then hypothesis."""
    check_signature(spec)
    run_known_bugs(spec)
    run_specials(spec)

    @settings(max_examples=spec.examples, **SETTINGS)
    @given(data=st.data())
    def search(data):
        run_spec(spec, data)

    search()


# =============================================================================
# validate, jsformat, errors, searches

NUMBER = st.one_of(BAD, st.floats(-10, 10))
ARRAY = st.one_of(BAD, hnp.arrays(np.float64, st.integers(0, 3), elements=st.floats(-10, 10)))


BASICS = [
    Spec("validate.number", lambda value, **kw: validate.number("alpha", value, **kw),
         {"value": 0.5}, {"value": BAD}, names=("alpha",)),
    Spec("validate.number(positive)",
         lambda value: validate.number("alpha", value, positive=True),
         {"value": 0.5}, {"value": BAD}, names=("alpha",)),
    Spec("validate.integer", lambda value: validate.integer("iterations", value, minimum=1),
         {"value": 3}, {"value": BAD}, names=("iterations",)),
    Spec("validate.array", lambda value, ndim=None: validate.array("data", value, ndim=ndim),
         {"value": [1.0, 2.0], "ndim": None}, {"value": BAD}, names=("data",)),
    Spec("validate.array(ndim)", lambda value: validate.array("data", value, ndim=(1, 2)),
         {"value": [1.0, 2.0]}, {"value": BAD}, names=("data",)),
    Spec("jsformat.js_number", jsformat.js_number, {"x": 1.5}, {"x": BAD}),
    Spec("prediction_error.predict", prediction_error.predict, {"data": 3.0, "weight": 0.5},
         {"data": ARRAY, "weight": ARRAY}),
    Spec("prediction_error.squared_error", prediction_error.squared_error, {"prediction": 1.5, "true_value": 4.0},
         {"prediction": ARRAY, "true_value": ARRAY}),
    Spec("prediction_error.absolute_error", prediction_error.absolute_error, {"prediction": 1.5, "true_value": 4.0},
         {"prediction": ARRAY, "true_value": ARRAY}),
    Spec("prediction_error.mean_squared_error", prediction_error.mean_squared_error,
         {"predictions": [1.0, 2.0], "true_values": [1.0, 5.0]},
         {"predictions": ARRAY, "true_values": ARRAY}),
    Spec("prediction_error.error_derivative", prediction_error.error_derivative,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0},
         {"weight": ARRAY, "data": ARRAY, "true_value": ARRAY}),
    Spec("prediction_error.article_derivative", prediction_error.article_derivative,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0},
         {"weight": ARRAY, "data": ARRAY, "true_value": ARRAY}),
    Spec("searches.up_down_search", searches.up_down_search,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0, "step": 0.05, "iterations": 5},
         {"weight": NUMBER, "data": NUMBER, "true_value": NUMBER, "step": NUMBER,
          "iterations": BAD_COUNT}, examples=15),
    Spec("searches.gradient_descent", searches.gradient_descent,
         {"weight": 0.5, "data": 3.0, "true_value": 4.0, "alpha": 0.05, "iterations": 5,
          "derivative": prediction_error.error_derivative},
         {"weight": NUMBER, "data": NUMBER, "true_value": NUMBER, "alpha": NUMBER,
          "iterations": BAD_COUNT, "derivative": BAD_OR_CALLBACK}, examples=15),
    Spec("searches.contraction_factor", searches.contraction_factor,
         {"alpha": 0.05, "data": 3.0, "derivative_scale": 2.0},
         {"alpha": NUMBER, "data": NUMBER, "derivative_scale": NUMBER}),
    Spec("searches.regime", searches.regime, {"alpha": 0.05, "data": 3.0, "derivative_scale": 2.0},
         {"alpha": NUMBER, "data": NUMBER, "derivative_scale": NUMBER}),
    Spec("searches.largest_stable_alpha", searches.largest_stable_alpha,
         {"data": 3.0, "derivative_scale": 2.0}, {"data": NUMBER, "derivative_scale": NUMBER}),
    Spec("searches.iterations_to_converge", searches.iterations_to_converge,
         {"alpha": 0.05, "weight": 0.5, "data": 3.0, "true_value": 4.0, "tolerance": 1e-10,
          "max_iterations": 50, "derivative": prediction_error.error_derivative},
         {"alpha": NUMBER, "weight": NUMBER, "data": NUMBER, "true_value": NUMBER,
          "tolerance": NUMBER, "max_iterations": BAD_COUNT, "derivative": BAD_OR_CALLBACK},
         names=("iterations",), examples=15),
]


@pytest.mark.parametrize("spec", spec_params(BASICS))
def test_basics_any_input(spec):
    fuzz_test(spec)


# A few inputs that once broke these modules, spelled out (they also run in the searches above).

def test_huge_numbers_are_honest_not_nan_or_warnings():
    assert prediction_error.predict(1e300, 1e300) == math.inf
    assert prediction_error.absolute_error(1e308, -1e308) == math.inf
    assert prediction_error.error_derivative(1e300, 1e300, 0.0) == math.inf
    assert searches.largest_stable_alpha(1e-200) == math.inf
    assert searches.contraction_factor(1e300, 0.0, 1e300) == 1.0
    history = searches.up_down_search(-1e308, 0.0, 0.0, 1e308, 3)
    assert not nan_paths(history) and history.diverged


def test_errors_name_the_arguments_and_what_was_expected():
    with pytest.raises(ValueError, match="x is too large"):
        jsformat.js_number(HUGE_INT)
    with pytest.raises(TypeError, match="x must be a real number"):
        jsformat.js_number("abc")
    with pytest.raises(ValueError, match="predictions"):
        prediction_error.mean_squared_error([math.nan], [1.0])
    with pytest.raises(TypeError, match="data must be a number or an array of numbers, got complex"):
        validate.array("data", np.array([1 + 2j]))
    with pytest.raises(TypeError, match="derivative must return one number"):
        searches.gradient_descent(derivative=lambda w, d, t: None)


# =============================================================================
# tensor

_x = New(lambda: T.constant([1.0, 2.0]))


def tame(value):
    """False for NaN, infinity and floats beyond 1e150 or below 1e-150 (the forecasts test below)."""
    if isinstance(value, (list, tuple)):
        return all(tame(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        finite = value[np.isfinite(value)]
        return finite.size == value.size and not ((finite != 0) & ((np.abs(finite) < 1e-150)
                                                                  | (np.abs(finite) > 1e150))).any()
    if isinstance(value, float) and math.isfinite(value):
        return value == 0 or 1e-150 < abs(value) < 1e150
    return True


TENSOR_OR_BAD = st.one_of(BAD, st.sampled_from([lambda: T.constant([1.0, 2.0]),
                                                lambda: T.Variable([[1.0], [2.0]]),
                                                lambda: T.constant(0.5)]).map(lambda f: f()))


def _binary(op, y=TENSOR_OR_BAD):
    return Spec(f"tensor.{op.__name__}", op, {"x": _x, "y": New(lambda: T.constant([3.0, 4.0]))},
                {"x": TENSOR_OR_BAD, "y": y})


def _unary(op, **extra):
    return Spec(f"tensor.{op.__name__}", op, {"x": _x, **extra}, {"x": TENSOR_OR_BAD}, max_fuzzed=1)


def _method(name):
    def call(**kwargs):
        return getattr(T.Variable([1.0, 2.0], name="w"), name)(**kwargs)
    return call


def _gradient(target=None, sources=None, output_gradients=None):
    w = T.Variable([1.0, 2.0], name="w")
    with T.GradientTape() as tape:
        loss = T.reduce_sum(T.square(w))
    target = loss if target is None else target
    return tape.gradient(target, [w] if sources is None else sources, output_gradients)


def _watch(tensor):
    with T.GradientTape() as tape:
        tape.watch(tensor)
    return tape


def _grads_call(helper):
    def call(f, x):
        return getattr(T, helper)(f)(x)
    return call


def _square_sum(x):
    return T.reduce_sum(T.square(x))


TENSORS = [
    Spec("tensor.constant", T.constant, {"value": [1.0, 2.0]}, {"value": BAD}),
    Spec("tensor.Tensor", T.Tensor, {"value": [1.0, 2.0]}, {"value": BAD}),
    Spec("tensor.Variable", T.Variable, {"value": [1.0, 2.0], "name": "w", "trainable": True},
         {"value": BAD, "name": BAD}),
    *[_binary(op) for op in (T.add, T.subtract, T.multiply, T.maximum)],
    _binary(T.divide),
    Spec("tensor.matmul", T.matmul, {"x": New(lambda: T.constant([[1.0, 2.0]])),
                                      "y": New(lambda: T.constant([[3.0], [4.0]]))},
         {"x": TENSOR_OR_BAD, "y": TENSOR_OR_BAD}),
    *[_unary(op) for op in (T.square, T.sqrt, T.exp, T.log, T.abs, T.tanh, T.sigmoid, T.relu)],
    Spec("tensor.reduce_sum", T.reduce_sum, {"x": _x, "axis": None, "keepdims": False},
         {"x": TENSOR_OR_BAD, "axis": BAD}, names=("axis",)),
    Spec("tensor.reduce_mean", T.reduce_mean, {"x": _x, "axis": None, "keepdims": False},
         {"x": TENSOR_OR_BAD, "axis": BAD}, names=("axis",)),
    Spec("tensor.reshape", T.reshape, {"x": _x, "shape": (2, 1)}, {"x": TENSOR_OR_BAD, "shape": BAD}),
    Spec("tensor.transpose", T.transpose, {"x": New(lambda: T.constant([[1.0, 2.0]])), "perm": None},
         {"x": TENSOR_OR_BAD, "perm": BAD}),
    Spec("Variable.assign", _method("assign"), {"value": [3.0, 4.0]}, {"value": BAD},
         target=T.Variable.assign),
    Spec("Variable.assign_add", _method("assign_add"), {"delta": [3.0, 4.0]}, {"delta": BAD},
         target=T.Variable.assign_add),
    Spec("Variable.assign_sub", _method("assign_sub"), {"delta": [3.0, 4.0]}, {"delta": BAD},
         target=T.Variable.assign_sub),
    Spec("Tensor.__pow__", lambda exponent: _x.make() ** exponent, {"exponent": 3},
         {"exponent": BAD}, target=T.Tensor.__pow__),
    Spec("Tensor.__getitem__", lambda index: _x.make()[index], {"index": 0}, {"index": BAD},
         target=T.Tensor.__getitem__, allowed=(IndexError,)),  # Python's own rule for indexing
    Spec("GradientTape.gradient", _gradient, {"target": None, "sources": None, "output_gradients": None},
         {"target": BAD, "sources": BAD, "output_gradients": BAD},
         target=T.GradientTape.gradient),
    Spec("GradientTape.watch", _watch, {"tensor": _x}, {"tensor": BAD}, target=T.GradientTape.watch),
    Spec("tensor.grads", _grads_call("grads"), {"f": _square_sum, "x": [1.0, 2.0]},
         {"f": BAD_OR_CALLBACK, "x": BAD}, target=T.grads, free=("x",), names=("argument",)),
    Spec("tensor.value_and_grad", _grads_call("value_and_grad"), {"f": _square_sum, "x": [1.0, 2.0]},
         {"f": BAD_OR_CALLBACK, "x": BAD}, target=T.value_and_grad, free=("x",),
         names=("argument",)),
    Spec("tensor.value_and_grads", _grads_call("value_and_grads"), {"f": _square_sum, "x": [1.0, 2.0]},
         {"f": BAD_OR_CALLBACK, "x": BAD}, target=T.value_and_grads, free=("x",),
         names=("argument",)),
]


@pytest.mark.parametrize("spec", spec_params(TENSORS))
def test_tensor_any_input(spec):
    fuzz_test(spec)


def test_tensor_ops_on_huge_values_and_zero_division_do_not_warn():
    judge(lambda: T.square(T.constant(1e200)), {"x": 1e200})
    judge(lambda: T.multiply(T.constant([1e300]), 1e300), {"y": 1e300})
    judge(lambda: T.divide(1.0, T.constant(0.0)), {"y": 0.0})
    judge(lambda: T.divide(0.0, T.constant(0.0)), {"y": 0.0})
    assert float(T.square(T.constant(1e200))) == math.inf      # honestly too big, quietly
    assert float(T.divide(-1.0, T.constant(0.0))) == -math.inf  # as in TensorFlow
    with pytest.raises(ValueError, match="divide: 0 / 0 is not a number, and y contains 0"):
        T.divide(0.0, T.constant(0.0))


def test_tensor_ops_refuse_nan_inside_numpy_arrays():
    judge(lambda: T.multiply(T.constant(1.0), np.array([np.nan])), {"y": np.array([np.nan])})
    with pytest.raises(ValueError, match="multiply: y contains NaN"):
        T.multiply(T.constant(1.0), np.array([np.nan]))
    with pytest.raises(ValueError, match="multiply: the result would be NaN"):  # inf * 0
        T.multiply(np.array([np.inf]), T.constant(0.0))


def test_reused_tape_raises_the_documented_runtime_error():
    w = T.Variable(1.0)
    with T.GradientTape() as tape:
        loss = T.square(w)
    tape.gradient(loss, w)
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.gradient(loss, w)


# =============================================================================
# Checks: every public check in gdcourse.checks, found by name


def public_checks():
    """Every public callable of ``gdcourse.checks`` that is not core machinery."""
    import gdcourse.checks as package
    found = {}
    for name in dir(package):
        obj = getattr(package, name)
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        if obj.__module__ == core.__name__:   # check_function, check_value, ...
            continue
        found[name] = obj
    return found


def kind_of(check):
    """'function' (takes the learner's function), 'value' (a number) or 'forecasts'.

    Fails loudly for a signature nobody taught this file, so a new kind of
    check cannot slip through untested.
    """
    required = [p.name for p in inspect.signature(check).parameters.values()
                if p.default is inspect.Parameter.empty]
    kinds = {("learner_fn",): "function", ("value",): "value", ("forecasts", "series"): "forecasts"}
    if tuple(required) not in kinds:
        pytest.fail(f"checks.{check.__name__}{inspect.signature(check)} has a signature "
                    "tests/test_any_input.py does not know: add it to kind_of() and REFERENCE")
    return kinds[tuple(required)]


# --- reference solutions (written here, independently of the checks) --------------------

def _mb_reference(x, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(x))
    for start in range(0, len(x), batch_size):
        rows = order[start:start + batch_size]
        yield x[rows], y[rows]


def _sgd_step(w, b, xb, yb, learning_rate):
    miss = w * xb + b - yb
    return w - learning_rate * np.mean(2 * miss * xb), b - learning_rate * np.mean(2 * miss)


def _mse_gradient(X, y, w, b):
    r = X @ w + b - y
    return 2 / len(X) * X.T @ r, 2 / len(X) * np.sum(r)


def _momentum_step(w, velocity, grad, lr, beta):
    velocity = beta * velocity - lr * grad
    return w + velocity, velocity


def _adam_step(w, m, v, grad, t, lr, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad ** 2
    alpha = lr * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def _up_down_step(weight, data, true_value, step):
    up, down = weight + step, weight - step
    return up if (data * up - true_value) ** 2 < (data * down - true_value) ** 2 else down


def _update(w, dw, lr):
    w.assign_sub(lr * dw)


def _stable_rate():
    from gdcourse.course import datasets
    x = datasets.article000()[0]
    xt = np.hstack([x, np.ones((len(x), 1))])
    return 2 / np.linalg.eigvalsh(2 / len(x) * xt.T @ xt).max()


def _good_forecasts(series, days):
    """Halfway between "same as yesterday" and the truth: better than the baseline, not the truth."""
    return 0.5 * (series[-days - 1:-1] + series[-days:])


REFERENCE = {  # check name -> a right answer (a function, or a value / a factory of one)
    "squared_error": lambda p, t: (p - t) ** 2,
    "mean_squared_error": lambda p, t: np.mean((p - t) ** 2),
    "best_weight": 4 / 3,
    "up_down_step": _up_down_step,
    "smallest_error": 0.0025,
    "evaluations_50": 150,
    "mse_gradient": _mse_gradient,
    "update": _update,
    "stable_learning_rate": _stable_rate,
    "minibatches": _mb_reference,
    "sgd_step": _sgd_step,
    "epoch_steps": 32,
    "momentum_step": _momentum_step,
    "adam_step": _adam_step,
    "same_as_yesterday": lambda series, days: series[-days - 1:-1],
    "beats_baseline": _good_forecasts,
    "error_derivative": lambda w, d, t: 2 * d * (d * w - t),
    "distance_factor": -7,
    "gd_step": lambda w, d, t, alpha: w - alpha * 2 * d * (d * w - t),
    "largest_alpha": 1 / 9,
}

CHECKS = public_checks()


def reference_for(name):
    if name not in REFERENCE:
        pytest.fail(f"checks.{name} has no reference solution in tests/test_any_input.py: "
                    "add one to REFERENCE")
    answer = REFERENCE[name]
    if kind_of(CHECKS[name]) == "value" and callable(answer):
        return answer()
    return answer


def _series():
    from gdcourse.course import datasets
    return datasets.infected_counts()


def run_check(name, answer):
    check = CHECKS[name]
    if kind_of(check) == "forecasts":
        return check(answer, _series())
    return check(answer)


def assert_feedback(result, name, what):
    assert isinstance(result, core.CheckResult), f"checks.{name}({what}) returned {result!r}"
    assert not result, f"checks.{name}({what}) passed: {result.message}"
    assert isinstance(result.message, str) and result.message.strip()
    assert repr(result) and result._repr_html_()


@contextlib.contextmanager
def short_timeouts(seconds=0.1):
    """Checks give up on a learner's function after ``seconds`` (the lessons use 2 s, the capstone 30 s)."""
    import gdcourse.checks.lesson08 as lesson08
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(core, "TIMEOUT_SECONDS", seconds)
        patch.setattr(lesson08, "FORECAST_TIMEOUT", seconds)
        yield


# --- misbehaving learner functions -------------------------------------------------------

def _mutate(*args):
    for a in args:
        if isinstance(a, np.ndarray) and a.flags.writeable:
            a[...] = 7.0
        elif isinstance(a, T.Variable):
            a.assign(np.full(a.shape, 7.0))
    return None


def _mutate_and_answer(*args):
    _mutate(*args)
    return np.zeros(3)


def _prints(*args):
    print("debugging", *args)
    return [1.0, 2.0, 3.0, 4.0, 5.0]


def _recurse(*args):
    return _recurse(*args)


def _generator(*args):
    yield "not a batch"
    yield (1.0,)


def _huge_int_generator(*args):
    yield np.array([1.0]), HUGE_INT


MISBEHAVING = {  # name -> factory(stop) giving the learner's function
    **{f"raises {exc.__name__}": (lambda exc: lambda stop: _returns_raising(exc))(exc)
       for exc in (ValueError, TypeError, ZeroDivisionError, IndexError, KeyError, AttributeError,
                   RuntimeError, NotImplementedError, SystemExit, KeyboardInterrupt, MemoryError)},
    "recursion": lambda stop: _recurse,
    "wrong number of arguments": lambda stop: (lambda: 1.0),
    "returns None": lambda stop: _returns(None),
    "returns text": lambda stop: _returns("4/3"),
    "returns a list of text": lambda stop: _returns(["1", "x"]),
    "returns a ragged list": lambda stop: _returns([[1.0], [1.0, 2.0]]),
    "returns a dict": lambda stop: _returns({"w": 1.0}),
    "returns an object": lambda stop: _returns(Opaque()),
    "returns a class": lambda stop: _returns(lambda: Opaque),
    "returns a function": lambda stop: _returns(lambda: _returns),
    "returns a generator": lambda stop: _generator,
    "yields a huge int": lambda stop: _huge_int_generator,
    "returns a wrong shape": lambda stop: _returns(lambda: np.zeros((7, 3))),
    "returns an empty array": lambda stop: _returns(lambda: np.array([])),
    "returns NaN": lambda stop: _returns(math.nan),
    "returns inf": lambda stop: _returns(math.inf),
    "returns -inf": lambda stop: _returns(-math.inf),
    "returns a huge number": lambda stop: _returns(1e300),
    "returns a huge int": lambda stop: _returns(HUGE_INT),
    "returns huge numbers": lambda stop: _returns(lambda: np.full(14, 1e200)),
    "returns NaN arrays": lambda stop: _returns(lambda: (np.full(2, math.nan), np.full(2, math.nan),
                                                        np.full(2, math.nan))),
    "returns a pair of text": lambda stop: _returns(("a", "b")),
    "returns a complex number": lambda stop: _returns(1 + 2j),
    "returns a bool": lambda stop: _returns(True),
    "returns a Tensor": lambda stop: _returns(lambda: T.constant([0.123, 4.5])),
    "prints": lambda stop: _prints,
    "mutates its arguments": lambda stop: _mutate,
    "mutates and answers": lambda stop: _mutate_and_answer,
    "sleeps past the timeout": lambda stop: (lambda *args: stop.wait(60)),
    "loops forever": lambda stop: _busy(stop),
}


def _returns_raising(exc):
    def learner(*args):
        raise exc("the learner's bug")
    return learner


def _busy(stop):
    def learner(*args):
        total = 0
        while not stop.is_set():  # an endless loop (until the test ends it)
            total += 1
        return total
    return learner


def make_learner(choice, stop):
    if isinstance(choice, tuple):
        return _returns(choice[1])
    return MISBEHAVING[choice](stop)


# --- the check tests ------------------------------------------------------------------------

FUNCTION_CHECKS = sorted(n for n, c in CHECKS.items() if kind_of(c) in ("function", "forecasts"))
VALUE_CHECKS = sorted(n for n, c in CHECKS.items() if kind_of(c) == "value")

# Known bugs in checks this file does not own (none open for misbehaving functions right now):
# check name -> (the MISBEHAVING entries that show it, the bug), and for value checks
# check name -> (the value that shows it, the bug).
KNOWN_CHECK_BUGS = {}
KNOWN_VALUE_BUGS = {}


def xfail_if_still_failing(check, *args):
    """Run ``check(*args)``; if it fails (the known bug is still there), end the test as an xfail.

    pytest.xfail is called outside the except block, so no traceback is formatted.
    """
    try:
        check(*args)
    except Exception:  # noqa: BLE001
        failed = True
    else:
        failed = False
    if failed:
        pytest.xfail("the known bug is still there")


def _xfail_known(names, known):
    return [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=known[n][1]))
            if n in known else n for n in names]


def try_learner(name, choice, timeout=0.02):
    """``checks.<name>`` on one misbehaving learner; asserts it gives falsy feedback."""
    stop = threading.Event()
    started = time.perf_counter()
    try:
        with short_timeouts(timeout), cases_restored():
            result = run_check(name, make_learner(choice, stop))
    finally:
        stop.set()  # end a learner that is still looping
    assert_feedback(result, name, choice)
    assert time.perf_counter() - started < 5, f"checks.{name} took too long for {choice}"


def test_every_check_is_known():
    assert CHECKS, "no checks found in gdcourse.checks"
    for name, check in CHECKS.items():
        kind_of(check)
        reference_for(name)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_check_passes_its_reference(name):
    result = run_check(name, reference_for(name))
    assert isinstance(result, core.CheckResult)
    assert result, f"checks.{name} rejects the reference solution: {result.message}"


@pytest.mark.parametrize("name", _xfail_known(FUNCTION_CHECKS, KNOWN_CHECK_BUGS))
def test_check_survives_every_misbehaving_learner(name):
    """Each misbehaviour in turn: falsy feedback, never an exception or a hang."""
    for choice in KNOWN_CHECK_BUGS.get(name, ((),))[0]:
        xfail_if_still_failing(try_learner, name, choice)
    for choice in MISBEHAVING:
        try_learner(name, choice)


QUICK_LEARNERS = st.one_of(
    st.sampled_from(sorted(c for c in MISBEHAVING if c not in ("sleeps past the timeout",
                                                               "loops forever"))),
    st.floats().map(lambda v: ("constant", v)),
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)).map(
        lambda a: ("constant", a)),
    st.tuples(st.floats(), st.floats()).map(lambda pair: ("constant", pair)),
)


@pytest.mark.parametrize("name", [n for n in FUNCTION_CHECKS if n not in KNOWN_CHECK_BUGS])
@settings(max_examples=8, **SETTINGS)
@given(choice=QUICK_LEARNERS)
def test_check_survives_any_learner_function(name, choice):
    """Misbehaviours and constant answers (NaN, inf, huge, any shape) drawn by hypothesis."""
    try_learner(name, choice)


def right_then_mutates(reference):
    """A learner that gets the answer right, then scribbles over its arguments."""
    def learner(*args):
        answer = reference(*args)
        if isinstance(answer, types.GeneratorType):
            answer = list(answer)
        _mutate(*args)
        return answer
    return learner


def right_then_raises(reference, good_calls):
    """A learner that keeps state: right on its first ``good_calls`` calls, then it breaks."""
    calls = []

    def learner(*args):
        calls.append(1)
        if len(calls) > good_calls:
            raise RuntimeError("the learner's global counter ran out")
        return reference(*args)
    return learner


@contextlib.contextmanager
def cases_restored():
    """Yield ``(live, saved)``: the check modules' case arrays and copies; put the copies back after.

    A check that lets a learner edit its cases would otherwise break every later test that uses
    that check in this pytest process.
    """
    live = case_arrays()
    saved = {key: a.copy() for key, a in live.items()}
    try:
        yield live, saved
    finally:
        for key, a in live.items():
            if a.flags.writeable:
                a[...] = saved[key]


def case_arrays():
    """Every array the check modules hold (their cases), by where it is."""
    import gdcourse.checks as package
    found = {}
    for module_name, module in vars(package).items():
        if isinstance(module, types.ModuleType) and module.__name__.startswith("gdcourse.checks"):
            for name, value in vars(module).items():
                if isinstance(value, (list, tuple)):
                    for i, item in enumerate(value):
                        for j, part in enumerate(item if isinstance(item, tuple) else (item,)):
                            if isinstance(part, np.ndarray):
                                found[f"{module_name}.{name}[{i}][{j}]"] = part
    return found


KNOWN_MUTATION_BUGS = {}  # check name -> the bug (none open)


@pytest.mark.parametrize("name", _xfail_known(FUNCTION_CHECKS, {
    n: (None, r) for n, r in KNOWN_MUTATION_BUGS.items()}))
def test_check_is_not_changed_by_a_learner_that_mutates_its_arguments(name):
    for choice in ("mutates its arguments", "mutates and answers"):
        with cases_restored():
            assert not run_check(name, make_learner(choice, None))
    reference = reference_for(name)
    if name in KNOWN_MUTATION_BUGS:
        xfail_if_still_failing(check_mutation_safety, name, reference)
    check_mutation_safety(name, reference)


def check_mutation_safety(name, reference):
    with cases_restored() as (live, saved):
        result = run_check(name, right_then_mutates(reference))
        assert isinstance(result, core.CheckResult)
        changed = [key for key in live if not np.array_equal(live[key], saved[key])]
    assert not changed, f"checks.{name} let the learner's function change its cases {changed}"
    for good_calls in range(16):
        assert isinstance(run_check(name, right_then_raises(reference, good_calls)), core.CheckResult)
    result = run_check(name, reference)
    assert result, f"after a mutating learner, checks.{name} rejects the reference: {result.message}"


def test_a_check_gives_up_after_the_time_limit_and_says_so():
    stop = threading.Event()
    try:
        with short_timeouts(0.05):
            started = time.perf_counter()
            result = CHECKS["squared_error"](_busy(stop))
            elapsed = time.perf_counter() - started
    finally:
        stop.set()
    assert not result and "did not finish within 0.05 s" in result.message
    assert elapsed < 2.0
    slow = core.check_function("f", lambda: time.sleep(0.2), [()], lambda: 1.0, timeout=0.01)
    assert slow.message.startswith("f() did not finish within 0.01 s")


VALUES = st.one_of(st.sampled_from(SPECIAL_VALUES).map(lambda make: make()), st.floats(),
                   st.integers(-10 ** 6, 10 ** 6))


def judge_value(name, value):
    result = CHECKS[name](value)
    assert isinstance(result, core.CheckResult) and result.message.strip()
    right = reference_for(name)
    answer = core.as_answer(value)
    number = answer is not None and answer.ndim == 0 and bool(np.isfinite(answer))
    if result:  # each check has its own tolerance; none is looser than 1e-3
        assert number and math.isclose(float(answer), right, rel_tol=1e-3), \
            f"checks.{name}({value!r}) passed: {result.message}"
    else:
        assert not (number and math.isclose(float(answer), right, rel_tol=1e-12)), \
            f"checks.{name}({value!r}) rejects the right answer: {result.message}"


@pytest.mark.parametrize("name", _xfail_known(VALUE_CHECKS, KNOWN_VALUE_BUGS))
def test_value_check_survives_any_value(name):
    if name in KNOWN_VALUE_BUGS:
        xfail_if_still_failing(judge_value, name, KNOWN_VALUE_BUGS[name][0])
    for make in SPECIAL_VALUES:
        judge_value(name, make())
    judge_value(name, reference_for(name))

    @settings(max_examples=12, **SETTINGS)
    @given(value=VALUES)
    def search(value):
        judge_value(name, value)

    search()


FORECAST_VALUES = st.one_of(VALUES, st.lists(st.floats(), min_size=14, max_size=14))


@settings(max_examples=12, **SETTINGS)
@given(forecasts=FORECAST_VALUES.filter(tame))
def test_beats_baseline_survives_any_forecasts(forecasts):
    result = CHECKS["beats_baseline"](forecasts, _series())
    assert isinstance(result, core.CheckResult) and result.message.strip()


@settings(max_examples=12, **SETTINGS)
@given(series=BAD, days=BAD_COUNT)
def test_beats_baseline_survives_any_series(series, days):
    result = CHECKS["beats_baseline"](_good_forecasts(_series(), 14), series, days)
    assert isinstance(result, core.CheckResult) and result.message.strip()


@settings(max_examples=20, **SETTINGS)
@given(value=VALUES, expected=st.floats(-1e6, 1e6), rtol=st.sampled_from([1e-6, 1e-9]))
def test_check_value_core(value, expected, rtol):
    result = core.check_value("answer", value, expected, rtol=rtol)
    assert isinstance(result, core.CheckResult) and result.message.strip()
    assert not result or math.isclose(float(core.as_answer(value)), expected, rel_tol=rtol, abs_tol=1e-300)


def test_check_value_names_what_is_wrong():
    assert "not a finite number" in core.check_value("w", math.nan, 1.0).message
    assert "not a finite number" in core.check_value("w", HUGE_INT, 1.0).message
    assert core.check_value("w", None, 1.0).status == "todo"
    assert "too large" in core.check_value("w", 2.0, 1.0).message
