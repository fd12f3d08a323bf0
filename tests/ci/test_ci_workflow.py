"""The GitHub Actions workflow (.github/workflows/ci.yml), checked offline.

It cannot be run here (no GitHub), so it is checked two ways: against the
GitHub workflow schema that check-jsonschema ships (no network needed), and
by reading it: every leg of the matrix must run the README's two commands.
"""
import pathlib
import re
import subprocess
import sys

from ruamel.yaml import YAML  # a dependency of check-jsonschema; YAML 1.2, so `on:` stays "on"

ROOT = pathlib.Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
CHROME = {"ubuntu-latest": "/usr/bin/google-chrome", "macos-latest": None}  # the harness needs /proc

# `python -m check_jsonschema`, except that rfc3987_syntax is not imported: jsonschema
# imports it (if installed) only to check the "iri" formats, and building its grammar
# takes about 2.5 s. The GitHub workflow schema uses no "format" at all
# (test_the_schema_checks_no_formats), so the result is the same.
CHECK_JSONSCHEMA = ("import sys; sys.modules['rfc3987_syntax'] = None\n"
                    "from check_jsonschema import main; main()")


def check_jsonschema(*paths):
    """(exit code, output) of check-jsonschema with its bundled GitHub workflow schema."""
    result = subprocess.run(
        [sys.executable, "-c", CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows",
         *map(str, paths)], capture_output=True, text=True, timeout=60)
    return result.returncode, result.stdout + result.stderr


def job():
    return YAML(typ="safe").load(WORKFLOW.read_text())["jobs"]["test"]


def legs():
    """Every (os, versions, extra matrix values) combination the matrix expands to."""
    matrix = job()["strategy"]["matrix"]
    for os_name in matrix["os"]:
        for versions in matrix["versions"]:
            extra = {}
            for entry in matrix.get("include", []):
                if entry["os"] == os_name:
                    extra.update({k: v for k, v in entry.items() if k != "os"})
            yield os_name, versions, extra


def commands(versions):
    """The shell lines run by the steps of a leg, in order (our `if:`s only test matrix.versions)."""
    lines = []
    for step in job()["steps"]:
        condition = step.get("if")
        if condition is not None:
            match = re.fullmatch(r"matrix\.versions == '(\w+)'", condition)
            assert match, f"an `if:` this test cannot evaluate: {condition!r}"
            if match[1] != versions:
                continue
        lines += [line.strip() for line in step.get("run", "").splitlines() if line.strip()]
    return lines


def test_the_workflow_is_valid():
    code, output = check_jsonschema(WORKFLOW)
    assert code == 0, output
    assert "ok -- validation done" in output


def test_a_broken_workflow_is_rejected(tmp_path):
    text = WORKFLOW.read_text()
    runs_on = "    runs-on: ${{ matrix.os }}\n"
    assert runs_on in text and "\non:\n" in text
    no_runs_on, misspelt_on = tmp_path / "no_runs_on.yml", tmp_path / "misspelt_on.yml"
    no_runs_on.write_text(text.replace(runs_on, ""))
    misspelt_on.write_text(text.replace("\non:\n", "\none:\n"))
    code, output = check_jsonschema(no_runs_on, misspelt_on)
    assert code == 1, output
    # One section per file, in the order given; each names what is wrong.
    start, middle = output.find("no_runs_on.yml::$.jobs.test"), output.find("misspelt_on.yml::$")
    assert 0 <= start < middle, output
    assert "'runs-on' is a required property" in output[start:middle], output
    assert "'on' is a required property" in output[middle:], output


def test_the_schema_checks_no_formats():
    import json
    from importlib.resources import files

    schema = json.loads(files("check_jsonschema.builtin_schemas.vendor")
                        .joinpath("github-workflows.json").read_text())

    def formats(node):
        if isinstance(node, dict):
            yield from ([node["format"]] if isinstance(node.get("format"), str) else [])
            for value in node.values():
                yield from formats(value)
        elif isinstance(node, list):
            for value in node:
                yield from formats(value)

    assert list(formats(schema)) == []


def test_every_leg_runs_the_readme_commands():
    found = list(legs())
    assert {(o, v) for o, v, _ in found} == {
        (o, v) for o in ("ubuntu-latest", "macos-latest") for v in ("newest", "lowest")}
    for os_name, versions, extra in found:
        lines = commands(versions)
        assert lines[-1] == "python -m pytest", (os_name, versions, lines)
        if versions == "newest":
            assert "pip install -r requirements.txt" in lines
        else:
            assert lines.index("python .ci/lowest_constraints.py > lowest.txt") < \
                lines.index("pip install -c lowest.txt -r requirements.txt")
        assert not any("gdcourse lab" in line for line in lines)  # set up, never start the lab
        assert extra.get("chrome") == CHROME[os_name]


def test_job_settings():
    workflow = YAML(typ="safe").load(WORKFLOW.read_text())
    test = workflow["jobs"]["test"]
    assert workflow["permissions"] == {"contents": "read"}
    assert test["strategy"]["fail-fast"] is False
    assert 0 < test["timeout-minutes"] <= 60
    assert test["runs-on"] == "${{ matrix.os }}"
    assert test["env"]["GDCOURSE_CHROMIUM"] == "${{ matrix.chrome || '' }}"
    uses = {step["uses"]: step.get("with", {}) for step in test["steps"] if "uses" in step}
    assert set(uses) == {"actions/checkout@v4", "actions/setup-python@v5"}
    assert uses["actions/setup-python@v5"]["python-version"] == "3.11"
    assert uses["actions/setup-python@v5"]["cache"] == "pip"


def test_find_chromium_honours_the_workflows_variable(tmp_path, monkeypatch):
    from browser_support import find_chromium

    browser = tmp_path / "Google Chrome"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    monkeypatch.setenv("GDCOURSE_CHROMIUM", str(browser))
    assert find_chromium() == str(browser)
    monkeypatch.setenv("GDCOURSE_CHROMIUM", str(tmp_path / "missing"))  # falls back to the usual places
    assert find_chromium() != str(tmp_path / "missing")
