"""\
Copy the course's lessons into a folder of your own (default: my-work/) and keep it up to date.

Run it again whenever the course has changed (say after `git pull`). New lessons are added; a lesson you have
not changed is updated (only what you type counts: opening, running or saving a lesson changes nothing). Into
a lesson you have changed, the course's changes to the other cells are merged: your copy is first saved as
NAME.backup-DATE-TIME.ipynb, and your cells stay as you wrote them. What you wrote is NEVER overwritten: where
you and the course changed the same cell, yours is kept and the course's version is saved beside it as
NAME.new-DATE-TIME.ipynb. Save your open notebooks in JupyterLab first. .gdcourse-manifest.json and
.gdcourse/base/ record what was copied (without them, a lesson that differs from the course is kept whole).
--reset saves your copy as NAME.backup-DATE-TIME.ipynb (never over an earlier backup), then puts back the
course's original. --lang es takes the Spanish lessons (into my-work-es/ unless you name a folder).

examples:
  python -m gdcourse workspace                 create or update my-work/
  python -m gdcourse workspace ~/gd-lessons    use another folder
  python -m gdcourse workspace --reset 04      start lesson 04 over in my-work/
  python -m gdcourse workspace --lang es       the Spanish lessons, in my-work-es/
"""
import argparse
import contextlib
import datetime
import hashlib
import itertools
import json
import os
import pathlib
import re

from gdcourse.tools import merging

MANIFEST = ".gdcourse-manifest.json"
BASES = pathlib.PurePath(".gdcourse", "base")  # each lesson as last copied: the base of the next merge
FOLDERS = {"en": "my-work", "es": "my-work-es"}  # the default folder of each language: one edition in each
USAGE_ERROR, PROBLEM, OK = 2, 1, 0  # exit codes
ABOUT = ("gdcourse workspace record: the sha256 of each lesson as last copied here ('copied', kept in "
         f"{BASES.as_posix()}/) and of the newest course version offered to you ('offered'). If you delete this "
         "file, nothing is lost: every lesson that differs from the course is then kept as yours.")


class UsageError(Exception):  # a mistake in how the command was called (exit code 2)
    pass


def fingerprint(data):
    return hashlib.sha256(data).hexdigest()


def write_whole(path, data):
    """Write a hidden file, then rename it in one step: never half a notebook, and a link is replaced, not followed."""
    partial = path.with_name(f".{path.name}.gdcourse-partial")
    partial.unlink(missing_ok=True)
    with open(partial, "xb") as file:
        file.write(data)
    os.replace(partial, path)


def save_beside(path, kind, data, now):
    """Save ``data`` as ``STEM.KIND-YYYYmmdd-HHMMSS[-N].ipynb`` beside ``path``; mode "x" never overwrites."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for counter in itertools.count(1):
        number = f"-{counter}" if counter > 1 else ""
        candidate = path.with_name(f"{path.stem}.{kind}-{stamp}{number}{path.suffix}")
        with contextlib.suppress(FileExistsError), open(candidate, "xb") as file:
            file.write(data)
            return candidate


def read_manifest(folder):
    """``({name: {"copied": sha, "offered": sha}}, problem)``: None, "missing" or why it is (partly) unusable."""
    path = folder / MANIFEST  # callers have refused a linked record already
    if not path.exists():
        return {}, "missing"
    try:
        files = dict(json.loads(path.read_text(encoding="utf-8"))["files"].items())  # not a mapping: AttributeError
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as error:
        return {}, f"{MANIFEST} could not be read ({type(error).__name__})"
    keys = ("copied", "offered")
    entries = {name: {k: entry[k] for k in keys} for name, entry in files.items() if isinstance(entry, dict)
               and all(isinstance(entry.get(k), str) and re.fullmatch("[0-9a-f]{64}", entry[k]) for k in keys)}
    return entries, None if len(entries) == len(files) else f"part of {MANIFEST} could not be read"


def refuse_links(folder):  # before changing anything: a linked record could point anywhere
    for path in (folder / MANIFEST, folder / BASES.parent, folder / BASES):
        if path.is_symlink():
            raise OSError(f"{path.relative_to(folder)} in {folder} is a symbolic link; gdcourse does not follow links")


def write_manifest(folder, entries):  # write_whole replaces a link, never follows it
    record = {"about": ABOUT, "format": 1, "files": dict(sorted(entries.items()))}
    write_whole(folder / MANIFEST, (json.dumps(record, indent=1) + "\n").encode("utf-8"))


def course_lessons(source):
    return sorted(p for p in source.glob("*.ipynb") if p.is_file() and not p.name.startswith("."))


def find_lesson(name, lessons):
    """The lesson meant by ``04``, ``4``, ``04_learning_rate_alpha``, a file name or a path to one."""
    wanted = pathlib.PurePath(name).name
    for lesson in lessons:
        if wanted in (lesson.name, lesson.stem):
            return lesson
    found = [lesson for lesson, n in ((lesson, lesson.stem.split("_", 1)[0]) for lesson in lessons)
             if wanted == n or (wanted.isdigit() and n.isdigit() and int(wanted) == int(n))]
    if len(found) == 1:
        return found[0]
    known = "\n".join(f"  {lesson.stem}" for lesson in lessons)
    if found:
        raise UsageError(f"'{name}' could mean more than one lesson; give the full name:\n{known}")
    raise UsageError(f"There is no lesson called '{name}'. The lessons are:\n{known}")


def _line(label, name, detail=""):
    return f"{label:<10} {name}" + (f": {detail}" if detail else "")


def _not_a_file(target):
    return target.is_symlink() or (target.exists() and not target.is_file())


def read_base(folder, name, entry, course):
    """The version of the lesson last copied here (bytes), or None when nothing proves which one it was."""
    if entry.get("copied") == fingerprint(course):
        return course
    path = folder / BASES / name
    data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return data if data is not None and fingerprint(data) == entry.get("copied") else None


def write_base(folder, name, course):  # the base of the next merge
    path = folder / BASES / name
    if not (path.is_file() and path.read_bytes() == course):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, course)


def update(folder, target, course, entry, now):
    """Bring one lesson up to date: ``(action, line)``; what the learner wrote is never lost."""
    name, mine = target.name, target.read_bytes() if target.exists() else None
    base = read_base(folder, name, entry, course)
    if mine is None:
        write_whole(target, merging.for_this_python(course))
        return "added", _line("added", name)
    mine_nb, base_nb, course_nb = notebooks = [merging.read(data) for data in (mine, base or b"", course)]
    yours, copied, new = (nb and list(merging.written(nb).items()) for nb in notebooks)  # None: not a notebook
    untouched = yours is not None and yours == copied  # as copied, perhaps opened, run and saved
    if mine == course or (untouched and base == course) or (not untouched and yours is not None and yours == new):
        return "same", _line("up to date", name)
    if untouched:  # the course's new version replaces it
        write_whole(target, merging.for_this_python(course))
        return "updated", _line("updated", name, "you had not changed it")
    if yours is None or copied is None:  # nothing shows what you changed: yours stays whole
        if entry.get("offered") == fingerprint(course):
            return "kept", _line("kept", f"your changes to {name}")
        result = None
    elif copied == new:  # yours, and nothing new from the course
        return "kept", _line("kept", f"your changes to {name}")
    else:
        result = merging.merge(base_nb, mine_nb, course_nb)
    if result is None or list(merging.written(result[0]).items()) == yours:  # nothing could come in
        beside = save_beside(target, "new", course, now)
        return "look", _line("kept", f"your changes to {name}; the course's new version is saved as {beside.name}")
    merged, both = result
    backup = save_beside(target, "backup", mine, now)  # first your copy is safe, then the merge is written
    write_whole(target, merging.to_bytes(merged))
    saved = f"your copy from before is saved as {backup.name}"
    if not both:
        return "merged", _line("merged", name, f"your answers kept, the course's changes brought in; {saved}")
    beside = save_beside(target, "new", course, now)
    cells = ", ".join(merging.first_line(cell) for cell in mine_nb.cells if cell.get("id") in both)
    return "look", _line("merged", name, f"the course's changes brought in, but you both changed {cells}: yours "
                                         f"is kept and the course's version is saved as {beside.name}; {saved}")


def sync(folder, source, now):
    """Bring the workspace up to date: ``[(action, lesson, line)]``, action "note" or what happened to a lesson."""
    lessons = course_lessons(source)
    folder.mkdir(parents=True, exist_ok=True)
    refuse_links(folder)
    entries, problem = read_manifest(folder)
    before = dict(entries)  # entries are replaced, never changed in place
    if problem == "missing" and any(os.path.lexists(folder / p.name) for p in lessons):
        problem = "there is no record of earlier copies"
    results = [] if problem in (None, "missing") else [
        ("note", None, f"Note: {problem}, so every lesson that differs from the course is treated as yours and kept.")]
    for lesson in lessons:
        name, target, course = lesson.name, folder / lesson.name, lesson.read_bytes()
        if _not_a_file(target):
            what = "a symbolic link" if target.is_symlink() else "not a regular file"
            results.append(("skipped", name, _line("skipped", name, f"it is {what}; gdcourse leaves it alone")))
            continue
        action, line = update(folder, target, course, entries.get(name, {}), now)
        results.append((action, name, line))
        write_base(folder, name, course)
        entries[name] = {"copied": fingerprint(course), "offered": fingerprint(course)}
    for name in sorted(set(entries) - {p.name for p in lessons}):  # copied once, no longer in the course
        if not os.path.lexists(folder / name):
            del entries[name]
            continue
        topic = pathlib.PurePath(name).stem.split("_", 1)[-1]  # 07_beyond_sgd is now 08_beyond_sgd?
        now_called = [p.name for p in lessons if p.stem.split("_", 1)[-1] == topic]
        results.append(("left", name, _line("left", name, "no longer a lesson of the course" + (
            f" (it is now {now_called[0]})" if now_called else "") + "; your copy stays here, untouched")))
    if entries != before or problem is not None:
        write_manifest(folder, entries)
    return results


def reset(folder, source, name, now):
    """Put one lesson back to the course's version, saving the learner's copy first. Returns a line."""
    lesson = find_lesson(name, course_lessons(source))
    target = folder / lesson.name
    refuse_links(folder)
    if _not_a_file(target):
        raise OSError(f"{lesson.name} is a symbolic link or not a regular file; gdcourse leaves it alone")
    course, mine = lesson.read_bytes(), target.read_bytes() if target.exists() else None
    if mine is not None and (mine == course or merging.same_text(mine, course)):
        line = _line("up to date", lesson.name, "already the course's version; nothing to do")
    elif mine is None:
        write_whole(target, merging.for_this_python(course))
        line = _line("restored", lesson.name, "copied from the course")
    else:
        backup = save_beside(target, "backup", mine, now)  # first the learner's copy is safe...
        write_whole(target, merging.for_this_python(course))  # ...then the original goes back
        line = _line("reset", lesson.name, f"your copy is saved as {backup.name}")
    write_base(folder, lesson.name, course)
    entries, _ = read_manifest(folder)
    entries[lesson.name] = {"copied": fingerprint(course), "offered": fingerprint(course)}
    write_manifest(folder, entries)
    return line


def main(argv=None, now=None):
    """The command: 0 (done), 1 (a file could not be handled) or 2 (a usage error); ``now`` names new files."""
    from gdcourse.tools.build import ROOT
    parser = argparse.ArgumentParser(prog="python -m gdcourse workspace", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="your workspace folder (default: my-work, or my-work-es with "
                                                  "--lang es)")
    parser.add_argument("--reset", metavar="LESSON", action="append", default=[],
                        help="back up your copy of LESSON (04, 04_learning_rate_alpha or a file name), then "
                             "restore the course's version (may be repeated)")
    parser.add_argument("--lang", choices=sorted(FOLDERS), default="en",
                        help="the lessons' language: en (lessons/, the default) or es (lessons/es/)")
    parser.add_argument("--source", metavar="DIR", help="where the course's lessons are (default: the lessons/ "
                                                        "folder of the course gdcourse was installed from)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a bad option (2); argparse has printed why
        return stop.code if isinstance(stop.code, int) else USAGE_ERROR
    now, folder = now or datetime.datetime.now(), pathlib.Path(args.folder or FOLDERS[args.lang]).expanduser()
    lessons = ROOT / "lessons" / ("" if args.lang == "en" else args.lang)
    source = pathlib.Path(args.source).expanduser() if args.source else lessons
    try:
        here, protected = folder.resolve(), [source.resolve(), ROOT / "lessons", ROOT / "solutions"]
        if here == ROOT or any(here == p or here.is_relative_to(p) for p in protected):
            raise UsageError(f"{folder} is part of the course itself. Choose a folder of your own, "
                             f"for example: python -m gdcourse workspace {FOLDERS[args.lang]}")
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} exists but is not a folder.")
        if not args.source and not lessons.is_dir() and args.lang != "en":
            raise UsageError(f"This copy of the course has no lessons in '{args.lang}' yet (there is no folder "
                             f"{lessons}). Without --lang you get the English lessons.")
        if not source.is_dir() or not course_lessons(source):
            raise UsageError(f"No lessons found in {source}. Run this command from the course's "
                             "folder, or say where the lessons are with --source.")
        return _run_resets(folder, source, args.reset, now) if args.reset else _run_sync(folder, source, now)
    except UsageError as error:
        print(error)
        return USAGE_ERROR


WORDS = {"added": "added", "updated": "updated", "merged": "merged with your answers kept",
         "look": "needing a look", "kept": "kept with your changes", "same": "already up to date", "skipped": "skipped",
         "left": "no longer in the course"}


def _run_sync(folder, source, now):
    print(f"Your workspace: {folder}")
    try:
        results = sync(folder, source, now)
    except OSError as error:
        print(f"Stopped: {error}")
        return PROBLEM
    for action, _, line in results:
        print(line if action == "note" else f"  {line}")
    names = {a: [name for action, name, _ in results if action == a] for a in WORDS}
    print(f"Done: {', '.join(f'{len(names[a])} {WORDS[a]}' for a in WORDS if names[a])}.")
    if names["merged"]:
        print(f"Merged, your answers kept and your copies from before saved beside them: {', '.join(names['merged'])}")
    if names["look"]:
        print(f"Needs a look: {', '.join(names['look'])}. The course changed what you changed too: yours is kept, "
              "and the course's version is saved beside it as NAME.new-DATE-TIME.ipynb to compare.\n"
              "To start a lesson afresh from the course's version (your copy is backed up first):\n"
              f"  python -m gdcourse workspace {folder} --reset NUMBER")
    print(f"Open the lessons from {folder} in JupyterLab; your changes there are never overwritten.")
    return PROBLEM if names["skipped"] else OK


def _run_resets(folder, source, names, now):
    if not folder.is_dir():
        raise UsageError(f"There is no workspace at {folder} yet: python -m gdcourse workspace {folder} creates it")
    for name in names:  # check every name before changing anything
        find_lesson(name, course_lessons(source))
    status = OK
    for name in names:
        try:
            print(reset(folder, source, name, now))
        except OSError as error:
            print(f"Could not reset {name}: {error}")
            status = PROBLEM
    return status
