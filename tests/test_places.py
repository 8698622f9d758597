"""Places: an encounter held in person that its sentence places only in a country takes the article's city there."""
from __future__ import annotations

from datetime import date

from entente.stages.places import place_mentions
from entente.types import Actor, Article, Mention, Place

TEXT = ("HANOI - The Korean president arrived on Wednesday for a state visit. "
        "He held talks with Vietnamese leaders in Vietnam on Thursday and flew on to Osaka.")
UNPLACED = "The Korean president held talks with Vietnamese leaders in Vietnam and praised the Hanoi metro."


def article(text: str) -> Article:
    return Article("a1", "a1.txt", text, None, date(2023, 6, 23), None, "en", None, "h", text)


def mention(mode: str, place: Place | None) -> Mention:
    sides = (Actor("Yoon Suk Yeol", "KOR"), Actor(None, "VNM"))
    return Mention("a1:0", "CONSULT", mode, date(2023, 6, 22), None, place, sides)


def test_a_meeting_placed_in_a_country_takes_the_city_the_article_names_there() -> None:
    placed = place_mentions([mention("visit", Place("Vietnam", "VNM"))], article(TEXT))
    assert placed[0].location == Place("Hanoi", "VNM")


def test_a_city_a_call_or_a_country_the_article_names_no_city_of_stays() -> None:
    kept = [mention("visit", Place("Osaka", "JPN")), mention("phone", Place("Vietnam", "VNM")),
            mention("visit", Place("Laos", "LAO")), mention("meeting", None),
            mention("sidelines", Place("Vietnam", "VNM"))]
    assert [m.location for m in place_mentions(kept, article(TEXT))] == [m.location for m in kept]
    vietnam = [mention("visit", Place("Vietnam", "VNM"))]
    assert place_mentions(vietnam, article(UNPLACED)) == vietnam  # a city named as no place
