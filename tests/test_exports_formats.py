"""The layouts of the field: GDELT 2.0 event files, PLOVER JSON Lines and POLECAT tables, written by
`entente export` from a store that `entente ingest` filled (real model, real DuckDB file)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import ROOT, ingest_feed
from entente.types import Actor, Event, Place
from entente.views.exports import GDELT_COLUMNS, POLECAT_COLUMNS, cameo_for, sector_of

ENTENTE = str(Path(sys.executable).parent / "entente")
ARTICLES = [
    {"id": "hanoi-visit", "url": "https://news.example.org/2024/03/13/vietnam-singapore-hanoi",
     "title": "Singapore leader visits Hanoi", "published": "2024-03-13",
     "text": "Singapore Prime Minister Lee Hsien Loong arrived in Hanoi on Tuesday for an official visit.\n\n"
             "Vietnamese Prime Minister Pham Minh Chinh welcomed Lee Hsien Loong in Hanoi on Tuesday, and the two "
             "leaders held talks on trade and energy.\n\nThe two leaders signed an agreement on digital trade."},
    {"id": "hanoi-visit-wire", "url": "https://wire.example.com/asia/singapore-pm-in-hanoi",
     "title": "Lee in Hanoi for talks", "published": "2024-03-14",
     "text": "Vietnam and Singapore agreed to deepen trade ties.\n\nVietnamese Prime Minister Pham Minh Chinh held "
             "talks with Singapore Prime Minister Lee Hsien Loong in Hanoi on March 12, focusing on investment "
             "and energy."},
    {"id": "phone-call", "url": "https://wire.example.com/2024/05/02/call", "title": "Leaders speak by phone",
     "published": "2024-05-02",
     "text": "Vietnamese Prime Minister Pham Minh Chinh held a phone call with Singapore Prime Minister Lee Hsien "
             "Loong on Wednesday.\n\nThey discussed regional issues and investment."},
    {"id": "span-visit", "title": "Deputy PM in Singapore", "published": "2024-06-10",
     "text": "Vietnamese Deputy Prime Minister Tran Luu Quang visited Singapore between 3 and 5 June, meeting "
             "Singapore Foreign Minister Vivian Balakrishnan to discuss trade."},
]

GDELT_TYPES = {"GLOBALEVENTID": "BIGINT", "SQLDATE": "INTEGER", "MonthYear": "INTEGER", "Year": "INTEGER",
               "FractionDate": "DOUBLE", "IsRootEvent": "INTEGER", "QuadClass": "INTEGER", "GoldsteinScale": "DOUBLE",
               "NumMentions": "INTEGER", "NumSources": "INTEGER", "NumArticles": "INTEGER", "AvgTone": "DOUBLE",
               "DATEADDED": "BIGINT"}


def gdelt_type(column: str) -> str:
    """The codebook's type of a GDELT 2.0 column (DuckDB spelling)."""
    if column.endswith(("Geo_Type",)):
        return "INTEGER"
    if column.endswith(("Geo_Lat", "Geo_Long")):
        return "DOUBLE"
    return GDELT_TYPES.get(column, "VARCHAR")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding our four articles, ingested by the real command."""
    return ingest_feed(tmp_path_factory.mktemp("formats"), ARTICLES)


@pytest.fixture(scope="module")
def stored(db: Path) -> dict[str, dict[str, Any]]:
    """The stored events (export dicts) by the doc_id of their first source."""
    out = run_export(db, "jsonl", None)[0]
    events = [json.loads(line) for line in out.splitlines()]
    return {e["sources"][0]["doc_id"] if len(e["sources"]) == 1 else "hanoi": e for e in events}


def run_export(db: Path, fmt: str, out: Path | None) -> tuple[str, str]:
    """stdout and stderr of `entente export events`."""
    command = [ENTENTE, "export", "events", "--db", str(db), "--format", fmt] + (["-o", str(out)] if out else [])
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return done.stdout, done.stderr


def load_gdelt(path: Path) -> list[dict[str, Any]]:
    """A GDELT 2.0 event file read by DuckDB with the codebook's 61 typed columns, no header."""
    columns = "{" + ", ".join(f"'{c}': '{gdelt_type(c)}'" for c in GDELT_COLUMNS) + "}"
    with duckdb.connect() as con:
        cursor = con.execute(f"SELECT * FROM read_csv(?, delim = '\t', header = false, quote = '', escape = '', "
                             f"auto_detect = false, columns = {columns})", [str(path)])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_the_gdelt_columns_are_the_codebooks_61() -> None:
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[:6] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[35] == "Actor1Geo_Type" and GDELT_COLUMNS[51] == "ActionGeo_Type"
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.fixture(scope="module")
def gdelt(db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict[str, Any]]]:
    """The GDELT file exported into a folder (so named as GDELT names it), its stderr and its rows."""
    folder = tmp_path_factory.mktemp("gdelt")
    _, message = run_export(db, "gdelt", folder)
    (path,) = folder.iterdir()
    return path, message, load_gdelt(path)


def test_gdelt_file_is_named_and_counted_as_written(gdelt: tuple[Path, str, list[dict[str, Any]]],
                                                    stored: dict[str, dict[str, Any]]) -> None:
    path, message, rows = gdelt
    assert re.fullmatch(r"\d{14}\.export\.CSV", path.name)
    assert f"{len(stored)} events written to {path}" in message
    assert len(rows) == len(stored) == 3
    lines = path.read_text("utf-8").splitlines()
    assert all(line.count("\t") == 60 for line in lines) and not lines[0].startswith("GLOBALEVENTID")
    assert path.name == f"{max(r['DATEADDED'] for r in rows)}.export.CSV"


def test_gdelt_values_of_a_visit_reported_twice(gdelt: tuple[Path, str, list[dict[str, Any]]],
                                                stored: dict[str, dict[str, Any]], db: Path) -> None:
    event = stored["hanoi"]
    row = next(r for r in gdelt[2] if r["SQLDATE"] == 20240312)
    assert row["GLOBALEVENTID"] == int(hashlib.sha256(event["event_id"].encode()).hexdigest()[:15], 16)
    with duckdb.connect() as con:
        in_sql = con.execute("SELECT ('0x' || left(sha256(?), 15))::BIGINT", [event["event_id"]]).fetchone()[0]
    assert row["GLOBALEVENTID"] == in_sql
    assert (row["MonthYear"], row["Year"], row["FractionDate"]) == (202403, 2024, round(2024 + 72 / 365, 4))
    # the visitor acts on the host: Singapore's prime minister on Vietnam's
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == ("SGPGOV", "SGP", "GOV")
    assert (row["Actor2Code"], row["Actor2Name"]) == ("VNMGOV", "PHAM MINH CHINH")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("042", "042", "04")
    assert (row["QuadClass"], row["GoldsteinScale"]) == (1, 1.9)
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (2, 2, 2)
    # Hanoi: a world city, FIPS country code VM (ISO would be VN), GeoNames coordinates
    place = (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"])
    assert place == (4, "Hanoi, Vietnam", "VM")
    assert row["ActionGeo_Lat"] == pytest.approx(21.02, abs=0.1)
    assert row["ActionGeo_Long"] == pytest.approx(105.84, abs=0.1)
    assert row["Actor1Geo_FullName"] == row["Actor2Geo_FullName"] == "Hanoi, Vietnam"  # they met there
    # the first report is the one published first; its evidence is in its second paragraph
    assert row["SOURCEURL"] == "https://news.example.org/2024/03/13/vietnam-singapore-hanoi" and row["IsRootEvent"] == 0
    for unknown in ("AvgTone", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Type2Code",
                    "ActionGeo_ADM2Code", "ActionGeo_FeatureID"):
        assert row[unknown] is None, unknown
    with duckdb.connect(str(db), read_only=True) as con:
        added = con.execute("SELECT min(ingested_at) FROM documents WHERE doc_id LIKE 'hanoi%'").fetchone()[0]
    stamp = str(row["DATEADDED"])
    assert stamp[:10] == added.strftime("%Y%m%d%H") and stamp[10:12] == f"{added.minute - added.minute % 15:02d}"


def test_gdelt_call_places_each_leader_at_home(gdelt: tuple[Path, str, list[dict[str, Any]]]) -> None:
    row = next(r for r in gdelt[2] if r["EventCode"] == "041")
    assert row["ActionGeo_Type"] is None and row["ActionGeo_FullName"] is None
    homes = {(row[f"Actor{n}CountryCode"], row[f"Actor{n}Geo_CountryCode"]) for n in (1, 2)}
    assert homes == {("VNM", "VM"), ("SGP", "SN")}
    assert row["Actor1Geo_Type"] == row["Actor2Geo_Type"] == 1 and row["Actor1Geo_FeatureID"] in {"VM", "SN"}
    assert row["IsRootEvent"] == 1 and row["SOURCEURL"] == "https://wire.example.com/2024/05/02/call"


def test_gdelt_span_event_has_no_day(gdelt: tuple[Path, str, list[dict[str, Any]]],
                                     stored: dict[str, dict[str, Any]]) -> None:
    assert stored["span-visit"]["date"] is None and stored["span-visit"]["date_range"] == ["2024-06-03", "2024-06-05"]
    row = next(r for r in gdelt[2] if r["SOURCEURL"] == "span-visit")  # no URL: its doc_id
    assert row["SQLDATE"] is None and row["FractionDate"] is None
    assert (row["MonthYear"], row["Year"]) == (202406, 2024)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "plover", "polecat", "gdelt"])
def test_every_export_prints_the_number_of_records_it_wrote(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    _, message = run_export(db, fmt, out)
    lines = out.read_text("utf-8").splitlines()
    records = len(lines) - (1 if fmt in ("csv", "polecat") else 0)
    assert records == 3 and f"3 events written to {out}" in message
    stdout, message = run_export(db, fmt, None)
    assert stdout.splitlines() == lines and "3 events written to stdout" in message


# -- PLOVER -----------------------------------------------------------------------------------------
def valid(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A small JSON Schema check (type, enum, required, properties, additionalProperties, items, bounds,
    pattern, $ref, anyOf): enough for data/plover.schema.json."""
    if "$ref" in schema:
        return valid(value, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root)
    if "anyOf" in schema:
        return any(valid(value, option, root) for option in schema["anyOf"])
    kinds = {"string": str, "integer": int, "number": (int, float), "array": list, "object": dict, "null": type(None)}
    allowed = schema.get("type")
    allowed = [allowed] if isinstance(allowed, str) else allowed
    if allowed and (isinstance(value, bool) or not any(isinstance(value, kinds[k]) for k in allowed)):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        return False
    if isinstance(value, int | float) and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        return False
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False and set(value) - set(properties):
            return False
        return all(k in value for k in schema.get("required", [])) and all(
            valid(value[k], sub, root) for k, sub in properties.items() if k in value)
    if isinstance(value, list):
        return schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)) and all(
            valid(v, schema.get("items", {}), root) for v in value)
    return True


@pytest.fixture(scope="module")
def plover(db: Path) -> dict[str, dict[str, Any]]:
    """The PLOVER records by event id."""
    records = [json.loads(line) for line in run_export(db, "plover", None)[0].splitlines()]
    return {r["id"]: r for r in records}


def test_plover_records_follow_the_schema(plover: dict[str, dict[str, Any]]) -> None:
    schema = json.loads(resources.files("entente.data").joinpath("plover.schema.json").read_text("utf-8"))
    assert len(plover) == 3 and all(valid(r, schema, schema) for r in plover.values())
    record = next(iter(plover.values()))
    assert not valid({**record, "event": ["MEET"]}, schema, schema)
    assert not valid({**record, "target": []}, schema, schema)
    assert not valid({**record, "source": [{"code": "Vietnam", "sector": "GOV", "actor_text": "x"}]}, schema, schema)
    try:
        import jsonschema
    except ImportError:
        return
    for r in plover.values():
        jsonschema.validate(r, schema)


def test_plover_visit_layout(plover: dict[str, dict[str, Any]], stored: dict[str, dict[str, Any]], db: Path) -> None:
    record = plover[stored["hanoi"]["event_id"]]
    assert (record["date"], record["enddate"]) == ("2024-03-12", None)
    assert (record["event"], record["mode"]) == (["CONSULT"], ["visit"])
    lee = {"code": "SGP", "sector": "GOV", "actor_text": "Lee Hsien Loong", "office": "Prime Minister"}
    assert record["source"] == [lee]
    assert [a["code"] for a in record["recipient"]] == ["VNM"]
    assert "economic" in record["context"] and (record["quad_code"], record["event_scale"]) == (1, 2.1)
    loc = record["event_loc"]
    assert (loc["name"], loc["feature_code"], loc["country_code"], loc["cc3"]) == ("Hanoi", "PPLC", "VN", "VNM")
    assert loc["latitude"] == pytest.approx(21.02, abs=0.1) and loc["geonameid"] == 1581130
    cite = record["cite_info"]
    assert (cite["citation"], cite["title"], cite["language"]) == ("hanoi-visit", "Singapore leader visits Hanoi", "en")
    assert cite["url"] == "https://news.example.org/2024/03/13/vietnam-singapore-hanoi"
    assert cite["publication"] == "news.example.org"
    assert len(record["sources"]) == 2 and len(record["event_text"]) == 2
    with duckdb.connect(str(db), read_only=True) as con:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
    for source in record["sources"]:
        offsets, doc = source["text_info"], source["cite_info"]["citation"]
        assert texts[doc][offsets["start"]:offsets["end"]] in record["event_text"]


def test_plover_call_and_span(plover: dict[str, dict[str, Any]], stored: dict[str, dict[str, Any]]) -> None:
    call = plover[stored["phone-call"]["event_id"]]
    assert call["mode"] == ["phone"] and call["recipient"] == []
    assert {a["code"] for a in call["source"]} == {"VNM", "SGP"}
    assert call["event_loc"] is None and call["date"] == "2024-05-01"
    span = plover[stored["span-visit"]["event_id"]]
    assert (span["date"], span["enddate"]) == ("2024-06-03", "2024-06-05")
    assert span["cite_info"]["url"] is None and span["cite_info"]["citation"] == "span-visit"


def test_polecat_columns_and_values(db: Path, stored: dict[str, dict[str, Any]]) -> None:
    text = run_export(db, "polecat", None)[0]
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(text.splitlines()[0].split("\t")) == POLECAT_COLUMNS and len(POLECAT_COLUMNS) == 40
    by_id = {r["Event ID"]: r for r in rows}
    visit = by_id[stored["hanoi"]["event_id"]]
    assert (visit["Event Date"], visit["Event Type"], visit["Event Mode"], visit["Quad Code"], visit["Intensity"]) == (
        "2024-03-12", "CONSULT", "visit", "1", "2.1")
    assert (visit["Actor Country"], visit["Primary Actor Sector"], visit["Recipient Country"]) == ("SGP", "GOV", "VNM")
    assert (visit["City"], visit["Country"], visit["GeoNames ID"]) == ("Hanoi", "Vietnam", "1581130")
    assert visit["Publication Date"] == "2024-03-13" and visit["Language"] == "en"
    assert by_id[stored["span-visit"]["event_id"]]["Event Date"] == ""


# -- the CAMEO mapping -------------------------------------------------------------------------------
def cameo_table() -> dict[str, dict[str, Any]]:
    """The rows of data/cameo.toml."""
    return tomllib.loads(resources.files("entente.data").joinpath("cameo.toml").read_text("utf-8"))["codes"]


def gdelt_quad(code: str) -> int:
    """GDELT's QuadClass of a CAMEO code, by its root."""
    root = int(code[:2])
    return 1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4


@pytest.mark.parametrize(("event_type", "mode", "code", "quad"), [
    ("COOPERATE", None, "060", 2), ("AGREE", None, "030", 1), ("AGREE", "sign", "057", 2), ("SUPPORT", None, "051", 2),
    ("PROTEST", None, "140", 4), ("CONSULT", "video", "041", 1), ("AID", "military", "072", 2),
])
def test_cameo_codes_and_quad_class(event_type: str, mode: str | None, code: str, quad: int) -> None:
    event = Event("e", event_type, mode, date(2024, 1, 1), None, None, (), (), (), ())
    assert (cameo_for(event)["code"], cameo_for(event)["quad"]) == (code, quad)


def test_every_cameo_row_has_gdelts_quad_and_every_departure_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for key, row in cameo_table().items():
        assert row["quad"] == gdelt_quad(row["code"]), key
        if "departs" in row:
            assert f"| {key.replace('/', ' / ')} * |" in readme, key
    assert {k for k, row in cameo_table().items() if "departs" in row} == {"AGREE/sign", "REQUEST", "SANCTION"}


@pytest.mark.parametrize(("office", "sector"), [
    ("Minister for Foreign Affairs", "GOV"), ("Prime Minister", "GOV"), ("Defence Minister", "MIL"),
    ("Secretary-General", "GOV"), ("General Secretary", "GOV"), ("National Assembly Chairman", "LEG"),
    ("Speaker", "LEG"), ("Chief of General Staff", "MIL"), (None, None),
])
def test_sector_of_an_office(office: str | None, sector: str | None) -> None:
    assert sector_of(Actor("A Person", "VNM", office)) == sector


def test_a_meeting_in_a_third_country_is_third_party() -> None:
    from entente.views.exports import plover_record

    event = Event("e", "CONSULT", "meeting", date(2024, 1, 1), None, Place("Geneva", "CHE"),
                  (Actor("A", "VNM", "Prime Minister"), Actor("B", "SGP", "Prime Minister")), (), (), ())
    assert plover_record(event, {})["mode"] == ["third-party"]
    at_home = Event("e", "CONSULT", "meeting", date(2024, 1, 1), None, Place("Hanoi", "VNM"), event.participants,
                    (), (), ())
    assert plover_record(at_home, {})["mode"] == []


def test_csv_and_tab_separated_cells_never_start_a_formula() -> None:
    from entente.views.exports import to_csv, tsv_cell

    text = to_csv([{"title": "=HYPERLINK(\"http://x\")", "score": -3.5, "note": "-1 dead"}])
    assert "'=HYPERLINK" in text and ",-3.5," in text and "'-1 dead" in text
    assert tsv_cell("@SUM(A1)") == "'@SUM(A1)" and tsv_cell(-2.0) == "-2.0"
