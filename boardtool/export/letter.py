"""The outcome letter to the referring clinician: one page per case, its wording from a
template the institution can change (templates/letters/outcome-letter.toml), as PDF."""

from __future__ import annotations

import datetime as dt
import io
import string
import tomllib
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from boardtool import resources
from boardtool.export import ExportReport, ExportRequest, fonts
from boardtool.export.per_case import check_folder
from boardtool.export.summary import PAPERS
from boardtool.export.summary_record import DRAFT_RED, draw_draft_mark
from boardtool.export.text import pdf_markup
from boardtool.model.board import Board
from boardtool.model.catalog import load_catalog
from boardtool.model.errors import BoardError, ExportError
from boardtool.outline_details import fmt_date
from boardtool.outline_letter import Letter, build_letters
from boardtool.store.files import check_path, read_regular, why_unreadable, write_atomically

TEMPLATE_KEYS = ("subject", "greeting", "opening", "deferred_opening", "draft_note", "closing", "signature")
DEFAULT_TEMPLATE = "outcome-letter.toml"
MAX_TEMPLATE_BYTES = 256 * 1024
NAVY, GREY, PANEL = colors.HexColor("#1F3A5F"), colors.HexColor("#5F6B76"), colors.HexColor("#F1F5F9")
MARGIN = 22 * mm


def read_template(path: Path | None = None) -> dict[str, str]:
    """Return the letter template's texts, checked: every key present, plain text, known placeholders."""
    path = check_path(path) if path else resources.templates_dir() / "letters" / DEFAULT_TEMPLATE
    try:
        raw = tomllib.loads(read_regular(path, MAX_TEMPLATE_BYTES).decode("utf-8"))
    except (BoardError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ExportError(f"cannot read the letter template ({why_unreadable(exc)})", file=str(path)) from exc
    texts = {}
    for key in TEMPLATE_KEYS:
        value = raw.get(key)
        if not isinstance(value, str):
            raise ExportError("the letter template needs this text", file=str(path), field=key)
        for _, name, braced, _ in string.Template.pattern.findall(value):
            if (name or braced) and (name or braced) not in _PLACEHOLDERS:
                raise ExportError(f"unknown placeholder ${name or braced} (known: {', '.join(_PLACEHOLDERS)})",
                                  file=str(path), field=key)
        texts[key] = value
    return texts


_PLACEHOLDERS = ("referrer", "patient", "identity", "case_code", "meeting", "meeting_date", "institution", "chair",
                 "coordinator", "contact", "reason", "relist")


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.FAMILY, fontSize=10.5, leading=14.5, spaceAfter=6)
    bold = f"{fonts.FAMILY}-Bold"
    return {
        "body": base,
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=13, leading=17, textColor=NAVY, spaceAfter=2),
        "small": ParagraphStyle("small", base, fontSize=9, leading=12, textColor=GREY, spaceAfter=0),
        "subject": ParagraphStyle("subject", base, fontName=bold, fontSize=11.5, leading=15, spaceBefore=8),
        "label": ParagraphStyle("label", base, fontName=bold, fontSize=8.5, leading=11, textColor=GREY, spaceAfter=2),
        "recommend": ParagraphStyle("recommend", base, fontName=bold, textColor=NAVY, spaceAfter=0),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12.5, spaceAfter=0),
        "draft": ParagraphStyle("draft", base, fontName=bold, textColor=DRAFT_RED),
    }


def write_letter(letter: Letter, template: dict[str, str], paper: str = "a4", today: dt.date | None = None) -> bytes:
    """Return one case's outcome letter as PDF bytes."""
    styles, out = _styles(), io.BytesIO()
    fill = {key: string.Template(text).safe_substitute(letter.values) for key, text in template.items()}
    doc = SimpleDocTemplate(out, pagesize=PAPERS[paper], leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=f"Outcome letter {letter.code}", author="boardtool",
                            creator="boardtool")
    width = PAPERS[paper][0] - 2 * MARGIN

    def para(text: str, style: str = "body") -> Paragraph:
        return Paragraph(pdf_markup(text).replace("\n", "<br/>"), styles[style])

    values = letter.values
    story = [para(values["institution"] or values["meeting"], "head"), para(values["meeting"], "small"),
             para(values["contact"], "small"), Spacer(1, 8 * mm), para(fmt_date(today or dt.date.today())),
             para(f"To: {values['referrer']}"),
             para(f"Re: {values['patient']}" + (f" ({values['identity']})" if values["identity"] else "")
                  + f" — case {values['case_code']}"),
             para(fill["subject"], "subject"), para(fill["greeting"])]
    if letter.draft:
        story.append(para(fill["draft_note"], "draft"))
    story.append(para(fill["deferred_opening"] if letter.deferred else fill["opening"]))
    if not letter.deferred:
        story += _decision(letter, para, styles, width)
    story += [para(fill["closing"]), Spacer(1, 4 * mm), para(fill["signature"])]

    def mark(canvas, _doc):
        if letter.draft:
            draw_draft_mark(canvas, *PAPERS[paper])

    doc.build(story, onFirstPage=mark, onLaterPages=mark)
    return out.getvalue()


def _decision(letter: Letter, para, styles, width: float) -> list:
    """Return the recommendation panel, the actions with their owners, and who tells the patient."""
    panel = Table([[para("RECOMMENDATION", "label")], [para(letter.recommendation or "No consensus recorded.", "recommend")],
                   [para(f"Status: {letter.status}", "small")]], colWidths=[width])
    panel.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), PANEL), ("BOX", (0, 0), (-1, -1), 0.8, NAVY),
                               ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8)]))
    story = [panel, Spacer(1, 4 * mm)]
    if letter.actions:
        rows = [[para(h, "label") for h in ("Action", "Responsible", "Due")]]
        rows += [[para(a.what, "cell"), para(a.who, "cell"), para(a.due, "cell")] for a in letter.actions]
        table = Table(rows, colWidths=[width * 0.5, width * 0.32, width * 0.18], repeatRows=1)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#C9D3DD"))]))
        story += [table, Spacer(1, 3 * mm)]
    if letter.tells_patient:
        story.append(para(f"The outcome is discussed with the patient by {letter.tells_patient}."))
    return story


def export_letters(board: Board, folder: Path, request: ExportRequest, template: Path | None = None,
                   progress=None) -> ExportReport:
    """Write one outcome letter per case into ``folder`` ('TB-2026-2-letter.pdf'); return what was written."""
    texts = read_template(template)
    folder = check_folder(folder, "--letters")
    board = _with_institution(board, request.institution)
    letters = [letter for letter in build_letters(board, load_catalog(board.disease), deidentify=request.deidentify)
               if request.case_id in (None, letter.case_id)]
    notify = progress or (lambda *_: None)
    report = ExportReport()
    for done, letter in enumerate(letters):
        notify(done, len(letters), f"Writing the letter for {letter.code}…")
        path = folder / f"{letter.code}-letter.pdf"
        write_atomically(path, write_letter(letter, texts, request.paper))
        report.written.append(("outcome letter", path))
    notify(len(letters), len(letters), "Done")
    return report


def _with_institution(board: Board, institution: str) -> Board:
    if not institution or board.meeting.institution:
        return board
    return board.model_copy(update={"meeting": board.meeting.model_copy(update={"institution": institution})})



