"""Cleaning and metadata: boilerplate out, the whole body in, the right title and date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES
from entente.pipeline import prepare
from entente.stages.clean import clean_text, without_markup
from entente.stages.metadata import date_from_url, is_date_line, parse_date
from entente.types import RawDoc

CLEAN_CASES = [json.loads(line) for line in (FIXTURES / "clean" / "cases.jsonl").read_text("utf-8").splitlines()
               if line.strip()]


def prepared(path: Path) -> object:
    """The Article of a plain-text file."""
    return prepare(RawDoc(doc_id=path.stem, origin=str(path), kind="text", body=path.read_text("utf-8")))


@pytest.mark.parametrize("case", CLEAN_CASES, ids=[c["doc"] for c in CLEAN_CASES])
def test_written_boilerplate_cases(case: dict) -> None:
    article = prepared(FIXTURES / "clean" / f"{case['doc']}.txt")
    for kept in case["keep_contains"]:
        assert kept in article.text, f"lost body text: {kept!r}"
    for dropped in case["drop_contains"]:
        assert dropped not in article.text, f"kept boilerplate: {dropped!r}"
    assert article.title == case["title"]
    expected = date.fromisoformat(case["publication_date"]) if case["publication_date"] else None
    assert article.publication_date == expected


def test_seed_documents_against_the_shared_gold(shared: Path) -> None:
    gold = [json.loads(line) for line in (shared / "gold" / "documents.jsonl").read_text("utf-8").splitlines()]
    for case in gold:
        article = prepared(shared / "corpus" / "seeds" / f"{case['doc']}.txt")
        assert all(s in article.text for s in case["keep_contains"]), case["doc"]
        assert not any(s in article.text for s in case["drop_contains"]), case["doc"]
        assert article.title == case["title"], case["doc"]
        expected = date.fromisoformat(case["publication_date"]) if case["publication_date"] else None
        assert article.publication_date == expected, case["doc"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mar 05, 2021 / 11:47", date(2021, 3, 5)),
    ("26/10/2025", date(2025, 10, 26)),
    ("NewsSiteNewsSite26/10/2025", date(2025, 10, 26)),
    ("05/04/2023", date(2023, 4, 5)),
    ("10/26/2025", date(2025, 10, 26)),
    ("Published: 14 February 2024", date(2024, 2, 14)),
    ("Updated 3:45 PM GMT, July 2, 2023", date(2023, 7, 2)),
    ("Posted on 2024-03-18 09:12", date(2024, 3, 18)),
    ("date 2021-06-23", date(2021, 6, 23)),
    ("Publicado el 8 de noviembre de 2023", date(2023, 11, 8)),
    ("Publié le 14 mars 2024 à 18h32", date(2024, 3, 14)),
    ("Publicado em 5 de março de 2024", date(2024, 3, 5)),
    ("27 Agustus 2024 09:10 WIB", date(2024, 8, 27)),
    ("Stand: 3 Mai 2022", date(2022, 5, 3)),
    ("Summary 5, 2021", None),
    ("By Jane DoeApr 05, 2025", date(2025, 4, 5)),
    ("20-11-2023", date(2023, 11, 20)),
    ("By Ana Rao 29.Nov.2019", date(2019, 11, 29)),
    ("Lusaka October 6/2022 (ZNA)", date(2022, 10, 6)),
    ("5-3/2024", None),
    ("the grammar 12, 2020 rules", None),
    ("30/02/2024", None),
    ("no date here", None),
], ids=lambda v: str(v))
def test_parse_date_forms(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/2023/05/04/talks-in-hanoi", date(2023, 5, 4)),
    ("https://news.example/world/2024-11-30-summit", date(2024, 11, 30)),
    ("https://news.example/20220115/story", date(2022, 1, 15)),
    ("https://news.example/story-2023", None),
    ("https://news.example/en/news/leaders-sign-border-treaty-2025-03-13-47866", date(2025, 3, 13)),
    ("https://news.example/en/report-2025-33-13-47866", None),
    ("https://news.example/17-Mar-2022/ministers-meet", date(2022, 3, 17)),
    ("https://news.example/world/ct-ministers-meet-20190704-story.html", date(2019, 7, 4)),
    ("https://news.example/stories/202306090412.html", date(2023, 6, 9)),
    ("https://news.example/articles/video-troops-deployed-2025031109202294647", date(2025, 3, 11)),
    ("https://news.example/politics/leaders-agree-pact-c-19670703", None),  # an id: no news page is from 1967
    ("https://news.example/politics/1391782/", None),
    ("https://news.example/index.php?page=SF01&newsID=2019-06-30-0042", date(2019, 6, 30)),
    ("https://news.example/index.php?id=2019-16-30", None),
    (None, None),
])
def test_dates_in_url_paths(url: str | None, expected: date | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Mar 05, 2021 / 11:47", True),
    ("Published: 14 February 2024", True),
    ("The ministers met on March 4, 2021 in Hanoi to discuss vaccine passports and trade.", False),
    ("A version of this article appears in print on March 5, 2021, of The Harbour Gazette.", True),
    ("The article on the March 4, 2021 meeting appeared to upset officials in both capitals.", False),
])
def test_date_lines_are_told_from_prose(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


BODY = ("The foreign ministers of the two neighbours met in the capital on Tuesday and agreed to reopen "
        "the border crossing for trucks.")


@pytest.mark.parametrize(("tail", "kept"), [
    ("Our Standards: The Example Wire Trust Principles.", False),
    ("Home | About us | Contact | Sitemap", False),
    ("(Reporting by the Lima bureau; Editing by Jo Smith)", False),
    ("Comments are closed for this article.", False),
    ("Noticias relacionadas / Related news\nChile and Peru sign a port deal", False),
    ("-- ANTARA\nANTARA provides news and pictures to subscribers in print, on air and online every day.", False),
    ("(END)\nThe agency offers photos and video of the visit to its partners around the region.", False),
    ("Notes to editors\nThe agency has worked with partners in the region for three decades on many projects.", False),
    ("The visit ends on Friday.", True),
    ("\"We are ready to work with all our neighbours on this issue,\" the minister told reporters", True),
    ("Follow AP's coverage of the talks at https://news.example/hub/talks", False),
    ("Concern over fighting in eastern Congo\nThe ministers also discussed fighting in North Kivu and Ituri, where "
     "Congolese troops and United Nations peacekeepers face armed groups.", True),
    ("They signed two documents:\n- a memorandum on tourism\n- an agreement on visas", True),
    # a widget's heading inside the article, its links lost by the scrape: the article goes on after it
    ("Also read\nThe two foreign ministers said the border crossing would reopen for trucks within a month, after "
     "talks in the capital.", True),
    ("Read also\nChile and Peru sign a port deal\nThe foreign ministers of Chile and Peru signed a port deal in Lima "
     "on Monday, officials said after the talks.", False),
], ids=lambda v: str(v)[:30])
def test_what_follows_the_last_paragraph(tail: str, kept: bool) -> None:
    text = clean_text(f"Ministers agree to reopen border\n\n{BODY}\n\n{BODY}\n\n{tail}").text
    assert all((line in text) is kept for line in tail.split("\n")[-1:]), text


@pytest.mark.parametrize(("head", "title"), [
    ("Home > World > Asia\n\nMinisters agree to reopen the border crossing",
     "Ministers agree to reopen the border crossing"),
    ("Ministers agree to reopen the border crossing\n\nTalks focus on trade, trucks and fees, says the ministry",
     "Ministers agree to reopen the border crossing"),
    ("Ministry of Foreign Affairs\nMinisters agree to reopen the border crossing",
     "Ministers agree to reopen the border crossing"),
    ("THE DAILY HERALD\nMinisters agree to reopen the border crossing\nOttawa, Ontario - Global Affairs Canada",
     "Ministers agree to reopen the border crossing"),
    ("Ministers agree to reopen the border crossing\n\nThe below is attributable to the Spokesperson:",
     "Ministers agree to reopen the border crossing"),
], ids=["breadcrumb", "standfirst", "ministry banner", "dateline with a dash", "attribution line"])
def test_the_headline_among_the_lines_above_the_body(head: str, title: str) -> None:
    assert clean_text(f"{head}\n\n{BODY}\n\n{BODY}").title == title


@pytest.mark.parametrize(("text", "outlet"), [
    (f"NEW DELHI (Global Wire) - {BODY}", "Global Wire"),
    (f"Kuala Lumpur (VNA) – {BODY}", "VNA"),
    (f"Colombo, Jun 21 (PTI) {BODY}", "PTI"),
    (f"Prime Minister (PM) Lee said that {BODY}", None),
    (f"{BODY}\n\nSource: Vietnam News Agency", "Vietnam News Agency"),
    (f"{BODY}\n\nSource: https://news.example/2024/01/02/a", None),
    (BODY, None),
])
def test_outlet_named_by_a_source_line_or_a_dateline_credit(text: str, outlet: str | None) -> None:
    assert clean_text(text).site_name == outlet


@pytest.mark.parametrize(("lede", "expected"), [
    ("WASHINGTON, Jan. 5, 2024 (AP) — ", date(2024, 1, 5)),
    ("Riyadh, May 13, 2024, SPA -- ", date(2024, 5, 13)),
    ("BEIJING, April 2 (Xinhua) -- ", None),
    ("Hanoi, 4 March 2021 (VNS): ", date(2021, 3, 4)),
    ("June 9, 2023 (wire/site) — ", date(2023, 6, 9)),
    ("The ministers (both new) - said that ", None),
    ("The minister, who took office on 3 May 2021 - said that ", None),
    ("Accra, Ghana – June 4, 2024 – ", date(2024, 6, 4)),
    ("Talks in Accra – held since 3 May 2021 – said that ", None),
    ("Lusaka October 6/2022 (ZNA) ", date(2022, 10, 6)),
    ("LUSAKA – 10 September 2023: ", date(2023, 9, 10)),
    ("Talks in Accra – held since 3 May 2021: ", None),
])
def test_a_dated_dateline_opening_the_lede_dates_the_article(lede: str, expected: date | None) -> None:
    article = prepare(RawDoc("x", "x.txt", "text", f"{lede}{BODY}\n\n{BODY}"))
    assert article.publication_date == expected


def test_no_date_means_none_not_today() -> None:
    cleaned = clean_text("Ministers met.\n\nThe foreign ministers of two neighbours held talks on trade and fishing.")
    assert cleaned.meta_lines == ()
    article = prepare(RawDoc("x", "x.txt", "text", "The foreign ministers of two neighbours held talks on trade."))
    assert article.publication_date is None


def test_html_goes_through_trafilatura_with_page_date_and_title() -> None:
    html = ("<html><head><title>Ministers meet | Daily</title>"
            "<meta property='article:published_time' content='2024-05-02T08:00:00Z'></head><body>"
            "<nav><a>Home</a> <a>World</a></nav><article><h1>Ministers meet in Lima</h1>"
            "<p>The foreign ministers of Peru and Chile met in Lima on Tuesday to discuss border trade and "
            "water rights, officials said.</p><p>They agreed to set up a joint commission on water.</p></article>"
            "<footer>© 2024 Daily. All rights reserved.</footer></body></html>")
    article = prepare(RawDoc("p", "p.html", "html", html))
    assert "met in Lima on Tuesday" in article.text and "joint commission" in article.text
    assert "All rights reserved" not in article.text and "Home" not in article.text
    assert article.publication_date == date(2024, 5, 2)
    assert article.title and "Ministers meet" in article.title
    assert article.language == "en"


def test_tags_left_in_scraped_text_are_taken_out() -> None:
    text = "<h6><strong>A. Writer</strong></h6> <h4><em>The minister</em> met her counterpart.</h4> 3 < 4 <3"
    assert without_markup(text) == "\nA. Writer\n \nThe minister met her counterpart.\n 3 < 4 <3"


def test_a_hard_wrapped_sentence_is_one_line_again() -> None:
    raw = ("ACROSS THE REGION:\nNAIROBI: Foreign Minister Amani Waweru summoned the envoy of Uganda on Monday over a "
           "new border post being built\nnear the lake and handed over a protest note, the ministry said.\n"
           "Home\nnews\nThe talks lasted two hours and ended without a joint statement, officials said.")
    text = clean_text(raw).text
    assert "being built near the lake and handed over a protest note" in text
    assert "Home news" not in text


def test_a_date_line_alone_at_the_top_dates_an_article_with_no_prose_line() -> None:
    article = prepare(RawDoc("x", "x.txt", "text", " date 2022-01-07 \n\nLeaders of two neighbours sign a pact on"))
    assert article.publication_date == date(2022, 1, 7)


def test_a_blog_feeds_footer_is_boilerplate() -> None:
    text = clean_text("The ministers met on Monday in Accra and signed two accords on trade and fishing.\n"
                      "The post Ministers meet in Accra appeared first on Coast Daily.").text
    assert "appeared first" not in text and "signed two accords" in text


@pytest.mark.parametrize("teaser", ["FLASHBACK: Ghana cuts ties with Togo over border row",
                                    "Throwback: Kenya and Uganda sign oil pipeline accord"])
def test_a_teaser_pointing_to_an_older_story_is_boilerplate(teaser: str) -> None:
    text = clean_text("The ministers met on Monday in Accra and signed two accords on trade and fishing.\n"
                      f"{teaser}\nThe accords take effect next year, the ministry said in a statement.").text
    assert teaser not in text and "signed two accords" in text and "take effect next year" in text


def test_a_link_with_long_attributes_is_taken_out_of_scraped_text() -> None:
    url = "https://news.example.org/" + "world/2025/05/05/" * 12 + "court-dismisses-case/"
    text = f'It called the move a reaction to a <a href="{url}" target="_blank" title="{url}">court ruling</a>.'
    assert without_markup(text) == "It called the move a reaction to a court ruling."


@pytest.mark.parametrize(("text", "expected"), [
    ("Envoy expelled\n\nPhoto: the ministry\n\n14 June 2022; XNA: In a tit-for-tat move, Quito ...", date(2022, 6, 14)),
    ("Envoy expelled\n\nJune 14, 2022 | Lima - The ministry said ...", date(2022, 6, 14)),
    ("Talks went on; in 2022 the sides met again.", None),
    ("First paragraph.\n\nSecond.\n\nThird.\n\n14 June 2022; XNA: too far down to be the lead", None),
])
def test_a_date_an_agency_prints_at_the_head_of_the_lead_is_the_publication_date(text: str,
                                                                                  expected: date | None) -> None:
    from entente.stages.metadata import date_from_lead
    assert date_from_lead(text) == expected


def test_of_the_dates_a_page_prints_above_the_article_the_earliest_is_the_publication() -> None:
    from entente.stages.metadata import date_from_lines
    assert date_from_lines(["Thursday, 11 Dec 2025", "Last updated: April 1, 2025"]) == date(2025, 4, 1)
    assert date_from_lines(["Published: 3 May 2024", "Updated: 5 May 2024"]) == date(2024, 5, 3)
    assert date_from_lines(["no date", "Posted on 2024-03-18 09:12"]) == date(2024, 3, 18)
    assert date_from_lines(["no date"]) is None


@pytest.mark.parametrize(("text", "page", "expected"), [
    ("NAIROBI, March 1 (KNA) -- Kenya handed over the detained pilot.", "Photo taken on March 1, 2019 at the border.",
     date(2019, 3, 1)),
    ("KAMPALA, Jan. 26 (UPA) -- Uganda imposed tariffs.", "Photo: the president on Jan. 23, 2025.", date(2025, 1, 26)),
    ("HANOI, 2 January (VNA) - The ministers met.", "Posted 30/12/2024 by the desk.", date(2025, 1, 2)),
    ("KAMPALA, Jan. 26 (UPA) -- Uganda imposed tariffs.", "Archive photo from June 3, 2019.", None),  # not that year
    ("Uganda imposed tariffs on Monday.", "Photo taken on March 1, 2019.", None),  # no dateline
])
def test_a_year_less_wire_dateline_takes_the_year_of_a_full_date_printed_beside_it(text: str, page: str,
                                                                                  expected: date | None) -> None:
    from entente.stages.metadata import date_from_wire_dateline
    assert date_from_wire_dateline(text, page) == expected
