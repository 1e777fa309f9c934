"""``python -m specgen_enforce``."""

import sys

from specgen_enforce.cli import main

sys.exit(main())
