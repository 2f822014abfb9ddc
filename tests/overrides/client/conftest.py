"""Fixtures of the client tests."""

from __future__ import annotations

import pytest
from overrides.client.scripted import Script, Sleeps


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()
