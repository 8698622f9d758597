"""Outcomes: what a sentence says was signed, agreed or proposed, as short clean names.

The cue verb gives the status ('signed', 'agreed to', 'proposed'); the words after it give the
name, cut where the name ends and the setting begins: a signed instrument is a noun phrase that
stops before its place, day, signatories and purpose ('a memorandum of understanding on critical
minerals in Jakarta on Wednesday, aiming to ...' -> 'memorandum of understanding on critical
minerals'); an agreed commitment is a verb phrase that stops before asides and attributions, one
per 'and to'. In the passive ('The accord was signed by ...') the subject names it. Not outcomes:
signings dated before the article's year or told as earlier ('had signed', 'signed earlier in the
year'), cues negated or ahead ('will sign', 'did not agree'), and standing positions ('remained
committed to'). Cue words and word lists are data (data/outcomes.toml, data/topics.toml).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from entente.types import Agreement

COUNTED = re.compile(r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|a number of)\s+"
                     r"(?:[\w-]+\s+)?(?:agreements?|memorand(?:a|ums)|MoUs|deals|documents|accords|instruments)",
                     re.I)
ITEMS = re.compile(r"\s*(?:The|These|They)\s+(?:agreements|memoranda|memorandums|MoUs|deals|documents|accords|"
                   r"instruments)?\s*(?:cover|include|concern|relate to|deal with)\s+(?:the\s+)?(?P<items>[^.]+)")
MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
WHEN = re.compile(rf"^\s*,?\s*(?:(?:on|in)\s+(?:[A-Z][a-z]+day|{MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTHS})"
                  rf"(?:,?\s+\d{{4}})?|\([^)]{{1,20}}\)|yesterday|today|earlier today|this (?:morning|afternoon|week)|"
                  rf"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+\([^)]{{1,20}}\))?)"
                  r"(?=[\s,.]|$),?")
DATE_AHEAD = re.compile(rf"\s+(?:on|in)\s+(?:[A-Z][a-z]+day\b|{MONTHS}\s+\d|\d{{1,2}}\s+{MONTHS}|(?:19|20)\d\d\b)")
YEARS = re.compile(r"\b(?:in|since)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")
DETERMINER = re.compile(r"^(?:the|a|an|their|its|his|her|our|both)\s+", re.I)
TRAILING = re.compile(r"(?:\s+(?:of|on|the|a|an|and|or|to|for|in|with|by|at|from|that|which|their|its))+$", re.I)
MAX_NAME_WORDS = 24
MAX_COMMITMENT_WORDS = 24
SKIPPABLE = re.compile(r"^(?:,\s*)?(?:on|at|in|during|with|through|via|by|after|following|earlier|later|yesterday|"
                       r"today|last|this|also|again|jointly|formally)\b")

PLACE_AFTER = re.compile(r"\s+in\s+(?:the\s+)?(?:capital\s+|city\s+of\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
                         r"(?=\s*(?:[,.;]|$|\s+(?:on|at|in|during|after|before|by|yesterday|today|last|this)\b))")
WITH_PARTY = re.compile(r"\s+with\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:[A-Z]|counterparts?\b)")
INLINE_DATE = re.compile(rf"\s+(?:on\s+(?:[A-Z][a-z]+day|{MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTHS})|"
                         rf"\([A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}\))(?=[\s,.]|$)")
RELATIVE = re.compile(r"\s+(?:that|which|who|whom|whose|under which)\s")
COMMITMENT_RELATIVE = re.compile(r"\s+(?:which|who|whose|under which)\s|\s+that\s+(?:has|have|had|is|are|was|were|"
                                 r"would|will|could|can|may|might|the|their|its)\b|\s+after\s+(?:their|his|her|the "
                                 r"two|talks|meeting|holding)\b")
COORDINATED = re.compile(r",?\s+and\s+(?=(?:an?|the|\w+)\s+(?:[\w-]+\s+){0,3}?(?:agreements?|memorand(?:um|a)|"
                         r"treaty|accord|declaration|protocol|arrangement|plan|notes|MoUs?)\b)", re.I)
SPEAKER = re.compile(r",?\s+and\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:\w+ly\s+)?(?:said|says|told|added|noted|stressed|"
                     r"warned|called|urged)\b")
LEAD = re.compile(r"^\s*(?:to|that|on|upon|with each other (?:on|to))\s+")
ATTRIBUTION = re.compile(r"\s+according to\b|\s+so that\b")


@dataclass(frozen=True)
class OutcomeRules:
    """Compiled outcome cues and word lists from data/outcomes.toml and the topics of data/topics.toml."""

    cues: tuple[tuple[str, re.Pattern[str]], ...]
    instruments: frozenset[str]
    new_predicate: re.Pattern[str]
    clause_opener: re.Pattern[str]
    name_stop: re.Pattern[str]
    not_made: re.Pattern[str]
    standing: re.Pattern[str]
    impersonal: re.Pattern[str]
    adjective: re.Pattern[str]
    earlier: re.Pattern[str]
    topics: tuple[tuple[str, re.Pattern[str]], ...]


def words(names: list[str]) -> str:
    """A regex alternation of whole words."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def rules() -> OutcomeRules:
    """The outcome rules, loaded once."""
    data = resources.files("entente.data")
    raw = tomllib.loads(data.joinpath("outcomes.toml").read_text("utf-8"))
    topics = tomllib.loads(data.joinpath("topics.toml").read_text("utf-8"))["topics"]
    return OutcomeRules(
        cues=tuple((c["status"], re.compile(c["pattern"], re.I)) for c in raw["cues"]),
        instruments=frozenset(raw["instruments"]),
        new_predicate=re.compile(rf",?\s+and\s+(?:also\s+|then\s+|later\s+)?(?:{words(raw['new_predicates'])})\b"),
        clause_opener=re.compile(rf",\s+(?:{words(raw['clause_openers'])})\b|,\s+[a-z]+ing\b", re.I),
        name_stop=re.compile(rf"\s+(?:{words(raw['name_stops'])})\b"),
        not_made=re.compile(raw["not_made"], re.I),
        standing=re.compile(raw["standing"], re.I),
        impersonal=re.compile(raw["impersonal"], re.I),
        adjective=re.compile(raw["adjective"], re.I),
        earlier=re.compile(raw["earlier"], re.I),
        topics=tuple((name, re.compile(p, re.I)) for name, p in topics.items()),
    )


def agreements_in(text: str, year: int | None) -> list[Agreement]:
    """Agreements a sentence reports, with status; background ('signed in 2010') is skipped."""
    found: list[Agreement] = []
    for status, pattern in rules().cues:
        for match in pattern.finditer(text):
            found += outcomes_at(text, match, status, year)
    return found


def outcomes_at(text: str, match: re.Match[str], status: str, year: int | None) -> list[Agreement]:
    """The outcomes one cue introduces."""
    r = rules()
    before, rest = text[:match.start()], text[match.end():]
    head = before[-40:]
    if r.not_made.search(head) or r.adjective.search(head) or is_background(before, rest, year, status):
        return []
    if status == "signed":
        passive = r.standing.search(head) is not None
        if passive or starts_setting(rest):
            names = [passive_name(before)]
        else:
            pieces = COORDINATED.split(first_piece(rest, [r.new_predicate, SPEAKER]), maxsplit=3)
            names = [signed_name(piece, match.group(0)) for piece in pieces]
        return [Agreement(n, "signed") for n in names if n]
    if r.standing.search(head) and not r.impersonal.search(head):
        return []
    if status == "proposed" and not LEAD.match(WHEN.sub("", rest, count=1)):  # 'proposed a joint fund for X'
        name = signed_name(rest, match.group(0))
        return [Agreement(name, status)] if name else []
    return [Agreement(c, status) for c in commitments(rest)]


def is_background(before: str, rest: str, year: int | None, status: str) -> bool:
    """True when the cue tells of an earlier signing or agreement: dated before the article's year
    ('in 2010, 2012'), 'earlier in the year', 'years ago', or 'had signed' outside reported speech."""
    clause = re.split(r"[;.]\s", before)[-1]
    after = re.split(r"[;]|\.\s|,\s+(?:and|but|while|which)\s", rest)[0]
    if rules().earlier.search(after):
        return True
    if status == "signed" and re.search(r"\bhad\s+(?:also\s+|already\s+|previously\s+|first\s+)?$", clause) \
            and not re.search(r"\b(?:said|says|told|announced|according)\b(?!.*\b(?:during|in|after) which\b)", clause):
        return True
    years = [int(y) for y in YEARS.findall(after)]
    if status == "signed":
        years += [int(y) for y in YEARS.findall(clause[-60:])]
    return bool(years and year and max(years) < year)


def starts_setting(rest: str) -> bool:
    """True when the words after a signing cue give its setting, not what was signed ('in Manila on ...')."""
    return bool(re.match(r"\s*(?:in|on|at|by|during|after|before|earlier|later|last|yesterday|today|with|"
                         r"under|between)\b|\s*[,.;]|\s*$", rest))


def passive_name(before: str) -> str | None:
    """The subject of a passive signing: 'A memorandum on X was signed' -> 'memorandum on X'."""
    clause = re.split(r"[;:.]\s|,\s", before)[-1]
    clause = re.sub(r"\s+(?:was|were|is|are|has been|have been|had been|been|being|be)\s*$", "", clause.rstrip())
    tokens = clause.split()[-MAX_NAME_WORDS:]
    starts = [i for i, t in enumerate(tokens) if t.lower() in {"the", "a", "an", "this", "that", "its", "their"}]
    phrase = " ".join(tokens[starts[-1]:] if starts else tokens)
    name = tidy(phrase)
    named = any(t.lower() in rules().instruments for t in name.split())
    return name if named and len(name.split()) >= 2 else None


def signed_name(rest: str, cue: str) -> str | None:
    """The noun phrase naming what was signed, without its place, day, signatories or purpose."""
    r = rules()
    rest = INLINE_DATE.sub("", WHEN.sub("", rest, count=1))
    rest = re.sub(r",\s+including\s+(?:on\s+|in\s+)?", " on ", rest, count=1)
    rest = re.sub(r"\s+with\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?=on\s)", " ", rest, count=1)  # 'X with firms on Y'
    stops = [r.new_predicate, r.clause_opener, r.name_stop, DATE_AHEAD, PLACE_AFTER, WITH_PARTY, RELATIVE]
    phrase = first_piece(rest, stops)
    if cue.lower().startswith("exchanged") and re.match(r"(?:notes|letters|instruments)\b", phrase.strip()):
        phrase = f"exchange of {phrase.strip()}"
    name = tidy(phrase, MAX_NAME_WORDS)
    return name if name and (len(name.split()) >= 2 or name.lower() == "mou") else None


def first_piece(rest: str, stops: list[re.Pattern[str]]) -> str:
    """The text before the earliest stop, sentence end or hard punctuation."""
    end = re.search(r"[;:—–]|\s-\s|\.\s|\.$|\.[\"”]", rest)
    cut = end.start() if end else len(rest)
    for stop in stops:
        hit = stop.search(rest, 0, cut)
        if hit:
            cut = hit.start()
    return rest[:cut]


def commitments(rest: str) -> list[str]:
    """The commitments after 'agreed': one concise verb phrase per 'and to' ('to hold X and to resume Y')."""
    r = rules()
    rest = WHEN.sub("", rest, count=1)
    if not LEAD.match(rest):
        later = re.search(r"\s(?:to|that)\s", rest[:160])
        if later and SKIPPABLE.match(rest.strip()) and "." not in rest[:later.start()]:
            rest = rest[later.start():]  # 'agreed with X during talks in Beijing on Saturday to resume ...'
        elif not re.match(r"\s*(?:an?|the|some|more|new)\s", rest):
            return []
    lead = LEAD.match(rest)
    noun = bool(lead and lead.group(0).strip() in {"on", "upon"})
    clause = not lead or lead.group(0).strip() == "that"
    whole = first_piece(LEAD.sub("", rest, count=1), [r.new_predicate, SPEAKER, ATTRIBUTION])
    joiner = r",?\s+and\s+(?:on|upon|to)\s+" if noun else r",?\s+(?:and|as well as)\s+(?:to|that)\s+|,\s+to\s+"
    parts = [first_piece(p, [r.clause_opener, COMMITMENT_RELATIVE]) for p in re.split(joiner, whole)]
    tidied = [tidy(p, MAX_COMMITMENT_WORDS, keep_determiner=clause) for p in parts]
    return [p for p in tidied if len(p.split()) >= 2]


def tidy(phrase: str, limit: int = MAX_NAME_WORDS, keep_determiner: bool = False) -> str:
    """The phrase without a leading determiner, trailing function words and stray punctuation."""
    text = " ".join(phrase.split()[:limit]).strip(" ,.;:")
    text = text if keep_determiner else DETERMINER.sub("", text)
    text = TRAILING.sub("", text).strip(" ,.;:")
    if len(text) > 2 and text[0] + text[-1] in {'""', "“”"}:
        text = text[1:-1]
    for quote in ('"', "'"):
        if text.count(quote) % 2 and (text.startswith(quote) or text.endswith(quote)):
            text = text.strip(quote)
    return text.replace("“", "").replace("”", "") if text.count("“") != text.count("”") else text


def itemised(agreement: Agreement, following: str) -> list[Agreement]:
    """'the signing of five agreements. The agreements cover A, B and C.' -> one agreement for each."""
    listed = ITEMS.match(following)
    if not COUNTED.fullmatch(agreement.name) or not listed:
        return [agreement]
    items = [i.strip(" .") for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", listed["items"]) if i.strip(" .")]
    return [Agreement(f"agreement on {item}", agreement.status) for item in items] or [agreement]


def unique_agreements(agreements: tuple[Agreement, ...]) -> tuple[Agreement, ...]:
    """Agreements without repeats: one per name (case aside), the signing kept over an agreement to it,
    and a name dropped when another of the same status says all it says and more."""
    rank = {"proposed": 0, "agreed": 1, "signed": 2}
    best: dict[str, Agreement] = {}
    for a in agreements:
        key = a.name.lower()
        if key not in best or rank[a.status] > rank[best[key].status]:
            best[key] = a
    kept = list(best.values())
    return tuple(a for a in kept if not any(b is not a and b.status == a.status and covers(b.name, a.name)
                                            for b in kept))


def covers(longer: str, shorter: str) -> bool:
    """True when every content word of shorter is in longer, and longer has more."""
    a, b = content_words(longer), content_words(shorter)
    return bool(b) and b < a


def content_words(name: str) -> set[str]:
    """The lower-cased words of a name longer than two letters."""
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) > 2}


def topics_of(text: str) -> tuple[str, ...]:
    """The topics the text touches."""
    return tuple(name for name, pattern in rules().topics if pattern.search(text))
