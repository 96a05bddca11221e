"""The treatment history on a proportional time axis: positions follow the dates, long
intervals are broken only where a true scale would make dates collide."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import deck_slides, shapes_named, slide_text, slide_title

from boardtool.export.deck_timeline import MIN_SEPARATION, interval_text, time_axis
from boardtool.model.board import TreatmentEvent

D = dt.date


def _centres(slide) -> list[float]:
    return [(s.left + s.width / 2) / 12700 for s in shapes_named(slide, "Timeline date")]


def test_sample_positions_are_proportional_to_dates(board, export):
    deck, _, _ = export(board, case_id="c-adult-pfb")
    slide = next(s for s in deck_slides(deck) if slide_title(s) == "Treatment history")
    xs = _centres(slide)
    days = [D(2023, 2, 27), D(2023, 4, 3), D(2026, 10, 21)]
    assert len(xs) == 3
    span = (days[2] - days[0]).days
    for x, day in zip(xs, days, strict=True):
        assert (x - xs[0]) / (xs[2] - xs[0]) == pytest.approx((day - days[0]).days / span, abs=0.002)
    five_weeks, three_and_a_half_years = xs[1] - xs[0], xs[2] - xs[1]
    assert three_and_a_half_years > 25 * five_weeks  # they do not look alike
    assert "3 y 5 mo" in slide_text(slide)  # the progression-free interval after radiotherapy, labelled


def test_long_history_breaks_only_the_long_gap_and_keeps_one_scale():
    spans = [(D(2010, 1, 4), D(2010, 1, 4)), (D(2010, 1, 18), D(2010, 3, 1)), (D(2010, 6, 1), D(2010, 6, 1)),
             (D(2024, 5, 1), D(2024, 5, 1)), (D(2024, 5, 15), D(2024, 5, 15))]
    axis = time_axis(spans, 0.0, 860.0)
    assert len(axis.breaks) == 1
    gap = axis.breaks[0]
    assert gap.days == (D(2024, 5, 1) - D(2010, 6, 1)).days
    scale_before = (axis.x(D(2010, 6, 1)) - axis.x(D(2010, 1, 4))) / (D(2010, 6, 1) - D(2010, 1, 4)).days
    scale_after = (axis.x(D(2024, 5, 15)) - axis.x(D(2024, 5, 1))) / 14
    assert scale_before == pytest.approx(scale_after)  # one scale on both sides of the break
    widest_kept = (D(2010, 6, 1) - D(2010, 3, 1)).days * scale_before  # the widest interval kept to scale
    assert gap.width >= 1.5 * widest_kept - 0.01  # a broken interval never looks shorter
    xs = [axis.x(start) for start, _ in spans]
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= MIN_SEPARATION
    assert axis.x(D(2024, 5, 15)) == pytest.approx(860.0)


def test_no_break_when_the_true_scale_is_readable():
    spans = [(D(2023, 2, 27), D(2023, 2, 27)), (D(2023, 4, 3), D(2023, 5, 12)), (D(2026, 10, 21), D(2026, 10, 21))]
    assert time_axis(spans, 0.0, 860.0).breaks == ()


def test_break_drawn_and_labelled_on_the_slide(board, export):
    case = board.cases[0]
    case.history = [
        TreatmentEvent(kind="surgery", date=D(2012, 3, 1), description="Resection", resection="GTR"),
        TreatmentEvent(kind="radiotherapy", date=D(2012, 3, 20), end_date=D(2012, 4, 30), description="Focal RT"),
        TreatmentEvent(kind="other", date=D(2026, 10, 1), description="Recurrence on MRI"),
        TreatmentEvent(kind="surgery", date=D(2026, 10, 9), description="Second resection", resection="STR"),
    ]
    deck, _, _ = export(board, case_id=case.id)
    slide = next(s for s in deck_slides(deck) if slide_title(s) == "Treatment history")
    xs = _centres(slide)
    assert len(xs) == 4 and all(b - a >= MIN_SEPARATION for a, b in zip(xs, xs[1:], strict=False))
    assert "14 y 5 mo" in slide_text(slide)


def test_more_events_than_cards_continue_with_the_whole_axis(board, export):
    case = board.cases[0]
    case.history = [TreatmentEvent(kind="chemotherapy", date=D(2025, 1, 1) + dt.timedelta(days=30 * i),
                                   description=f"Cycle {i + 1}") for i in range(6)]
    deck, _, _ = export(board, case_id=case.id)
    slides = [s for s in deck_slides(deck) if slide_title(s).startswith("Treatment history")]
    assert [slide_title(s) for s in slides] == ["Treatment history", "Treatment history (cont.)"]
    assert [len(_centres(s)) for s in slides] == [6, 6]  # every date on both, to the same scale
    assert _centres(slides[0]) == _centres(slides[1])
    assert "Cycle 5" in slide_text(slides[1]) and "Cycle 5" not in slide_text(slides[0])


def test_card_text_that_does_not_fit_continues_on_a_details_slide(board, export):
    case = board.cases[0]
    case.history[0].description = "Extensive operative note. " * 40
    deck, _, _ = export(board, case_id=case.id)
    details = next(s for s in deck_slides(deck) if slide_title(s) == "Treatment history — details")
    assert "Extensive operative note." in slide_text(details)


def test_undated_event_is_listed_not_placed(board, export):
    case = board.cases[0]
    case.history.append(TreatmentEvent(kind="other", description="Outside MRI, date unknown"))
    deck, _, _ = export(board, case_id=case.id)
    titles = [slide_title(s) for s in deck_slides(deck)]
    slide = deck_slides(deck)[titles.index("Treatment history — details")]
    assert "date not recorded" in slide_text(slide) and "Outside MRI" in slide_text(slide)


@pytest.mark.parametrize(("days", "text"), [(9, "9 d"), (35, "5 wk"), (200, "7 mo"), (1258, "3 y 5 mo"), (730, "2 y")])
def test_interval_text(days, text):
    assert interval_text(days) == text
