"""The benchmark's targets and sample keys, contributed by the apps' bench.py."""

from collegium.devdata import bench
from collegium.devdata.synth import SYNTH_PREFIX, synth_load


def test_targets_come_from_the_site_then_the_apps_in_order():
    names = [target.name for target in bench.targets()]
    assert names[:2] == [bench.FLOOR, "healthz"]
    assert names.index("page organizations") < names.index("page calendar month")
    assert all(target.auth in {"anonymous", "session", "token"} for target in bench.targets())


def test_every_key_a_path_names_is_sampled_from_the_synthetic_data(db):
    synth_load(actor=None, scale=0.3, seed=1)
    keys = bench.sample_keys()
    assert keys["organization"].startswith(SYNTH_PREFIX)
    assert keys["event"].startswith(SYNTH_PREFIX)
    for target in bench.targets():
        target.path.format(**keys)  # no KeyError: every placeholder has its key


def test_report_sections_come_from_the_apps():
    """The planning app contributes its solver runs as a report section, not as URLs."""
    assert "solver_section" in [section.__name__ for section in bench.sections()]


def test_a_failing_section_is_reported_and_the_others_still_run(monkeypatch):
    """A section that raises is listed with its error and a failed verdict."""
    from collegium.devdata.bench import harness

    def broken() -> dict:
        raise RuntimeError("no solver")

    def fine() -> dict:
        return {"title": "fine", "lines": ["ok"], "pass": True}

    monkeypatch.setattr(harness, "sections", lambda: [broken, fine])
    found = harness.run_sections()
    assert [entry["title"] for entry in found] == ["broken", "fine"]
    assert found[0]["pass"] is False
    assert "no solver" in found[0]["error"]
