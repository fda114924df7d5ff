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
