"""The slider machinery (gdcourse/pictures/frames.py) driven without a browser: what it draws, what it sends to
the browser and when, and what a page without a kernel shows."""
import asyncio
import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from gdcourse.pictures import frames, plots  # noqa: E402

DRAWN = []


def draw(slope, offset=0):
    DRAWN.append((slope, offset))
    fig, ax = plots.new_figure(ncols=1, figsize=(2, 1.5))
    ax.plot([0, 1], [offset, offset + slope], color=plots.PALETTE["blue"])
    ax.set(xlabel="x", ylabel="y")
    return fig


def caption(slope, offset=0):
    return f"slope {slope:g}, offset {offset:g}"


@pytest.fixture(autouse=True)
def fresh():
    DRAWN.clear()
    yield
    plt.close("all")


def make(**starts):
    controls = {"slope": frames.control("slope", [0.5, 1.0, 2.0, 4.0], starts.get("slope", 1.0)),
                "offset": frames.control("offset", [0, 1, 2], starts.get("offset", 0))}
    box = frames.frame_slider(draw, controls, caption=caption, dpi=30)
    sent = []
    box.send = lambda content, buffers=None: sent.append((content, buffers))
    return box, sent


def test_control_labels_and_start():
    c = frames.control("rate", [0.01, 0.1, 1.0], 0.1, label="{:.2f}")
    assert c == frames.Control("rate", (0.01, 0.1, 1.0), ("0.01", "0.10", "1.00"), 0.1)
    assert frames.control("size", [1, 16, "full"], "full").labels == ("1", "16", "full")
    assert frames.control("rate", [0.01, 0.1, 1.0], 0.07).start == 0.1  # a typed value: the nearest offered


def test_the_cell_draws_one_picture_and_the_widget_starts_there():
    box, sent = make(slope=2.0, offset=1)
    assert DRAWN == [(2.0, 1)] and list(box.frames) == ["2,1"]
    assert box.index == [2, 1] and box.settings() == {"slope": 2.0, "offset": 1}
    assert box.controls == [{"description": "slope", "labels": ["0.5", "1", "2", "4"]},
                            {"description": "offset", "labels": ["0", "1", "2"]}]
    assert box._start_png == box.picture and box._start_caption == box.caption == "slope 2, offset 1"
    assert sent == []  # no browser has asked for anything


def test_a_move_draws_on_demand_once_and_the_picture_is_what_draw_makes():
    box, _ = make()
    box.set(slope=4.0)
    box.set(slope=1.0)
    box.set(slope=4.0)
    assert DRAWN == [(1.0, 0), (4.0, 0)]
    assert box.caption == "slope 4, offset 0"
    assert box.picture == frames.figure_png(draw(4.0), dpi=30)
    box.index = [0, 2]  # what a move in the browser does
    assert box.settings() == {"slope": 0.5, "offset": 2} and box.caption == "slope 0.5, offset 2"


def test_set_refuses_a_value_or_a_control_the_slider_does_not_have():
    box, _ = make()
    with pytest.raises(ValueError, match=r"slope must be one of the slider's values \[0.5, 1.0, 2.0, 4.0\], got 3.0"):
        box.set(slope=3.0)
    with pytest.raises(TypeError, match="this slider has no control slop; its controls: slope, offset"):
        box.set(slop=1.0)
    assert box.index == [1, 0]


def test_a_browser_gets_every_drawn_picture_then_the_rest_nearest_first():
    async def browser_opens():
        box, sent = make(slope=2.0, offset=1)
        box.set(slope=4.0)
        box._message(box, {"type": "ready"}, [])
        assert [content["key"] for content, _ in sent] == ["2,1", "3,1"]  # what was drawn, at once
        for _ in range(200):  # the event loop is idle: the kernel draws the rest
            await asyncio.sleep(0.01)
            if len(box.frames) == 12:
                break
        return box, sent

    box, sent = asyncio.run(browser_opens())
    keys = [content["key"] for content, _ in sent]
    assert sorted(keys) == sorted(box.frames) and len(keys) == 12  # every picture sent once
    # From the learner's position (slope index 3, offset 1): what one slider reaches first, nearest first and
    # ahead of the last move (slope went up, so a lower slope is behind), then what needs both sliders.
    assert keys[2:] == ["3,0", "3,2", "1,1", "0,1", "2,0", "2,2", "1,0", "1,2", "0,0", "0,2"]
    content, buffers = sent[0]
    assert content == {"type": "frame", "key": "2,1", "caption": "slope 2, offset 1"}
    assert buffers == [box.frames["2,1"][0]] and buffers[0].startswith(b"\x89PNG")


def test_without_an_event_loop_nothing_is_drawn_ahead():
    box, sent = make()
    box._message(box, {"type": "ready"}, [])
    assert len(box.frames) == 1 and len(sent) == 1
    box.set(offset=2)  # drawn for the move, and sent because a browser is watching
    assert [content["key"] for content, _ in sent] == ["1,0", "1,2"]


def test_an_error_while_drawing_ahead_stops_quietly_and_shows_when_the_learner_gets_there():
    def fragile(slope, offset=0):
        if slope > 2:
            raise ValueError("slope too steep to draw")
        return draw(slope, offset)

    async def browser_opens():
        box = frames.frame_slider(fragile, {"slope": frames.control("slope", [1.0, 4.0], 1.0)}, dpi=30)
        box.send = lambda content, buffers=None: None
        box._message(box, {"type": "ready"}, [])
        await asyncio.sleep(0.2)
        return box

    box = asyncio.run(browser_opens())
    assert list(box.frames) == ["0"] and box._drawing is False
    with pytest.raises(ValueError, match="too steep"):
        box.set(slope=4.0)


def test_pages_without_a_kernel_show_the_picture_and_nbval_compares_the_caption(monkeypatch):
    monkeypatch.delenv("GDCOURSE_EXPORT", raising=False)
    box, _ = make()
    data, _ = box._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id
    assert base64.b64decode(data["image/png"]) == box.picture
    assert data["text/plain"] == "slope 1, offset 0"  # never the widget's repr with its memory address
    assert frames.FRAMES not in data and len(box.frames) == 1


def test_export_asks_for_every_picture_in_the_output(monkeypatch):
    monkeypatch.setenv("GDCOURSE_EXPORT", "1")
    box, _ = make()
    data, _ = box._repr_mimebundle_()
    every = data[frames.FRAMES]
    assert every["controls"] == box.controls and every["index"] == [1, 0]
    assert len(every["frames"]) == 12 and every["frames"]["3,2"]["caption"] == "slope 4, offset 2"
    assert base64.b64decode(every["frames"]["3,2"]["png"]) == box.frames["3,2"][0]
