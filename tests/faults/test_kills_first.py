"""The first half of the kills (tests/kill_support.py says what each kill checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fault_support import Corpus, Seeded, seeded_from_environment
from kill_support import kill_at_random_points, kills_of, prepare_kill_corpus

pytestmark = pytest.mark.long_running(seconds=170)


@pytest.fixture
def seeded() -> Seeded:
    return seeded_from_environment()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return prepare_kill_corpus(tmp_path_factory.mktemp("corpus"))


def test_sigkill_at_random_points_converges(corpus: Corpus, seeded: Seeded, tmp_path: Path) -> None:
    kill_at_random_points(corpus, seeded, tmp_path, kills_of(0))
