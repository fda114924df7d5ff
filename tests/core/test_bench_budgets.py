"""The harness's budget lines (bench/run.py), computed from measured rows: no server."""

from bench.run import budgets


def _row(name, kind, p95, **extra):
    return {"name": name, "kind": kind, "status": [200], "p50": p95, "p95": p95, **extra}


def _growth(lines):
    return next(line for line in lines if line["what"].startswith("p95 at stress"))


def test_stress_is_compared_with_the_realistic_data_served_beside_in_the_same_run():
    run = {
        "scenarios": [
            _row("API border.bordergate", "api", 16.0, realistic_p95=9.0),
            _row("dashboard", "dashboard", 156.0, realistic_p95=74.0),
        ]
    }
    # the last realistic run, hours earlier on a slower machine, would pass both
    earlier = {
        "scenarios": [
            _row("API border.bordergate", "api", 13.0),
            _row("dashboard", "dashboard", 130.0),
        ]
    }
    line = _growth(budgets(run, earlier))
    assert not line["pass"]
    assert "1 of 2 pass" in line["figure"] and "dashboard" in line["figure"]
    assert "beside" in line["budget"]


def test_without_the_realistic_data_beside_the_last_realistic_run_is_the_yardstick():
    run = {"scenarios": [_row("API core.country", "api", 12.0)]}
    line = _growth(budgets(run, {"scenarios": [_row("API core.country", "api", 5.0)]}))
    assert not line["pass"] and "last realistic run" in line["budget"]
    line = _growth(budgets(run, {"scenarios": [_row("API core.country", "api", 6.0)]}))
    assert line["pass"]
