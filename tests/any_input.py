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
