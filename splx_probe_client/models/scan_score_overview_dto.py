from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import field as _attrs_field

from .._model_base import define as _attrs_define
from .._parsing import parse_datetime
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scan_score_overview_dto_scores_type_0 import ScanScoreOverviewDtoScoresType0


T = TypeVar("T", bound="ScanScoreOverviewDto")


@_attrs_define
class ScanScoreOverviewDto:
    """Response payload containing overall score overview and detailed category breakdown from probe scan results."""

    latest_execution_date: datetime.datetime
    """ Timestamp of the most recent probe execution used in this overall score calculation. """
    overall_score: int
    """ Current overall score calculated from all probe results. Scale: 0-100 (0 = Critical Risk, 100 = Low Risk).
    """
    simulated_attacks: int
    """ Total number of simulated attacks executed during the probe runs. """
    successful_attacks: int
    """ Number of attacks that successfully exploited vulnerabilities or weaknesses. """
    scores: None | ScanScoreOverviewDtoScoresType0 | Unset = UNSET
    """ Overall score broken down by category (e.g., 'Safety', 'Security', 'Business Alignment', 'Hallucination &
    Trustworthiness' and 'Custom'). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        latest_execution_date = self.latest_execution_date.isoformat()

        overall_score = self.overall_score

        simulated_attacks = self.simulated_attacks

        successful_attacks = self.successful_attacks

        scores: dict[str, Any] | None | Unset
        if isinstance(self.scores, Unset):
            scores = UNSET
        elif isinstance(self.scores, ScanScoreOverviewDtoScoresType0):
            scores = self.scores.to_dict()
        else:
            scores = self.scores

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "latestExecutionDate": latest_execution_date,
                "overallScore": overall_score,
                "simulatedAttacks": simulated_attacks,
                "successfulAttacks": successful_attacks,
            }
        )
        if scores is not UNSET:
            field_dict["scores"] = scores

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:

        d = dict(src_dict)
        latest_execution_date = parse_datetime(d.pop("latestExecutionDate"))

        overall_score = d.pop("overallScore")

        simulated_attacks = d.pop("simulatedAttacks")

        successful_attacks = d.pop("successfulAttacks")

        def _parse_scores(data: object) -> None | ScanScoreOverviewDtoScoresType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                scores_type_0 = ScanScoreOverviewDtoScoresType0.from_dict(data)

                return scores_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ScanScoreOverviewDtoScoresType0 | Unset, data)

        scores = _parse_scores(d.pop("scores", UNSET))

        scan_score_overview_dto = cls(
            latest_execution_date=latest_execution_date,
            overall_score=overall_score,
            simulated_attacks=simulated_attacks,
            successful_attacks=successful_attacks,
            scores=scores,
        )

        scan_score_overview_dto.additional_properties = d
        return scan_score_overview_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported last, once: the models import each other, and this module's classes exist by now.
from ..models.scan_score_overview_dto_scores_type_0 import ScanScoreOverviewDtoScoresType0  # noqa: E402
