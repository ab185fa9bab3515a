"""Bad parameters get a 4xx with a reason, never a 500 and never a silent reading
(`as_of=0` is not 1970-01-01, `false` is not 0 %); the OpenAPI document lists the errors."""

import json

import pytest


@pytest.fixture
def reporter(client, personas):
    client.force_login(personas["jingxin"])
    return client


@pytest.mark.parametrize("limit", ["-1", "0", "10001", "abc"])
def test_observation_list_limit_out_of_range_is_422(reporter, limit):
    answer = reporter.get("/api/observations/", {"limit": limit})
    assert answer.status_code == 422 and "limit" in json.dumps(answer.json(), ensure_ascii=False)


def test_observation_list_limit_in_range_works(reporter):
    assert reporter.get("/api/observations/", {"limit": "1"}).status_code == 200


@pytest.mark.parametrize("as_of", ["0", "1700000000", "2024-13-01", "昨天", "2024-6-1"])
def test_task_dates_must_be_calendar_dates(reporter, as_of):
    answer = reporter.get("/api/tasks", {"as_of": as_of})
    assert answer.status_code == 422 and "as_of" in json.dumps(answer.json(), ensure_ascii=False)


def test_task_date_in_iso_form_works(reporter):
    assert reporter.get("/api/tasks", {"as_of": "2024-06-30"}).status_code == 200


@pytest.mark.parametrize("percent", [False, True, "50", 50.5])
def test_progress_percent_must_be_a_whole_number(reporter, percent):
    answer = reporter.post("/api/tasks/1/progress", json.dumps({"text": "已完成", "percent": percent}),
                           content_type="application/json")
    assert answer.status_code == 422 and "percent" in json.dumps(answer.json(), ensure_ascii=False)


def test_openapi_lists_error_responses_for_every_operation(client):
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "422"} <= codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path, codes)
            if method in ("put", "post"):
                assert {"400", "403"} <= codes, (method, path, codes)
    error = document["components"]["schemas"]["Error"]
    assert "detail" in error["properties"]


def test_a_nul_character_is_refused_not_a_server_error(reporter):
    """schemathesis found this on PostgreSQL: text columns cannot hold NUL."""
    assert reporter.get("/api/observations/", {"indicator": "\x00", "limit": "5"}).json()["detail"].startswith("请求中含有 NUL")
    assert reporter.get("/cockpit/", {"period": "2024-06\x00"}).status_code == 400
    answer = reporter.put("/api/observations/", json.dumps(
        {"indicator": "gy\x00zjz", "region": "330784", "period": "2024-03", "value": "1"}),
        content_type="application/json")
    assert answer.status_code == 422  # in a JSON body: PostgreSQL refuses it, the API says why
