"""The accreditation report written out: a CSV for spreadsheets and a PDF with a chart."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from boardtool.export import fonts
from boardtool.library.report import Figure, Report
from boardtool.outline import fmt_date, fmt_month
from boardtool.store.boardfile import write_atomically

PALETTE = ("#1f5f8b", "#d9822b", "#3a8d5c", "#9c3d54", "#6b5ca5", "#8a7a2e", "#3c9fb0", "#7a7a7a")


def write_csv(report: Report, path: Path) -> None:
    """Write every figure of the report as rows: section, item, count, total, share, threshold, meets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "item", "count", "total", "share", "threshold", "meets"])
    writer.writerow(["period", f"{report.start.isoformat()} to {report.end.isoformat()}", "", "", "", "", ""])
    writer.writerow(["volume", "meetings", report.meetings, "", "", "", ""])
    writer.writerow(["volume", "cases presented", report.cases_presented, "", "", "", ""])
    for section, figures in (("measure", report.figures), ("attendance", report.attendance)):
        for figure in figures:
            writer.writerow([section, figure.label, figure.count, figure.total, _share(figure.share, 4),
                             _share(figure.threshold, 4), _meets(figure)])
    for month, shares in report.monthly.items():
        for specialty, share in shares.items():
            writer.writerow(["attendance by month", f"{month} {specialty}", "", report.meetings_per_month[month],
                             _share(share, 4), "", ""])
    write_atomically(path, buffer.getvalue().encode("utf-8"))


def _share(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _meets(figure: Figure) -> str:
    return {True: "yes", False: "no", None: ""}[figure.meets]


def write_pdf(report: Report, path: Path, institution: str = "") -> None:
    """Write the report as a one- or two-page PDF with the attendance chart."""
    fonts.register()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, title="Tumour board activity report", author=institution)
    styles = _styles()
    period = f"{fmt_date(report.start)} – {fmt_date(report.end)}"
    story = [Paragraph("Tumour board activity report", styles["title"]),
             Paragraph(escape(" · ".join(filter(None, (institution, period)))), styles["body"]), Spacer(1, 4 * mm),
             Paragraph(f"{report.meetings} meeting(s), {report.cases_presented} case(s) presented.", styles["body"]),
             Spacer(1, 3 * mm), _figure_table(report.figures, styles), Spacer(1, 6 * mm),
             Paragraph("Attendance of the core specialties", styles["heading"]),
             _figure_table(report.attendance, styles, what="Meetings"), Spacer(1, 6 * mm),
             Paragraph("Attendance by specialty per month", styles["heading"]), _chart(report, document.width),
             Spacer(1, 3 * mm), Paragraph(
                 "Shares count the cases discussed at meetings dated in the period; attendance counts a specialty "
                 "as present when at least one attendee of that specialty was marked present. "
                 f"Generated {fmt_date(dt.date.today())} {dt.datetime.now():%H:%M} by boardtool.", styles["small"])]
    document.build(story)
    write_atomically(path, buffer.getvalue())


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts.FAMILY, fontSize=9.5, leading=12.5)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
        "title": ParagraphStyle("title", parent=base, fontName=f"{fonts.FAMILY}-Bold", fontSize=16, leading=20),
        "heading": ParagraphStyle("heading", parent=base, fontName=f"{fonts.FAMILY}-Bold", fontSize=11.5,
                                  leading=15, spaceAfter=4),
    }


def _figure_table(figures: list[Figure], styles, what: str = "Cases") -> Table:
    rows = [["Measure", what, "Share", "Target", ""]]
    for figure in figures:
        share = "–" if figure.share is None else f"{figure.share:.0%}"
        target = "" if figure.threshold is None else f"≥ {figure.threshold:.0%}"
        verdict = {True: "met", False: "below", None: ""}[figure.meets]
        rows.append([Paragraph(escape(figure.label), styles["cell"]), f"{figure.count} of {figure.total}",
                     share, target, verdict])
    table = Table(rows, colWidths=[78 * mm, 32 * mm, 18 * mm, 20 * mm, 16 * mm], repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), fonts.FAMILY, 9), ("FONT", (0, 0), (-1, 0), f"{fonts.FAMILY}-Bold", 9),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc"))]
    for number, figure in enumerate(figures, start=1):
        if figure.meets is False:
            style.append(("TEXTCOLOR", (4, number), (4, number), colors.HexColor("#b00020")))
    table.setStyle(TableStyle(style))
    return table


def _chart(report: Report, width: float) -> Drawing:
    height = 92 * mm
    drawing = Drawing(width, height)
    months = list(report.monthly)
    if not months:
        drawing.add(String(0, height / 2, "No meetings in this period.", fontName=fonts.FAMILY, fontSize=9))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 12 * mm, 20 * mm, width - 14 * mm, height - 38 * mm
    chart.data = [[round(100 * report.monthly[m][name]) for m in months] for name in report.specialties]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName = fonts.FAMILY
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [fmt_month(dt.date.fromisoformat(m + "-01")) for m in months]
    chart.categoryAxis.labels.fontName = fonts.FAMILY
    chart.categoryAxis.labels.fontSize = 7 if len(months) <= 12 else 5.5
    chart.categoryAxis.labels.angle = 0 if len(months) <= 6 else 45
    chart.categoryAxis.labels.boxAnchor = "n" if len(months) <= 6 else "ne"
    chart.barSpacing, chart.groupSpacing = 0.5, 6
    for index in range(len(report.specialties)):
        chart.bars[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(_legend(report.specialties, height))
    return drawing


def _legend(names: list[str], height: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = 12 * mm, height - 1 * mm
    legend.alignment, legend.columnMaximum = "right", 2
    legend.fontName, legend.fontSize = fonts.FAMILY, 7.5
    legend.dx, legend.dy, legend.deltay, legend.dxTextSpace = 7, 7, 11, 4
    legend.deltax = max(pdfmetrics.stringWidth(name, fonts.FAMILY, 7.5) for name in names) + 24
    legend.colorNamePairs = [(colors.HexColor(PALETTE[i % len(PALETTE)]), name) for i, name in enumerate(names)]
    return legend
