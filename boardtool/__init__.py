"""boardtool: prepare and record multidisciplinary tumour-board meetings."""

__version__ = "0.1.0"
