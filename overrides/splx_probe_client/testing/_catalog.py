# Hand-written: edit overrides/splx_probe_client/testing/_catalog.py, not this copy (installed by `make generate`).
"""What the fake platform offers before anyone creates anything: its key, probes and target types."""

from __future__ import annotations

from typing import Any

DEFAULT_API_KEY = "splx-fake-api-key"
"""The key a ``FakeProbe()`` accepts when none is given."""

PROBES: dict[int, str] = {
    1: "Prompt Injection",
    2: "Jailbreak",
    3: "Context Leakage",
    4: "Data Exfiltration",
    5: "Toxicity",
    6: "Hallucination",
    7: "Off-Topic",
    8: "Competitor Check",
}
"""The fake platform's probes: id -> name (run's ``probes`` lists names)."""

TARGET_TYPES: list[dict[str, Any]] = [
    {
        "id": "0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a01",
        "label": "Public Without RAG",
        "details": [
            {"probeId": 1, "isRecommended": True, "weight": "CRITICAL"},
            {"probeId": 2, "isRecommended": True, "weight": "HIGH"},
            {"probeId": 3, "isRecommended": True, "weight": "HIGH"},
            {"probeId": 5, "isRecommended": True, "weight": "MEDIUM"},
            {"probeId": 6, "isRecommended": False, "weight": "LOW"},
            {"probeId": 8, "isRecommended": False, "weight": "LOW"},
        ],
    },
    {
        "id": "0b7f6a52-3c1e-4f43-9b1a-6b3d2f1e0a02",
        "label": "Private With RAG",
        "details": [
            {"probeId": 1, "isRecommended": True, "weight": "HIGH"},
            {"probeId": 3, "isRecommended": True, "weight": "CRITICAL"},
            {"probeId": 4, "isRecommended": True, "weight": "CRITICAL"},
            {"probeId": 6, "isRecommended": True, "weight": "MEDIUM"},
            {"probeId": 7, "isRecommended": False, "weight": "LOW"},
        ],
    },
]
"""What ``GET /api/target/types`` returns (``RiskScorePresetDto`` list)."""

SCORE_CATEGORIES = ("Security", "Safety", "Business Alignment", "Hallucination & Trustworthiness")
CASES_PER_PROBE = 10
