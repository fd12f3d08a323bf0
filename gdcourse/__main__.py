"""Command line: ``python -m gdcourse workspace`` (learners) and ``python -m gdcourse build`` (maintainers)."""
import argparse
import sys


def lab(argv):
    """Replace this process with ``jupyter lab`` plus gdcourse's server setting (see gdcourse.tools.server)."""
    import os
    from gdcourse.tools.server import LAB_OPTIONS
    if not any(not a.startswith("-") for a in argv) and os.path.isdir("lessons"):
        argv = [*argv, "lessons"]
    os.execv(sys.executable, [sys.executable, "-m", "jupyter", "lab", *LAB_OPTIONS, *argv])


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m gdcourse",
        description="Tools for the gdcourse notebooks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("lab", add_help=False,
                   help="start JupyterLab on lessons/ (or the folder you name), with quick slider replies")
    sub.add_parser("workspace", add_help=False,
                   help="copy the lessons into a folder of your own to work in (safe to re-run)")
    sub.add_parser("build", add_help=False,
                   help="maintainers: write lessons/ from solutions/ and execute every notebook")
    args, rest = parser.parse_known_args(argv)
    if args.command == "lab":
        return lab(rest)
    if args.command == "workspace":
        from gdcourse.tools import workspace
        return workspace.main(rest)
    if args.command == "build":
        from gdcourse.tools import build
        return build.main(rest)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
