from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ..._response import checked_parse as _checked_parse
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.risk_score_preset_dto import RiskScorePresetDto
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/target/types",
    }

    return _kwargs


@_checked_parse
def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | list[RiskScorePresetDto] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = RiskScorePresetDto.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ErrorResponse | list[RiskScorePresetDto]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | list[RiskScorePresetDto]]:
    """Get Target types.

     Retrieves a list of available Target Types (e.g. Private With RAG), including metadata and
    associated probe settings.

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        Response[ErrorResponse | list[RiskScorePresetDto]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | list[RiskScorePresetDto] | None:
    """Get Target types.

     Retrieves a list of available Target Types (e.g. Private With RAG), including metadata and
    associated probe settings.

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        ErrorResponse | list[RiskScorePresetDto]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | list[RiskScorePresetDto]]:
    """Get Target types.

     Retrieves a list of available Target Types (e.g. Private With RAG), including metadata and
    associated probe settings.

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        Response[ErrorResponse | list[RiskScorePresetDto]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | list[RiskScorePresetDto] | None:
    """Get Target types.

     Retrieves a list of available Target Types (e.g. Private With RAG), including metadata and
    associated probe settings.

    Raises:
        APIStatusError: with ProbeClient or SyncProbeClient, any non-2xx answer (a subclass per status:
            NotFoundError, RateLimitError, InternalServerError...), after the retries allowed.
        APIConnectionError: with those clients, no answer (APITimeoutError: none in time).
        APIResponseValidationError: with those clients, a 2xx answer that is not what the spec documents.
        errors.UnexpectedStatus: with a plain Client and raise_on_unexpected_status, an undocumented status.
        httpx.TimeoutException: with a plain Client, no answer within Client.timeout.

    Returns:
        ErrorResponse | list[RiskScorePresetDto]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
