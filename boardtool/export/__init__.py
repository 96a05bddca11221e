"""Exports: the PowerPoint deck and the PDF summary, both laid out from one outline."""

from boardtool.export.entry import ExportReport, ExportRequest, check_outputs, export_board, outline_for, summary_pdf

__all__ = ["ExportReport", "ExportRequest", "check_outputs", "export_board", "outline_for", "summary_pdf"]
