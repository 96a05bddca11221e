"""The record in both exports: amendments with the text they replaced, DRAFT on every page
and slide of an unsigned plan, signature lines only for final plans, one PDF per patient,
the outcome letter, and a command-line export of a board with problems."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import deck_slides, deck_text, pdf_reader, slide_text, slide_title

from boardtool.cli import main
from boardtool.export import ExportRequest
from boardtool.export.letter import export_letters, read_template
from boardtool.export.per_case import export_per_case
from boardtool.model.amendments import amend
from boardtool.model.errors import ExportError
from boardtool.store import save_board


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pdf_reader(data).pages]


def test_an_amendment_keeps_the_original_text_and_shows_in_both_exports(board, export):
    plan = board.cases[0].plan
    original = plan.recommendation
    board.cases[0].plan = amend(plan, plan.model_copy(update={"recommendation": "Focal proton boost to the nodules."}),
                                by="Dr. Paul Lindqvist", reason="The patient declined craniospinal irradiation",
                                at=dt.datetime(2026, 12, 9, 16, 0))
    deck, pdf, _ = export(board, case_id="c-adult-pfb")
    for text in (deck_text(deck), " ".join(pages(pdf))):
        flat = " ".join(text.split())
        assert "Amended 2 times" in flat
        assert "The patient declined craniospinal irradiation" in flat
        assert f"Recommendation was “{original[:20]}" in flat  # the text it replaced, kept
        assert "now “Focal proton boost to the nodules.”" in flat
        assert "Proton centre referral" in flat  # the first amendment (a due date) stays listed


def test_draft_plans_are_marked_on_every_page_and_slide_they_appear_on(board, export):
    deck, pdf, outline = export(board)
    draft_number = next(c.number for c in outline.cases if c.draft)
    texts = pages(pdf)
    case_pages = [i for i, t in enumerate(texts) if f"Case {draft_number} — " in t and "Meeting minutes" not in t]
    first = case_pages[0]
    last = next(i for i, t in enumerate(texts) if i > first and "Case 3 —" in t) - 1
    for index in range(first, last + 1):
        assert "DRAFT — not signed" in texts[index], f"page {index + 1} shows the draft plan unmarked"
    assert "DRAFT" not in texts[0]  # the cover and the final case 1 are not drafts
    assert all("DRAFT" not in t for t in texts[1:first])
    for slide in deck_slides(deck):
        if slide_title(slide).startswith("Consensus plan") and "Second-look surgery" in slide_text(slide):
            marks = [s for s in slide.shapes if s.name == "Draft"]
            assert marks and marks[0].text_frame.paragraphs[0].runs[0].font.size.pt >= 18
        elif "Proton craniospinal irradiation with nodular boosts" in slide_text(slide):
            assert not [s for s in slide.shapes if s.name == "Draft"]


def test_minutes_are_signed_per_case_for_final_plans_only(board, export):
    _, pdf, _ = export(board)
    minutes = " ".join(t for t in pages(pdf) if "Quorum for this case" in t or "Signature" in t)
    flat = " ".join(minutes.split())
    assert flat.count("Signature") == 1  # case 1 only: case 2 is a draft, case 3 deferred
    assert "DRAFT — the plan is not final: not for signature." in flat
    assert "Quorum for this case Missing: Neuropathology Reason for the exception Central neuropathology review" in flat
    assert "Deferred: reason Central neuroradiology review of the cervical MRI is pending." in flat
    assert "Deferred: listed again 17 Dec 2026" in flat
    assert "Joined for this case: Dr. Omar Haddad" in flat
    for text in pages(pdf):  # no page asks for a signature beside a draft
        assert not ("Signature" in text and "DRAFT" in text)


def test_per_case_writes_one_pdf_per_case_holding_only_that_patient(board, tmp_path):
    report = export_per_case(board, tmp_path / "cases", ExportRequest())
    names = [path.name for _, path in report.written]
    assert names == ["TB-2026-1.pdf", "TB-2026-2.pdf", "TB-2026-3.pdf"]
    patients = [case.patient for case in board.cases]
    for index, (_, path) in enumerate(report.written):
        text = " ".join(pages(path.read_bytes()))
        for other, patient in enumerate(patients):
            for needle in (patient.name, patient.name.split()[-1], patient.mrn):
                assert (needle in text) == (other == index), f"{needle} in {path.name}"
        assert "Minutes of this case" in text and "Present for this case" in text
        assert "Agenda" not in text  # the agenda names every patient
    assert "Signature" in " ".join(pages(report.written[0][1].read_bytes()))
    assert "Signature" not in " ".join(pages(report.written[1][1].read_bytes()))


def test_per_case_refuses_a_file_for_a_folder(board, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("keep")
    with pytest.raises(ExportError, match="name a folder"):
        export_per_case(board, target, ExportRequest())
    assert target.read_text() == "keep"


def test_outcome_letter_from_a_template_the_institution_changes(board, tmp_path):
    own = tmp_path / "our-letter.toml"
    template = read_template()
    template["closing"] = "Questions to the Northbridge tumour board office at $contact, please."
    own.write_text("\n".join(f'{key} = """{value}"""' for key, value in template.items()), encoding="utf-8")
    report = export_letters(board, tmp_path / "letters", ExportRequest(), own)
    assert [p.name for _, p in report.written] == ["TB-2026-1-letter.pdf", "TB-2026-2-letter.pdf",
                                                   "TB-2026-3-letter.pdf"]
    first, second, deferred = (" ".join(" ".join(pages(p.read_bytes())).split()) for _, p in report.written)
    assert len(pdf_reader(report.written[0][1].read_bytes()).pages) == 1
    assert "Dear Dr. Tomas Reyes," in first and "Proton craniospinal irradiation" in first
    assert "Trial eligibility screening Research nurse J. Okafor 17 Dec 2026" in first
    assert "Questions to the Northbridge tumour board office at Tumour board office, telephone" in first
    assert "Elio" not in first and "Maren Holt" not in second
    assert "DRAFT" in second and "DRAFT" not in first
    assert "deferred the discussion" in deferred and "17 Dec 2026" in deferred


def test_a_letter_template_with_an_unknown_placeholder_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    template = read_template()
    template["greeting"] = "Dear $doctor,"
    bad.write_text("\n".join(f'{key} = """{value}"""' for key, value in template.items()), encoding="utf-8")
    with pytest.raises(ExportError, match=r"unknown placeholder \$doctor") as caught:
        read_template(bad)
    assert caught.value.field == "greeting"


def test_cli_export_of_a_board_with_problems_says_so_and_marks_drafts(board, tmp_path, capsys):
    board.cases[0].attendance.exception_reason = ""  # final without neuropathology, no reason
    path = tmp_path / "board.tboard"
    save_board(board, path)
    pdf, deck, cases = tmp_path / "s.pdf", tmp_path / "d.pptx", tmp_path / "cases"
    assert main(["export", str(path), "--pdf", str(pdf), "--pptx", str(deck), "--per-case", str(cases)]) == 0
    err = capsys.readouterr().err
    assert "1 problem(s); the exports are marked DRAFT" in err
    assert "Case 1 › Attendance: a final plan needs every core specialty present" in err
    assert all("DRAFT — not signed" in t for t in pages(pdf.read_bytes()))
    slides = deck_slides(deck.read_bytes())
    assert all(any(shape.name == "Draft" for shape in slide.shapes) for slide in slides)
    assert all("DRAFT — not signed" in t for t in pages((cases / "TB-2026-1.pdf").read_bytes()))


def test_cli_export_of_a_clean_board_is_quiet_and_unmarked(board, tmp_path, capsys):
    path = tmp_path / "board.tboard"
    save_board(board, path)
    assert main(["export", str(path), "--per-case", str(tmp_path / "c"), "--case", "c-adult-pfb"]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "TB-2026-1.pdf" in out.out and "TB-2026-2" not in out.out
    assert all("DRAFT" not in t for t in pages((tmp_path / "c" / "TB-2026-1.pdf").read_bytes()))
