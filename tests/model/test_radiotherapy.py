"""Summed dose per region, for re-irradiation questions."""

from __future__ import annotations

import datetime as dt

from boardtool.model.board import Case, RtVolume, TreatmentEvent
from boardtool.model.radiotherapy import cumulative_doses


def course(day, *volumes):
    return TreatmentEvent(kind="radiotherapy", date=day, volumes=list(volumes))


def test_sample_two_phase_course_sums_to_the_prescription(board):
    (region,) = cumulative_doses(board.cases[0])
    assert (region.region, region.total, region.unit) == ("Posterior fossa", 59.4, "Gy")
    assert len(region.parts) == 2


def test_re_irradiation_adds_up_per_region_whatever_the_spelling():
    case = Case(history=[
        course(dt.date(2026, 11, 20),
               RtVolume(target="CSI", region="Posterior fossa", dose=36, unit="Gy(RBE)", fractions=20),
               RtVolume(target="CSI", region="Spine", dose=36, unit="Gy(RBE)", fractions=20),
               RtVolume(target="Nodule boost", region="spine ", dose=9, unit="Gy(RBE)", fractions=5)),
        course(dt.date(2023, 4, 3), RtVolume(target="Tumour bed", region="posterior  fossa", dose=59.4,
                                             fractions=33)),
        course(None, RtVolume(target="Unknown", dose=20)),  # no region: not summed
    ])
    doses = {r.region: r for r in cumulative_doses(case)}
    assert list(doses) == ["posterior fossa", "Spine"]  # first treated first, named as first written
    fossa = doses["posterior fossa"]
    assert fossa.total == 95.4 and fossa.unit == "Gy + Gy(RBE)"
    assert [when for when, _dose, _unit in fossa.parts] == [dt.date(2023, 4, 3), dt.date(2026, 11, 20)]
    assert doses["Spine"].total == 45
