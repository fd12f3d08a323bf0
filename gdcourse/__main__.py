"""Command line: ``python -m gdcourse lab | workspace | progress | export | build | translate``."""
import argparse
import importlib
import os
import sys

COMMANDS = {"lab": "start JupyterLab on lessons/ (or the folder you name)",
            "workspace": "copy the lessons into a folder of your own to work in (safe to re-run)",
            "progress": "how far a workspace has got: each lesson's checked exercises, passed, failed or not started",
            "export": "write the lessons as HTML pages that work offline, sliders and formulas included",
            "build": "maintainers: write lessons/ from solutions/ and execute every notebook",
            "translate": "maintainers: bring the Spanish translation files up to date with the English lessons"}


def lab(argv):  # become ``jupyter lab`` with gdcourse's server setting (see gdcourse.tools.server)
    from gdcourse.tools.server import LAB_OPTIONS
    if all(a.startswith("-") for a in argv) and os.path.isdir("lessons"):
        argv = [*argv, "lessons"]
    os.execv(sys.executable, [sys.executable, "-m", "jupyter", "lab", *LAB_OPTIONS, *argv])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gdcourse", description="Tools for the gdcourse notebooks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in COMMANDS.items():
        sub.add_parser(name, add_help=False, help=text)
    args, rest = parser.parse_known_args(argv)
    if args.command == "lab":
        return lab(rest)
    if args.command:
        return importlib.import_module(f"gdcourse.tools.{args.command}").main(rest)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
