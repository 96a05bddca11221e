"""The board model: meeting, cases, catalog and clinical checks. No Qt, no file formats."""

from boardtool.model.board import SCHEMA_VERSION, Board, Case, Meeting
from boardtool.model.catalog import Catalog, load_catalog
from boardtool.model.errors import BoardError, BoardFileError, CatalogError, ExportError
from boardtool.model.validation import Problem, check_board

__all__ = [
    "SCHEMA_VERSION",
    "Board",
    "BoardError",
    "BoardFileError",
    "Case",
    "Catalog",
    "CatalogError",
    "ExportError",
    "Meeting",
    "Problem",
    "check_board",
    "load_catalog",
]
