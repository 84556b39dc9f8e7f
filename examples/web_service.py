"""A small web service on commit_mef, with the standard library only (WSGI, ``wsgiref``).

It shows what a service needs from the library (issue #23):

* uploads read as streams: ``POST`` a CSV body (``text/csv``) or JSON records
  (``application/json``) and the service reads ``wsgi.input`` directly, bounded by
  ``Limits.service()`` (8 MiB, 100,000 rows): no temporary files;
* errors returned as JSON with a machine-readable ``code``, an HTTP status from the
  error's kind (400 bad input, 404 not found, 409 conflict, 413 too large) and, for a
  file, every problem with its path;
* extension points registered once, at start-up: Malaysia's fiscal calendar, a
  ``referral`` count unit and a ``summary`` report format;
* results (an aggregate, a target's progress, a fiscal year, a report) returned as
  ``commit_mef.io`` documents, which a client reads back with ``commit_mef.io.loads``.

Endpoints::

    GET  /fiscal-year?country=MYS&year=2020     a Period document
    POST /aggregate?indicator=ID&by=country,year  an AggregateResult document
    POST /progress?target=ID&as_of=2018-12-31     a Progress document
    POST /report?format=json|text|summary|...     the progress report of the figures

Run ``python examples/web_service.py`` to see every endpoint answer requests built
with ``wsgiref.util.setup_testing_defaults`` (no socket is opened), or
``python examples/web_service.py --serve`` to serve on http://127.0.0.1:8023/.  The plan,
its targets and all figures in this script are MADE UP to show the mechanics.
"""

from __future__ import annotations

import datetime as dt
import io as stdio
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs
from wsgiref.util import setup_testing_defaults

import commit_mef as cm
from commit_mef import io
from commit_mef.io import Limits
from commit_mef.progress import progress
from commit_mef.reports import ProgressReport, register_format, render
from commit_mef.units import register_unit

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
Environ = dict[str, Any]

LIMITS = Limits.service()

_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    409: "409 Conflict",
    413: "413 Content Too Large",
}


class HttpError(Exception):
    """An error of the service itself (a bad query, a wrong method), with its HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


# -- start-up: register the extensions, build the plan ------------------------------------------
def _summary(report: ProgressReport) -> str:
    """The ``summary`` format: one line per target."""
    lines = [f"{report.plan}: {report.figure_count} figures"]
    for area in report.areas:
        lines += [f"{row.target}: {row.shown_status}" for row in area.targets]
    return "\n".join(lines) + "\n"


def start_up() -> cm.Plan:
    """Register this service's extensions once (a second call is refused, not ignored).

    Returns:
        The plan the service reports on (built after its ``referral`` unit exists).
    """
    cm.register_fiscal_calendar(
        "Malaysia",
        cm.FiscalCalendar(
            name="Malaysia fiscal calendar",
            country="MYS",
            rules=(cm.FiscalYearRule(month=1, style="calendar"),),
            sources=("MADE UP for this example: a calendar-year budget",),
        ),
    )
    register_unit("referral", "referrals of victims to support services")
    register_format("summary", _summary)
    return build_plan()


def shut_down() -> None:
    """Remove what :func:`start_up` registered (for tests that start the service again)."""
    from commit_mef.periods import unregister_fiscal_calendar
    from commit_mef.reports import unregister_format
    from commit_mef.units import unregister_unit

    unregister_fiscal_calendar("MYS")
    unregister_unit("referral")
    unregister_format("summary")


def build_plan() -> cm.Plan:
    """A made-up plan with two targets: referrals (a custom unit) and a budget in US$."""
    referrals = cm.Indicator(id="referrals", name="Victims referred", kind="count", unit="referral")
    budget = cm.Indicator(id="budget", name="Budget", kind="money", unit="currency")
    targets = (
        cm.Target(
            id="1.1.a",
            indicator="referrals",
            value=100,
            period="2015-2018",
            level="regional",
            description="100 victims referred",
        ),
        cm.Target(
            id="1.1.b",
            indicator="budget",
            value=cm.Money("1000000", "USD"),
            period="2015-2018",
            level="regional",
            description="US$ 1 million budgeted",
        ),
    )
    return cm.Plan(
        code="DEMO",
        title="A made-up plan",
        period="2015-2018",
        indicators=(referrals, budget),
        areas=(
            cm.Area(
                number=1,
                title="Victim support",
                objectives=(cm.Objective(id="1.1", title="Referral", targets=targets),),
            ),
        ),
    )


# -- reading uploads --------------------------------------------------------------------------
class Body:
    """The request body as a stream that never reads past ``CONTENT_LENGTH``."""

    def __init__(self, environ: Environ) -> None:
        try:
            self.left = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise HttpError(400, "bad-content-length", "Content-Length is not a number") from None
        if self.left > LIMITS.max_bytes:
            raise HttpError(
                413, "too-large", f"the upload exceeds {LIMITS.max_bytes:,} bytes; send less"
            )
        self.stream = environ["wsgi.input"]

    def read(self, size: int = -1, /) -> bytes:
        """At most ``size`` bytes, never past the end of the body."""
        size = self.left if size < 0 else min(size, self.left)
        data: bytes = self.stream.read(size) if size else b""
        self.left -= len(data)
        return data


def read_figures(environ: Environ) -> cm.ObservationTable:
    """The uploaded figures: CSV, JSON records, or a commit-mef ObservationTable document."""
    kind = str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
    body = Body(environ)
    if kind == "text/csv":
        return io.read_csv(body, limits=LIMITS)
    if kind == "application/json":
        data = body.read(LIMITS.max_bytes + 1)
        if data.lstrip().startswith(b"{"):
            return io.loads(data, cm.ObservationTable, limits=LIMITS, source="upload")
        return io.from_records(data, limits=LIMITS, source="upload")
    raise HttpError(400, "unsupported-media-type", "send text/csv or application/json figures")


# -- the application --------------------------------------------------------------------------
def _query(environ: Environ) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(str(environ.get("QUERY_STRING", ""))).items()}


def _need(query: dict[str, str], name: str) -> str:
    value = query.get(name)
    if not value:
        raise HttpError(400, "missing-parameter", f"add the query parameter {name}=...")
    return value


def _fiscal_year(plan: cm.Plan, environ: Environ, query: dict[str, str]) -> str:
    year = _need(query, "year")
    label: int | str = int(year) if year.isdigit() else year
    return io.dumps(cm.fiscal_year(_need(query, "country"), label))


def _aggregate(plan: cm.Plan, environ: Environ, query: dict[str, str]) -> str:
    indicator = plan.indicator(_need(query, "indicator"))
    by = tuple(a for a in query.get("by", "country").split(",") if a)
    money = indicator.kind is cm.MeasureKind.MONEY
    result = cm.aggregate(
        read_figures(environ),
        indicator,
        by=by,
        currency="USD" if money else None,
        rates=cm.RateTable.wdi() if money else None,
    )
    return io.dumps(result)


def _progress(plan: cm.Plan, environ: Environ, query: dict[str, str]) -> str:
    target = plan.target(_need(query, "target"))
    as_of = dt.date.fromisoformat(query["as_of"]) if "as_of" in query else None
    return io.dumps(progress(target, read_figures(environ), plan=plan, as_of=as_of))


def _report(plan: cm.Plan, environ: Environ, query: dict[str, str]) -> str:
    report = cm.progress_report(plan, read_figures(environ), as_of=dt.date(2018, 12, 31))
    return render(report, query.get("format", "json"))


Handler = Callable[[cm.Plan, Environ, dict[str, str]], str]

ROUTES: dict[tuple[str, str], Handler] = {
    ("GET", "/fiscal-year"): _fiscal_year,
    ("POST", "/aggregate"): _aggregate,
    ("POST", "/progress"): _progress,
    ("POST", "/report"): _report,
}


def _status_of(err: Exception) -> int:
    """400 bad input, 404 not found, 409 conflict: from the builtin an error also is."""
    if isinstance(err, HttpError):
        return err.status
    if isinstance(err, cm.RegistrationError):
        return 409
    if isinstance(err, (LookupError, cm.UnknownFiscalYearError)):
        return 404
    return 400


def error_body(err: Exception) -> dict[str, Any]:
    """The JSON of an error: its code, its message and, for a file, every problem."""
    body: dict[str, Any] = {
        "code": getattr(err, "code", type(err).__name__),
        "message": str(err),
    }
    if isinstance(err, cm.LoadError):
        body["problems"] = [
            {"path": p.path, "message": p.message, "rule": p.rule} for p in err.problems
        ]
    return {"error": body}


WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


def make_app(plan: cm.Plan) -> WsgiApp:
    """The WSGI application of a service reporting on ``plan``."""

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return respond(plan, environ, start_response)

    return app


def respond(plan: cm.Plan, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
    """Answer one request."""
    method = str(environ.get("REQUEST_METHOD", "GET"))
    path = str(environ.get("PATH_INFO", "/"))
    try:
        handler = ROUTES.get((method, path))
        if handler is None:
            if any(p == path for _m, p in ROUTES):
                raise HttpError(405, "method-not-allowed", f"{path} does not take {method}")
            known = ", ".join(f"{m} {p}" for m, p in ROUTES)
            raise HttpError(404, "no-such-endpoint", f"no endpoint {path}; try {known}")
        text = handler(plan, environ, _query(environ))
        status = 200
        kind = "application/json" if text.startswith("{") else "text/plain; charset=utf-8"
    # LookupError: Plan.target() raises a plain one until the error contract lands (#23, 1).
    except (cm.CommitMefError, LookupError, HttpError) as err:
        status = _status_of(err)
        text, kind = json.dumps(error_body(err), ensure_ascii=False), "application/json"
    data = text.encode("utf-8")
    start_response(_STATUS[status], [("Content-Type", kind), ("Content-Length", str(len(data)))])
    return [data]


# -- a client without a socket ----------------------------------------------------------------
def call(
    app: WsgiApp, method: str, url: str, body: bytes = b"", content_type: str = ""
) -> tuple[int, str, bytes]:
    """Call ``app`` as a server would, without a socket: status code, content type and body."""
    path, _, query = url.partition("?")
    environ: Environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": content_type,
        "wsgi.input": stdio.BytesIO(body),
    }
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    data = b"".join(app(environ, start_response))
    return int(answer["status"].split()[0]), answer["headers"]["Content-Type"], data


_AREA_1 = b'"{""document"": ""demo"", ""area"": 1}"'
FIGURES_CSV = b"""\
indicator,country,period,kind,value,currency,unit,basis,source
referrals,KHM,2015-2016,number,40,,referral,total,AREA
referrals,THA,2015-2016,number,25,,referral,total,AREA
budget,MMR,2016,money,500000000,MMK,,total,AREA
budget,THA,2016,number,10000000,,,total,AREA
""".replace(b"AREA", _AREA_1)


def main() -> None:
    """Serve with ``--serve``; otherwise call every endpoint once and print what it answers."""
    app = make_app(start_up())
    if "--serve" in sys.argv[1:]:
        from wsgiref.simple_server import make_server

        with make_server("127.0.0.1", 8023, app) as server:
            print("serving on http://127.0.0.1:8023/ (Ctrl-C stops)")
            server.serve_forever()
        return
    status, _, body = call(app, "GET", "/fiscal-year?country=MYS&year=2020")
    print(f"GET /fiscal-year MYS 2020 -> {status}: {io.loads(body, cm.Period)}")
    status, _, body = call(
        app, "POST", "/aggregate?indicator=referrals&by=country", FIGURES_CSV, "text/csv"
    )
    result = io.loads(body, cm.AggregateResult)
    for row in result:
        (place,) = row.key
        print(f"POST /aggregate referrals -> {status}: {place.name} {row.value} {result.unit}s")
    records = json.dumps(io.to_records(io.read_csv(stdio.BytesIO(FIGURES_CSV)))).encode()
    status, _, body = call(
        app, "POST", "/progress?target=1.1.a&as_of=2016-12-31", records, "application/json"
    )
    measured = io.loads(body, cm.Progress)
    done = f"{measured.status.value}, {measured.achieved} of {measured.goal}"
    print(f"POST /progress 1.1.a (records) -> {status}: {done}")
    status, _, body = call(app, "POST", "/report?format=summary", FIGURES_CSV, "text/csv")
    print(f"POST /report summary -> {status}:")
    print("".join(f"  {line}\n" for line in body.decode().splitlines()), end="")
    status, _, body = call(app, "POST", "/report?format=json", FIGURES_CSV, "text/csv")
    report = io.loads(body, ProgressReport)
    print(
        f"POST /report json -> {status}: a ProgressReport of {report.figure_count} figures, read back"
    )
    bad = b"indicator,country,kind,value\nreferrals,Atlantis,number,4\nreferrals,KHM,number,many\n"
    status, _, body = call(app, "POST", "/aggregate?indicator=referrals", bad, "text/csv")
    error = json.loads(body)["error"]
    print(
        f"POST /aggregate (bad CSV) -> {status} {error['code']}: {len(error['problems'])} problems"
    )
    for problem in error["problems"]:
        print(f"  {problem['path']}: {problem['message']}")
    status, _, body = call(app, "GET", "/fiscal-year?country=IDN&year=2020")
    error = json.loads(body)["error"]
    print(f"GET /fiscal-year IDN -> {status} {error['code']}")


if __name__ == "__main__":
    main()
