"""Command line: ``python -m gdcourse workspace`` (learners) and ``python -m gdcourse build`` (maintainers)."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m gdcourse",
        description="Tools for the gdcourse notebooks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("workspace", add_help=False,
                   help="copy the lessons into a folder of your own to work in (safe to re-run)")
    sub.add_parser("build", add_help=False,
                   help="maintainers: write lessons/ from solutions/ and execute every notebook")
    args, rest = parser.parse_known_args(argv)
    if args.command == "workspace":
        from gdcourse import workspace
        return workspace.main(rest)
    if args.command == "build":
        from gdcourse import build
        return build.main(rest)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
