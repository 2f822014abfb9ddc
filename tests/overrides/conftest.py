"""Fixtures of the hand-written layer's tests: the scripted server and recorded sleeps (client/scripted.py)."""

from __future__ import annotations

import pytest
from overrides.client.scripted import Script, Sleeps


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
