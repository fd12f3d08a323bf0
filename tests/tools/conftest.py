# JupyterLab's saves of a small lesson (see fixtures/make_fixtures.py): data for these tests, not notebooks for nbval.
collect_ignore = ["fixtures"]
