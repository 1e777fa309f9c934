"""The first half of the kills (tests/kill_support.py says what each kill checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fault_support import Corpus, Seeded
from kill_support import kill_at_random_points, kills_of

pytestmark = pytest.mark.long_running(seconds=170)


def test_sigkill_at_random_points_converges(
    kill_corpus: Corpus, seeded: Seeded, tmp_path: Path
) -> None:
    kill_at_random_points(kill_corpus, seeded, tmp_path, kills_of(0))
