"""The example service (examples/web_service.py) driven through WSGI, without a socket.

It is the "done when" of issue #23: uploads read as streams, errors as JSON with a code,
a custom fiscal calendar, count unit and report format registered at start-up, and results
that a client reads back with ``commit_mef.io.loads``.
"""

from __future__ import annotations

import importlib.util
import io as stdio
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import commit_mef as cm
from commit_mef import io

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "web_service.py"


@pytest.fixture(scope="module")
def service() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("web_service", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_service"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["web_service"]


@pytest.fixture(scope="module")
def app(service: ModuleType) -> Iterator[Any]:
    plan = service.start_up()
    yield service.make_app(plan)
    service.shut_down()


def _call(
    service: ModuleType, app: Any, method: str, url: str, *args: Any
) -> tuple[int, str, bytes]:
    status, content_type, data = service.call(app, method, url, *args)
    return int(status), str(content_type), bytes(data)


def test_start_up_registers_each_extension_once(service: ModuleType, app: Any) -> None:
    assert cm.fiscal_year("MYS", 2020) == cm.Period.year(2020)
    with pytest.raises(cm.RegistrationError):
        service.start_up()  # a second start-up is refused, never silently doubled


def test_fiscal_year_of_the_registered_calendar(service: ModuleType, app: Any) -> None:
    status, kind, body = _call(service, app, "GET", "/fiscal-year?country=Malaysia&year=2021")
    assert (status, kind) == (200, "application/json")
    assert io.loads(body, cm.Period) == cm.Period.year(2021)


def test_csv_upload_aggregates_the_custom_unit(service: ModuleType, app: Any) -> None:
    status, _, body = _call(
        service,
        app,
        "POST",
        "/aggregate?indicator=referrals&by=country",
        service.FIGURES_CSV,
        "text/csv",
    )
    assert status == 200
    result = io.loads(body, cm.AggregateResult)
    assert result.unit == "referral"
    assert {row.key: row.value for row in result} == {
        (cm.country("KHM"),): 40,
        (cm.country("THA"),): 25,
    }


def test_records_and_documents_are_uploads_too(service: ModuleType, app: Any) -> None:
    table = io.read_csv(stdio.BytesIO(service.FIGURES_CSV))
    bodies = (json.dumps(io.to_records(table)).encode(), io.dumps(table).encode())
    answers = []
    for body in bodies:
        status, _, data = _call(
            service,
            app,
            "POST",
            "/progress?target=1.1.a&as_of=2016-12-31",
            body,
            "application/json; charset=utf-8",
        )
        assert status == 200
        answers.append(io.loads(data, cm.Progress))
    assert answers[0] == answers[1]
    assert (answers[0].status, answers[0].achieved) == (cm.Status.ON_TRACK, 65)


def test_report_in_the_registered_format_and_as_a_document(service: ModuleType, app: Any) -> None:
    status, kind, body = _call(
        service, app, "POST", "/report?format=summary", service.FIGURES_CSV, "text/csv"
    )
    assert (status, kind) == (200, "text/plain; charset=utf-8")
    assert "1.1.b: not measured: " in body.decode()
    status, _, body = _call(
        service, app, "POST", "/report?format=json", service.FIGURES_CSV, "text/csv"
    )
    report = io.loads(body, cm.ProgressReport)
    (area,) = report.areas
    assert [(t.target, t.status) for t in area.targets] == [
        ("1.1.a", "off track"),
        ("1.1.b", "not measured"),
    ]


def _error(body: bytes) -> dict[str, Any]:
    error: dict[str, Any] = json.loads(body)["error"]
    return error


def test_a_bad_upload_lists_every_problem_with_a_code(service: ModuleType, app: Any) -> None:
    bad = b"indicator,country,kind,value\nreferrals,Atlantis,number,4\nreferrals,KHM,number,many\n"
    status, kind, body = _call(
        service, app, "POST", "/aggregate?indicator=referrals", bad, "text/csv"
    )
    error = _error(body)
    assert (status, kind) == (400, "application/json")
    assert error["code"] == getattr(cm.LoadError([]), "code", "LoadError")
    assert [p["path"] for p in error["problems"]] == ["/rows/2/country", "/rows/3/value"]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/fiscal-year?country=IDN&year=2020", 404),  # no calendar registered
        ("GET", "/fiscal-year?country=Atlantis&year=2020", 404),  # unknown country
        ("GET", "/fiscal-year?country=MYS", 400),  # missing parameter
        ("POST", "/progress?target=9.9.z", 404),  # no such target
        ("GET", "/aggregate", 405),
        ("GET", "/nowhere", 404),
    ],
)
def test_errors_are_json_with_a_status_and_a_code(
    service: ModuleType, app: Any, method: str, url: str, status: int
) -> None:
    got, kind, body = _call(service, app, method, url, service.FIGURES_CSV, "text/csv")
    assert (got, kind) == (status, "application/json")
    error = _error(body)
    assert error["code"]
    assert error["message"]


def test_an_upload_over_the_service_limit_is_refused_unread(service: ModuleType, app: Any) -> None:
    environ = {"CONTENT_LENGTH": str(9 * 1024 * 1024), "wsgi.input": stdio.BytesIO(b"")}
    with pytest.raises(service.HttpError) as caught:
        service.Body(environ)
    assert caught.value.status == 413


def test_a_body_never_reads_past_its_length(service: ModuleType) -> None:
    stream = stdio.BytesIO(b"abcdefgh-and-the-next-request")
    body = service.Body({"CONTENT_LENGTH": "8", "wsgi.input": stream})
    assert body.read(5) + body.read(100) + body.read(1) == b"abcdefgh"
    assert stream.tell() == 8
