"""Every benchmark of the course in one table:  python benchmarks/run.py

1. execution time of each notebook (solutions/ and lessons/), fresh kernel, via nbclient;
2. slider latency: one slider step in the kernel (cached picture / newly drawn), and in
   a real browser from key press to the new picture painted (JupyterLab + Chromium);
3. training throughput ratios from benchmarks/train_speed.py (run as a subprocess).

Options: notebook number prefixes (e.g. 04 05) to run only those, --skip-browser, --skip-train,
--json PATH (also save the raw numbers; benchmarks/out/ is git-ignored).
Run it on a quiet machine: everything here is wall-clock time (train_speed runs with --cpu-time).
"""
import argparse
import json
import os
import pathlib
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import notebook_times  # noqa: E402
import slider_latency  # noqa: E402


def machine():
    """Cores, CPU, memory, load and the versions that matter, in one line."""
    from importlib.metadata import PackageNotFoundError, version
    cpu = "unknown"
    memory = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        kib = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
        memory = f"{kib / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration):
        pass
    packages = []
    for name in ("numpy", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel", "nbclient", "playwright"):
        try:
            packages.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    chromium = slider_latency.bs.find_chromium()
    if chromium:
        try:
            out = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=20).stdout
            packages.append(out.strip().split(" built")[0])
        except (OSError, subprocess.TimeoutExpired):
            pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores (nproc), {cpu}, {memory} RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}; {', '.join(packages)}; load average {load}")


def train_ratios():
    """Run train_speed.py; return ({rule: {way: ratio vs numpy}}, the first lines it printed)."""
    script = HERE / "train_speed.py"
    if not script.exists():
        return {}, "benchmarks/train_speed.py not found"
    out = subprocess.run([sys.executable, str(script), "--cpu-time"], capture_output=True, text=True,
                         cwd=ROOT, timeout=1800)
    if out.returncode:
        return {}, f"train_speed.py failed ({out.returncode}): {out.stderr.strip()[-300:]}"
    ratios, rule = {}, None
    for line in out.stdout.splitlines():
        if line.startswith(("SGD", "Adam")):
            rule = line.split()[0]
            ratios[rule] = {}
        match = re.match(r"\|\s*([^|]+?)\s*\|[^|]*\|[^|]*\|\s*([\d.]+)x\s*\|", line)
        if rule and match:
            ratios[rule][match.group(1)] = float(match.group(2))
    return ratios, out.stdout.splitlines()[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="notebook number prefixes, e.g. 04 (default: all)")
    parser.add_argument("--skip-browser", action="store_true", help="no JupyterLab/Chromium latency")
    parser.add_argument("--skip-train", action="store_true", help="no training throughput")
    parser.add_argument("--json", type=pathlib.Path, help="also write the raw numbers to this file")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    print(machine(), flush=True)
    rows, raw = [], {"machine": machine()}

    # 1 and 2a: every notebook in a fresh kernel, then its sliders moved in that kernel.
    raw["notebooks"] = []
    for path in notebook_times.notebooks(args.only):
        result = notebook_times.run_notebook(path, probe_sliders=path.parent.name == "lessons")
        raw["notebooks"].append(result)
        verdict = "ok" if result["execute_s"] <= notebook_times.BUDGET_SECONDS else "OVER"
        rows.append(("notebook", result["notebook"], f"{result['execute_s']:.2f} s "
                     f"(+{result['kernel_start_s']:.2f} s kernel start)", f"<= {notebook_times.BUDGET_SECONDS:g} s: {verdict}"))
        for step in result["slider_steps"]:
            name = f"{path.stem[:2]} {step['control']}"
            if "all_s" in step:
                rows.append(("slider, kernel", f"{path.stem[:2]}: draw all {step['pictures']} pictures",
                             f"{step['all_s']:.1f} s", ""))
                continue
            rows.append(("slider, kernel", f"{name}: cached picture", f"{step['cached_ms']:.2f} ms", ""))
            rows.append(("slider, kernel", f"{name}: new picture", f"{step['uncached_ms']:.1f} ms", ""))
        print(f"  measured {result['notebook']}", file=sys.stderr, flush=True)

    # 2b: key press to painted picture, in a plain `jupyter lab` in Chromium, every slider of every lesson.
    if not args.skip_browser:
        raw["browser"] = slider_latency.measure(args.only)
        for result in raw["browser"]:
            name = f"{result['lesson'][:2]} slider {result['slider']}"
            rows.append(("slider, browser", f"{name}: every picture in the browser", f"{result['ready_s']:.1f} s", ""))
            for control, kinds in result["controls"].items():
                for kind, samples in kinds.items():
                    if samples:
                        median, p90 = statistics.median(samples), slider_latency.percentile(samples, 0.9)
                        ok = median <= slider_latency.TARGET["median"] and p90 <= slider_latency.TARGET["p90"]
                        rows.append(("slider, browser", f"{name} {control}, {kind} visit",
                                     f"median {median:.1f} ms (p90 {p90:.1f}, {len(samples)} moves)",
                                     f"<= 16 / 50 ms: {'ok' if ok else 'MISSED'}"))

    # 3: training throughput, as ratios to the plain numpy loop (lower is faster).
    if not args.skip_train:
        ratios, note = train_ratios()
        raw["train"] = {"ratios": ratios, "note": note}
        targets = {"gdcourse fit": "<= 3x", "gdcourse tape loop": "", "torch.optim": ""}
        ways = list(dict.fromkeys(way for rule in ratios.values() for way in rule))
        for way in ways:
            if way == "numpy loop":
                continue
            side_by_side = ", ".join(f"{rule} {ratios[rule][way]:.2f}x" for rule in ratios if way in ratios[rule])
            rows.append(("training", f"{way} vs numpy loop (CPU time)", side_by_side, targets.get(way, "")))
        if not ratios:
            rows.append(("training", "train_speed.py", note, ""))

    widths = [max(len(str(row[i])) for row in rows + [("part", "what", "result", "target")]) for i in range(4)]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
    print()
    print(line.format("part", "what", "result", "target"))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line.format(*row))
    print(f"\n(benchmarks took {time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
