// The browser half of gdcourse's sliders (see frames.py). The kernel draws every picture with matplotlib and
// sends it here, ahead of the learner's hand; a move is then a local swap, drawn before the next screen frame.
// The same render() runs in JupyterLab (through anywidget) and in the exported pages (a stand-in model).

function render({ model, el }) {
  const controls = model.get("controls");
  const index = [...model.get("index")];
  const frames = new Map();  // "i,j" -> {bitmap, caption}
  const key = (at) => at.join(",");

  el.classList.add("gd-slider");
  const inputs = controls.map((control, i) => {
    const row = document.createElement("label");
    const name = document.createElement("span");
    const input = document.createElement("input");
    const readout = document.createElement("output");
    name.textContent = control.description;
    Object.assign(input, { type: "range", min: 0, max: control.labels.length - 1, step: 1, value: index[i] });
    input.setAttribute("aria-label", control.description);
    readout.textContent = control.labels[index[i]];
    input.addEventListener("keydown", (event) => {  // JupyterLab keeps arrow keys for itself: take them here
      const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      event.stopPropagation();
      const value = Math.min(Math.max(Number(input.value) + step, 0), control.labels.length - 1);
      if (value !== Number(input.value)) {
        input.value = value;
        input.dispatchEvent(new Event("input"));
      }
    });
    input.addEventListener("input", () => {
      index[i] = Number(input.value);
      readout.textContent = control.labels[index[i]];
      show();
      model.set("index", [...index]);  // the kernel learns where the learner is: it draws around there next
      model.save_changes();
    });
    row.append(name, input, readout);
    el.append(row);
    return { input, readout };
  });
  const canvas = document.createElement("canvas");
  const caption = document.createElement("p");
  el.append(canvas, caption);

  function show() {
    const frame = frames.get(key(index));
    el.dataset.shown = frame ? key(index) : "";  // "" = this picture is still being drawn in the kernel
    el.classList.toggle("gd-waiting", !frame);
    if (!frame) return;
    if (canvas.width !== frame.bitmap.width) canvas.width = frame.bitmap.width;
    if (canvas.height !== frame.bitmap.height) canvas.height = frame.bitmap.height;
    canvas.getContext("2d").drawImage(frame.bitmap, 0, 0);
    canvas.setAttribute("aria-label", frame.caption);
    caption.textContent = frame.caption;
  }

  async function receive(message, buffers) {
    if (message.type !== "frame") return;
    const source = buffers && buffers.length ? new Blob([buffers[0]], { type: "image/png" })
      : await loaded(message.url);
    frames.set(message.key, { bitmap: await createImageBitmap(source), caption: message.caption });
    el.dataset.ready = frames.size;
    if (message.key === key(index)) show();
  }

  model.on("msg:custom", receive);
  model.on("change:index", () => {  // moved from Python
    model.get("index").forEach((value, i) => {
      index[i] = value;
      inputs[i].input.value = value;
      inputs[i].readout.textContent = controls[i].labels[value];
    });
    show();
  });
  el.dataset.total = controls.reduce((n, control) => n * control.labels.length, 1);
  const start = model.get("_start_png");
  if (start) receive({ type: "frame", key: key(index), caption: model.get("_start_caption") }, [start]);
  model.send({ type: "ready" });  // please send every picture
}

function loaded(url) {  // an exported page's picture file, decoded
  const image = new Image();
  image.src = url;
  return image.decode().then(() => image);
}

export default { render };
