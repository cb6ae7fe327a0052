# `python -m bench`: see bench/run.py and the README's "Performance" section.
from __future__ import annotations

import sys

from .run import main

sys.exit(main())
