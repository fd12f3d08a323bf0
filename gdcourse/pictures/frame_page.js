// Exported pages only: each slider's data sits in a <script type="application/json"> beside its element,
// and a stand-in for anywidget's model hands render() (frame_slider.js) the picture files instead of the kernel.
document.querySelectorAll("script.gd-slider-data").forEach((data) => {
  const state = JSON.parse(data.textContent);
  const el = document.createElement("div");
  const listeners = [];
  const model = {
    get: (name) => state[name],
    set: (name, value) => { state[name] = value; },
    save_changes: () => {},
    on: (event, listener) => { if (event === "msg:custom") listeners.push(listener); },
    send: () => Object.entries(state.frames).forEach(([key, frame]) =>
      listeners.forEach((listener) => listener({ type: "frame", key, ...frame }, []))),
  };
  data.previousElementSibling.replaceWith(el);  // the starting picture, for browsers without scripts
  gdcourseSlider.render({ model, el });
});
