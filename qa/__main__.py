"""``python -m qa`` runs the article-qa CLI."""

import sys

from qa.cli import main

sys.exit(main())
