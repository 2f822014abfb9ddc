"""Fixtures of the error tests: the client tests' scripted server and recording sleep."""

from __future__ import annotations

import pytest
from overrides.client.scripted import Script, Sleeps


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
