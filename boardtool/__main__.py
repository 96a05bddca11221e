"""Run boardtool with ``python -m boardtool``."""

import sys

from boardtool.cli import main

sys.exit(main())
