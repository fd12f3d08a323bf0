"""Progress display for ``fit(verbose=...)``.

- ``verbose=0``: nothing at all.
- ``verbose=1``: a progress bar over the epochs. In Jupyter it is an
  ipywidgets ``IntProgress`` with a label; elsewhere one line of text that
  rewrites itself.
- ``verbose=2``: one plain line per epoch, ``Epoch 3/100 - loss: 1.2345e+01``.
"""
import sys
import time


def in_notebook():
    """True when running inside a Jupyter kernel (where widgets can show)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - very old IPython
        return False
    return shell is not None and hasattr(shell, "kernel")


def format_logs(logs):
    """``{'loss': 12.345}`` -> ``'loss: 1.2345e+01'`` (always the same digits)."""
    return " - ".join(f"{name}: {value:.4e}" for name, value in logs.items())


def epoch_line(epoch, epochs, logs):
    """The verbose=2 line for 0-based ``epoch``: ``Epoch 3/100 - loss: 1.2345e+01``."""
    text = f"Epoch {epoch + 1}/{epochs}"
    if logs:
        text += " - " + format_logs(logs)
    return text


class EpochProgress:
    """Shows training progress epoch by epoch; ``fit`` drives it."""

    # Redraw at most this often (seconds), so long fast runs stay fast.
    min_interval = 0.1

    def __init__(self, epochs, verbose=1):
        self.epochs = epochs
        self.verbose = verbose
        self._last_draw = -float("inf")
        self._bar = self._label = None
        self._text_width = 0
        if verbose == 1 and in_notebook():
            import ipywidgets
            from IPython.display import display
            self._bar = ipywidgets.IntProgress(value=0, min=0, max=epochs, description="Training")
            self._label = ipywidgets.Label(value=f"Epoch 0/{epochs}")
            display(ipywidgets.HBox([self._bar, self._label]))

    def update(self, epoch, logs):
        if self.verbose == 2:
            print(epoch_line(epoch, self.epochs, logs), flush=True)
            return
        if self.verbose != 1:
            return
        now = time.perf_counter()
        if now - self._last_draw < self.min_interval and epoch + 1 < self.epochs:
            return
        self._last_draw = now
        self._draw(epoch_line(epoch, self.epochs, logs), epoch + 1)

    def _draw(self, text, done):
        if self._bar is not None:
            self._bar.value = done
            self._label.value = text
        else:
            padding = " " * max(0, self._text_width - len(text))
            self._text_width = len(text)
            sys.stdout.write("\r" + text + padding)
            sys.stdout.flush()

    def close(self, epoch=None, logs=None, message=None):
        """Draw the final state (``epoch``/``logs`` of the last finished epoch)."""
        if self.verbose != 1:
            return
        if epoch is not None:
            self._draw(epoch_line(epoch, self.epochs, logs), epoch + 1)
        if self._bar is not None:
            if message:
                self._bar.bar_style = "danger"
                self._label.value = message
            else:
                self._bar.bar_style = "success"
        elif self._text_width:
            sys.stdout.write("\n")
            sys.stdout.flush()
