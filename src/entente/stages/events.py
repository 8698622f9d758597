"""Events: the diplomatic events one article reports, as typed, dated, evidence-linked mentions.

For each sentence with a trigger ('met', 'held talks', 'phone call', ...) the parties are the
people named on either side of the trigger, else the names opening the sentence (or, for 'He'
and 'She', the person the sentence before opened with); 'X met A, B and C' is three bilateral
meetings. The tagger's parse is not used: only tokens, sentences and named entities.
Mentions of one encounter within the article (lede, body, caption) are joined, and the sentences
right after one ('The talks, held on May 10-11 in ...') refine its day and place. A person's
country comes from the text, else by elimination from the article's most named countries.
Signings and agreements go to the meeting they were made at. Not events: meetings ahead
(future verbs, sentences whose dates all lie ahead), background (dated months before the
article, 'had met', running totals 'since 2022') and meetings of one country's people.
Governments named as countries give AGREE and SUPPORT when no one met; aid gives AID.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span

from entente.stages.actors import Cast, Person, Ref, find_cast
from entente.stages.dates import find_dates, infer_year
from entente.stages.gazetteer import find_places, lookup_country, lookup_place
from entente.stages.metadata import DATELINE_REACH, WIRE_DATELINE
from entente.stages.outcomes import agreements_in, itemised, topics_of, unique_agreements
from entente.types import Actor, Agreement, Article, Mention, Place, Source

LINK_WORDS = frozenset([
    ",", "and", "with", "his", "her", "their", "its", "counterpart", "counterparts", "of", "the", "for", "(", ")",
    "'s", "’s", "-", "&", "also", "a", "an", "telephone", "phone", "bilateral", "between", "separate", "separately",
    "respectively", "held", "had", "holds", "has", "have", "hold", "by", "on", "to", "from", "visiting", "'", "’",
    "yesterday", "today", "tonight", "morning", "afternoon", "evening", "earlier", "later", "this", "last"])
# 'HANOI -', 'ISLAMABAD:', 'BEIJING, March 5 (Xinhua) --', 'Colombo, Jun 21 (PTI)', 'Jakarta (ANTARA) -', 'TOKYO —',
# 'LUBLIN, Poland (AP) —'
DATELINE = re.compile(r"^(?P<place>[A-Z][\w.'’ -]{1,40}?)"
                      r"(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}|"
                      r"[A-Z][\w.'’ -]{1,30}?))?"
                      r"(?:,\s*[A-Z]{2,10})?\s*"
                      r"(?:(?:\([\w ./+-]{1,20}\)\.?)?\s*[–—-]{1,2}\s|\([A-Za-z][A-Za-z ]{1,20}\)\s+(?=[A-Z])|"
                      r"(?<=[A-Z]{2}):\s+(?=[A-Z]))")  # 'ISLAMABAD: ', 'Havana, Mar 5 (Prensa Latina) The'
# a city in capitals, its country and a colon ('DOHA, Qatar: '); the city, its country in brackets, a day and maybe
# an agency ('New Delhi [India], June 14 (ANI): ')
COUNTRY_DATELINE = re.compile(r"^(?P<place>[A-Z]{2}[A-Z .'’-]{0,38}),\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}:\s+(?=[A-Z])")
BRACKET_DATELINE = re.compile(r"^(?P<place>[A-Z][\w.'’ -]{1,40}?)\s+\[[A-Z][\w .'’-]{1,40}\],\s+"
                              r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:\s+\([A-Za-z]{2,10}\))?\s*:\s+(?=[A-Z])")

# a dash no space follows, after a city in capitals or after a city and its outlet or day ('LONDON—Saudi Arabia ...',
# 'London, Asharq Al-Awsat—Saudi Arabia ...'), not 'Japan—South Korea talks'
DASH_DATELINE = re.compile(r"^(?P<place>[A-Z]{2}[A-Z .'’-]{0,38}|[A-Z][\w.'’ -]{1,40}?"
                           r"(?=,\s+[A-Z][\w.'’ -]{1,30}?[–—]))(?:,\s+[A-Z][\w.'’ -]{1,30}?)?[–—]{1,2}(?=[A-Z])")


def dateline_match(text: str) -> re.Match[str] | None:
    """The dateline a text opens with ('HANOI -', 'BEIJING, March 5 (Xinhua) --', 'DOHA, Qatar: ',
    'New Delhi [India], June 14 (ANI): ', 'LONDON—'), if any."""
    return (DATELINE.match(text) or COUNTRY_DATELINE.match(text) or BRACKET_DATELINE.match(text)
            or DASH_DATELINE.match(text))


VISIT = re.compile(r"\b(?:official|state|working|first|two-day|three-day|four-day|\w+-day)?\s*visit\b|"
                   r"\b(?:arrived\s+in|travell?ed\s+to)\b", re.I)
NUMBER_WORDS = {w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                            "nine", "ten"])}
# a day told with a visit's end ('left Hanoi on June 24, wrapping up a three-day visit') is its last day
VISIT_ENDS = re.compile(r"\b(?:left|departed|wrapp(?:ed|ing) up|conclud(?:ed|ing)|end(?:ed|ing)|w(?:ound|inding) up|"
                        r"round(?:ed|ing) off)\b", re.I)
VISIT_DAYS = re.compile(rf"\b(\d|{'|'.join(NUMBER_WORDS)})-day\b[^.]{{0,40}}?\b(?:visit|trip|tour)", re.I)
SINCE = re.compile(r"(?:since|began|begun|started|commenced|kicked)\b", re.I)
CLAUSE_SINCE = re.compile(r"\s*Since\b")
SEAT = re.compile(r"(?:[Ee]mbass(?:y|ies)|[Cc]onsulate|[Mm]inistry|[Oo]ffice|[Hh]eadquarters|[Ss]ecretariat)"
                  r"\s+(?:in|at)\s+$")  # 'the Japanese Embassy in Manila' names a seat, not where it happened
OPENING_PREPOSITIONS = frozenset(["on", "during", "at", "in", "after", "following", "before", "earlier", "later",
                                  "while"])
PERSON_PRONOUNS = frozenset(["he", "she", "they", "who", "we", "i", "you"])
TIME_PREPOSITIONS = frozenset(["before", "after", "ahead", "following", "during", "since", "until"])
FILING_LAG_DAYS = 3  # a story filed longer before its publication is no wire copy of that day
MAX_SUBJECT_REACH = 40  # tokens from the opening of the sentence to the trigger
FOLLOW_REACH = 20  # tokens from 'held a meeting' to its 'with': 'on the margins of the UN ... on Tuesday with'
STALE_DAYS = 92  # a meeting dated over three months before publication is background
CAPITAL_AFTER = re.compile(r"(?:['’]s)?\s+(?:capital|capital city|city)(?:\s+of)?,?\s+"
                           r"(?P<city>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")  # "Kazakhstan's capital Astana"
ANAPHORA = re.compile(r"(?:The|Their|These|That|This)\s+(?:[\w-]+\s+){0,2}"
                      r"(?:talks|meeting|call|conversation|discussions?|agreement|visit|summit|signing|ceremony|"
                      r"leaders|ministers|presidents|sides)\b")
COUNTABLE = re.compile(r"\b[A-Z]{4,}\b|(?<=[a-z])-(?=[A-Z])")  # 'SINGAPORE -', 'Johor Bahru-Singapore'
TOPIC_CUE = re.compile(r"\b(?:about|on|over|regarding|concerning)\s+(?:the\s+)?$")
TOPIC_BEFORE = re.compile(r"\b(?:situation|crisis|conflict|developments|war|violence|tensions|elections?|fighting|"
                          r"peace process|unrest|security)\s+in\s+$")  # 'the situation in Myanmar' is a topic
PLAN_BEFORE = re.compile(r"\b(?:next|upcoming|future|later|to (?:hold|host|meet|visit|travel)|will|would|"
                         r"planned|scheduled|due)\b[^.;]{0,30}$")  # 'the next forum in Perth': not this one
PRONOUN_OPENING = re.compile(r"^(?:[^,]{0,40},\s*|(?:On|In|During)\s+[\w ]{0,25}?\s)?(?:He|She|he|she)\s")
TIME_WORDS = frozenset(["the", "morning", "afternoon", "evening"])
FULL_DATELINE = re.compile(r"[A-Z][\w.'’ -]{1,40}?,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},|\d{1,2}\s+[A-Z][a-z]{2,8})"
                           r"\s+\d{4}\b")
ORG_OFFICE = re.compile(r"Secretary-General|Director-General|High Representative|\bof the (?:United Nations|[A-Z]\w+ "
                        r"(?:Union|Organi[sz]ation|Bank|Fund|Commission))")
PLUPERFECT = re.compile(r"\bhad\s+(?:also\s+|already\s+|previously\s+|earlier\s+|last\s+)?$", re.I)
# told as happening again and again, no one dated act ('have met on several occasions', 'many times')
REPEATED = re.compile(r"\bon\s+(?:several|many|numerous|multiple|a\s+number\s+of)\s+occasions\b|"
                      r"\b(?:several|many|numerous|multiple|countless)\s+times\b|"
                      r"\b(?:has|have|had)\s+(?:long\s+)?repeatedly\b", re.I)  # 'has repeatedly denied
HAD_MET = re.compile(r"\bhad\s+(?:also\s+|already\s+|previously\s+|earlier\s+|last\s+)?(?:met|held|spoken|talked|"
                     r"visited|hosted|conferred)\b", re.I)
PARTICIPLE = re.compile(r"met|held|spoken|talked|visited|signed|received|hosted|agreed|conferred", re.I)
APPOINTED = re.compile(r"\b(?:swore in|sworn in|appointed|named|nominated|promoted)\s+(?:[\w-]+\s+){0,4}$")
SAME_DAY = re.compile(r"\b(?:(?:[Ee]arlier|[Ll]ater|[Oo]n)\s+(?:the\s+same\s+day|that\s+day|in\s+the\s+day)|"
                      r"^(?:[Tt]he\s+)?[Ss]ame\s+day)\b")
NEXT_DAY = re.compile(r"\b(?:(?:on\s+)?the\s+(?:next|following)\s+day|the\s+day\s+after|a\s+day\s+later)\b", re.I)
SAID_ON = re.compile(r"\b(?:(?:said|says|told\s+[\w ]{1,30}?|announced|stated|added|wrote|posted|confirmed)"
                     r"|said\s+(?:the\s+)?(?:(?:\(?[A-Z][\w'’-]*\)?|of|the|and)\s+){1,8})\s*(?:on\s+)?$")
VISIT_DEST = re.compile(r"\b(?:(?:visit|trip|tour)\s+to|arrived\s+in)\s+(?:the\s+)?(?:(?-i:[A-Z][\w'’-]*\s+)?"
                        r"(?:capital|capital city|city)(?:\s+of)?,?\s+)?", re.I)
BUSINESS_BEFORE = re.compile(r"(?:\b(?:chief executive|chief executive officer|CEO|founder|co-founder|"
                             r"managing director|chairman|chairwoman)(?:\s+of\s+(?:[A-Z][\w&.-]*\s+){1,4})?|"
                             r"\b(?:businessman|businesswoman|tycoon|billionaire|investor))\s*,?\s*$")
HERE = re.compile(r"\bhere\b")
# 'New Delhi, June 22', 'NEW DELHI October 3, 2024 00:15 IST', 'ANKARA Jul 09, 2024 - 10:42 am GMT+3'
HERE_LINE = re.compile(r"(?P<place>[A-Z][\w.'’ -]{1,40}?)(?:,|(?<=[A-Z]{2}))\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|"
                       r"\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?(?:\s*[-–—]?\s*\d{1,2}[:.]\d{2}\b.*)?")
BUILDING_AFTER = re.compile(r"\s+(?:House|Palace|Hall|Hotel|Airport|University|Centre|Center|Stadium|Street|Road|"
                            r"Square|Building|Tower|Port|Station)\b")
ASIDE = re.compile(r",\s+(?:(?:who|which)\s+[^,]{3,80},|where\s+[^,]{3,80}(?:,|\.?\s*$))")
HOSTING = re.compile(r"received|receives|hosted|hosts|welcomed", re.I)
STAMP = re.compile(r"\s*\d{1,2}(?:[.:]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)\s*(?:[A-Z]{2,4}\s*)?[:–—-]\s",
                   re.I)  # '3.10pm: ', '10:45 GMT - ': a live blog's entry
DOMESTIC_OFFICE = re.compile(r"Speaker|Senate|Senator|Governor|Mayor|Chief Justice|Opposition|Chief Minister")
PAST_YEAR = re.compile(r"\b(?:in|since)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")
VENUE = re.compile(r"\b(?:at|in)\s+(?:the\s+)?[A-Z]")  # 'spoke ... at the Diaoyutai State Guesthouse'
LATER = re.compile(r"\blater\s+(?:also\s+)?(?:met|held|called|spoke|hosted|received|visited)\b")
SPOKE = re.compile(r"spoke|spoken|speaks", re.I)
SUPPORT = re.compile(r"\b(?:(?:declared|expressed|reaffirmed|voiced|announced|pledged|confirmed|gave)\s+"
                     r"(?:its|their)\s+(?:full\s+|strong\s+|firm\s+)?support\s+(?:for|to)|backs|backed|endorsed)\b")
AGREED = re.compile(r"^(?:[A-Z][\w.'’ -]{1,40}?\s+[–—-]{1,2}\s+)?(?:[A-Z]\w*|the|The|governments?|of|and|,|\s)+?"
                    r"\s(?:have\s+|on\s+\w+,?\s+)?(?:agreed|signed)\b")
PLACE_CUE = re.compile(r"\b(?:in|at)\s+(?:the\s+(?:capital|city|capital city)\s+of\s+"
                       r"|(?-i:(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}[A-Z][\w'’-]*,\s+)"
                       r"|(?-i:(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}(?:House|Palace|Hall|Lodge)\s+)"
                       r"|the\s+(?-i:[A-Z][\w'’-]*\s+)?(?:capital|capital city|city),?\s+)?$"
                       r"|\b[Bb]efore\s+(?:leaving|departing(?:\s+from)?)\s+$",
                       re.I)  # 'in Hanoi', 'in the capital of X', 'at State House, Nairobi'
CITY_OF = re.compile(r"\bin\s+the\s+(?P<adj>(?:[\w-]+\s+){0,3})(?:city|town|capital|port city|port|resort town|village)"
                     r"\s+of\s+(?P<city>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")  # 'in the eastern Polish city of Lublin'
SUMMIT_IN = re.compile(r"\b(?:Summit|summit|Forum|Conference|Assembly|Dialogue|Retreat|Expo)\s+in\s+"
                       r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
VISIT_TO = re.compile(r"\b(?:visit|trip|travel(?:led|ed)?|arrived)\s+(?:to|in)\s+$", re.I)  # 'his visit to Riyadh'
# 'will provide ... aid to Y, X announced on Tuesday': a pledge made that day
PLEDGE = re.compile(r"\b(?:announced|pledged|committed|confirmed)\b(?:\s+on)?\s*", re.I)
CALL_LATER = re.compile(r"\b(?:the|their|during the|in the)\s+(?P<mode>phone|telephone|video)\s+"
                        r"(?:call|conversation|talks|conference)\b", re.I)


@dataclass(frozen=True)
class Rules:
    """Compiled event cues from data/events.toml."""

    triggers: re.Pattern[str]
    nominal: frozenset[str]
    future_before: frozenset[str]
    future_phrases: re.Pattern[str]
    modes: tuple[tuple[str, re.Pattern[str]], ...]
    aid_nouns: re.Pattern[str]
    aid_verbs: re.Pattern[str]


@cache
def rules() -> Rules:
    """The event rules, loaded once."""
    data = resources.files("entente.data")
    raw = tomllib.loads(data.joinpath("events.toml").read_text("utf-8"))
    return Rules(
        triggers=re.compile("|".join(raw["consult_triggers"]), re.I),
        nominal=frozenset(raw["nominal_triggers"]),
        future_before=frozenset(raw["future_before"]),
        future_phrases=re.compile("|".join(raw["future_phrases"]), re.I),
        modes=tuple((m["mode"], re.compile(m["pattern"], re.I)) for m in raw["modes"]),
        aid_nouns=re.compile(raw["aid_nouns"], re.I),
        aid_verbs=re.compile(raw["aid_verbs"], re.I),
    )


@dataclass(frozen=True)
class Draft:
    """An encounter read from one sentence, before joining. Fields: parties (person keys or,
    for collective actors, 'country:ISO3'), roles, sentence span, date, span, mode, place, kind."""

    kind: str
    parties: tuple[str, ...]
    start: int
    end: int
    day: date | None
    span: tuple[date, date] | None
    mode: str | None
    place: Place | None
    roles: tuple[str | None, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Context:
    """What every sentence of one article shares. Fields: text, cast, anchor (publication day),
    year (inferred when there is no anchor), ranked (the article's countries, most named first),
    dyad (its main countries: at most two of those, each named at least twice), here (the place
    of the dateline, which the cleaner may have taken out of the text)."""

    text: str
    cast: Cast
    anchor: date | None
    year: int | None
    ranked: tuple[str, ...]
    dyad: tuple[str, ...]
    here: Place | None = None


def extract_mentions(article: Article, doc: Doc, cast: Cast | None = None) -> list[Mention]:
    """The event mentions the meeting rules read in one article (cast: its people, if already found)."""
    text = article.text
    cast = cast or find_cast(text, doc)
    anchor = anchor_day(article)
    weights = ranked_countries(text, article.title)
    ranked = tuple(c for c in weights if weights[c] >= 2)  # a country named once is too weak a guess
    ctx = Context(text, cast, anchor, anchor.year if anchor else infer_year(text), ranked, ranked[:2],
                  here_place(text) or here_place(article.raw))
    sentences = [s for s in doc.sents if s.text.strip()]
    drafts: list[Draft] = []
    for sentence in sentences:
        drafts += meeting_drafts(sentence, ctx, drafts)
    pairs = zip(sentences, [*sentences[1:], None], strict=False)  # strict fails on an empty text
    drafts += [d for s, after in pairs for d in aid_drafts(s, after, ctx)]
    if not any(d.kind == "CONSULT" for d in drafts):  # a government's stance, when no one met
        drafts += [d for s in sentences for d in collective_drafts(s, ctx)]
    drafts = join_drafts(drafts)
    drafts = [refine_from_followers(d, sentences, ctx) for d in drafts]
    visit = find_visit(sentences, ctx)
    countries = infer_countries(drafts, ctx, visit)
    drafts = [d for d in drafts if is_foreign(d, countries, ctx.cast.persons) and not has_business_party(d, ctx)]
    drafts = attach_agreements(drafts, sentences, ctx)
    drafts = fill_gaps(drafts, ctx, visit, countries)
    return [to_mention(article, i, d, ctx, countries) for i, d in enumerate(drafts)]


# -- articles and sentences ------------------------------------------------------------------
def here_place(text: str) -> Place | None:
    """The place 'here' means: the city of a dateline opening the text or a line of its own near
    the top ('New Delhi, June 22')."""
    lines = [m for line in text.splitlines()[:15] if (m := HERE_LINE.fullmatch(line.strip()))]
    for found in [m for m in [dateline_match(text.lstrip())] if m] + lines:
        place = lookup_place(found["place"].strip())
        if place:
            return Place(place[0], place[1])
    return None


def dateline_country(text: str) -> str | None:
    """The country of the city a dateline names ('RIYADH -' -> SAU)."""
    found = dateline_match(text.lstrip())
    place = lookup_place(found["place"].strip()) if found else None
    return place[1] if place else None


def anchor_day(article: Article) -> date | None:
    """The day an article's relative dates count from: the day its wire dateline was filed when that is
    a day or three before publication ('BEIJING, June 20 (Xinhua) --' in a paper of June 21: 'this
    morning' is June 20), else the publication day, else a full dateline's day."""
    published = article.publication_date
    if published is None:
        return dateline_date(article.text)
    found = WIRE_DATELINE.search(article.text[:DATELINE_REACH])
    filed = next((r.day for r in find_dates(found.group(1), published) if r.day), None) if found else None
    return filed if filed and 0 < (published - filed).days <= FILING_LAG_DAYS else published


def dateline_date(text: str) -> date | None:
    """The filing day a dateline gives in full ('Riyadh, May 13, 2024, SPA --'), for an article
    that prints no publication date."""
    found = FULL_DATELINE.match(text.lstrip())
    refs = find_dates(found.group(0), None) if found else []
    return next((r.day for r in refs if r.day), None)


def ranked_countries(text: str, title: str | None) -> dict[str, float]:
    """The article's countries with their weight, most mentioned first (title and lede weighted up)."""
    counts: dict[str, float] = {}
    text = COUNTABLE.sub(lambda m: m.group(0).title() if m.group(0).isupper() else " ", text)
    head = (title or "") + " " + text[:600]
    for weight, part in ((2.0, head), (1.0, text)):
        for start, _, _, kind, code in find_places(part):
            if TOPIC_CUE.search(part, max(0, start - 20), start):
                continue  # 'remarks about Taiwan', 'talks on Ukraine': what is talked of, not who talks
            if kind in {"country", "demonym"} or (kind == "capital" and stands_for_country(part, start)):
                counts[code] = counts.get(code, 0.0) + weight
    return {c: counts[c] for c in sorted(counts, key=lambda c: -counts[c])}


def stands_for_country(text: str, start: int) -> bool:
    """True for a capital named as an actor ('Paris and Berlin seek', 'Paris hopes'), not as a
    place ('in Paris', 'flew to Vientiane') or a dateline."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return bool(before.strip()) and not re.search(r"\b(?:in|to|from|at|near|for|via|of|outside|into|and)\s+$", before,
                                                   re.I)


def is_future(sentence: Span, trigger_start: int) -> bool:
    """True when the trigger is governed by a future or modal word ('will meet', 'to visit')."""
    r = rules()
    before = [t.lower_ for t in sentence.doc[max(sentence.start, trigger_start - 3):trigger_start]]
    if any(w in r.future_before for w in before[-2:]) or any(w in {"next", "upcoming"} for w in before):
        return True
    return bool(r.future_phrases.search(sentence.text))


def token_at(sentence: Span, char: int) -> int:
    """Index (in the doc) of the token starting at or covering char."""
    for token in sentence:
        if token.idx <= char < token.idx + len(token.text) or token.idx >= char:
            return token.i
    return sentence.end - 1


def side_refs(sentence: Span, first: int, step: int, refs: list[Ref]) -> list[Ref]:
    """The people named in the run of name-like tokens next to the trigger (step +1 or -1)."""
    found: list[Ref] = []
    i = first
    while sentence.start <= i < sentence.end:
        token = sentence.doc[i]
        ref = next((r for r in refs if r.start <= token.idx < r.end), None)
        if ref:
            if ref not in found:
                found.append(ref)
        elif not (token.lower_ in LINK_WORDS or token.text[:1].isupper() or token.is_space or token.like_num):
            break
        i += step
    return found if step > 0 else found[::-1]


def parties_of(sentence: Span, match: re.Match[str], refs: list[Ref],
               antecedent: Ref | None = None) -> list[tuple[str, ...]]:
    """The party sets a trigger names: one set, or one per object in 'X met A, B and C'.

    The parties stand next to the trigger ('X met Y', 'talks between X and Y'); when no one
    stands before it, the subject is the run of names opening the sentence ('X and Y discussed
    ... in a telephone conversation', 'X was in Abuja for talks with Y', 'During the visit, X
    was received by Y')."""
    start_tok = token_at(sentence, sentence.start_char + match.start())
    end_tok = token_at(sentence, sentence.start_char + match.end() - 1) + 1
    between = False
    if match.group(0).lower().split()[-1] in rules().nominal:
        window = sentence.doc[end_tok:min(end_tok + FOLLOW_REACH, sentence.end)]
        follow = [t for t in window if t.lower_ in {"between", "with"}]
        if follow:
            end_tok, between = follow[0].i, follow[0].lower_ == "between"
    first = opening(sentence, start_tok)  # not the opening phrase's people ('Days before X's inauguration, Y met')
    floor = sentence.doc[first].idx if first is not None else sentence.start_char
    subject_names = names_of([r for r in side_refs(sentence, start_tok - 1, -1, refs) if r.start >= floor])
    passive = start_tok > sentence.start and sentence.doc[start_tok - 1].lower_ in {"was", "were", "been", "being"}
    if start_tok > sentence.start and sentence.doc[start_tok - 1].lower_ == "and":
        subject_names = []  # 'X called on A and held talks with B': the subject is X, not A
    undergoer = sentence.doc[start_tok - 2] if passive and start_tok - 2 >= sentence.start else None
    thing_passive = undergoer is not None and undergoer.is_lower and undergoer.lower_ not in PERSON_PRONOUNS
    if not subject_names and not between and not thing_passive:  # not 'He said the accord was signed by A and B'
        subject_names = names_of(opening_refs(sentence, start_tok, refs, antecedent))
    object_names = [n for n in names_of(side_refs(sentence, end_tok, 1, refs)) if n not in subject_names]
    if not subject_names and opens_with_meeting(sentence, start_tok, end_tok):
        # 'Bilateral meetings with A and B took place as well': A and B are the ones met, by the one told of before
        subject_names = [antecedent.name] if antecedent and antecedent.name not in object_names else []
        if not subject_names:
            return []
    if passive and not subject_names:
        return []  # 'the shipment was received by A and B': A and B are one side
    if not object_names and HOSTING.fullmatch(match.group(0)):  # 'received on Tuesday at the ministry the ..., Y'
        object_names = [r.name for r in refs if sentence.doc[end_tok].idx <= r.start < sentence.doc[
            min(end_tok + FOLLOW_REACH, sentence.end - 1)].idx and r.name not in subject_names][:1]
        if not object_names:
            return []  # 'A, B and C hosted the signing': the hosts are one side, the guests unnamed
    if len(subject_names) == 1 and len(object_names) >= 2:
        return [(subject_names[0], o) for o in object_names]
    parties = tuple(dict.fromkeys(subject_names + object_names))
    return [parties] if len(parties) >= 2 else []


def opens_with_meeting(sentence: Span, trigger: int, end: int) -> bool:
    """True when the sentence opens with a meeting noun (after two words at most) and its 'with' follows
    it ('Bilateral meetings with A and B ...'): the ones named are the side met."""
    return (trigger - sentence.start <= 2 and end == trigger + 1 and end < sentence.end
            and sentence.doc[end].lower_ == "with")


def names_of(refs: list[Ref]) -> list[str]:
    """The person keys of refs, once each, in order."""
    return list(dict.fromkeys(r.name for r in refs))


def opening_refs(sentence: Span, trigger: int, refs: list[Ref], antecedent: Ref | None = None) -> list[Ref]:
    """The people named at the start of the sentence, after a dateline and an opening phrase
    ('On Saturday,', 'During the visit,'), when their run ends not far before the trigger; for a
    sentence opening with 'He' or 'She', the person the sentence before opened with."""
    first = opening(sentence, trigger)
    if first is None:
        return []
    if sentence.doc[first].lower_ in {"he", "she"}:
        return [antecedent] if antecedent else []
    found = side_refs(sentence, first, 1, refs)
    if not found:
        return []
    last = max(r.end for r in found)
    in_reach = last <= sentence.doc[trigger].idx and len(sentence.doc[first:trigger]) <= MAX_SUBJECT_REACH
    return found if in_reach else []


def opening(sentence: Span, trigger: int) -> int | None:
    """The token where the sentence's subject begins: after a dateline and an opening phrase
    ('On Saturday,', 'During the visit,', 'On Thursday she ...'); None when it cannot be told."""
    first = sentence.start
    dateline = dateline_match(sentence.text)
    if dateline:
        first = token_at(sentence, sentence.start_char + dateline.end())
    opening_words = sentence.doc[first:min(first + 4, trigger)]
    comma = next((t.i for t in sentence.doc[first:trigger] if t.text == ","), None)
    if comma is not None and comma < min(first + 4, trigger - 1) and sentence.doc[comma + 1].lower_ in {"he", "she"}:
        return comma + 1  # 'Accordingly, he met ...'
    opens_with_time = any(t.lower_ in TIME_PREPOSITIONS for t in opening_words)
    if sentence.doc[first].lower_ not in OPENING_PREPOSITIONS and not opens_with_time:
        return first  # but 'A few days before the inauguration of X, Y discussed ...': Y
    if comma is not None:
        return comma + 1
    for token in sentence.doc[first + 1:trigger]:
        if token.lower_ in {"he", "she"}:
            return token.i
        if not (token.like_num or token.text[:1].isupper() or token.lower_ in TIME_WORDS):
            return None
    return None


def antecedent_of(sentence: Span, ctx: Context) -> Ref | None:
    """The person the nearest earlier sentence naming anyone opens with: who 'he' or 'she' is (a
    quotation's speaker is passed over: '"...," Chaturvedi said. She also called on ...')."""
    before = [r for r in ctx.cast.refs if r.end <= sentence.start_char and sentence.start_char - r.end < 600]
    while before:
        span = sentence.doc.char_span(before[-1].start, before[-1].end, alignment_mode="expand")
        opening = span.sent if span is not None else None
        if opening is None or not opening.text.lstrip().startswith(('"', "“", "'")):
            start = opening.start_char if opening is not None else before[-1].start
            return next(r for r in before if r.start >= start)
        before = [r for r in before if r.start < opening.start_char]
    return None


def meeting_drafts(sentence: Span, ctx: Context, drafts_before: list[Draft] | None = None) -> list[Draft]:
    """CONSULT drafts of one sentence (drafts_before: those of the sentences before it)."""
    drafts_before = drafts_before or []
    refs = ctx.cast.refs_between(sentence.start_char, sentence.end_char)
    pronoun = PRONOUN_OPENING.search(sentence.text) is not None
    antecedent = antecedent_of(sentence, ctx)
    if len({r.name for r in refs} | ({antecedent.name} if antecedent and pronoun else set())) < 2:
        return []
    drafts: list[Draft] = []
    offset = sentence.start_char
    if only_ahead(sentence.text, ctx):
        return []
    for match in rules().triggers.finditer(sentence.text):
        if is_future(sentence, token_at(sentence, offset + match.start())):
            continue
        for parties in parties_of(sentence, match, refs, antecedent):
            day, span = sentence_date(sentence.text, ctx, match.start())
            if SAME_DAY.search(sentence.text) and drafts_before:  # 'Earlier the same day, ...'
                day, span = drafts_before[-1].day or day, None if drafts_before[-1].day else span
            elif NEXT_DAY.search(sentence.text) and drafts_before and drafts_before[-1].day:  # 'The next day, ...'
                day, span = drafts_before[-1].day + timedelta(days=1), None
            elif (LATER.search(sentence.text) and not (day or span) and drafts_before and drafts_before[-1].day
                  and set(parties) & set(drafts_before[-1].parties)):  # 'X later met Y': the day X met Z
                day = drafts_before[-1].day
            if is_stale(day, span, ctx) or is_earlier_background(sentence.text, match, day, span, ctx):
                continue
            mode = mode_of(sentence.text)
            place = None if mode in {"phone", "video"} else place_of(sentence.text, dateline=False)
            if place is None and mode not in {"phone", "video"} and HERE.search(sentence.text):
                place = ctx.here  # 'held talks ... here on Saturday'
            if mode == "meeting" and place is None and SPOKE.fullmatch(match.group(0)) and not VENUE.search(
                    sentence.text[match.end():]):
                mode = "phone"  # 'X spoke with Y', with no venue named, is a call (readout usage)
            drafts.append(Draft("CONSULT", parties, offset, sentence.end_char, day, span, mode, place,
                                sentences=((offset, sentence.end_char),)))
    return drafts


def only_ahead(text: str, ctx: Context) -> bool:
    """True for a sentence whose dates all lie ahead ('... for talks with Y later this month')."""
    found = [d for d in find_dates(text, ctx.anchor, ctx.year) if d.day or d.span or d.future]
    return bool(found) and all(d.future for d in found)


def is_earlier_background(text: str, match: re.Match[str], day: date | None, span: tuple[date, date] | None,
                          ctx: Context) -> bool:
    """True for 'X had met Y in August': a past perfect recalls an earlier encounter unless it is
    dated within the last week; and for encounters told as repeated ('have met on several occasions')."""
    if REPEATED.search(text):
        return True
    if not (PLUPERFECT.search(text[:match.start()]) and PARTICIPLE.match(match.group(0))) and not HAD_MET.search(
            text[:match.start()]):  # 'had met in Addis Ababa ... on the sidelines of a summit'
        return False
    last = day or (span[0] if span else None)  # 'had met ... last month' is background even early in a month
    return last is None or ctx.anchor is None or (ctx.anchor - last).days > 7


def sentence_date(text: str, ctx: Context, trigger: int) -> tuple[date | None, tuple[date, date] | None]:
    """The day or span of the event a sentence reports: the past date nearest the trigger."""
    dateline = dateline_match(text)
    skip = dateline.end() if dateline else 0  # the dateline's date is the filing day
    asides = [m.span() for m in ASIDE.finditer(text) if not m.start() <= trigger < m.end()]
    found = [d for d in find_dates(text, ctx.anchor, ctx.year)
             if not d.future and (d.day or d.span) and d.start >= skip and not SAID_ON.search(text[:d.start])
             and not any(s <= d.start < e for s, e in asides)]  # ', who arrived on Wednesday,' dates the aside
    if ctx.anchor:
        found = [d for d in found if (d.day or d.span[0]) <= ctx.anchor]  # type: ignore[index]
    if not found and STAMP.match(text) and ctx.anchor:
        return ctx.anchor, None  # '3.10pm: X met Y': a live blog's entry of its day
    if not found:
        return (dateline_date(text), None) if dateline else (None, None)  # 'Astana, 12 March 2024 – X held talks'
    days = [d for d in found if d.day]  # 'met Y, who is visiting from 11 to 13 March, today': the day
    best = min(days or found, key=lambda d: abs(d.start - trigger))
    if best.day and ctx.anchor and CLAUSE_SINCE.match(text) and best.end <= text.find(","):
        return None, (best.day, ctx.anchor)  # 'Since the first flight landed on January 22, ...'
    days = visit_days(text)
    if best.span and days and SINCE.match(best.text):  # 'his three-day visit, which began on Sunday'
        return None, (best.span[0], min(best.span[1], best.span[0] + timedelta(days=days - 1)))
    return best.day, best.span


def visit_days(text: str) -> int | None:
    """The length of a visit the text gives ('a three-day state visit', '4-day trip')."""
    match = VISIT_DAYS.search(text)
    if not match:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def is_stale(day: date | None, span: tuple[date, date] | None, ctx: Context) -> bool:
    """True for an encounter dated well before the article: background, not news."""
    last = day or (span[1] if span else None)
    if last is None:
        return False
    if ctx.anchor and span and (ctx.anchor - span[0]).days > 366:
        return True  # 'has provided ... since February 2022': a running total, not an event
    if ctx.anchor:
        return (ctx.anchor - last).days > STALE_DAYS
    return ctx.year is not None and last.year < ctx.year


def mode_of(text: str) -> str:
    """How the parties met, from the cue words of the sentence."""
    for mode, pattern in rules().modes:
        if pattern.search(text):
            return mode
    return "meeting"


def place_of(text: str, dateline: bool = True) -> Place | None:
    """Where the sentence says the event happened: 'in Hanoi', a dateline, 'in the capital of X'."""
    cued = [(end, name, kind, code) for start, end, name, kind, code in find_places(text)
            if kind in {"capital", "city", "country"} and PLACE_CUE.search(before := text[max(0, start - 40):start])
            and not (is_seat(before) or TOPIC_BEFORE.search(before) or PLAN_BEFORE.search(before)
                     or BUILDING_AFTER.match(text, end))]
    if cued:
        end, name, kind, code = cued[0]
        city = CAPITAL_AFTER.match(text, end) if kind == "country" else None
        inside = next((c for c in cued[1:] if kind == "country" and c[2] != "country" and c[3] == code), None)
        place = lookup_place(city["city"] if city else inside[1] if inside else name)  # 'in Japan, ... in Tokyo'
        return Place(place[0], place[1]) if place else Place(name, code)
    venue = SUMMIT_IN.search(text)
    if venue and not lookup_country(venue["place"]):  # 'the G7 Summit in Apulia', a place the gazetteer lacks
        known = lookup_place(venue["place"])
        return Place(known[0], known[1]) if known else Place(venue["place"], None)
    city_of = CITY_OF.search(text)
    if city_of:
        known = lookup_place(city_of["city"])
        country = next((c for w in city_of["adj"].split() if (c := lookup_country(w))), None)
        return Place(known[0], known[1]) if known else Place(city_of["city"], country)
    for start, _end, name, kind, _code in find_places(text):
        if kind in {"capital", "city"} and VISIT_TO.search(text[max(0, start - 30):start]):
            place = lookup_place(name)
            return Place(place[0], place[1]) if place else None
    found = dateline_match(text) if dateline else None
    place = lookup_place(found["place"].strip()) if found else None
    return Place(place[0], place[1]) if place else None


def is_seat(before: str) -> bool:
    """True when 'in X' follows an institution named as a source ('a statement from the Embassy
    in Manila'), not as a venue ('talks at the Foreign Ministry in Colombo')."""
    seat = SEAT.search(before)
    return bool(seat) and not re.search(r"\bat\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}$", before[:seat.start()])


# -- aid -------------------------------------------------------------------------------------
def aid_drafts(sentence: Span, after: Span | None, ctx: Context) -> list[Draft]:
    """AID drafts: a country providing aid to another (day and place may come from the next
    sentence when it goes on about the aid: 'Since the first relief flight landed in X on ...')."""
    r, text = rules(), sentence.text
    if not (r.aid_nouns.search(text) and r.aid_verbs.search(text)):
        return []
    countries = [(s, code) for s, _, _, kind, code in find_places(text) if kind in {"country", "demonym"}]
    thanked = re.search(r"\bthank(?:ed|s|ing)?\s+(?:the\s+)?(?:government\s+(?:and\s+people\s+)?of\s+)?", text, re.I)
    provider = None
    if thanked:
        provider = next((code for s, code in countries if s >= thanked.end() and s - thanked.end() < 40), None)
    else:
        verb = r.aid_verbs.search(text)
        provider = next((code for s, code in reversed(countries) if verb and s < verb.start()), None)
    if provider is None:
        return []
    recipient = next((code for _, code in countries if code != provider), None)
    if recipient is None and thanked:
        speaker = [ctx.cast.persons[ref.name] for ref in ctx.cast.refs_between(sentence.start_char, sentence.end_char)]
        recipient = next((p.country for p in speaker if p.country and p.country != provider), None)
        if recipient is None and len(ctx.dyad) == 2 and provider in ctx.dyad:
            recipient = next(c for c in ctx.dyad if c != provider)
    pledge = PLEDGE.search(text) if is_future_text(text) else None
    if recipient is None or (is_future_text(text) and not pledge):
        return []
    day, span = pledge_date(text[pledge.end():], ctx) if pledge else sentence_date(
        text, ctx, r.aid_nouns.search(text).start())  # type: ignore[union-attr]
    place = place_of(text, dateline=False)
    if after is not None and r.aid_nouns.search(after.text) and not is_future_text(after.text):
        if not (day or span):
            day, span = sentence_date(after.text, ctx, 0)
        place = place or place_of(after.text, dateline=False)
    if is_stale(day, span, ctx):
        return []
    return [Draft("AID", (f"country:{provider}", f"country:{recipient}"), sentence.start_char, sentence.end_char,
                  day, span, "humanitarian", place, roles=("provider", "recipient"),
                  sentences=((sentence.start_char, sentence.end_char),))]


def pledge_date(rest: str, ctx: Context) -> tuple[date | None, tuple[date, date] | None]:
    """The day aid was pledged: 'will provide ... aid, X announced on Tuesday' dates the announcement."""
    found = [d for d in find_dates(rest, ctx.anchor, ctx.year) if not d.future and (d.day or d.span) and d.start < 40]
    return (found[0].day, found[0].span) if found else (None, None)


def collective_drafts(sentence: Span, ctx: Context) -> list[Draft]:
    """AGREE and SUPPORT between governments named as countries ('The governments of Chile and
    Peru agreed on Friday ...', 'Ghana on Wednesday declared its support for Nigeria's bid'):
    only with a past day or span in the sentence itself, and no person among the subjects."""
    text = sentence.text
    day, span = sentence_date(text, ctx, 0)
    if not (day or span) or is_future_text(text) or is_stale(day, span, ctx):
        return []
    support = SUPPORT.search(text)
    if support:
        before = countries_in(text[:support.start()])
        after = countries_in(text[support.end():])
        if before and after and before[-1] != after[0]:
            return [collective(sentence, "SUPPORT", (before[-1], after[0]), ("source", "target"), day, span)]
    agreed = AGREED.search(text)
    if agreed:
        found = list(dict.fromkeys(countries_in(agreed.group(0))))
        if len(found) >= 2 and not ctx.cast.refs_between(sentence.start_char, sentence.start_char + agreed.end()):
            return [collective(sentence, "AGREE", tuple(found), (), day, span)]
    return []


def countries_in(text: str) -> list[str]:
    """The countries a text names (by name or demonym), in order."""
    return [code for _, _, _, kind, code in find_places(text) if kind in {"country", "demonym"}]


def collective(sentence: Span, kind: str, countries: tuple[str, ...], roles: tuple[str, ...],
               day: date | None, span: tuple[date, date] | None) -> Draft:
    """A draft whose parties are countries."""
    return Draft(kind, tuple(f"country:{c}" for c in countries), sentence.start_char, sentence.end_char, day, span,
                 None, None, roles=roles, sentences=((sentence.start_char, sentence.end_char),))


def is_future_text(text: str) -> bool:
    """True for a sentence about a plan rather than a deed."""
    return bool(re.search(r"\bwill\b|\bplans? to\b|\bto be (?:provided|sent|delivered)\b", text, re.I))


def refine_from_followers(draft: Draft, sentences: list[Span], ctx: Context) -> Draft:
    """A meeting's day and place from the sentences right after it that speak of it again
    ('The talks, held on May 10-11 at ...', 'The agreement was reached at talks in Tokyo')."""
    if draft.kind != "CONSULT":
        return draft
    after = min(e for _, e in draft.sentences)
    for sentence in [s for s in sentences if s.start_char >= after][:2]:
        named = {r.name for r in ctx.cast.refs_between(sentence.start_char, sentence.end_char)}
        if not ANAPHORA.match(sentence.text) or len(named) > 1 or is_future_text(sentence.text) \
                or rules().future_phrases.search(sentence.text):  # 'The next meeting ... is to be held in Baku'
            continue
        day, span = sentence_date(sentence.text, ctx, 0)
        if (day or span) and ((draft.span and within(day, span, draft.span)) or not (draft.day or draft.span)):
            draft = replace(draft, day=day, span=None if day else span)
        if draft.place is None and draft.mode not in {"phone", "video"}:
            draft = replace(draft, place=place_of(sentence.text, dateline=False))
    for sentence in [s for s in sentences if s.start_char >= after][:2]:
        call = CALL_LATER.search(sentence.text)
        if call and draft.mode == "meeting":  # 'X spoke with Y on Monday. ... the phone call focused on ...'
            draft = replace(draft, mode="video" if call["mode"].lower() == "video" else "phone", place=None)
    return draft


def within(day: date | None, span: tuple[date, date] | None, outer: tuple[date, date]) -> bool:
    """True when a day or span lies inside outer."""
    first, last = (day, day) if day else span  # type: ignore[misc]
    return outer[0] <= first and last <= outer[1]


# -- joining, countries, agreements ----------------------------------------------------------
def compatible(a: Draft, b: Draft) -> bool:
    """True when two drafts can be one encounter: same parties and no clash of dates."""
    same_sentence = a.start == b.start and (set(a.parties) <= set(b.parties) or set(b.parties) <= set(a.parties))
    if a.kind != b.kind or (set(a.parties) != set(b.parties) and not same_sentence):
        return False  # 'X and Y met ... in talks hosted by Z' is one meeting of three
    if a.day and b.day:
        return a.day == b.day
    day, span = (a.day, b.span) if a.day else (b.day, a.span)
    if day and span:
        return span[0] <= day <= span[1]
    return True


def join_drafts(drafts: list[Draft]) -> list[Draft]:
    """Drafts of the same encounter in one article joined into one."""
    joined: list[Draft] = []
    for draft in drafts:
        index = next((i for i, d in enumerate(joined) if compatible(d, draft)), None)
        if index is None:
            joined.append(draft)
        else:
            joined[index] = combine(joined[index], draft)
    return joined


def combine(a: Draft, b: Draft) -> Draft:
    """One draft from two reports of one encounter: the more precise date, the stronger mode."""
    day = a.day or b.day
    span = None if day else (a.span or b.span)
    evidence = (a.start, a.end) if (a.day or a.span or not (b.day or b.span)) else (b.start, b.end)
    mode = stronger_mode(a.mode, b.mode)
    place = None if mode in {"phone", "video"} else a.place or b.place
    parties = a.parties if len(a.parties) >= len(b.parties) else b.parties
    return replace(a, parties=parties, day=day, span=span, mode=mode, place=place,
                   start=evidence[0], end=evidence[1], sentences=a.sentences + b.sentences)


MODE_RANK = {"phone": 5, "video": 4, "sidelines": 3, "visit": 2, "meeting": 1, None: 0}


def stronger_mode(a: str | None, b: str | None) -> str | None:
    """The more specific of two modes."""
    return a if MODE_RANK.get(a, 0) >= MODE_RANK.get(b, 0) else b


def infer_countries(drafts: list[Draft], ctx: Context, visit: Visit | None = None) -> dict[str, str | None]:
    """Each person's country: from the article's own words, else the most named country of the
    article that none of the people they met belongs to ('Prime Minister X met the Thai and
    Indonesian leaders' in an article mostly about Malaysia)."""
    countries = {name: p.country for name, p in ctx.cast.persons.items()}
    countries |= appointed_countries(ctx, countries)
    countries |= co_listed_countries(drafts, countries)
    countries |= hosts_countries(drafts, countries, visit)
    people = {p for d in drafts for p in d.parties if not p.startswith("country:") and not is_official_of_org(
        ctx.cast.persons[p])}
    domestic = {p for p in people if DOMESTIC_OFFICE.search(ctx.cast.persons[p].office or "")}
    for _ in range(2):
        for name in sorted(p for p in people if not countries.get(p)):
            met = {countries.get(q) for d in drafts if name in d.parties for q in d.parties
                   if q != name and (q not in domestic or name in domestic)}  # a Speaker tells no one's country
            met.discard(None)
            hosts = [d.place.country for d in drafts if name in d.parties and d.place and d.mode != "sidelines"]
            home = dateline_country(ctx.text)  # with no venue, the reporter's country before the most named
            candidates = [*hosts, *ctx.ranked, home] if hosts else [home, *ctx.ranked]
            if hosts and name in domestic:
                countries[name] = hosts[0]  # 'Before leaving Manila, X met Senate President Y': Y is X's compatriot
                continue
            countries[name] = next((c for c in candidates if c and c not in met), None) if met else None
    return countries


def appointed_countries(ctx: Context, countries: dict[str, str | None]) -> dict[str, str | None]:
    """'President X swore in Y as foreign minister': Y serves X's country."""
    found: dict[str, str | None] = {}
    refs = ctx.cast.refs
    for i, ref in enumerate(refs):
        before, after = ctx.text[max(0, ref.start - 60):ref.start], ctx.text[ref.end:ref.end + 5]
        if countries.get(ref.name) or not (APPOINTED.search(before) and re.match(r"\s+as\b", after)):
            continue
        appointer = next((r for r in reversed(refs[:i]) if ref.start - r.end < 200 and countries.get(r.name)), None)
        if appointer:
            found[ref.name] = countries[appointer.name]
    return found


def hosts_countries(drafts: list[Draft], countries: dict[str, str | None],
                    visit: Visit | None) -> dict[str, str | None]:
    """Those a visitor met on a visit to a country, named with no country, are its hosts."""
    if visit is None or visit.place is None or visit.place.country is None:
        return {}
    return {p: visit.place.country for d in drafts if d.kind == "CONSULT" and set(d.parties) & visit.visitors
            and (d.place is None or d.place.country == visit.place.country)  # 'Before that, in New Zealand, ...'
            for p in d.parties if p not in visit.visitors and not p.startswith("country:") and not countries.get(p)}


def has_business_party(draft: Draft, ctx: Context) -> bool:
    """True when a party is introduced as a business figure ('chief executive X'): not diplomacy."""
    return any(BUSINESS_BEFORE.search(ctx.text[max(0, r.start - 60):r.start]) for r in ctx.cast.refs
               if r.name in draft.parties)


def co_listed_countries(drafts: list[Draft], countries: dict[str, str | None]) -> dict[str, str | None]:
    """'X met President A and Prime Minister B': B, named with no country beside A, serves A's."""
    found: dict[str, str | None] = {}
    groups: dict[tuple[int, str], list[str]] = {}
    for draft in drafts:
        if draft.kind == "CONSULT" and len(draft.parties) == 2:
            groups.setdefault((draft.start, draft.parties[0]), []).append(draft.parties[1])
    for listed in (g for g in groups.values() if len(g) >= 2):
        known = {countries.get(p) for p in listed} - {None}
        if len(known) == 1:
            found |= {p: next(iter(known)) for p in listed if not countries.get(p)}
    return found


def is_official_of_org(person: Person) -> bool:
    """True for the official of an international organisation ('UN Secretary-General X')."""
    return bool(person.office and ORG_OFFICE.search(person.office))


def is_foreign(draft: Draft, countries: dict[str, str | None], persons: dict[str, Person]) -> bool:
    """True unless every party is known to serve one and the same country (an official of an
    international organisation serves none)."""
    if draft.kind != "CONSULT":
        return draft.parties[0] != draft.parties[1]
    sides = [f"organisation:{p}" if p in persons and is_official_of_org(persons[p]) else countries.get(p)
             for p in draft.parties]
    return not (all(sides) and len(set(sides)) == 1)


def attach_agreements(drafts: list[Draft], sentences: list[Span], ctx: Context) -> list[Draft]:
    """Signings and agreements, each given to the meeting whose parties it names (or the last one)."""
    meetings = [i for i, d in enumerate(drafts) if d.kind == "CONSULT"]
    if not meetings:
        return drafts
    result = list(drafts)
    for sentence, after in zip(sentences, [*sentences[1:], None], strict=True):
        found = [x for a in agreements_in(sentence.text, ctx.year) for x in itemised(a, after.text if after else "")]
        if not found:
            continue
        names = {r.name for r in ctx.cast.refs_between(sentence.start_char, sentence.end_char)}
        target = best_meeting(result, meetings, names, sentence.start_char)
        result[target] = replace(result[target], agreements=result[target].agreements + tuple(found))
    return result


def best_meeting(drafts: list[Draft], meetings: list[int], names: set[str], position: int) -> int:
    """The meeting an agreement sentence speaks of: most shared parties, then the nearest before."""
    def score(i: int) -> tuple[int, int]:
        shared = len(names & set(drafts[i].parties))
        before = max((s for s, _ in drafts[i].sentences if s <= position), default=-1)
        return (shared if len(names) >= 2 else 0, before)
    return max(meetings, key=score)


@dataclass(frozen=True)
class Visit:
    """What the article says about a visit. Fields: people (named with it: on the visit, or
    receiving it), span (its days, when a sentence gives them: 'from June 20-22', 'a three-day
    visit which began on Sunday'), place (where to), visitors (those named before the cue)."""

    people: frozenset[str]
    span: tuple[date, date] | None
    place: Place | None = None
    visitors: frozenset[str] = frozenset()


def find_visit(sentences: list[Span], ctx: Context) -> Visit:
    """The people on a visit (in a sentence of their own, not a plan), its days and where to
    ('paid an official visit to Singapore on 23-24 March')."""
    people: set[str] = set()
    visitors: set[str] = set()
    span, place, first_day, length = None, None, None, None
    for sentence in sentences:
        if VISIT.search(sentence.text) and not is_future_text(sentence.text):
            cue = sentence.start_char + VISIT.search(sentence.text).start()  # type: ignore[union-attr]
            found = sentence_date(sentence.text, ctx, cue - sentence.start_char)
            if is_stale(*found, ctx) or is_past_year(sentence.text, ctx):
                continue  # 'during a visit to Berlin in 2023'
            people |= {r.name for r in ctx.cast.refs_between(sentence.start_char, sentence.end_char)}
            visitors |= {r.name for r in ctx.cast.refs_between(sentence.start_char, cue)}
            days = visit_days(sentence.text)
            if found[0] and days:  # 'arrived on Monday on a two-day official visit'; 'left on June 24, wrapping up'
                first = found[0] - timedelta(days=days - 1) if VISIT_ENDS.search(sentence.text) else found[0]
                found = (None, (first, first + timedelta(days=days - 1)))
            span, place = span or found[1], place or destination(sentence.text)
            first_day, length = first_day or found[0], length or days
    if span is None and first_day and length:  # 'travelled to Yerevan on Monday' ... 'the one-day visit'
        span = (first_day, first_day + timedelta(days=length - 1))
    return Visit(frozenset(people), span, place, frozenset(visitors))


def is_past_year(text: str, ctx: Context) -> bool:
    """True when the text dates itself to a year before the article's ('in 2022')."""
    return ctx.year is not None and any(int(y) < ctx.year for y in PAST_YEAR.findall(text))


def destination(text: str) -> Place | None:
    """The country or city a visit is to ('a visit to Singapore', 'his visit to Indonesia')."""
    after = VISIT_DEST.search(text)
    found = next((p for p in find_places(text[after.end():after.end() + 40]) if p[0] == 0), None) if after else None
    place = lookup_place(found[2]) if found else None
    return Place(place[0], place[1]) if place else None


def fill_gaps(drafts: list[Draft], ctx: Context, visit: Visit, countries: dict[str, str | None]) -> list[Draft]:
    """Modes, dates and places the sentence left out, from the rest of the article."""
    drafts = [replace(d, place=d.place or dateline_place(d, ctx)) for d in drafts]
    drafts = [replace(d, place=city_of_country(d.place, ctx)) for d in drafts]
    drafts = [replace(d, mode=mode_by_context(d, visit, countries)) for d in drafts]
    drafts = [inherit_setting(d, drafts) for d in drafts]
    drafts = [replace(d, mode=third_country(d, countries)) for d in drafts]
    filled: list[Draft] = []
    for draft in drafts:
        related = [d for d in drafts if d is not draft and set(d.parties) & set(draft.parties)]
        place = draft.place
        if place is None and draft.kind == "CONSULT" and draft.mode in {"visit", "sidelines"}:
            place = next((d.place for d in related if d.place and d.mode in {"visit", "sidelines"}), None)
        place = place or city_of_country(visit_place(draft, visit), ctx)
        day, span = draft.day, draft.span
        if day is None and span is None:
            span = visit.span if visit.span and set(draft.parties) & visit.people else default_span(ctx)
        if place is None and draft.kind == "CONSULT" and draft.mode not in {"phone", "video"}:
            place = ctx.here  # the last resort: the dateline's city ('SINGAPORE – Follow our live coverage ...')
        if span and span[0] == span[1]:
            day, span = span[0], None  # 'during the one-day visit' that began on Monday
        filled.append(replace(draft, place=place, day=day, span=span))
    return filled


def city_of_country(place: Place | None, ctx: Context) -> Place | None:
    """A place given only as a country ('who is in Kazakhstan', 'a visit to India') is the
    dateline's city when that city is in that country."""
    if place is None or ctx.here is None or place.country != ctx.here.country or not lookup_country(place.name):
        return place
    return ctx.here


def inherit_setting(draft: Draft, drafts: list[Draft]) -> Draft:
    """A plain meeting with no place, held the same day as a party's summit or visit meeting,
    took place there ('Earlier on Wednesday, X also met Y')."""
    if draft.kind != "CONSULT" or draft.mode != "meeting" or draft.place is not None:
        return draft
    setting = next((d for d in drafts if d is not draft and d.kind == "CONSULT" and d.mode in {"sidelines", "visit"}
                    and set(d.parties) & set(draft.parties) and same_time(d, draft)), None)
    return replace(draft, mode=setting.mode, place=setting.place) if setting else draft


def same_time(a: Draft, b: Draft) -> bool:
    """True when two drafts are dated to the same day, or one's day lies in the other's span."""
    if a.day and b.day:
        return a.day == b.day
    day, span = (a.day, b.span) if a.day else (b.day, a.span)
    return bool(day and span and span[0] <= day <= span[1])


def visit_place(draft: Draft, visit: Visit) -> Place | None:
    """Where a visitor's meeting with no place of its own took place: the visit's destination."""
    on_visit = draft.kind == "CONSULT" and draft.mode not in {"phone", "video"} and set(draft.parties) & visit.people
    return visit.place if on_visit else None


def dateline_place(draft: Draft, ctx: Context) -> Place | None:
    """The dateline's city for a meeting whose sentences name no place (the last resort: a
    reporter's dateline is often not the venue)."""
    if draft.kind != "CONSULT" or draft.mode in {"phone", "video"}:
        return None
    return next((p for s, e in draft.sentences if (p := place_of(ctx.text[s:e]))), None)


def mode_by_context(draft: Draft, visit: Visit, countries: dict[str, str | None]) -> str | None:
    """A plain meeting is a visit when a party is on a visit, or when it took place in the
    country of one party and not of the other ('X was in Abuja for talks with Nigeria's Y')."""
    if draft.kind != "CONSULT" or draft.mode != "meeting":
        return draft.mode
    home = {countries.get(p) for p in draft.parties}
    abroad = draft.place is not None and draft.place.country in home and len(home - {None}) >= 2
    return "visit" if set(draft.parties) & visit.people or abroad else draft.mode


def third_country(draft: Draft, countries: dict[str, str | None]) -> str | None:
    """A visit to a country none of the parties is from is, by convention, a meeting there."""
    home = [countries.get(p) for p in draft.parties]
    elsewhere = draft.place is not None and draft.place.country and all(home) and draft.place.country not in home
    return "meeting" if draft.kind == "CONSULT" and draft.mode == "visit" and elsewhere else draft.mode


def default_span(ctx: Context) -> tuple[date, date] | None:
    """For an undated past event: from the start of the article's year to its publication day."""
    if ctx.anchor:
        return (date(ctx.anchor.year, 1, 1), ctx.anchor)
    if ctx.year:
        return (date(ctx.year, 1, 1), date(ctx.year, 12, 31))
    return None


# -- output ----------------------------------------------------------------------------------
def to_mention(article: Article, index: int, draft: Draft, ctx: Context, countries: dict[str, str | None]) -> Mention:
    """The Mention of a draft, with its evidence sentence and offsets."""
    participants = tuple(actor_of(p, role, ctx.cast.persons, countries)
                         for p, role in zip(draft.parties, draft.roles or (None,) * len(draft.parties), strict=True))
    evidence = ctx.text[draft.start:draft.end].strip()
    start = draft.start + (len(ctx.text[draft.start:draft.end]) - len(ctx.text[draft.start:draft.end].lstrip()))
    topic_text = " ".join(ctx.text[s:e] for s, e in draft.sentences)
    return Mention(
        mention_id=f"{article.doc_id}:{index}", event_type=draft.kind, mode=draft.mode,
        date=draft.day, date_range=draft.span, location=draft.place, participants=participants,
        agreements=unique_agreements(draft.agreements), topics=topics_of(topic_text),
        source=Source(article.doc_id, evidence, start, start + len(evidence)),
        publication_date=article.publication_date)


def actor_of(party: str, role: str | None, persons: dict[str, Person], countries: dict[str, str | None]) -> Actor:
    """The Actor of a party key."""
    if party.startswith("country:"):
        return Actor(None, party.removeprefix("country:"), None, role)
    person = persons[party]
    return Actor(person.name, countries.get(party) or person.country, person.office, role)
