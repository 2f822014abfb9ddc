from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ..._parameters import path_int
from ..._response import checked_parse as _checked_parse
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.scan_score_overview_dto import ScanScoreOverviewDto
from ...types import Response


def _get_kwargs(
    workspace_id: int,
    target_id: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/workspaces/{workspace_id}/target/{target_id}/scores".format(
            workspace_id=str(workspace_id) if type(workspace_id) is int else path_int("workspace_id", workspace_id),
            target_id=str(target_id) if type(target_id) is int else path_int("target_id", target_id),
        ),
    }

    return _kwargs


@_checked_parse
def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ScanScoreOverviewDto | None:
    if response.status_code == 200:
        response_200 = ScanScoreOverviewDto.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorResponse:
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_0 = ErrorResponse.from_dict(data)

            return response_400_type_0

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ScanScoreOverviewDto]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workspace_id: int,
    target_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | ScanScoreOverviewDto]:
    """Retrieve overall scores and category breakdown for a Target

     Returns the overall score and scores per category for a specific Target within a Workspace. Scores
    are calculated based on the latest probe run results and provide insights into security
    vulnerabilities, compliance issues, and other risk factors.

    Args:
        workspace_id (int):
        target_id (int):

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        Response[ErrorResponse | ScanScoreOverviewDto]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        target_id=target_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workspace_id: int,
    target_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | ScanScoreOverviewDto | None:
    """Retrieve overall scores and category breakdown for a Target

     Returns the overall score and scores per category for a specific Target within a Workspace. Scores
    are calculated based on the latest probe run results and provide insights into security
    vulnerabilities, compliance issues, and other risk factors.

    Args:
        workspace_id (int):
        target_id (int):

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        ErrorResponse | ScanScoreOverviewDto
    """

    return sync_detailed(
        workspace_id=workspace_id,
        target_id=target_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    workspace_id: int,
    target_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | ScanScoreOverviewDto]:
    """Retrieve overall scores and category breakdown for a Target

     Returns the overall score and scores per category for a specific Target within a Workspace. Scores
    are calculated based on the latest probe run results and provide insights into security
    vulnerabilities, compliance issues, and other risk factors.

    Args:
        workspace_id (int):
        target_id (int):

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        Response[ErrorResponse | ScanScoreOverviewDto]
    """

    kwargs = _get_kwargs(
        workspace_id=workspace_id,
        target_id=target_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workspace_id: int,
    target_id: int,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | ScanScoreOverviewDto | None:
    """Retrieve overall scores and category breakdown for a Target

     Returns the overall score and scores per category for a specific Target within a Workspace. Scores
    are calculated based on the latest probe run results and provide insights into security
    vulnerabilities, compliance issues, and other risk factors.

    Args:
        workspace_id (int):
        target_id (int):

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        ErrorResponse | ScanScoreOverviewDto
    """

    return (
        await asyncio_detailed(
            workspace_id=workspace_id,
            target_id=target_id,
            client=client,
        )
    ).parsed
