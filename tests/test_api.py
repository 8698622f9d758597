"""The HTTP API against a real `entente serve` (uvicorn) on loopback, over real DuckDB stores."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from entente.io.search import index_home
from entente.io.store import Store
from live import TOKEN, Server

ARTICLE = "\n\n".join([
    "Ghana and Togo agree to reopen the Aflao crossing",
    "Ghanaian Foreign Minister Kwabena Asante met his Togolese counterpart Komi Dzidzornu in Accra on Monday, "
    "and the two signed a memorandum of understanding on reopening the Aflao border crossing to traders.",
    "Mr Asante said the crossing would carry more than a million travellers a year once the new customs post opens.",
]) + "\n"
NEWS = [{"id": "gh-tg-aflao", "url": "https://news.example.org/2024/03/12/ghana-togo-aflao", "title":
         "Ghana and Togo agree to reopen the Aflao crossing", "published": "2024-03-12", "text": ARTICLE}]


def auth(token: str = TOKEN) -> dict[str, str]:
    """The header that carries a write token."""
    return {"Authorization": f"Bearer {token}"}


def get(server: Server, path: str, **params: Any) -> httpx.Response:
    """GET a path of a server."""
    with server.client() as client:
        return client.get(path, params=params)


def ok(server: Server, path: str, **params: Any) -> Any:
    """The JSON of a GET that must succeed."""
    response = get(server, path, **params)
    assert response.status_code == 200, response.text
    return response.json()


def hanoi_meeting(server: Server) -> dict[str, Any]:
    """The seeds' Hanoi meeting of June 2021 that two articles report."""
    events = ok(server, "/dyads/Vietnam/Singapore/timeline")["events"]
    found = [e for e in events if e["location"] and e["location"]["name"] == "Hanoi" and len(e["sources"]) == 2]
    assert len(found) == 1, [(e["when"], len(e["sources"])) for e in events]
    return found[0]


# -- reading ------------------------------------------------------------------------------------
def test_the_seed_dyad_has_its_eight_events_in_date_order(seeded_server: Server) -> None:
    timeline = ok(seeded_server, "/dyads/VNM/SGP/timeline")
    assert timeline["dyad"] == ["VNM", "SGP"] and len(timeline["events"]) == 8
    days = [e["date"] or e["date_range"][0] for e in timeline["events"]]
    assert days == sorted(days)
    assert ok(seeded_server, "/dyads/Singapore/Vietnam/summary")["events"] == 8


def test_an_event_carries_every_source_with_evidence_at_its_offsets(seeded_server: Server) -> None:
    meeting = ok(seeded_server, f"/events/{hanoi_meeting(seeded_server)['event_id']}")
    assert meeting["date"] == "2021-06-21" and len(meeting["sources"]) == 2
    for source in meeting["sources"]:
        document = ok(seeded_server, f"/documents/{source['doc_id']}")
        assert document["text"][source["start"]:source["end"]] == source["evidence"]
        assert meeting["event_id"] in {e["event_id"] for e in document["evidence"]}


def ids(page: dict[str, Any]) -> list[str]:
    """The event ids of a page of events."""
    return [e["event_id"] for e in page["events"]]


@pytest.mark.parametrize(("params", "keep"), [
    ({"type": "aid"}, lambda e: e["event_type"] == "AID"),
    ({"mode": "Sidelines"}, lambda e: e["mode"] == "sidelines"),
    ({"actor": "le hoai"}, lambda e: any(p["name"] == "Le Hoai Trung" for p in e["participants"])),
    ({"since": "2025-01-01"}, lambda e: (e["date"] or e["date_range"][1]) >= "2025-01-01"),
    ({"until": "2021-12-31"}, lambda e: (e["date"] or e["date_range"][0]) <= "2021-12-31"),
    ({"text": "KUALA LUMPUR"}, lambda e: e["location"] and e["location"]["name"] == "Kuala Lumpur"),
    ({"country": "Singaporean"}, lambda e: any(p["country"] == "SGP" for p in e["participants"])),
])
def test_event_filters_keep_exactly_the_matching_events(seeded_server: Server, params: dict[str, str],
                                                       keep: Any) -> None:
    everything = ok(seeded_server, "/events", pair="Vietnam,Singapore")["events"]
    expected = [e["event_id"] for e in everything if keep(e)]
    found = ok(seeded_server, "/events", **({"pair": "VNM,SGP"} if "country" not in params else {}), **params)
    assert len(expected) > 0 and ids(found) == expected and found["total"] == len(expected)


def test_paging_walks_the_events_without_gaps_or_repeats(seeded_server: Server) -> None:
    everything = ids(ok(seeded_server, "/events", limit=1000))
    pages = [ok(seeded_server, "/events", limit=3, offset=n) for n in range(0, len(everything) + 3, 3)]
    assert [i for page in pages for i in ids(page)] == everything
    assert {page["total"] for page in pages} == {len(everything)}


def test_actors_have_offices_over_time_and_their_events(seeded_server: Server) -> None:
    people = ok(seeded_server, "/actors", q="balakrishnan")
    assert [p["id"] for p in people] == ["vivian-balakrishnan"]
    person = ok(seeded_server, "/actors/vivian-balakrishnan")
    timeline = ok(seeded_server, "/dyads/VNM/SGP/timeline")["events"]
    with_him = [e["event_id"] for e in timeline if any(p["name"] == "Vivian Balakrishnan" for p in e["participants"])]
    assert person["countries"] == ["SGP"] and ids(person) == with_him and len(with_him) == 7
    office = person["offices"][0]
    assert office["office"] == "Minister for Foreign Affairs" and office["first_seen"] <= office["last_seen"]
    assert {p["id"] for p in ok(seeded_server, "/actors", country="Vietnam")} >= {"bui-thanh-son", "le-hoai-trung"}


def test_every_participant_links_to_an_actor_page_listing_that_event(seeded_server: Server) -> None:
    events = ok(seeded_server, "/events", limit=1000)["events"]
    links = {(p["person_id"], p["country"], e["event_id"]) for e in events for p in e["participants"] if p["person_id"]}
    assert len(links) >= 14
    for person_id, country, event_id in links:
        person = ok(seeded_server, f"/actors/{person_id}", **({"country": country} if country else {}))
        assert event_id in ids(person) and (country is None or country in person["countries"])


def test_search_finds_articles_and_evidence_with_highlighted_snippets(seeded_server: Server) -> None:
    found = ok(seeded_server, "/search", q="vaccines")
    assert found["total"] >= 1 and found["hits"][0]["kind"] == "document"
    assert all("<b>vaccin" in h["snippet"].lower() for h in found["hits"])
    evidence = ok(seeded_server, "/search", q='"Kuala Lumpur"')
    assert any(h["kind"] == "event" and h["event_id"] for h in evidence["hits"])
    assert ok(seeded_server, "/search", q="zyxwvut")["hits"] == []


@pytest.mark.parametrize(("path", "params", "status", "says"), [
    ("/events", {"country": "Atlantis"}, 400, "Atlantis"),
    ("/events", {"pair": "Vietnam"}, 400, "two countries"),
    ("/events", {"since": "June"}, 422, "since"),
    ("/events", {"limit": "0"}, 422, "limit"),
    ("/events/ev-0000000000000000", {}, 404, "no event"),
    ("/actors/nobody-at-all", {}, 404, "no actor"),
    ("/documents/no-such-doc", {}, 404, "no document"),
    ("/dyads/Vietnam/Vietnam/timeline", {}, 400, "two different countries"),
    ("/search", {}, 422, "q"),
    ("/nowhere", {}, 404, "Not Found"),
])
def test_errors_are_json_with_a_message_and_the_right_status(seeded_server: Server, path: str,
                                                             params: dict[str, str], status: int, says: str) -> None:
    response = get(seeded_server, path, **params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json" and says in response.json()["error"]


# -- security -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "params"), [
    ("/events/x' OR '1'='1", {}),
    ("/documents/x' OR 'a'='a", {}),
    ("/actors/x' OR 1=1 --", {}),
    ("/events", {"type": "CONSULT' OR '1'='1"}),
    ("/events", {"mode": "x') OR (1=1"}),
    ("/search", {"q": "'; DROP TABLE documents; --"}),
])
def test_sql_in_parameters_is_only_ever_data(seeded_server: Server, path: str, params: dict[str, str]) -> None:
    response = get(seeded_server, path, **params)
    assert response.status_code in (200, 404)
    assert response.status_code == 404 or response.json().get("total", 0) == 0
    assert len(ok(seeded_server, "/events", limit=1000)["events"]) == 8


@pytest.mark.parametrize("path", [
    "/static/../api.py", "/static/..%2fapi.py", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static//etc/passwd",
    "/static/vendor/../../api.py", "/documents/..%2F..%2F..%2Fetc%2Fpasswd", "/static/app.js%00.txt",
])
def test_no_route_serves_a_file_the_client_names(seeded_server: Server, path: str) -> None:
    with seeded_server.client() as client:
        response = client.get(path)
    assert response.status_code == 404 and "import " not in response.text and "root:" not in response.text


def test_the_page_and_its_assets_are_served_with_a_strict_policy(seeded_server: Server) -> None:
    with seeded_server.client() as client:
        page, script, css = client.get("/"), client.get("/static/app.js"), client.get("/static/app.css")
        vendor = client.get("/static/vendor/vis-timeline-graph2d.min.js")
    assert page.status_code == script.status_code == css.status_code == vendor.status_code == 200
    assert "vis-timeline-graph2d.min.js" in page.text and "textContent" in script.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"


def test_cors_is_off(seeded_server: Server) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    with seeded_server.client() as client:
        plain = client.get("/countries", headers=origin)
        preflight = client.options("/documents", headers={**origin, "Access-Control-Request-Method": "POST"})
    assert plain.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in plain.headers)
    assert preflight.status_code in (404, 405)
    assert not any(h.lower().startswith("access-control-") for h in preflight.headers)


def test_writes_are_refused_without_a_server_token(seeded_server: Server) -> None:
    with seeded_server.client() as client:
        response = client.post("/documents", json=NEWS, headers=auth())
    assert response.status_code == 403 and "read-only" in response.json()["error"]


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
    ({"Authorization": "Bearer"}, 401),
    ({"Authorization": f"Token {TOKEN}"}, 401),
    (auth("wrong"), 403),
    (auth(TOKEN[:-1]), 403),
    (auth(TOKEN + "x"), 403),
])
def test_writes_need_the_exact_token(writable_server: Server, headers: dict[str, str], status: int) -> None:
    with writable_server.client() as client:
        response = client.post("/documents", json=NEWS, headers=headers)
    assert response.status_code == status, response.text
    assert "error" in response.json()


def test_a_body_over_the_limit_is_refused_whether_declared_or_streamed(writable_server: Server) -> None:
    big = json.dumps([{"id": "big", "text": "x" * 5_100_000}]).encode()

    def chunks() -> Any:
        for at in range(0, len(big), 65536):
            yield big[at:at + 65536]

    with writable_server.client(headers=auth()) as client:
        declared = client.post("/documents", content=big, headers={"Content-Type": "application/json"})
        streamed = client.post("/documents", content=chunks(), headers={"Content-Type": "application/json"})
        stored = client.get("/documents/big")
    assert declared.status_code == streamed.status_code == 413
    assert "larger than" in declared.json()["error"] and "larger than" in streamed.json()["error"]
    assert stored.status_code in (404, 503)


@pytest.mark.parametrize(("body", "says"), [
    (b"not json", "JSON"),
    (b"[]", "1 to"),
    (b'[{"id": "a"}]', "text"),
    (b'[{"id": "a", "text": "x", "html": "<p>x</p>"}]', "exactly one"),
    (b'[{"id": "a", "text": "x", "path": "/etc/passwd"}]', "path"),
    (b'[{"id": "a\\u0000b", "text": "x"}]', "id"),
    (b'{"id": "a", "text": "x"}', "array"),
])
def test_bad_uploads_are_422_naming_the_problem(writable_server: Server, body: bytes, says: str) -> None:
    with writable_server.client(headers={**auth(), "Content-Type": "application/json"}) as client:
        response = client.post("/documents", content=body)
    assert response.status_code == 422 and says.lower() in response.json()["error"].lower(), response.text


def test_posted_articles_run_the_pipeline_and_reach_every_view(writable_server: Server, tmp_path: Path) -> None:
    hostile = {**NEWS[0], "id": str(tmp_path / "written-by-client"), "url": "file:///etc/passwd"}
    with writable_server.client(headers=auth()) as client:
        first = client.post("/documents", json=[*NEWS, hostile])
        again = client.post("/documents", json=NEWS)
    assert first.status_code == 200, first.text
    assert first.json()["new"] == 2 and first.json()["events"] >= 1
    assert again.json()["unchanged"] == 1 and again.json()["new"] == 0
    assert not (tmp_path / "written-by-client").exists()  # an id is a key, never a path
    events = ok(writable_server, "/dyads/Ghana/Togo/timeline")["events"]
    meeting = next(e for e in events if any(s["doc_id"] == "gh-tg-aflao" for s in e["sources"]))
    assert {p["name"] for p in meeting["participants"]} >= {"Kwabena Asante", "Komi Dzidzornu"}
    assert meeting["location"]["name"] == "Accra" and meeting["agreements"]
    hits = ok(writable_server, "/search", q="Aflao")["hits"]
    assert {h["doc_id"] for h in hits if h["kind"] == "document"} >= {"gh-tg-aflao"}


def test_reads_go_on_while_an_upload_is_written(writable_server: Server) -> None:
    article = {**NEWS[0], "id": "gh-tg-aflao-follow-up", "text": ARTICLE.replace("Monday", "Tuesday")}
    results: dict[str, int] = {}

    def post() -> None:
        with writable_server.client(headers=auth()) as client:
            results["post"] = client.post("/documents", json=[article]).status_code

    writer = threading.Thread(target=post)
    writer.start()
    answers = []
    while writer.is_alive():
        answers.append(get(writable_server, "/countries"))
    writer.join()
    assert results["post"] == 200 and any(a.status_code == 200 for a in answers)
    assert all(a.status_code == 200 or "busy with an upload" in a.json()["error"] for a in answers)
    assert get(writable_server, "/documents/gh-tg-aflao-follow-up").status_code == 200


# -- another process writing --------------------------------------------------------------------
def test_an_ingest_by_another_process_shows_in_views_and_search(writable_server: Server, tmp_path: Path) -> None:
    article = ARTICLE.replace("Ghana", "Benin").replace("Ghanaian", "Beninese").replace("Accra", "Cotonou")
    (tmp_path / "bj-tg-seme.txt").write_text(article.replace("Aflao", "Seme"), encoding="utf-8")
    with writable_server.client() as client:
        before = client.get("/search", params={"q": "Seme"})  # 503 when run alone: no store yet
        done = subprocess.run([sys.executable, "-m", "entente.cli", "ingest", str(tmp_path), "--db",
                               str(writable_server.db)], capture_output=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr.decode()
        hits = client.get("/search", params={"q": "Seme"}).json()["hits"]
        document = client.get("/documents/bj-tg-seme")
        shutil.rmtree(index_home(writable_server.db))  # the index lost: the next search rebuilds it
        rebuilt = client.get("/search", params={"q": "Seme"}).json()["hits"]
    assert before.status_code == 503 or before.json()["total"] == 0
    assert "bj-tg-seme" in {h["doc_id"] for h in hits} and rebuilt == hits
    assert document.status_code == 200 and "Seme" in document.json()["text"]


def hold_write_lock(db: Path, seconds: float, released: threading.Event) -> None:
    """Hold the store open for writing (DuckDB's process lock) for some seconds, as an ingest batch does."""
    with Store.open(db):
        time.sleep(seconds)
        released.set()


def test_a_request_waits_out_a_short_write_by_another_process(seeded_server: Server) -> None:
    released = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(seeded_server.db, 1.0, released))
    holder.start()
    time.sleep(0.2)
    response = get(seeded_server, "/countries")
    answered_after_release = released.is_set()
    holder.join()
    assert response.status_code == 200 and answered_after_release


def test_a_long_write_by_another_process_is_a_clear_503(seeded_server: Server) -> None:
    released = threading.Event()
    holder = threading.Thread(target=hold_write_lock, args=(seeded_server.db, 6.5, released))
    holder.start()
    time.sleep(0.2)
    response = get(seeded_server, "/events")
    holder.join()
    assert response.status_code == 503 and response.headers["retry-after"]
    assert "being written by another process" in response.json()["error"]
    assert str(seeded_server.db) not in response.text
    assert get(seeded_server, "/events").status_code == 200


# -- the schema -----------------------------------------------------------------------------------
def test_the_openapi_schema_documents_every_route(seeded_server: Server) -> None:
    schema = ok(seeded_server, "/openapi.json")
    documented = {(path, method.upper()) for path, item in schema["paths"].items() for method in item}
    wanted = {("/events", "GET"), ("/events/{event_id}", "GET"), ("/actors", "GET"), ("/actors/{person_id}", "GET"),
              ("/dyads/{a}/{b}/timeline", "GET"), ("/dyads/{a}/{b}/summary", "GET"), ("/documents/{doc_id}", "GET"),
              ("/documents", "POST"), ("/search", "GET"), ("/countries", "GET"), ("/", "GET"),
              ("/static/{name}", "GET")}
    assert documented == wanted
    for path, method in documented:
        assert schema["paths"][path][method.lower()].get("description"), (path, method)
    filters = {p["name"] for p in schema["paths"]["/events"]["get"]["parameters"]}
    assert filters == {"country", "pair", "actor", "type", "mode", "since", "until", "text", "limit", "offset"}
    post = schema["paths"]["/documents"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["type"] == "array"
    assert {"401", "403", "413", "422"} <= set(post["responses"]) and post["security"]
