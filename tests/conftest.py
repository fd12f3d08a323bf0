"""Shared pytest set-up."""


def pytest_xdist_make_scheduler(config, log):
    """Spread the re-run-safety notebooks over the workers.

    ``--dist loadscope`` keeps each notebook's nbval cells (and each test
    module) on one worker, which nbval needs. The re-run test runs one whole
    notebook per test, so each of those may go to any worker on its own.
    """
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            if "test_rerun_safety.py::test_every_cell_can_run_twice" in nodeid:
                return nodeid
            return super()._split_scope(nodeid)

    return Scheduling(config, log)
