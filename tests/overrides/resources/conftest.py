"""Fixtures of the resource tests: the client tests' scripted server and recorded sleeps."""

from __future__ import annotations

import pytest
from overrides.client.scripted import Script, Sleeps


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
