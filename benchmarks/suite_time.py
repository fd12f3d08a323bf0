"""How long the README's test command takes:  python benchmarks/suite_time.py [--runs N]

Runs ``python -m pytest -q`` from the repository root N times (default 3) and
prints, for each run, the wall-clock seconds, the CPU seconds of pytest and
everything it started (kernels, JupyterLab, Chromium), and the load average
when it began; then the median wall time against the budget of 60 s.
Run it on a quiet machine: the suite uses both cores, so anything else running
slows it down.
"""
import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 60.0


def run_suite():
    """(wall seconds, CPU seconds of the children, last line pytest printed, load at the start)."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "--no-header"], cwd=ROOT,
                            capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return wall, cpu, (lines[-1] if lines else f"exit code {result.returncode}"), load


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many runs (default 3)")
    args = parser.parse_args(argv)
    walls = []
    print("| run | wall | CPU (all processes) | load at start | pytest says |")
    print("|----:|-----:|--------------------:|--------------:|-------------|")
    for run in range(1, args.runs + 1):
        wall, cpu, last, load = run_suite()
        walls.append(wall)
        print(f"| {run} | {wall:.1f} s | {cpu:.1f} s | {load:.2f} | {last} |", flush=True)
    median = statistics.median(walls)
    verdict = "ok" if median <= BUDGET_SECONDS else "OVER"
    print(f"\nmedian wall time {median:.1f} s (budget {BUDGET_SECONDS:g} s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
