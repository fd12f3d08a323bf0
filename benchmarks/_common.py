"""Small timing helpers shared by the benchmark scripts (not part of the test suite)."""
import os
import platform
import statistics
import sys
import time


def time_per_call(fn, repeat=5, number=1, clock=time.perf_counter):
    """Median seconds of one call of ``fn()``.

    ``fn`` is called ``number`` times in a row, ``repeat`` times over; the
    median of the ``repeat`` averages is returned (the median shrugs off the
    odd slow run on a busy machine). ``clock`` is ``time.perf_counter``
    (wall-clock time) or ``time.process_time`` (CPU time of this process,
    steadier when other programs share the cores).
    """
    times = []
    for _ in range(repeat):
        start = clock()
        for _ in range(number):
            fn()
        times.append((clock() - start) / number)
    return statistics.median(times)


def interleaved_medians(fns, repeat=5, clock=time.perf_counter):
    """Median seconds per call of each function in the dict ``fns``.

    The functions take turns (a, b, c, a, b, c, ...) so that a burst of load
    from other programs hits them all alike. ``clock`` as in ``time_per_call``.
    """
    times = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = clock()
            fn()
            times[name].append(clock() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_description():
    """One line: cores, CPU model, Python and numpy versions, current load."""
    import numpy
    try:
        load = f", load average {os.getloadavg()[0]:.2f}"
    except OSError:
        load = ""
    return (f"{os.cpu_count()} cores (nproc), CPU: {cpu_model()}, "
            f"Python {sys.version.split()[0]}, numpy {numpy.__version__}{load}")
