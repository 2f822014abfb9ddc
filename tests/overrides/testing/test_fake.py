"""FakeProbe's behaviour through plain httpx: state, validation, pacing, outcomes, faults, serving."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from typing import Any

import httpx
import pytest

from splx_probe_client.testing import DEFAULT_API_KEY, TARGET_TYPES, FakeProbe, RunOutcome

WS = 1
VALID_SETTINGS: dict[str, Any] = {
    "concurrentRequests": True,
    "description": "Support bot",
    "environment": "DEV",
    "language": "en",
    "multiStepAttacks": False,
    "name": "support-bot",
    "rateLimit": 5,
    "supportedModes": ["TEXT"],
}
VALID_TARGET: dict[str, Any] = {
    "connection": {"type": "OPENAI", "config": {"apiKey": "sk-live-secret", "model": "gpt-4o"}},
    "settings": VALID_SETTINGS,
}


def trigger_body(target_id: int, probe_ids: list[int] | None = None, name: str = "nightly") -> dict[str, Any]:
    return {
        "name": name,
        "notifyWhenFinished": False,
        "probeIds": probe_ids,
        "runAiAnalysis": False,
        "targetId": target_id,
    }


def create_target(client: httpx.Client, body: dict[str, Any] | None = None, workspace: int = WS) -> dict[str, Any]:
    response = client.post(f"/api/v2/workspaces/{workspace}/target", json=body or VALID_TARGET)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def trigger(client: httpx.Client, target_id: int, probe_ids: list[int] | None = None) -> int:
    response = client.post(f"/api/workspaces/{WS}/test-run/trigger", json=trigger_body(target_id, probe_ids))
    assert response.status_code == 200, response.text
    return response.json()["testRunId"]  # type: ignore[no-any-return]


def list_runs(client: httpx.Client, target_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/workspaces/{WS}/target/{target_id}/test-runs")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["message"], str)
    return body["error"]  # type: ignore[no-any-return]


# --- auth and errors ----------------------------------------------------------------------------------------


def test_default_key_is_documented_constant() -> None:
    assert FakeProbe().api_key == DEFAULT_API_KEY


@pytest.mark.parametrize("headers", [{}, {"X-Api-Key": "wrong"}, {"X-Api-Key": ""}])
def test_missing_or_wrong_api_key_is_401(client: httpx.Client, headers: dict[str, str]) -> None:
    client.headers.pop("X-Api-Key")
    response = client.get("/api/target/types", headers=headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "UNAUTHORIZED"


def test_only_the_configured_key_is_accepted() -> None:
    fake = FakeProbe(api_key="mine")
    with httpx.Client(base_url="http://f", transport=fake.transport()) as client:
        assert client.get("/api/target/types", headers={"X-Api-Key": "mine"}).status_code == 200
        assert client.get("/api/target/types", headers={"X-Api-Key": DEFAULT_API_KEY}).status_code == 401


def test_unknown_target_run_and_path_are_404(client: httpx.Client) -> None:
    assert client.get(f"/api/v2/workspaces/{WS}/target/999").status_code == 404
    assert client.get(f"/api/workspaces/{WS}/target/999/test-runs").status_code == 404
    assert client.post(f"/api/workspaces/{WS}/test-run/999/cancel").status_code == 404
    response = client.post(f"/api/workspaces/{WS}/test-run/trigger", json=trigger_body(999))
    assert response.status_code == 404
    assert "999" in error_of(response)["message"]
    assert client.get("/api/nothing-here").status_code == 404
    assert client.put("/api/target/types").status_code == 405


def test_targets_are_per_workspace(client: httpx.Client) -> None:
    target = create_target(client)
    assert client.get(f"/api/v2/workspaces/2/target/{target['id']}").status_code == 404
    assert client.get(f"/api/v2/workspaces/{WS}/target/{target['id']}").status_code == 200


def test_workspace_ids_limits_access_with_403() -> None:
    fake = FakeProbe(workspace_ids={7})
    with httpx.Client(base_url="http://f", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as c:
        assert c.post("/api/v2/workspaces/7/target", json=VALID_TARGET).status_code == 200
        assert c.post("/api/v2/workspaces/8/target", json=VALID_TARGET).status_code == 403


# --- targets ------------------------------------------------------------------------------------------------


def test_target_round_trip_keeps_connection_exactly(client: httpx.Client) -> None:
    body = {
        "connection": {
            "type": "REST_API",
            "config": {
                "url": "https://bot.example/chat",
                "headers": {"Authorization": "Bearer t0k3n", "X-Anything": {"nested": [1, 2]}},
                "requestPayloadSample": '{"message": "{message}"}',
                "responsePayload": "$.reply",
            },
        },
        "settings": {**VALID_SETTINGS, "ragFileId": "6f1c7a4e-2b1d-4c8e-9a51-0d2b3c4d5e6f"},
    }
    created = create_target(client, body)
    assert created["connection"] == body["connection"]
    assert created["settings"]["ragFile"]["ragFileId"] == body["settings"]["ragFileId"]
    assert "ragFileId" not in created["settings"]  # the response schema has ragFile instead
    assert created["settings"]["systemPromptConfigurations"] == {}
    fetched = client.get(f"/api/v2/workspaces/{WS}/target/{created['id']}").json()
    assert fetched == created
    assert created["id"] != created["scanId"]


@pytest.mark.parametrize(
    ("where", "path"),  # a key the vendor's documents close with additionalProperties: false
    [
        ("settings", "settings.newSetting"),
        ("config", "connection.config.newSetting"),
        ("connection", "connection.newSetting"),
        ("body", "newSetting"),
    ],
)
def test_a_key_the_spec_does_not_define_is_refused_naming_it(client: httpx.Client, where: str, path: str) -> None:
    body: dict[str, Any] = json.loads(json.dumps(VALID_TARGET))
    owner = {"settings": body["settings"], "config": body["connection"]["config"]}.get(where)
    owner = owner if owner is not None else (body["connection"] if where == "connection" else body)
    owner["newSetting"] = 3
    response = client.post(f"/api/v2/workspaces/{WS}/target", json=body)
    assert response.status_code == 400
    assert error_of(response)["validationErrors"] == {path: ["is not a known field"]}


def test_seeded_settings_are_checked_like_a_request(fake: FakeProbe) -> None:
    with pytest.raises(ValueError, match=r"settings.*newSetting.*is not a known field"):
        fake.add_target(settings={"newSetting": 3})
    with pytest.raises(ValueError, match="rateLimit"):
        fake.add_target(settings={"rateLimit": "fast"})
    assert fake.target(WS, fake.add_target(settings={"name": "ok"}))["settings"]["name"] == "ok"


def test_update_replaces_connection_and_merges_settings(client: httpx.Client) -> None:
    target = create_target(client)
    url = f"/api/v2/workspaces/{WS}/target/{target['id']}"
    new_connection = {"type": "GEMINI", "config": {"apiKey": "g-key", "model": "gemini-2.0"}}
    response = client.patch(url, json={"connection": new_connection})
    assert response.status_code == 200
    assert response.json()["connection"] == new_connection
    assert response.json()["settings"]["name"] == "support-bot"
    response = client.patch(url, json={"settings": {**VALID_SETTINGS, "name": "renamed"}})
    assert response.json()["settings"]["name"] == "renamed"
    assert client.get(url).json()["connection"] == new_connection


def test_delete_returns_the_target_then_it_is_gone_with_its_runs(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    run_id = trigger(client, target["id"])
    response = client.delete(f"/api/workspaces/{WS}/target/{target['id']}")
    assert response.status_code == 200
    assert response.json() == target
    assert client.get(f"/api/v2/workspaces/{WS}/target/{target['id']}").status_code == 404
    assert client.delete(f"/api/workspaces/{WS}/target/{target['id']}").status_code == 404
    with pytest.raises(KeyError):
        fake.test_run(run_id)


def test_target_types_have_recommended_probes_and_weights(client: httpx.Client) -> None:
    types = client.get("/api/target/types").json()
    assert types == TARGET_TYPES
    assert all(any(d["isRecommended"] for d in t["details"]) for t in types)
    assert {d["weight"] for t in types for d in t["details"]} <= {"LOW", "MEDIUM", "HIGH", "CRITICAL"}


# --- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"settings": VALID_SETTINGS}, "connection", "required"),
        ({**VALID_TARGET, "settings": {**VALID_SETTINGS, "name": 5}}, "settings.name", "type string"),
        ({**VALID_TARGET, "settings": {**VALID_SETTINGS, "name": "x"}}, "settings.name", "at least 2"),
        ({**VALID_TARGET, "settings": {**VALID_SETTINGS, "rateLimit": 2**31}}, "settings.rateLimit", "between"),
        ({**VALID_TARGET, "settings": {**VALID_SETTINGS, "rateLimit": True}}, "settings.rateLimit", "integer"),
        ({**VALID_TARGET, "settings": {**VALID_SETTINGS, "ragFileId": "nope"}}, "settings.ragFileId", "UUID"),
        (
            {**VALID_TARGET, "settings": {**VALID_SETTINGS, "supportedModes": ["TEXT", 3]}},
            "settings.supportedModes[1]",
            "type string",
        ),
        ({**VALID_TARGET, "connection": {"type": "SMOKE", "config": {}}}, "connection.type", "unknown"),
        (
            {**VALID_TARGET, "connection": {"type": "OPENAI", "config": {"model": "gpt-4o"}}},
            "connection.config.apiKey",
            "required",
        ),
        (
            {**VALID_TARGET, "connection": {"type": "ANTHROPIC", "config": {"apiKey": "k1", "model": "m1"}}},
            "connection.config.maxTokens",
            "required",
        ),
    ],
)
def test_invalid_create_is_400_naming_the_field(
    client: httpx.Client, fake: FakeProbe, body: dict[str, Any], field: str, words: str
) -> None:
    response = client.post(f"/api/v2/workspaces/{WS}/target", json=body)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "BAD_REQUEST"
    assert words in " ".join(error["validationErrors"][field])
    assert fake.requests[-1].status == 400


def test_every_missing_required_setting_is_reported(client: httpx.Client) -> None:
    response = client.post(f"/api/v2/workspaces/{WS}/target", json={**VALID_TARGET, "settings": {}})
    assert set(error_of(response)["validationErrors"]) == {f"settings.{name}" for name in VALID_SETTINGS}


def test_body_that_is_not_a_json_object_is_400(client: httpx.Client) -> None:
    url = f"/api/v2/workspaces/{WS}/target"
    assert "body" in error_of(client.post(url, content=b"{nope"))["validationErrors"]
    assert "body" in error_of(client.post(url, json=[1]))["validationErrors"]


def test_trigger_validation(client: httpx.Client) -> None:
    target = create_target(client)
    url = f"/api/workspaces/{WS}/test-run/trigger"
    body = trigger_body(target["id"])
    del body["runAiAnalysis"]
    assert "runAiAnalysis" in error_of(client.post(url, json=body))["validationErrors"]
    body = {**trigger_body(target["id"]), "targetId": "101"}
    assert "targetId" in error_of(client.post(url, json=body))["validationErrors"]
    unknown_probe = client.post(url, json=trigger_body(target["id"], [1, 999]))
    assert "999" in error_of(unknown_probe)["validationErrors"]["probeIds"][0]


def test_path_id_that_is_not_int32_is_400(client: httpx.Client) -> None:
    response = client.get(f"/api/v2/workspaces/{WS}/target/abc")
    assert response.status_code == 400
    assert "targetId" in error_of(response)["validationErrors"]
    assert client.get(f"/api/v2/workspaces/{2**31}/target/1").status_code == 400


# --- test runs ----------------------------------------------------------------------------------------------


def test_run_progresses_on_each_poll_and_completes_on_the_nth(client: httpx.Client) -> None:
    target = create_target(client)
    run_id = trigger(client, target["id"], [1, 2])
    seen = [list_runs(client, target["id"])[0] for _ in range(4)]
    assert [run["status"] for run in seen] == ["RUNNING", "RUNNING", "COMPLETED", "COMPLETED"]
    assert all(run["id"] == run_id for run in seen)
    progress = [run["progress"] for run in seen]
    assert progress == sorted(progress)
    assert progress[0] > 0
    assert progress[-1] == 100.0
    final = seen[-1]
    assert final["totalCount"] == 20
    assert final["passedCount"] + final["failedCount"] + final["errorCount"] == 20
    assert final["failedCount"] == 2
    assert final["probes"] == ["Prompt Injection", "Jailbreak"]
    assert final["name"] == "nightly"
    assert "@" in final["startedBy"]
    done = [run["passedCount"] + run["failedCount"] for run in seen]
    assert done == sorted(done)


def test_default_probes_are_the_presets_recommended_ones(client: httpx.Client, fake: FakeProbe) -> None:
    preset = TARGET_TYPES[1]
    target = create_target(client, {**VALID_TARGET, "settings": {**VALID_SETTINGS, "targetPresetId": preset["id"]}})
    run = fake.test_run(trigger(client, target["id"]))
    names = {1: "Prompt Injection", 3: "Context Leakage", 4: "Data Exfiltration", 6: "Hallucination"}
    assert run["probes"] == [names[d["probeId"]] for d in preset["details"] if d["isRecommended"]]


def test_runs_are_listed_newest_first_and_only_for_their_target(client: httpx.Client) -> None:
    first, second = create_target(client), create_target(client)
    older = trigger(client, first["id"])
    newer = trigger(client, first["id"])
    trigger(client, second["id"])
    assert [run["id"] for run in list_runs(client, first["id"])] == [newer, older]


def test_polls_to_finish_zero_finishes_on_first_look() -> None:
    fake = FakeProbe(polls_to_finish=0)
    target_id = fake.add_target()
    run_id = fake.add_test_run(WS, target_id)
    with httpx.Client(base_url="http://f", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as c:
        assert list_runs(c, target_id)[0]["status"] == "COMPLETED"
    assert fake.test_run(run_id)["status"] == "COMPLETED"


def test_seconds_to_finish_follows_the_clock() -> None:
    now = [100.0]
    fake = FakeProbe(seconds_to_finish=10, clock=lambda: now[0])
    target_id = fake.add_target()
    fake.add_test_run(WS, target_id)
    with httpx.Client(base_url="http://f", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as c:
        assert list_runs(c, target_id)[0]["progress"] == 0.0
        assert list_runs(c, target_id)[0]["progress"] == 0.0  # polling alone does not advance it
        now[0] = 104.0
        assert list_runs(c, target_id)[0]["progress"] == 40.0
        now[0] = 111.0
        assert list_runs(c, target_id)[0]["status"] == "COMPLETED"


def test_queued_outcomes_apply_in_order_then_the_default(client: httpx.Client, fake: FakeProbe) -> None:
    fake.queue_outcomes(RunOutcome("FAILED", failed_count=1, error_count=5), RunOutcome(failed_count=0))
    target = create_target(client)
    ids = [trigger(client, target["id"], [1]) for _ in range(3)]
    for run_id in ids:
        fake.finish(run_id)
    runs = [fake.test_run(run_id) for run_id in ids]
    assert [(r["status"], r["failedCount"], r["errorCount"], r["passedCount"]) for r in runs] == [
        ("FAILED", 1, 5, 4),
        ("COMPLETED", 0, 0, 10),
        ("COMPLETED", 1, 0, 9),
    ]


def test_set_outcome_and_default_outcome(client: httpx.Client, fake: FakeProbe) -> None:
    fake.outcome = RunOutcome(failed_count=3, total_count=50)
    target = create_target(client)
    run_id = trigger(client, target["id"])
    fake.set_outcome(run_id, RunOutcome(failed_count=7, passed_count=40, error_count=3, total_count=50))
    for _ in range(3):
        last = list_runs(client, target["id"])[0]
    assert (last["failedCount"], last["passedCount"], last["errorCount"], last["totalCount"]) == (7, 40, 3, 50)
    other = fake.test_run(trigger(client, target["id"]))
    assert other["totalCount"] == 50


def test_cancel(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    run_id = trigger(client, target["id"])
    url = f"/api/workspaces/{WS}/test-run/{run_id}/cancel"
    response = client.post(url)
    assert response.status_code == 200
    assert response.content == b""
    assert list_runs(client, target["id"])[0]["status"] == "CANCELLED"
    assert client.post(url).status_code == 200  # cancelling again changes nothing
    assert client.post(f"/api/workspaces/2/test-run/{run_id}/cancel").status_code == 404
    finished = trigger(client, target["id"])
    fake.finish(finished)
    response = client.post(f"/api/workspaces/{WS}/test-run/{finished}/cancel")
    assert response.status_code == 400
    assert "COMPLETED" in error_of(response)["message"]


def test_scores_404_until_a_run_completes_then_computed(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    url = f"/api/workspaces/{WS}/target/{target['id']}/scores"
    assert client.get(url).status_code == 404
    fake.outcome = RunOutcome(failed_count=5, total_count=20)
    fake.finish(trigger(client, target["id"]))
    scores = client.get(url).json()
    assert scores["simulatedAttacks"] == 20
    assert scores["successfulAttacks"] == 5
    assert scores["overallScore"] == 75
    assert set(scores["scores"].values()) == {75.0}
    assert scores["latestExecutionDate"].endswith("Z")


def test_set_scores(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    fake.set_scores(WS, target["id"], overall_score=42, scores={"Security": 12.5, "Safety": None})
    scores = client.get(f"/api/workspaces/{WS}/target/{target['id']}/scores").json()
    assert scores["overallScore"] == 42
    assert scores["scores"] == {"Security": 12.5, "Safety": None}


def test_seeded_target_is_visible_through_the_api(client: httpx.Client, fake: FakeProbe) -> None:
    target_id = fake.add_target(3, settings={"name": "seeded"})
    body = client.get(f"/api/v2/workspaces/3/target/{target_id}").json()
    assert body == fake.target(3, target_id)
    assert body["settings"]["name"] == "seeded"
    assert body["connection"]["type"] == "OPENAI"
    with pytest.raises(KeyError):
        fake.target(1, target_id)


# --- faults -------------------------------------------------------------------------------------------------


def test_fail_next_with_retry_after_for_one_operation(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    fake.fail_next(429, times=2, operation="getTarget", retry_after=3)
    assert client.get("/api/target/types").status_code == 200  # other operations are untouched
    for _ in range(2):
        response = client.get(f"/api/v2/workspaces/{WS}/target/{target['id']}")
        assert response.status_code == 429
        assert response.headers["Retry-After"] == "3"
        assert error_of(response)["code"] == "TOO_MANY_REQUESTS"
    assert client.get(f"/api/v2/workspaces/{WS}/target/{target['id']}").status_code == 200


def test_fail_next_with_a_body_that_is_not_json(client: httpx.Client, fake: FakeProbe) -> None:
    fake.fail_next(200, body="<html>maintenance</html>")
    response = client.get("/api/target/types")
    assert response.status_code == 200
    assert response.text == "<html>maintenance</html>"
    assert response.headers["Content-Type"].startswith("text/html")
    fake.fail_next(502, body={"anything": "json"})
    assert client.get("/api/target/types").json() == {"anything": "json"}


def test_injected_fault_does_not_touch_state(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    fake.fail_next(503, operation="triggerTestRun")
    response = client.post(f"/api/workspaces/{WS}/test-run/trigger", json=trigger_body(target["id"]))
    assert response.status_code == 503
    assert list_runs(client, target["id"]) == []


def test_drop_next_closes_without_answer(client: httpx.Client, fake: FakeProbe) -> None:
    target = create_target(client)
    fake.drop_next(operation="triggerTestRun")
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(f"/api/workspaces/{WS}/test-run/trigger", json=trigger_body(target["id"]))
    assert list_runs(client, target["id"]) == []
    assert fake.requests[-2].status is None
    fake.drop_next(operation="triggerTestRun", after_processing=True)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(f"/api/workspaces/{WS}/test-run/trigger", json=trigger_body(target["id"]))
    assert len(list_runs(client, target["id"])) == 1  # the server did act on it
    assert client.get("/api/target/types").status_code == 200  # the next request gets through


def test_delay_next_and_latency(client: httpx.Client, fake: FakeProbe) -> None:
    fake.delay_next(0.2)
    started = time.perf_counter()
    client.get("/api/target/types")
    assert time.perf_counter() - started >= 0.2
    started = time.perf_counter()
    client.get("/api/target/types")
    assert time.perf_counter() - started < 0.2
    fake.latency = 0.1
    started = time.perf_counter()
    client.get("/api/target/types")
    assert time.perf_counter() - started >= 0.1


def test_fault_arguments_are_checked() -> None:
    fake = FakeProbe()
    with pytest.raises(ValueError, match="getTargets"):
        fake.fail_next(503, operation="getTargets")
    with pytest.raises(ValueError, match="times"):
        fake.drop_next(times=0)
    fake.fail_next(503, times=5)
    fake.clear_faults()
    with httpx.Client(base_url="http://f", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}) as c:
        assert c.get("/api/target/types").status_code == 200


# --- recording, secrets, serving ----------------------------------------------------------------------------


def test_requests_are_recorded_without_leaking_secrets(client: httpx.Client, fake: FakeProbe) -> None:
    create_target(client)
    recorded = fake.requests[-1]
    assert (recorded.method, recorded.path, recorded.operation, recorded.status) == (
        "POST",
        f"/api/v2/workspaces/{WS}/target",
        "createTarget",
        200,
    )
    assert recorded.json["connection"]["config"]["apiKey"] == "sk-live-secret"
    assert recorded.headers["x-api-key"] == fake.api_key
    text = repr(recorded) + repr(fake.requests) + repr(fake)
    assert "sk-live-secret" not in text
    assert fake.api_key not in text


def test_socket_requests_are_handled_by_server_threads(fake: FakeProbe) -> None:
    with fake.serve() as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        response = httpx.get(f"{base_url}/api/target/types", headers={"X-Api-Key": fake.api_key})
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(len(response.content))
    assert [(r.via, r.thread != threading.current_thread().name) for r in fake.requests] == [("socket", True)]


def test_serve_stops_cleanly_even_with_idle_keep_alive_connections(fake: FakeProbe) -> None:
    client = httpx.Client(headers={"X-Api-Key": fake.api_key})
    with fake.serve() as base_url:
        assert client.get(f"{base_url}/api/target/types").status_code == 200  # connection stays open
        port = int(base_url.rsplit(":", 1)[1])
        started = time.perf_counter()
    assert time.perf_counter() - started < 1.0
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass
    client.close()


def test_transport_and_servers_share_one_state(fake: FakeProbe) -> None:
    headers = {"X-Api-Key": fake.api_key}
    with httpx.Client(base_url="http://f", transport=fake.transport(), headers=headers) as in_process:
        target = create_target(in_process)
    with fake.serve() as base_url:
        assert httpx.get(f"{base_url}/api/v2/workspaces/{WS}/target/{target['id']}", headers=headers).json() == target


async def _keep_alive_session(host: str, port: int, path: str, api_key: str, requests: int) -> list[bytes]:
    """Send ``requests`` GETs over one connection, reading each answer by its Content-Length."""
    reader, writer = await asyncio.open_connection(host, port)
    bodies = []
    try:
        for _ in range(requests):
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nX-Api-Key: {api_key}\r\n\r\n".encode())
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
            assert head.startswith("http/1.1 200")
            length = int(head.split("content-length:", 1)[1].split("\r\n", 1)[0])
            bodies.append(await reader.readexactly(length))
    finally:
        writer.close()
        await writer.wait_closed()
    return bodies


async def test_serve_async_keeps_up_with_100_concurrent_keep_alive_connections(fake: FakeProbe) -> None:
    target_id = fake.add_target()
    path = f"/api/v2/workspaces/{WS}/target/{target_id}"
    async with fake.serve_async() as base_url:
        host, port = base_url.removeprefix("http://").split(":")
        started = time.perf_counter()
        sessions = await asyncio.gather(
            *(_keep_alive_session(host, int(port), path, fake.api_key, 3) for _ in range(100))
        )
        elapsed = time.perf_counter() - started
    expected = fake.target(WS, target_id)
    assert all(json.loads(body) == expected for bodies in sessions for body in bodies)
    assert len(fake.requests) == 300
    assert len({r.thread for r in fake.requests}) == 100  # one server thread per connection, kept alive
    assert elapsed < 5


async def test_async_client_over_transport_with_delay(fake: FakeProbe) -> None:
    fake.delay_next(0.1, times=10)
    async with httpx.AsyncClient(
        base_url="http://f", transport=fake.transport(), headers={"X-Api-Key": fake.api_key}
    ) as client:
        started = time.perf_counter()
        responses = await asyncio.gather(*(client.get("/api/target/types") for _ in range(10)))
    assert {r.status_code for r in responses} == {200}
    assert time.perf_counter() - started < 0.5  # delays overlap: the event loop is not blocked
