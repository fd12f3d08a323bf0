"""The machinery behind every exercise check: call the learner's function on cases, guarded (an exception, a print
or an endless loop becomes a sentence), compare with the reference and name the slip whose wrong version agrees."""
import collections
import ctypes
import html
import io
import re
import sys
import threading

import numpy as np

from gdcourse.locale import N_, _

TIMEOUT_SECONDS = 2.0
TODO_MESSAGE = N_("replace the `raise NotImplementedError()` line with your code, then run this cell again.")
PRINTED = N_("(It also printed something: fine for debugging, but a function should return its answer.)")

_STYLE = {"pass": (N_("Correct"), "#009E73"), "fail": (N_("Not yet"), "#D55E00"),
          "todo": (N_("Not done yet"), "#999999")}


class CheckResult:
    """The outcome of a check: truthy only when the answer is right; shown as a coloured box in a notebook."""

    def __init__(self, name, status, message):
        if status not in _STYLE:
            raise ValueError(f"status must be one of {sorted(_STYLE)}, got {status!r}")
        self.name, self.status, self.message = name, status, str(message)  # in the language of this moment

    def __bool__(self):
        return self.status == "pass"

    def __repr__(self):
        return f"{_STYLE[self.status][0]} ({self.name}): {self.message}"

    def _repr_html_(self):
        label, colour = _STYLE[self.status]
        return (f'<div style="border-left:6px solid {colour};padding:4px 10px;margin:4px 0">'
                f'<b style="color:{colour}">{label}</b> <code>{html.escape(self.name)}</code>: '
                f"{_markdown(self.message)}</div>")


def _markdown(text):
    """The message as HTML: `code`, **bold** and *emphasis* rendered, everything else escaped."""
    pieces = re.split(r"`([^`]*)`", html.escape(text))
    for i in range(0, len(pieces), 2):  # outside code; ** and * hug a word, so "lr * grad" and "t**2" stay
        for mark, tag in (r"\*\*", "b"), (r"\*", "em"):
            hugged = rf"(?<![\w*]){mark}(?=[^\s*])(.+?)(?<=[^\s*]){mark}(?![\w*])"
            pieces[i] = re.sub(hugged, rf"<{tag}>\1</{tag}>", pieces[i])
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


Outcome = collections.namedtuple("Outcome", "kind value printed", defaults=(None, ""))


class _PerThreadStdout:
    """Stands in for sys.stdout: the checked thread's prints go to its buffer, all others pass through."""

    def __init__(self, original, thread_id, buffer):
        self.original, self.thread_id, self.buffer = original, thread_id, buffer

    def write(self, text):
        return (self.buffer if threading.get_ident() == self.thread_id else self.original).write(text)

    def __getattr__(self, name):
        return getattr(self.original, name)


class _Stopped(BaseException):
    """Raised inside a learner's function that ran past the time limit, to end it."""


def call_guarded(fn, args, timeout=None):
    """Call ``fn(*args)`` in a thread: an Outcome of kind "ok", "todo", "error" (value: a sentence) or "timeout"."""
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    box, printed, go = [], io.StringIO(), threading.Event()

    def run():
        go.wait()  # start only once sys.stdout knows which thread to capture
        try:
            with np.errstate(all="ignore"):
                box.append(Outcome("ok", fn(*args)))
        except NotImplementedError:
            box.append(Outcome("todo"))
        except _Stopped:
            pass
        except BaseException as exc:  # noqa: BLE001 - the learner's code may raise anything
            box.append(Outcome("error", f"{type(exc).__name__}: {exc}"))

    worker = threading.Thread(target=run, daemon=True)
    original = sys.stdout
    worker.start()
    # Not contextlib.redirect_stdout: that would swallow every thread's prints, for good if fn never returns.
    sys.stdout = _PerThreadStdout(original, worker.ident, printed)
    go.set()
    try:
        worker.join(timeout)
    finally:
        sys.stdout = original
    if worker.is_alive():
        # Python looks for this between bytecodes: a pure-Python loop ends at once, a long C call when it returns.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident), ctypes.py_object(_Stopped))
        worker.join(0.2)
        return Outcome("timeout")
    return box[0]._replace(printed=printed.getvalue())


def no_answer(name, call, outcome, timeout, advice=N_("Is there a loop that never ends? The check stopped it.")):
    """The feedback when a guarded call gave no value (not started, too slow, raised), else None."""
    if outcome.kind == "todo":
        return CheckResult(name, "todo", TODO_MESSAGE)
    if outcome.kind == "timeout":
        return CheckResult(name, "fail", _("{call} did not finish within {timeout:g} s. {advice}", call=call,
                                           timeout=timeout, advice=advice))
    if outcome.kind == "error":
        return CheckResult(name, "fail", _("{call} raised {error}", call=call, error=outcome.value))
    return None


def not_a_function(name, learner_fn):
    return CheckResult(name, "fail", _("pass your function itself, e.g. checks.{name}({name}); got a {type} instead.",
                                       name=name, type=type(learner_fn).__name__))


def _short(value):  # a value as the learner would write it
    return f"np.array({np.array2string(value, separator=', ')})" if isinstance(value, np.ndarray) else repr(value)


def describe_call(name, args):
    return f"{name}({', '.join(_short(a) for a in args)})"


def compact(a, digits=6):
    """An array on one line: ``[1.5, -2] (shape (2, 1))``; a number as a number."""
    a = np.asarray(a, dtype=float)
    numbers = ", ".join(f"{v:.{digits}g}" for v in a.ravel())
    shape = " " + _("(shape {shape})", shape=a.shape) if a.ndim > 1 else ""
    return numbers if a.ndim == 0 else f"[{numbers}]{shape}"


def as_answer(value):
    """The learner's answer as a float array, or None when it is not numeric."""
    if value is None or isinstance(value, (str, bytes, bool)):
        return None
    if getattr(getattr(value, "dtype", None), "kind", None) == "c":  # complex: not a real answer
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except OverflowError:  # an int beyond float64, such as 10**400: honestly infinite
        return np.asarray(np.inf if value > 0 else -np.inf) if isinstance(value, int) else None
    except (TypeError, ValueError):
        return None


def matches(answer, expected, rtol=1e-9, atol=1e-12):
    """Equal shapes and values; NaN equals NaN, so a wrong version that divides by 0 can still be named."""
    answer, expected = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    return answer.shape == expected.shape and bool(np.allclose(answer, expected, rtol, atol, equal_nan=True))


def copies(args):  # a function that edits its inputs in place must not change the cases
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _read(call, value, expected, args, parts, scalar_parts, shape_advice):
    """The learner's answer as a list of float arrays (one per part), or a sentence saying what is wrong."""
    want = ", ".join(parts or ())
    if value is None:
        return (_("{call} returned None. Did you forget `return {want}`?", call=call, want=want) if parts else
                _("{call} returned None. Did you forget the `return`?", call=call))
    if parts is None:
        answer, exp = as_answer(value), expected[0]
        if answer is None:
            return (_("{call} returned a {type}; it should return a number or an array.", call=call,
                      type=type(value).__name__) if any(np.ndim(a) for a in args) else
                    _("{call} returned a {type}; it should return a number.", call=call, type=type(value).__name__))
        if answer.shape != exp.shape:
            return _("{call} returned something of shape {shape}; expected shape {expected}. {advice}", call=call,
                     shape=answer.shape, expected=exp.shape, advice=shape_advice or (
                         N_("It should return one number, so the values must be combined into one.") if exp.ndim == 0
                         else N_("Work element by element and don't sum or collapse the result.")))
        return [answer]
    if not isinstance(value, (tuple, list)) or len(value) != len(parts):
        fields = dict(call=call, n=len(parts), want=want, type=type(value).__name__)
        if isinstance(value, (tuple, list)):
            return _("{call} should return {n} things, `return {want}`; it returned a {type} of {items} item(s).",
                     items=len(value), **fields)
        if isinstance(value, np.ndarray):
            return _("{call} should return {n} things, `return {want}`; it returned one array of shape {shape}.",
                     shape=value.shape, **fields)
        return _("{call} should return {n} things, `return {want}`; it returned a {type}.", **fields)
    got = []
    for i, (part, item, exp) in enumerate(zip(parts, value, expected)):
        answer = as_answer(item)
        if answer is None:
            return _("{call}: {part} is a {type}; it should be numbers.", call=call, part=part,
                     type=type(item).__name__)
        if i in scalar_parts and answer.size != 1:
            return _("{call}: {part} has shape {shape}; it should be one number. Add up (np.sum) over the data points.",
                     call=call, part=part, shape=answer.shape)
        if i not in scalar_parts and answer.shape != exp.shape:
            return " ".join(filter(None, [_("{call}: {part} has shape {shape}, but it should have shape {expected}.",
                                            call=call, part=part, shape=answer.shape, expected=exp.shape),
                                          shape_advice and str(shape_advice)]))
        got.append(answer.reshape(exp.shape))
    return got


def check_function(name, learner_fn, cases, reference, mistakes=(), rtol=1e-9, timeout=None, parts=None,
                   scalar_parts=(), accept=(), labels=None, explain_error=None, shape_advice=None, order=None,
                   tip=None):
    """Check ``learner_fn`` against ``reference`` on ``cases`` (tuples of arguments).

    ``mistakes``: ``(hint, wrong_fn[, compared part indices])``: the first wrong version that gives the learner's
    answers on every case names the slip. ``accept``: ``(note, other_fn)``, other right conventions. ``parts``
    names the items of a returned tuple; a part in ``scalar_parts`` may be any array holding one number; a wrong
    answer is reported for the first part in ``order`` (part indices; say, the optimizer's state before w) that is off;
    ``tip`` follows it when no slip is named.
    """
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    if not callable(learner_fn):
        return not_a_function(name, learner_fn)
    answers, printed = [], False
    for args, call in zip(cases, labels or [describe_call(name, args) for args in cases]):
        outcome = call_guarded(learner_fn, copies(args), timeout)
        problem = no_answer(name, call, outcome, timeout)
        if problem is not None:
            better = explain_error and outcome.kind == "error" and explain_error(problem.message)
            return CheckResult(name, "fail", better) if better else problem
        printed = printed or bool(outcome.printed)
        expected = reference(*copies(args))
        expected = [np.asarray(e, dtype=float) for e in (expected if parts else [expected])]
        got = _read(call, outcome.value, expected, args, parts, scalar_parts, shape_advice)
        if isinstance(got, str):
            return CheckResult(name, "fail", got)
        answers.append((call, args, got, expected))

    def all_match(fn, compared=None):
        for _call, args, got, _expected in answers:
            try:
                with np.errstate(all="ignore"):
                    other = fn(*copies(args))
            except (ArithmeticError, ValueError):  # a wrong version may not even run on every case
                return False
            for i in range(len(got)) if compared is None else compared:
                o = np.asarray(other[i] if parts else other, dtype=float)
                if not matches(got[i].reshape(o.shape) if got[i].size == o.size else got[i], o, rtol):
                    return False
        return True

    def right(note=None):
        return CheckResult(name, "pass", " ".join(str(m) for m in (
            _("all {n} cases are right.", n=len(cases)), note, PRINTED if printed else None) if m))

    if all_match(reference):
        return right()
    for note, other_fn in accept:
        if all_match(other_fn):
            return right(note)
    for hint, wrong_fn, *compared in mistakes:
        if all_match(wrong_fn, *compared):
            return CheckResult(name, "fail", hint)
    wrong = [(k, call, i, g, e) for k, (call, _, got, expected) in enumerate(answers)
             for i, (g, e) in enumerate(zip(got, expected)) if not matches(g, e, rtol)]
    off = len({w[0] for w in wrong})
    rank = list(order or range(len(answers[0][2])))
    _k, call, i, answer, exp = min(wrong, key=lambda w: (rank.index(w[2]), w[0]))
    count = N_("{off} of {n} cases are off.", off=off, n=len(cases))
    if parts is None:
        message = _("{call} returned {answer}, but the right answer is {expected}. {count}", call=call, count=count,
                    answer=_short(answer if answer.ndim else float(answer)),
                    expected=_short(exp if exp.ndim else float(exp)))
    else:
        digits = next((d for d in range(6, 17) if compact(answer, d) != compact(exp, d)), 17)  # enough to see it
        message = _("{call}: {part} is {answer}, but the right {part} is {expected}. {count}", call=call, part=parts[i],
                    answer=compact(answer, digits), expected=compact(exp, digits), count=count)
    return CheckResult(name, "fail", " ".join(filter(None, [message, tip and str(tip)])))


def check_value(name, value, expected, rtol=1e-6, hints=(), explain=None, praise=""):
    """Check a number. ``hints``: ``(hint, wrong_value)``; ``explain(v)`` may describe another wrong answer."""
    if value is None:
        return CheckResult(name, "todo", _("set `{name}` to your answer, then run this cell again.", name=name))
    answer = as_answer(value)
    if answer is None or answer.ndim != 0:
        return CheckResult(name, "fail", _("`{name}` should be a single number; got {type}.", name=name,
                                           type=type(value).__name__))
    v = float(answer)
    if matches(v, expected, rtol, atol=0):
        return CheckResult(name, "pass", " ".join(str(m) for m in (_("{value:.6g} is right.", value=v), praise) if m))
    for hint, wrong_value in hints:
        if matches(v, wrong_value, rtol, atol=0):
            return CheckResult(name, "fail", hint)
    if explain and explain(v):
        return CheckResult(name, "fail", explain(v))
    if not np.isfinite(v):
        return CheckResult(name, "fail", _("`{name}` is {value}, not a finite number.", name=name, value=v))
    return CheckResult(name, "fail", _("{value:.6g} is too large.", value=v) if v > expected else
                       _("{value:.6g} is too small.", value=v))
