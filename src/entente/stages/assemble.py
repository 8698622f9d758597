"""Assemble: the mentions of the events the detector finds, with the parties the parse gives.

For each sentence the detector types (and the meeting rules of stages/events.py did not already
read as that type), the parties come from stages/parties.py, the day from the sentence itself,
else from the report's lede, else the publication day; the evidence
is the sentence with its offsets. A sentence about something that has not happened, or whose
sides are not two countries, gives nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy
from spacy.tokens import Doc, Span, Token

from entente.stages.actors import Cast
from entente.stages.dates import DateRef, find_dates, weekdays_named
from entente.stages.detect import EVENT_TYPES, THRESHOLD, Detection, Detector
from entente.stages.events import PAST_YEAR, REPEATED, anchor_day, dateline_match, place_of, ranked_countries
from entente.stages.outcomes import topics_of
from entente.stages.parties import (
    Parties,
    Reading,
    Scorer,
    borrowed,
    is_summons,
    leading_states,
    read_parties,
    said_at_the_summons,
)
from entente.types import Actor, Article, Mention, Source

STALE_DAYS = 92  # an act dated this long before publication is background
PLUPERFECT = re.compile(r"\bhad\b(?!\s+(?:to|not to)\b)", re.I)  # 'had closed': told as what came before
LEDE_SENTENCES = 3  # the headline and the first two sentences: chosen on the real-news dev split (1 / 2-3 / 5 / all)
RUNNING_TOTAL = re.compile(r"\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b")
# told as long past whatever the publication day ('Last year, X imposed a ban', 'two years ago')
LONG_AGO = re.compile(r"\b(?:last|previous)\s+(?:year|decade)\b|\b(?:one|two|three|four|five|several|\d+)\s+"
                      r"(?:years|decades)\s+ago\b|\ba\s+(?:year|decade)\s+ago\b", re.I)
POSSESSIVE = re.compile(r"['’]s\b")
QUOTED = re.compile(r"[\"“][^\"“”]{3,}[\"”]")
# a day its own clause tells as ahead of what was said ('said the tariffs would take effect on Tuesday')
FUTURE_IN_CLAUSE = re.compile(r"\b(?:will|would|shall|'ll|(?:is|are|was|were) (?:due|set|scheduled|expected) to)\b"
                              r"[^,;:]*$", re.I)
WEAK_SECOND = 0.5  # chosen on the real-news dev split: all second types / under 0.5 gave F1 0.498 / 0.505
# what a meeting the rules read absorbs: said, agreed or backed there, it is part of that meeting
ABSORBED = frozenset(["CONSULT", "AGREE", "SUPPORT", "COOPERATE", "REQUEST", "CONCEDE"])


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence the detector typed. Fields: sentence (in the article's Doc), detection, parse (the
    sentence parsed on its own), types (the detected types the rules did not already cover)."""

    sentence: Span
    detection: Detection
    parse: Doc
    types: tuple[str, ...]


def uncovered_types(sentence: Span, detection: Detection, mentions: list[Mention]) -> tuple[str, ...]:
    """The detected types of a sentence that no rule mention already reads from it with a person for every
    side. A meeting the rules' cues saw but set aside is read again from the parse, which has its own tests
    of a deed not done; so is an act the rules gave a bare state, which the parse may give its person."""
    covered = {m.event_type for m in mentions if m.source and m.source.start < sentence.end_char
               and sentence.start_char < m.source.end and all(a.name for a in m.participants)}
    return tuple(t for t in detection.names if t not in covered)


def parse_text(sentence: Span) -> tuple[str, int]:
    """The part of a sentence to parse and its first character in the article: without a dateline
    ('Kuala Lumpur (VNA) –', 'BEIJING, March 5 (Xinhua) --'), whose place is no actor."""
    found = dateline_match(sentence.text)
    skip = found.end() if found and found.end() < len(sentence.text) else 0
    return sentence.text[skip:], sentence.start_char + skip


def absorbed(mention: Mention, meetings: list[Mention]) -> bool:
    """True when a meeting the rules read already holds this mention: a cooperative act between
    its countries, or a meeting sharing one of its people."""
    if mention.event_type not in ABSORBED:
        return False
    names = {a.name for a in mention.participants if a.name}
    countries = {a.country for a in mention.participants}
    for meeting in meetings:
        held = {a.country for a in meeting.participants}
        shared = names & {a.name for a in meeting.participants if a.name}
        if countries <= held or (shared and (mention.event_type != "CONSULT" or len(countries & held) >= 2)):
            return True  # but a meeting with a counterpart of another country is another meeting
    return False


def sentence_day(text: str, anchor: date | None, year: int | None) -> date | None:
    """The first day, not in the future, that a sentence gives (nor one its clause tells as ahead: 'said
    the tariffs would take effect on Tuesday'); a quoted 'today' is the day the words were spoken, which
    the report dates, not the publication day ('"... from today," Tuesday, he said'). A dateline's day is the
    day the report was filed: it counts only when the sentence gives no other ('HARARE, May 31 (Xinhua) -- The
    ministry on Tuesday summoned ...': Tuesday)."""
    quotes = [m.span() for m in QUOTED.finditer(text)]
    dateline = dateline_match(text)
    filed = dateline.end() if dateline else 0
    refs = [r for r in find_dates(text, anchor, year) if r.day and not r.future
            and not (r.day == anchor and r.relative and any(a <= r.start < b for a, b in quotes))
            and not told_ahead(text, r)]
    own = [r for r in refs if r.start >= filed]
    return (own or refs)[0].day if refs else None


def told_ahead(text: str, ref: DateRef) -> bool:
    """True for a date its own clause tells as ahead of what was said ('... would take effect on Tuesday')."""
    return FUTURE_IN_CLAUSE.search(text, 0, ref.start) is not None


def clause_day(trigger: Token | None, parse: Doc, anchor: date | None, year: int | None) -> date | None:
    """The day told in the act's own clause when its sentence gives several ('X said on Wednesday that Y
    shelled the post on Tuesday': the shelling is Tuesday's, the statement Wednesday's), or None."""
    if trigger is None:
        return None
    refs = [r for r in find_dates(parse.text, anchor, year) if r.day and not r.future]
    if len({r.day for r in refs}) < 2:
        return None
    phrases = [(r.day, span.root) for r in refs
               if (span := parse.char_span(r.start, r.end, alignment_mode="expand")) is not None]
    own = clause_verb(trigger)
    while True:
        days = {day for day, root in phrases if clause_verb(root) == own and not names_a_thing(root, own)}
        if days or own.dep_ != "conj":
            return days.pop() if len(days) == 1 else None
        own = clause_verb(own.head)  # 'summoned Y on Thursday and demanded ...': one subject, one day


def names_a_thing(token: Token, verb: Token) -> bool:
    """True when a date hangs on a noun before its clause's verb ('severed ties over the massacre of October 7':
    the day is the massacre's, not the severing's)."""
    for ancestor in token.ancestors:
        if ancestor == verb:
            return False
        if ancestor.pos_ in {"NOUN", "PROPN"}:
            return True
    return False


def clause_verb(token: Token) -> Token:
    """The verb of the clause a word is part of (the word itself for a verb), else the sentence's root."""
    for word in [token, *token.ancestors]:
        if word.pos_ in {"VERB", "AUX"}:
            return word
    return token.sent.root


def sentence_span(text: str, anchor: date | None, year: int | None) -> tuple[DateRef, tuple[date, date]] | None:
    """The span a sentence that gives no day dates its act in ('earlier in April', 'last week'), up to
    the day before the anchor at most, with the phrase that gives it; or None."""
    refs = [r for r in find_dates(text, anchor, year) if not (r.day and told_ahead(text, r))]
    if any(r.day for r in refs):
        return None
    for ref in refs:
        if ref.span and not ref.future and not POSSESSIVE.match(text, ref.end):  # not "last week's accord"
            first, last = ref.span
            if anchor is not None:
                last = min(last, anchor - timedelta(days=1))
            return (ref, (first, last)) if first <= last else None
    return None


def span_below(trigger: Token | None, parse: Doc, start: int, end: int) -> bool:
    """True when the date phrase at start:end (characters of the parse) is told in a clause the act
    governs ('accused X of strikes carried out since Sunday': the strikes' span, not the accusation's)."""
    phrase = parse.char_span(start, end, alignment_mode="expand") if trigger is not None and start >= 0 else None
    if phrase is None:
        return False
    own, told = clause_verb(trigger), clause_verb(phrase.root)
    return told is not own and own in told.ancestors


def is_background(text: str, anchor: date | None, year: int | None) -> bool:
    """True when the sentence tells a running total ('since February 2022'), an act a year or more ago
    ('last year', 'two years ago'), acts told as repeated ('have met on several occasions'), or every date
    it gives lies months before publication ('signed ... in 2018'), or, with no publication date, in an
    earlier year."""
    if RUNNING_TOTAL.search(text) or LONG_AGO.search(text) or REPEATED.search(text):
        return True
    years = [int(m.group(1)) for m in PAST_YEAR.finditer(text)]
    if anchor is None:
        return bool(years) and year is not None and all(y < year for y in years)
    last_days = [r.day or r.span[1] for r in find_dates(text, anchor, year) if r.day or r.span]  # type: ignore[index]
    last_days += [date(y, 12, 31) for y in years]
    return bool(last_days) and all((anchor - d).days > STALE_DAYS for d in last_days)


def event_day(index: int, sentences: list[Span], article: Article, year: int | None) -> date | None:
    """The day of an event read from sentences[index]: its own, else the one the sentence before gives
    ('... endorsed the deal on October 23. The leaders discussed it during a bilateral meeting'), else the
    day of the report's lede (the first of its first LEDE_SENTENCES sentences that gives one: the later
    paragraphs go on about the encounter the lede dated), else the publication day. Where the sentence
    names a weekday, another sentence's day counts only if it falls on that weekday."""
    anchor = anchor_day(article)
    before = [s for s in sentences[max(index - 1, 0):index] if not PLUPERFECT.search(s.text)]
    others = [s for s in [*before, *sentences[:LEDE_SENTENCES]] if not is_background(s.text, anchor, year)]
    candidates = [sentences[index], *others]  # not 'X was last in Kenya on December 9, 2020
    weekdays = weekdays_named(sentences[index].text)  # 'announced on Wednesday' is no Sunday another sentence gives
    days = (sentence_day(s.text, anchor, year) for s in candidates)
    return next((day for day in days if day and (not weekdays or day.weekday() in weekdays)), anchor)


def unknown_span(span: tuple[date, date] | None, anchor: date | None) -> bool:
    """True for a span that only says 'some time this year' (1 January to publication, or a whole
    year): no day is known."""
    if span is None:
        return True
    first, last = span
    return (first.month, first.day) == (1, 1) and (last == anchor or (last.month, last.day) == (12, 31))


def settle_days(mentions: list[Mention], sentences: list[Span], article: Article, year: int | None) -> list[Mention]:
    """Mentions the rules left without a day take the day of their sentence's report (event_day):
    a day the sentence or the report's lede gives, else the publication day; never a span from 1 January."""
    settled = []
    for mention in mentions:
        if mention.date is None and mention.source and unknown_span(mention.date_range, article.publication_date):
            index = next((i for i, s in enumerate(sentences) if s.end_char > mention.source.start), 0)
            mention = replace(mention, date=event_day(index, sentences, article, year), date_range=None)
        settled.append(mention)
    return settled


def type_scorer(detector: Detector, event_type: str) -> Scorer:
    """The detector's probability of one type for a text and for the text without each cut."""
    return candidate_scorers(detector)(event_type)


def candidate_scorers(detector: Detector, clauses: dict[str, str] | None = None) -> Callable[[str], Scorer]:
    """The detector's probability of each type of one candidate sentence, for the sentence and it without
    each cut: the texts each type's trigger search scores are the same (the sentence and it without each
    word), so their features are computed once. A type the detector read from one clause (clauses: type ->
    clause) is scored on that clause: a cut outside it leaves the figure as it is."""
    last: dict[tuple[str, tuple[tuple[int, int], ...]], numpy.ndarray] = {}

    def rows(text: str, cuts: list[tuple[int, int]]) -> numpy.ndarray:
        key = (text, tuple(cuts))
        if key not in last:
            last.clear()
            last[key] = detector.probabilities_without(text, cuts)
        return last[key]

    def for_type(event_type: str) -> Scorer:
        column = EVENT_TYPES.index(event_type)
        clause = (clauses or {}).get(event_type)

        def score(text: str, cuts: list[tuple[int, int]]) -> list[float]:
            at = text.find(clause) if clause else -1
            if at < 0:
                return [float(p) for p in rows(text, cuts)[:, column]]
            within = [at <= a and b <= at + len(clause) for a, b in cuts]
            inside = [(a - at, b - at) for (a, b), w in zip(cuts, within, strict=True) if w]
            whole, *figures = (float(p) for p in rows(clause, inside)[:, column])
            told = iter(figures)
            return [whole, *(next(told) if w else whole for w in within)]
        return score
    return for_type


def assemble(article: Article, candidates: list[Candidate], sentences: list[Span], cast: Cast,
             detector: Detector, ruled: list[Mention], year: int | None) -> list[Mention]:
    """The mentions the rules read (ruled), then those the candidates give beyond them, numbered after
    them: one per type, acting and receiving countries and day, meetings first, so that what was agreed
    or said at a meeting stays part of it. A reading of the same act that names more of its people gives
    its sides to the mention read before ('the country would provide aid', announced by a minister)."""
    dyad = article_dyad(article, ruled)
    anchor = anchor_day(article)
    position = {s.start_char: i for i, s in enumerate(sentences)}
    states = leading_states([(s.start_char, s.text) for s in sentences])
    starts = tuple(s.start_char for s in sentences)
    found = []
    encounters: list[tuple[tuple[Actor, ...], date]] = []  # sides read with the day their own sentence gives
    for candidate in candidates:
        sentence = candidate.sentence
        if is_background(sentence.text, article.publication_date, year):
            continue
        scorer = candidate_scorers(detector, dict(candidate.detection.clauses))
        day = event_day(position[sentence.start_char], sentences, article, year)
        own_day = sentence_day(sentence.text, anchor, year) is not None
        offset = parse_text(sentence)[1]
        wide = sentence_span(sentence.text, anchor, year)
        skip = offset - sentence.start_char  # the dateline the parse leaves out
        phrase_at = (wide[0].start - skip, wide[0].end - skip) if wide else (-1, -1)
        readings = {t: read_parties(candidate.parse, offset, t, scorer(t), cast, dyad, day, states, starts)
                    for t in candidate.types}
        readings = {t: r for t, r in readings.items() if not weak_second(t, candidate.detection)
                    or rests_on(r.trigger, scorer(t))}
        readings = said_at_the_summons(readings)
        shared = next((r.parties for r in readings.values() if r.parties is not None), None)
        blame = next((r.accusation for r in readings.values() if r.accusation is not None), None)
        if blame is not None and readings.get("ACCUSE", Reading(None, None)).parties is None:
            readings["ACCUSE"] = Reading(None, blame)
        for event_type, reading in readings.items():
            parties = reading.parties or borrowed(reading, event_type, shared)
            if parties is not None:
                span = wide[1] if wide and not span_below(reading.trigger, candidate.parse, *phrase_at) else None
                when = None if span else clause_day(reading.trigger, candidate.parse, anchor, year) or day
                kept = is_summons(reading.trigger)  # a summons is no request made at a meeting
                for pair in (pair for part in one_by_one(parties) for pair in dyads(actors_of(part))):
                    if when and own_day:
                        encounters.append((pair, when))
                    elif when:
                        when = encounter_day(pair, encounters) or when
                    found.append((event_type, pair, when, span, candidate, kept))
    found.sort(key=lambda f: f[0] != "CONSULT")
    ruled = list(ruled)
    meetings = [m for m in ruled if m.event_type == "CONSULT"]
    taken = {(m.event_type, side_key(m.participants)) for m in ruled}
    mentions: list[Mention] = []
    for event_type, actors, day, span, candidate, kept in found:
        place = None if candidate.detection.mode in {"phone", "video"} else place_of(candidate.sentence.text)
        draft = Mention("", event_type, candidate.detection.mode, day, span, place, actors)
        key = (event_type, side_key(actors))
        for read in (ruled, mentions):
            earlier = next((i for i, m in enumerate(read) if (m.event_type, side_key(m.participants)) == key), None)
            if earlier is not None and named(actors) > named(read[earlier].participants):
                read[earlier] = replace(read[earlier], participants=actors)
                if day and read[earlier].date and day < read[earlier].date:  # 'X summoned Y, Beijing said Friday'
                    read[earlier] = replace(read[earlier], date=day)  # then 'A summoned Y on Thursday'
        if key in taken or (not kept and absorbed(draft, meetings)):
            continue
        taken.add(key)
        mention = evidenced(draft, candidate.sentence, article, f"{article.doc_id}:{len(ruled) + len(mentions)}")
        mentions.append(mention)
        if event_type == "CONSULT":
            meetings.append(mention)
    return fold_signings(ruled, mentions)


def encounter_day(actors: tuple[Actor, ...], encounters: list[tuple[tuple[Actor, ...], date]]) -> date | None:
    """The day of the latest encounter read before whose people include the named people of these sides,
    of the same countries, for an act whose sentence gives no day of its own ('Sun summoned Kanasugi on
    Thursday ... Sun protested to Kanasugi': the protest was made at the summons)."""
    names = {a.name for a in actors if a.name}
    countries = {a.country for a in actors}
    for earlier, day in reversed(encounters):
        if names and names <= {a.name for a in earlier if a.name} and countries == {a.country for a in earlier}:
            return day
    return None


def fold_signings(ruled: list[Mention], read: list[Mention]) -> list[Mention]:
    """The rules' mentions then the detector's, a signing the rules read as an AGREE of its own folded into
    the meeting of its countries and day the detector read ('signed four agreements ... The commission was
    co-chaired by A and B'): a meeting with signings is one encounter with its agreements."""
    kept = []
    for mention in ruled:
        held = next((i for i, m in enumerate(read) if m.event_type == "CONSULT" and m.date == mention.date
                     and {a.country for a in mention.participants} <= {a.country for a in m.participants}),
                    None) if mention.event_type == "AGREE" else None
        if held is None:
            kept.append(mention)
            continue
        meeting = read[held]
        read[held] = replace(meeting, agreements=(*meeting.agreements,
                                                  *(a for a in mention.agreements if a not in meeting.agreements)))
    return kept + read


def weak_second(event_type: str, detection: Detection) -> bool:
    """True for a type that is not the sentence's likeliest and that the detector gives under WEAK_SECOND."""
    return detection.types[0][0] != event_type and dict(detection.types)[event_type] < WEAK_SECOND


def rests_on(trigger: Token | None, score: Scorer) -> bool:
    """True when the type is not detected without its trigger word. A weak second type must rest on its
    word: 'A and the ambassador attended his meeting with B' is a sanction by 'ambassador' alone, and
    'attended', which the parties were read on, leaves it detected when cut."""
    if trigger is None:
        return True
    return score(trigger.doc.text, [(trigger.idx, trigger.idx + len(trigger.text))])[1] < THRESHOLD


def article_dyad(article: Article, ruled: list[Mention]) -> tuple[str, ...]:
    """The two countries 'both sides' means: those of the first meeting the rules read, else the two
    countries the article names most (each at least twice)."""
    for mention in ruled:
        countries = tuple(dict.fromkeys(a.country for a in mention.participants if a.country))
        if mention.event_type == "CONSULT" and len(countries) == 2:
            return countries
    weights = ranked_countries(article.text, article.title)
    return tuple(c for c in weights if weights[c] >= 2)[:2]


def one_by_one(parties: Parties) -> list[Parties]:
    """A meeting of one country's side with named people of several countries on the other split into one
    meeting per country ('Lula also met presidents Petro (Colombia) and Lasso (Ecuador)': two bilateral
    meetings); the sides of directed acts and of meetings of several countries on each side stay whole."""
    own = {a.country for a in parties.source}
    others = list(dict.fromkeys(a.country for a in parties.target))
    if (parties.directed or len(own) != 1 or len(others) < 2 or own & set(others)
            or not all(a.name for a in parties.target)):
        return [parties]
    return [replace(parties, target=tuple(a for a in parties.target if a.country == country)) for country in others]


def actors_of(parties: Parties) -> tuple[Actor, ...]:
    """The participants of found parties, with roles where the act has a direction; a state named
    beside one of its own people is that person ('Indonesia ... Prabowo Subianto': Prabowo)."""
    roles = ("source", "target") if parties.directed else (None, None)
    actors = [replace(a, role=roles[0]) for a in parties.source] + [replace(a, role=roles[1]) for a in parties.target]
    people = {a.country for a in actors if a.name}
    return tuple(a for a in actors if a.name or a.country not in people)


def dyads(actors: tuple[Actor, ...]) -> list[tuple[Actor, ...]]:
    """A directed act split into one act per acting and receiving country ('France recalled its
    ambassadors to the US and Australia': two recalls), never a country's act on itself ('stormed the
    embassy in X's capital'); a meeting stays whole."""
    sources = [a for a in actors if a.role == "source"]
    targets = [a for a in actors if a.role == "target"]
    if not sources or not targets:
        return [actors]
    return [tuple(a for a in sources if a.country == acting) + tuple(a for a in targets if a.country == receiving)
            for acting in dict.fromkeys(a.country for a in sources)
            for receiving in dict.fromkeys(a.country for a in targets) if receiving != acting]


def named(actors: tuple[Actor, ...]) -> int:
    """How many of the actors are named people."""
    return sum(1 for a in actors if a.name)


def side_key(actors: tuple[Actor, ...]) -> tuple[frozenset, frozenset]:
    """What tells two reports of one act apart within an article: the acting and the other countries."""
    return (frozenset(a.country for a in actors if a.role in {"source", "provider"}),
            frozenset(a.country for a in actors))


def evidenced(draft: Mention, sentence: Span, article: Article, mention_id: str) -> Mention:
    """The mention of a draft, its evidence the sentence (with offsets into the article)."""
    evidence = sentence.text.strip()
    start = sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
    return replace(draft, mention_id=mention_id, topics=topics_of(evidence),
                   source=Source(article.doc_id, evidence, start, start + len(evidence)),
                   publication_date=article.publication_date)
