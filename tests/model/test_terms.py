"""Every enumerated value of the model has exactly one display label, kept beside its type."""

from __future__ import annotations

import typing

from boardtool.model import board
from boardtool.model.terms import CASE_STATUS_MARKS, LABELS, SEX_LABELS, TREATMENT_KINDS, label, values


def _literal_fields():
    for record in vars(board).values():
        if isinstance(record, type) and issubclass(record, board.Record) and record is not board.Record:
            for name, info in record.model_fields.items():
                for arg in (info.annotation, *typing.get_args(info.annotation)):
                    if typing.get_origin(arg) is typing.Literal:
                        yield f"{record.__name__}.{name}", arg


def test_each_literal_has_a_label_for_exactly_its_values():
    for literal, table in LABELS.items():
        assert set(table) == set(values(literal)), literal
        assert all(text.strip() for key, text in table.items() if key), literal


def test_every_enumerated_field_of_the_model_has_a_label_table():
    found = dict(_literal_fields())
    assert {"Staging.m_stage", "StagingExam.result", "Marker.result", "TreatmentEvent.response",
            "RtVolume.technique", "Diagnosis.state"} <= set(found)
    for field, literal in found.items():
        assert any(set(values(literal)) == set(values(known)) for known in LABELS), field


def test_label_of_none_and_of_unknown_values():
    table = LABELS[board.Response]
    assert label(table, None) == ""
    assert label(table, "NED") == "NED (no evidence of disease)"
    assert label(table, "XYZ") == "XYZ"


def test_every_case_status_has_its_agenda_mark_and_every_treatment_kind_is_an_event_kind():
    assert set(CASE_STATUS_MARKS) == set(values(board.CaseStatus))
    assert len(set(CASE_STATUS_MARKS.values())) == len(CASE_STATUS_MARKS)
    assert set(TREATMENT_KINDS) < set(values(board.EventKind))


def test_the_library_and_the_intake_take_the_model_s_vocabulary():
    from boardtool.library.names import RESPONSES

    assert values(board.Response) == RESPONSES
    assert SEX_LABELS["unknown"] == "Unknown" and next(iter(SEX_LABELS)) == "unknown"  # the default comes first


def test_short_label_is_the_code_where_the_label_spells_it_out():
    from boardtool.model.terms import RESPONSE_LABELS, RT_TECHNIQUE_LABELS, short_label

    assert short_label(RESPONSE_LABELS, "PR") == "PR"
    assert short_label(RESPONSE_LABELS, "NE") == "Not evaluable"
    assert short_label(RT_TECHNIQUE_LABELS, "PBS") == "PBS"
    assert short_label(RT_TECHNIQUE_LABELS, "other") == "other technique"
    assert short_label(RT_TECHNIQUE_LABELS, None) == ""
