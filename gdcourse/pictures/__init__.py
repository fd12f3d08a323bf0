"""The pictures: ``plots`` draws (data in, ``(fig, ax)`` out); ``sliders`` puts plots under a slider."""
