"""python -m gdcourse: the lab, workspace, progress and build commands are wired up."""
import os
import subprocess
import sys

import pytest

from gdcourse import __main__ as cli
from gdcourse.tools import server


def run_lab(monkeypatch, tmp_path, argv, with_lessons=True):
    if with_lessons:
        (tmp_path / "lessons").mkdir()
    monkeypatch.chdir(tmp_path)
    seen = {}
    monkeypatch.setattr(os, "execv", lambda program, args: seen.update(program=program, args=args))
    cli.main(["lab", *argv])
    return seen["args"]


def test_lab_opens_lessons_with_the_prompt_connection(monkeypatch, tmp_path):
    args = run_lab(monkeypatch, tmp_path, [])
    assert args[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert "--ServerApp.kernel_websocket_connection_class=gdcourse.tools.server.PromptKernelConnection" in args
    assert args[-1] == "lessons"


def test_lab_keeps_a_folder_and_options_the_learner_gives(monkeypatch, tmp_path):
    args = run_lab(monkeypatch, tmp_path, ["--port=9000", "my-work"])
    assert args[-2:] == ["--port=9000", "my-work"] and "lessons" not in args


def test_lab_outside_the_course_folder_opens_the_current_folder(monkeypatch, tmp_path):
    args = run_lab(monkeypatch, tmp_path, [], with_lessons=False)
    assert args[-1].startswith("--ServerApp.kernel_websocket_connection_class")


def test_prompt_connection_turns_nagle_off_before_connecting():
    calls = []

    class Handler:
        def set_nodelay(self, value):
            calls.append(("nodelay", value))

    connection = server.PromptKernelConnection.__new__(server.PromptKernelConnection)
    object.__setattr__(connection, "_trait_values", {"websocket_handler": Handler()})
    original = server.ZMQChannelsWebsocketConnection.connect
    try:
        server.ZMQChannelsWebsocketConnection.connect = lambda self: calls.append(("connect", None))
        connection.connect()
    finally:
        server.ZMQChannelsWebsocketConnection.connect = original
    assert calls == [("nodelay", True), ("connect", None)]


@pytest.mark.parametrize("command", [[], ["--help"]])
def test_help_lists_every_command(command):
    out = subprocess.run([sys.executable, "-m", "gdcourse", *command], capture_output=True, text=True)
    for name in ("lab", "workspace", "progress", "build"):
        assert name in out.stdout
