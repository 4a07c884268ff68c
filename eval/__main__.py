"""``python -m eval``: the same command as ``article-qa eval``."""

import sys

from eval.cli import main

sys.exit(main())
