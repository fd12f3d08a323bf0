"""The machinery behind every exercise check.

A check calls the learner's function on several cases, each inside a guard
(an exception, a ``None``, a wrong shape, a print or an endless loop all
become a sentence, never a crashed cell), compares with the right answer and,
when the answer is wrong, tries to name the likely mistake by comparing with
known wrong versions. It returns a ``CheckResult``: truthy only when right,
with a ``.message``, shown as a coloured box in the notebook.
"""
import ctypes
import html
import io
import sys
import threading

import numpy as np

TIMEOUT_SECONDS = 2.0

_STYLE = {  # status -> (label, Okabe-Ito colour)
    "pass": ("Correct", "#009E73"),
    "fail": ("Not yet", "#D55E00"),
    "todo": ("Not done yet", "#999999"),
}


class CheckResult:
    """The outcome of a check: ``bool(result)`` is True only when the answer is right."""

    def __init__(self, name, status, message):
        if status not in _STYLE:
            raise ValueError(f"status must be one of {sorted(_STYLE)}, got {status!r}")
        self.name, self.status, self.message = name, status, message

    def __bool__(self):
        return self.status == "pass"

    def __repr__(self):
        return f"{_STYLE[self.status][0]} ({self.name}): {self.message}"

    def _repr_html_(self):
        label, colour = _STYLE[self.status]
        return (f'<div style="border-left:6px solid {colour};padding:4px 10px;margin:4px 0">'
                f'<b style="color:{colour}">{label}</b> <code>{html.escape(self.name)}</code>: '
                f"{html.escape(self.message)}</div>")


class _Outcome:
    __slots__ = ("kind", "value", "printed")

    def __init__(self, kind, value=None, printed=""):
        self.kind, self.value, self.printed = kind, value, printed


class _PerThreadStdout:
    """Stands in for sys.stdout: the checked thread's prints go to its buffer, all others pass through."""

    def __init__(self, original, thread_id, buffer):
        self.original, self.thread_id, self.buffer = original, thread_id, buffer

    def write(self, text):
        target = self.buffer if threading.get_ident() == self.thread_id else self.original
        return target.write(text)

    def __getattr__(self, name):
        return getattr(self.original, name)


class _Stopped(BaseException):
    """Raised inside a learner's function that ran past the time limit, to end it."""


def _stop(thread):
    """Ask ``thread`` to stop by raising ``_Stopped`` inside it.

    Python checks for such a request between bytecodes, so a pure-Python loop
    (``while True: pass``) ends at once; one stuck in a long C call (a sleep,
    a huge numpy operation) ends when that call returns.
    """
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(_Stopped))


def call_guarded(fn, args, timeout=None):
    """Call ``fn(*args)`` so that nothing it does can crash or hang the check.

    Returns an outcome whose ``kind`` is "ok", "todo" (NotImplementedError),
    "error" (any other exception, as a sentence) or "timeout". ``timeout``
    defaults to ``TIMEOUT_SECONDS``, read at call time (tests shorten it).
    """
    if timeout is None:
        timeout = TIMEOUT_SECONDS
    box = {}
    printed = io.StringIO()

    go = threading.Event()

    def run():
        go.wait()  # start only once sys.stdout knows which thread to capture
        try:
            with np.errstate(all="ignore"):
                box["value"] = fn(*args)
        except NotImplementedError:
            box["todo"] = True
        except _Stopped:
            pass
        except BaseException as exc:  # noqa: BLE001 - the learner's code may raise anything
            box["error"] = f"{type(exc).__name__}: {exc}"

    worker = threading.Thread(target=run, daemon=True)
    original = sys.stdout
    worker.start()
    # Not contextlib.redirect_stdout: that would also swallow everyone else's prints,
    # and for good if the learner's function never returns.
    sys.stdout = _PerThreadStdout(original, worker.ident, printed)
    go.set()
    try:
        worker.join(timeout)
    finally:
        sys.stdout = original
    if worker.is_alive():
        _stop(worker)  # otherwise an endless loop would keep a CPU busy until the kernel restarts
        worker.join(0.2)
        return _Outcome("timeout")
    if "todo" in box:
        return _Outcome("todo")
    if "error" in box:
        return _Outcome("error", box["error"])
    return _Outcome("ok", box.get("value"), printed.getvalue())


TODO_MESSAGE = "replace the `raise NotImplementedError()` line with your code, then run this cell again."


def no_answer(name, call, outcome, timeout, advice="Is there a loop that never ends? The check stopped it."):
    """The feedback when a guarded call gave nothing to judge, or None when it gave an answer.

    Three ways a call ends before there is a value to look at: the learner has
    not started (the stub's NotImplementedError), it ran out of time, or it
    raised. ``advice`` follows the time-out sentence.
    """
    if outcome.kind == "todo":
        return CheckResult(name, "todo", TODO_MESSAGE)
    if outcome.kind == "timeout":
        return CheckResult(name, "fail", f"{call} did not finish within {timeout:g} s. {advice}")
    if outcome.kind == "error":
        return CheckResult(name, "fail", f"{call} raised {outcome.value}")
    return None


def describe_call(name, args):
    return f"{name}({', '.join(_short(a) for a in args)})"


def _short(value):
    if isinstance(value, np.ndarray):
        return "np.array(" + np.array2string(value, separator=", ") + ")"
    return repr(value)


def as_answer(value):
    """The learner's answer as a float array, or None when it is not numeric."""
    if value is None or isinstance(value, (str, bytes, bool)):
        return None
    if getattr(getattr(value, "dtype", None), "kind", None) == "c":  # complex: not a real answer
        return None
    try:
        out = np.asarray(value, dtype=np.float64)
    except OverflowError:  # an int beyond float64, such as 10**400: honestly infinite
        return np.asarray(np.inf if value > 0 else -np.inf) if isinstance(value, int) else None
    except (TypeError, ValueError):
        return None
    return out


def matches(answer, expected, rtol=1e-9, atol=1e-12):
    answer, expected = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    return answer.shape == expected.shape and bool(np.allclose(answer, expected, rtol=rtol, atol=atol))


def check_function(name, learner_fn, cases, reference, mistakes=(), rtol=1e-9, timeout=None):
    """Check ``learner_fn`` against ``reference`` on every case in ``cases`` (tuples of arguments).

    ``mistakes`` is a list of ``(hint, wrong_fn)``: when the learner's answers
    match a wrong version on every case, the hint names that mistake.
    ``timeout`` (seconds per call) defaults to ``TIMEOUT_SECONDS``.
    """
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    if not callable(learner_fn):
        return CheckResult(name, "fail",
                           f"pass your function itself, e.g. checks.{name}({name}); "
                           f"got a {type(learner_fn).__name__} instead.")
    answers, printed = [], False
    for args in cases:
        call = describe_call(name, args)
        # Copies: a function that edits its inputs in place must not change the cases.
        outcome = call_guarded(learner_fn, tuple(a.copy() if isinstance(a, np.ndarray) else a
                                                 for a in args), timeout)
        problem = no_answer(name, call, outcome, timeout)
        if problem is not None:
            return problem
        printed = printed or bool(outcome.printed)
        answer = as_answer(outcome.value)
        if outcome.value is None:
            return CheckResult(name, "fail", f"{call} returned None. Did you forget the `return`?")
        if answer is None:
            return CheckResult(name, "fail",
                               f"{call} returned a {type(outcome.value).__name__}; it should return a number"
                               + (" or an array." if any(np.ndim(a) for a in args) else "."))
        expected = np.asarray(reference(*args), dtype=float)
        if answer.shape != expected.shape:
            advice = ("It should return one number, so the values must be combined into one."
                      if expected.ndim == 0 else
                      "Work element by element and don't sum or collapse the result.")
            return CheckResult(name, "fail",
                               f"{call} returned something of shape {answer.shape}; expected shape {expected.shape}. "
                               + advice)
        answers.append((args, answer, expected))

    wrong = [(args, answer, expected) for args, answer, expected in answers if not matches(answer, expected, rtol)]
    if not wrong:
        extra = " (It also printed something: fine for debugging, but a function should return its answer.)" if printed else ""
        return CheckResult(name, "pass", f"all {len(cases)} cases are right.{extra}")
    for hint, wrong_fn in mistakes:
        with np.errstate(all="ignore"):
            if all(matches(answer, wrong_fn(*args), rtol) for args, answer, _ in answers):
                return CheckResult(name, "fail", hint)
    args, answer, expected = wrong[0]
    return CheckResult(name, "fail",
                       f"{describe_call(name, args)} returned {_short(answer if answer.ndim else float(answer))}, "
                       f"but the right answer is {_short(expected if expected.ndim else float(expected))}. "
                       f"{len(wrong)} of {len(cases)} cases are off.")


def check_value(name, value, expected, rtol=1e-6, hints=()):
    """Check a number the learner computed. ``hints`` is a list of ``(hint, wrong_value)``."""
    if value is None:
        return CheckResult(name, "todo", f"set `{name}` to your answer, then run this cell again.")
    answer = as_answer(value)
    if answer is None or answer.ndim != 0:
        return CheckResult(name, "fail", f"`{name}` should be a single number; got {type(value).__name__}.")
    if not np.isfinite(answer):
        return CheckResult(name, "fail", f"`{name}` is {float(answer)}, not a finite number.")
    if matches(answer, expected, rtol=rtol, atol=0):
        return CheckResult(name, "pass", f"{float(answer):.6g} is right.")
    for hint, wrong_value in hints:
        if matches(answer, wrong_value, rtol=rtol, atol=0):
            return CheckResult(name, "fail", hint)
    side = "too large" if float(answer) > expected else "too small"
    return CheckResult(name, "fail", f"{float(answer):.6g} is {side}.")
