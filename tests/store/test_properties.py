"""Property-based: random boards round-trip exactly; damaged files never crash or hang."""

from __future__ import annotations

import datetime as dt
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardtool.model.board import (
    Action,
    Attendee,
    Board,
    Case,
    ConsensusPlan,
    Diagnosis,
    KeyImage,
    Marker,
    Meeting,
    ModalityDiscussion,
    Patient,
    RtVolume,
    Toxicity,
    TreatmentEvent,
)
from boardtool.model.errors import BoardFileError
from boardtool.model.images import content_name
from boardtool.store import load_board, save_board

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
dates = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))
numbers = st.none() | st.floats(0, 100, allow_nan=False)

patients = st.builds(Patient, name=text, mrn=text, birth_date=dates,
                     sex=st.sampled_from(["female", "male", "other", "unknown"]))
volumes = st.builds(RtVolume, target=text, region=text, dose=numbers, fractions=st.none() | st.integers(0, 60),
                    unit=st.sampled_from(["Gy", "Gy(RBE)"]), technique=st.none() | st.sampled_from(["IMRT", "PBS"]))
events = st.builds(TreatmentEvent, kind=st.sampled_from(["surgery", "radiotherapy", "chemotherapy", "other"]),
                   date=dates, description=text, volumes=st.lists(volumes, max_size=2),
                   procedure=st.none() | st.sampled_from(["resection", "shunt"]),
                   response=st.none() | st.sampled_from(["CR", "PR", "SD", "PD", "NED", "NE"]),
                   toxicities=st.lists(st.builds(Toxicity, term=text, grade=st.none() | st.integers(1, 5)),
                                       max_size=2))
discussions = st.dictionaries(st.sampled_from(["surgery", "radiation", "targeted"]),
                              st.builds(ModalityDiscussion, discussed=st.booleans(), notes=text,
                                        options=st.lists(text, max_size=3), recommendation=text), max_size=3)
images = st.lists(st.binary(min_size=1, max_size=64), max_size=3)


@st.composite
def boards(draw):
    board = Board(meeting=draw(st.builds(Meeting, title=text, date=dates,
                                         attendees=st.lists(st.builds(Attendee, name=text, specialty=text,
                                                                      present=st.booleans()), max_size=3))))
    cases = []
    for _ in range(draw(st.integers(0, 3))):
        pictures = [KeyImage(file=board.add_image(data, "png"), caption=draw(text), date=draw(dates))
                    for data in draw(images)]
        cases.append(Case(
            question=draw(text), patient=draw(patients), history=draw(st.lists(events, max_size=3)),
            diagnosis=draw(st.builds(Diagnosis, tumour_type=text, grade=st.none() | st.integers(1, 4),
                                     markers=st.lists(st.builds(Marker, name=text, detail=text,
                                                                result=st.none() | st.sampled_from(["lost"])),
                                                      max_size=2),
                                     methylation_score=numbers)),
            discussion=draw(discussions), images=pictures,
            plan=draw(st.builds(ConsensusPlan, recommendation=text, guideline_concordant=st.none() | st.booleans(),
                                actions=st.lists(st.builds(Action, what=text, who=text, due=dates), max_size=2))),
        ))
    board.cases = cases
    return board


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(board=boards(), suffix=st.sampled_from([".tboard", ".json"]))
def test_random_boards_round_trip_exactly(tmp_path, board, suffix):
    path = tmp_path / f"random{suffix}"
    save_board(board, path)
    again = load_board(path)
    assert again == board
    assert all(content_name(data).split(".")[0] == name.split(".")[0] for name, data in again.image_data.items())


@contextmanager
def time_limit(seconds: int):
    def alarm(_signum, _frame):
        raise TimeoutError(f"reading took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory):
    from boardtool.samples import sample_board

    path = tmp_path_factory.mktemp("fuzz") / "sample.tboard"
    save_board(sample_board(), path)
    return path.read_bytes()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_board_files_fail_cleanly(tmp_path, valid_bytes, data):
    raw = bytearray(valid_bytes)
    for _ in range(data.draw(st.integers(1, 12))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    path = tmp_path / "mutated.tboard"
    path.write_bytes(bytes(raw))
    with time_limit(10):
        try:
            board = load_board(path)
        except BoardFileError:
            return
    assert isinstance(board, Board)
