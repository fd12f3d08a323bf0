"""The pictures: ``plots`` (data in, ``(fig, ax)`` out), ``frames`` (slider machinery), ``sliders`` (each lesson's)."""
