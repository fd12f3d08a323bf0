"""Tooling: ``workspace`` (the learner's own copy), ``build`` (maintainers), ``server`` (``python -m gdcourse lab``)."""
