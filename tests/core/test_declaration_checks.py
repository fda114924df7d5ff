"""Declarations are checked: a misspelt name in any list of a RecordType, a workflow whose
states differ from its field's choices, are system-check errors, not an empty column or a 500."""

from __future__ import annotations

import dataclasses

from doingoai.core.checks import check_record_type_declarations
from doingoai.core.registry import registry


def _ids(errors) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(e.id, e.msg.split(":")[0]) for e in errors}


def test_the_registered_types_are_declared_correctly():
    assert [e for e in check_record_type_declarations() if e.level >= 40] == []


def test_a_misspelt_column_or_export_field_is_an_error(monkeypatch):
    rt = registry.get("core.organisation")
    monkeypatch.setattr(type(rt), "list_columns", ["name", "abreviation"])
    monkeypatch.setattr(type(rt), "io_fields", ["name", "countrey__name"])
    errors = check_record_type_declarations()
    messages = [e.msg for e in errors if e.id == "doingoai.E002"]
    assert any("abreviation" in m for m in messages)
    assert any("countrey__name" in m for m in messages)


def test_workflow_states_must_be_the_fields_choices(monkeypatch):
    rt = registry.get("delegations.outbounddelegation")
    states = [s for s in rt.workflow.states if s.value != "refused"]
    monkeypatch.setattr(rt.workflow, "states", states)
    assert ("doingoai.E003", rt.key) in _ids(check_record_type_declarations())
    assert dataclasses.is_dataclass(rt.workflow)


def test_group_names_do_not_follow_the_labels_translation():
    """Translating (or rewording) an area's label must not create a new, empty group: group
    names come from the area's stable ``group_name``."""
    import dataclasses

    from doingoai.core.groups import declared_permissions
    from doingoai.core.registry import registry

    before = set(declared_permissions())
    rt = next(rt for rt in registry.all() if rt.area.slug == "delegations")
    original = type(rt).area
    try:
        type(rt).area = dataclasses.replace(original, label="Đoàn công tác (nhãn đã dịch lại)")
        after = set(declared_permissions())
    finally:
        type(rt).area = original
    assert after == before
    assert "Chuyên viên - Đoàn ra, đoàn vào" in before


def test_an_area_without_a_group_name_is_warned():
    from doingoai.core import checks as core_checks
    from doingoai.core.registry import Area, registry

    rt = registry.all()[0]
    original = type(rt).area
    try:
        type(rt).area = Area("trial", "Trial", "bi-x", 1)
        ids = [e.id for e in core_checks.check_record_type_declarations()]
    finally:
        type(rt).area = original
    assert "doingoai.W007" in ids


def test_the_guides_trial_type_costs_under_250_lines():
    """The recipe of docs/dev/adding-a-record-type.md stays cheap: the test-only trial type
    (money, links, a place, child rows; tests/contract_app) is a model, a registration and a
    factory, and gets the whole contract from the generic suite."""
    from pathlib import Path

    from doingoai.core.registry import registry
    from tests.factories import CONTRACT_FACTORIES

    folder = Path(__file__).resolve().parents[1] / "contract_app"
    written = sum(len(p.read_text().splitlines()) for p in folder.glob("*.py"))
    assert written < 250, written
    assert "contract_app.trialactivity" in {rt.key for rt in registry.all()}
    assert "contract_app.trialactivity" in CONTRACT_FACTORIES
