from typing import Literal

RiskScoreWeight = Literal["CRITICAL", "HIGH", "LOW", "MEDIUM"]

RISK_SCORE_WEIGHT_VALUES: set[RiskScoreWeight] = {
    "CRITICAL",
    "HIGH",
    "LOW",
    "MEDIUM",
}


def check_risk_score_weight(value: str) -> RiskScoreWeight:
    if value in RISK_SCORE_WEIGHT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RISK_SCORE_WEIGHT_VALUES!r}")
