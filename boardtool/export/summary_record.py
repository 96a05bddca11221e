"""The record pages of the PDF summary: the minutes with each case's attendance, quorum and
outcome, the chair's signature lines for final plans only, and the DRAFT mark on every page
that shows a plan not yet final."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from boardtool.export import fonts, palette
from boardtool.outline_blocks import CaseOutline, CaseRecord

DRAFT_MARK = "DRAFT — not signed"
DRAFT_RED = colors.HexColor("#" + palette.DRAFT)


class DraftZone(Flowable):
    """An invisible mark in the story: from here on the pages show a draft (or no longer do).
    The pages it records get the DRAFT mark when the document is finished."""

    def __init__(self, zone: dict, draft: bool):
        super().__init__()
        self.zone, self.draft = zone, draft

    def wrap(self, *_args):
        return 0, 0

    def draw(self):
        page = self.canv.getPageNumber()
        if self.zone["on"] or self.draft or self.zone["all"]:  # where a draft ends or begins; all of a draft export
            self.zone["pages"].add(page)
        self.zone["on"] = self.draft


def mark_page_end(zone: dict):
    """Return the page-end hook that records a page a draft runs across."""

    def hook(canvas, _doc) -> None:
        if zone["on"] or zone["all"]:
            zone["pages"].add(canvas.getPageNumber())

    return hook


def draw_draft_mark(canvas, width: float, height: float) -> None:
    """Draw the DRAFT mark on a page: a pale diagonal word and a red line above the footer."""
    canvas.saveState()
    canvas.setFillColor(DRAFT_RED)
    canvas.setFillAlpha(0.07)
    canvas.setFont(f"{fonts.FAMILY}-Bold", 120)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -40, "DRAFT")
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(DRAFT_RED)
    canvas.setFont(f"{fonts.FAMILY}-Bold", 9)
    canvas.drawCentredString(width / 2, 14.5 * mm, DRAFT_MARK)
    canvas.restoreState()


class RecordPages:
    """The minutes and the per-case record; mixed into the summary writer, whose helpers it uses."""

    def draft_zone(self, case: CaseOutline) -> tuple[DraftZone, DraftZone]:
        """Return the marks around a case's pages: on when its plan is a draft, then off."""
        return DraftZone(self.zone, case.draft), DraftZone(self.zone, False)

    def minutes_pages(self) -> list:
        """Return the meeting minutes: attendance, the meeting's quorum, then each case's record."""
        m = self.outline.minutes
        rows = [[self.p(s, "cell"), self.p(p, "cell"), self.p(a, "cell")] for s, p, a in m.attendance]
        quorum = ("Every core specialty was represented at the meeting." if not m.missing_specialties else
                  "Core specialties not represented at the meeting: " + ", ".join(m.missing_specialties) + "."
                  " Quorum is counted for each case below.")
        story = [
            self.heading("Meeting minutes", "h1", 0, "minutes"),
            self.heading("Attendance", "h2", 1, "attendance"),
            self._grid(["Specialty", "Present", "Absent"], rows, [0.4, 0.4, 0.2]),
            self.heading("Quorum", "h2", 1, "quorum"),
            self.p(quorum),
        ]
        for record in (r for r in m.records if not r.draft):
            story += self.case_record(record)
        drafts = [r for r in m.records if r.draft]
        if drafts:  # on pages of their own, so that no page mixes a signed case with a draft
            story += [PageBreak(), DraftZone(self.zone, True),
                      self.heading("Not final: not for signature", "h2", 1, "drafts")]
            for record in drafts:
                story += self.case_record(record)
            story.append(DraftZone(self.zone, False))
        return story

    def case_record(self, record: CaseRecord, title: str = "") -> list:
        """Return one case's entry in the minutes, with the chair's signature lines when its plan is final."""
        quorum = "Complete" if not record.missing else "Missing: " + ", ".join(record.missing)
        if record.missing and record.signed and not record.exception.strip():
            quorum += " — no reason for the exception recorded"
        pairs = [("Outcome", record.outcome), ("Present for this case", record.present),
                 ("Changes for this case", record.changes), ("Quorum for this case", quorum),
                 ("Reason for the exception", record.exception),
                 *((f"Deferred: {f.label.lower()}", f.value) for f in record.deferral), ("Amendments", record.amended)]
        story = [CondPageBreak(45 * mm),
                 self.heading(title or f"Case {record.number} — {record.heading}", "h2", 1, f"record-{record.number}"),
                 self._facts_table([(name, value) for name, value in pairs if value])]
        if record.signed:
            story.append(KeepTogether([Spacer(1, 4 * mm), *self.signature_lines()]))
        elif record.draft:
            story.append(self.p("DRAFT — the plan is not final: not for signature.", "draft"))
        return story

    def signature_lines(self) -> list:
        """Return the chair's signature and date lines."""
        chair = self.outline.minutes.chair
        rows = [[self.p(f"Chair: {chair}" if chair else "Chair", "body", cell=True), self.p("Date", "body")],
                [self.p("_" * 34), self.p("_" * 20)],
                [self.p("Signature", "small"), self.p("", "small")]]
        table = Table(rows, colWidths=[self.width * 0.6, self.width * 0.4], hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([("TOPPADDING", (0, 1), (-1, 1), 12)]))
        return self.after_table(table, rows)
