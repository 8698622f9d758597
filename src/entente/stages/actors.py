"""Actors: the people of one article, with country and office, and every place they are named.

People are found by title patterns ('Singaporean Foreign Minister Vivian Balakrishnan'),
honorifics ('Mr Son'), counterpart phrases ('his Vietnamese counterpart Bui Thanh Son') and
spaCy PERSON entities, then later mentions (surname, given name, 'Dr X', 'Deputy PM X') are
resolved to the person first introduced. Name order is handled generally: a one-word mention
matches the last word of a full name first (the given name in Vietnamese names, the surname in
Western ones), then the first (the family name in Chinese and Korean names).
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise

from spacy.tokens import Doc

from entente.stages.gazetteer import country_alternation, find_places, lookup_country, lookup_place, posting_alternation

NAME_WORD = r"(?:[A-Z][a-z]?\.|(?:(?:al|el|ad|as|ash|az|bin|ibn|abu)-)?[A-ZÀ-ÝĐ][\w'’-]*[\w])"  # 'al-Harthi'
APOSTROPHE_S = r"['’]s"
# Every country name and demonym opens with a capital or 'the ', and so does every title: this
# guard lets a scan pass over other positions at once (the same matches, several times faster).
OPENS_COUNTRY_OR_TITLE = r"(?=[A-ZÀ-ÝĐ]|the\s)"


@dataclass(frozen=True)
class Person:
    """A person of one article. Fields: name (full, as first introduced), country (ISO3 or
    None), office (canonical, as held in the article's time)."""

    name: str
    country: str | None
    office: str | None


@dataclass(frozen=True)
class Ref:
    """One place a person is named. Fields: start, end (char offsets), name (the person's key), quoted
    (named inside a quotation: by the one quoted, not by the report)."""

    start: int
    end: int
    name: str
    quoted: bool = False


@dataclass(frozen=True)
class Cast:
    """The people of one article. Fields: persons (by name), refs (in text order)."""

    persons: dict[str, Person]
    refs: tuple[Ref, ...]

    def refs_between(self, start: int, end: int) -> list[Ref]:
        """The refs inside [start, end)."""
        return [r for r in self.refs if start <= r.start and r.end <= end]


@dataclass(frozen=True)
class Titled:
    """A name found with what stood before it. Fields: start, end (of the name), name, office,
    country, counterpart (True for 'his X counterpart NAME')."""

    start: int
    end: int
    name: str
    office: str | None
    country: str | None
    counterpart: bool = False


@dataclass(frozen=True)
class OfficeTables:
    """Compiled office data. Fields: title (regex of one title), canon (pattern -> canonical),
    honorific (regex), not_name (words that are never part of a name), particles (the lower-case words
    inside a name: 'bin', 'von', 'da'), lead_words (capitalised words a name never opens with: 'His', 'Crown'),
    institution_heads (words that make a run of names a body's: 'Council'), org_heads (patterns of the heads of an
    organisation an officer's title names)."""

    titles: tuple[tuple[re.Pattern[str], str], ...]
    title_alternation: str
    honorifics: str
    not_name: frozenset[str]
    particles: frozenset[str]
    lead_words: tuple[str, ...]
    institution_heads: frozenset[str]
    org_heads: tuple[str, ...]


@cache
def office_tables() -> OfficeTables:
    """The office data of data/offices.toml, compiled once."""
    raw = tomllib.loads(resources.files("entente.data").joinpath("offices.toml").read_text("utf-8"))
    sources = [t["pattern"].replace("{portfolio}", raw["portfolio"]) for t in raw["titles"]]
    titles = tuple((re.compile(rf"(?:{p})$"), t["canonical"]) for p, t in zip(sources, raw["titles"], strict=True))
    modifiers = "|".join(re.escape(m) for m in raw["modifiers"])
    one = "|".join(f"(?:{p})" for p in sources)
    alternation = rf"(?:(?:{modifiers})\s+)*(?:{one})"
    honorifics = "|".join(re.escape(h) for h in raw["honorifics"])
    return OfficeTables(titles, alternation, honorifics, frozenset(raw["not_name"]), frozenset(raw["particles"]),
                        tuple(raw["lead_words"]), frozenset(raw["institution_heads"]), tuple(raw["org_heads"]))


RECURRING = re.compile(r"(?<![\w'’-])[A-ZÀ-ÝĐ][a-zà-ÿđ'’-]+(?:\s+[A-ZÀ-ÝĐ][a-zà-ÿđ'’-]+){1,2}(?![\w-])")
PLURAL_TITLES = {"presidents": "President", "prime ministers": "Prime Minister",
                 "foreign ministers": "Foreign Minister", "defence ministers": "Defence Minister",
                 "defense ministers": "Defense Minister", "leaders": "", "heads of state": "",
                 "heads of government": ""}
TWO_OFFICES = {"presidents": re.compile(r"^President"), "prime ministers": re.compile(r"^Prime Minister"),
               "foreign ministers": re.compile(r"Foreign|External"),
               "ministers": re.compile(r"(?<!Prime )Minister|Secretary"),
               "leaders": re.compile(r"^(?:President|Prime Minister|Chancellor|King|Queen|Emir|Sultan|Premier)")}
THE_TWO = re.compile(rf"\b[Tt]he\s+two\s+(?P<office>(?i:{'|'.join(TWO_OFFICES)}))\b")
MONTHS = frozenset(["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct",
                    "Nov", "Dec"])
# 'SANTIAGO (LatAm Wire) -', 'Havana, Mar 5 (Prensa Latina) The': an agency's credit opening a line, not a person
CREDIT = re.compile(r"^[A-Z][\w.'’ ,-]{1,50}?\((?P<credit>[^()\n]{2,30})\)(?:\.?\s*[–—-]|\s+(?=[A-Z]))", re.M)
LOWER_OFFICES = (r"crown prince|prime minister|foreign minister|defen[cs]e minister|interior minister|president|"
                 r"chancellor|emir|king|queen|sultan")
TITLE_MODIFIERS = frozenset(["Deputy", "Vice", "Senior", "Acting", "First", "Permanent", "Assistant"])
QUOTATION = re.compile(r"“[^”\n]{1,1000}”|\"[^\"\n]{1,1000}\"")  # what someone is quoted saying


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """The compiled actor patterns."""
    tables = office_tables()
    title = tables.title_alternation
    country = rf"(?:{country_alternation()})"
    posting = posting_alternation()
    particle = "|".join(sorted(tables.particles, key=len, reverse=True))
    name = rf"{NAME_WORD}(?:[^\S\n]+(?:(?:{particle})[^\S\n]+)?{NAME_WORD}){{0,4}}"  # never across lines
    org_heads = "|".join(tables.org_heads)
    org = rf"(?:the\s+)?(?:(?:[A-Z][\w'’-]*|\([A-Z]{{2,}}\)|of|and|for)\s+)*(?:{org_heads})(?:\s+\([A-Z]{{2,}}\))?"
    office = rf"(?P<office>{title}(?:\s+(?:and|&)\s+{title})*)(?:\s+of\s+(?P<of>(?:the\s+)?{country}))?"
    return {
        "titled": re.compile(
            rf"{OPENS_COUNTRY_OR_TITLE}(?:(?P<owner>{country}){APOSTROPHE_S}\s+|(?P<dem>{country})\s+)?{office}"
            rf"(?:\s+to\s+(?:the\s+)?(?:{posting}))?,?\s+"  # 'Indian High Commissioner to Maldives, Munu Mahawar'
            rf"(?:(?:{tables.honorifics})\.?\s+)*(?P<name>{name})(?:\s+of\s+(?P<after>(?:the\s+)?{country}))?"),
        "postnominal": re.compile(
            rf"(?P<name>{name}),\s+(?:the\s+)?(?:(?P<owner>{country}){APOSTROPHE_S}\s+|(?P<dem>{country})\s+)?"
            rf"{office}(?=[,;.)]|\s+of\s|['’]s\s)"),  # "X, Chairman of Kyrgyzstan's State Committee"
        "owned": re.compile(rf"\b{OPENS_COUNTRY_OR_TITLE}(?P<owner>{country}){APOSTROPHE_S}\s+(?P<name>{name})"),
        "counterpart": re.compile(
            rf"\b(?:his|her|their)\s+(?:(?P<dem>{country})\s+counterparts?|counterparts?\s+from\s+(?:the\s+)?"
            rf"(?P<from>{country})),?\s+(?:(?P<office>{title}),?\s+)?(?P<name>{name})"),
        "unnamed_counterpart": re.compile(  # 'Speaking to his Azerbaijani counterpart, Putin ...'
            rf"\b(?:his|her)\s+(?:(?P<dem>{country})\s+counterpart|counterpart\s+from\s+(?:the\s+)?(?P<from>{country}))"
            rf"\b(?!s)"),
        "lower_office": re.compile(rf"\b[Tt]he\s+(?:(?P<dem>{country})\s+)?(?P<acronym>)(?P<office>{LOWER_OFFICES})\b"
                                   rf"(?!\s+(?:of\b|and\b|[A-Z]))"),  # 'the Polish foreign minister said'
        "office_alone": re.compile(rf"\b(?:[Tt]he\s+(?:(?P<dem>{country})\s+)?(?P<office>{title})|"
                                   rf"(?P<acronym>EAM|FM|DPM))\b(?!\s+(?:of\b|and\b|[A-Z]))"),
        "office_plural": re.compile(rf"\b[Tt]he\s+(?P<office>{'|'.join(PLURAL_TITLES)})\s+of\s+(?:the\s+)?"
                                    rf"(?P<a>{country})\s+and\s+(?:the\s+)?(?P<b>{country})\b", re.I),
        # not the 'General' of 'Governor-General X'
        "honorific": re.compile(rf"(?<![\w-])(?:{tables.honorifics})\.?\s+(?P<name>{name})"),
        "org_office": re.compile(rf"\b(?P<office>(?:(?:Deputy|Vice)\s+)?(?:President|Chairman|Chairwoman|Chairperson|"
                                 rf"Head|Secretary[ -]General|Director[ -]General|Chief|Leader)\s+of\s+{org})"
                                 rf",?\s+(?P<name>{name})"),
    }


def fold(text: str) -> str:
    """Lower-case ASCII form of a name, for comparing spellings ('Bùi' == 'Bui')."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def is_acronym(word: str) -> bool:
    """True for a word in capitals that is no surname printed in capitals ('VNA', 'NATO'; not 'SHAVA'):
    three letters or fewer, or an organisation's name."""
    return word.isupper() and len(word) > 1 and (len(word) <= 3 or bool(find_places(word)))


@cache
def institution_after() -> re.Pattern[str]:
    """The rest of a body's name after a name the tagger cut before it ('Supreme National' of '... Security
    Council')."""
    heads = "|".join(sorted(office_tables().institution_heads))
    return re.compile(rf"['’]?(?:\s+[A-Z][\w'’-]*){{0,3}}\s+(?:{heads})\b")


def trim_name(name: str, not_name: frozenset[str]) -> str:
    """A name cut at the first word that cannot be part of one (a month, 'Photo', a title) or that repeats
    the word before it."""
    words, tables = name.split(), office_tables()
    particles = tables.particles
    if any(w.rstrip(".,;:") in tables.institution_heads for w in words[1:]):
        return ""  # 'Supreme National Security Council', 'the Lee Jae Myung Administration': a body's name
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.rstrip(".,;:")
        if bare in MONTHS and not (word.endswith(".") or (i + 1 < len(words) and words[i + 1][:1].isdigit())):
            kept.append(word)  # 'Jan Kowalczyk', 'Theresa May': a month name only before a day is a date
            continue
        if kept and bare[:1].islower() and bare.split("-")[0].lower() not in particles:
            break  # 'the Lee Jae Myung administration': the tagger's person runs on into a common noun
        if bare in not_name or lookup_country(bare) or (is_acronym(bare) and len(kept) > 0):
            break
        if len(kept) >= 2 and bare == kept[-1]:
            break  # a word printed twice ('Xi Jinping Jinping') ends the name; not 'Mbella Mbella'
        if re.search(r"['’]s$", word):  # "Chaturvedi's greetings": the name ends here
            kept.append(word[:-2])
            break
        kept.append(word)
    while kept and kept[-1].lower() in particles:
        kept.pop()
    return " ".join(kept).rstrip(".,;:'’")


def canonical_office(raw: str) -> str | None:
    """The canonical name of an office phrase ('Foreign Minister' -> 'Minister for Foreign Affairs')."""
    parts = [p.strip() for p in re.split(r"\s+(?:and|&)\s+(?=[A-Z])", raw.strip())]
    return " and ".join(canonical_title(p) for p in parts if p) or None


def canonical_title(raw: str) -> str:
    """The canonical name of one title with its modifiers."""
    words = raw.split()
    modifiers: list[str] = []
    while words and words[0] in TITLE_MODIFIERS and len(words) > 1:
        rest = " ".join(words[1:])
        whole = match_title(" ".join(words))
        if whole and whole != match_title(rest):
            break
        modifiers.append(words.pop(0))
    core = " ".join(words)
    return " ".join([*modifiers, match_title(core) or core])


def match_title(text: str) -> str | None:
    """Canonical form of a bare title, or the title itself where the data gives none."""
    for pattern, canonical in office_tables().titles:
        if pattern.match(text):
            return canonical or text
    return None


def country_of(owner: str | None, demonym: str | None, of: str | None) -> str | None:
    """The country an office phrase names: 'Singapore's', 'Singaporean', 'of Singapore'."""
    for text in (owner, demonym, of):
        if text:
            code = lookup_country(text) or lookup_country(text.split()[-1]) or lookup_country(text.split()[0])
            if code:
                return code
    return None


@lru_cache(maxsize=256)  # asked for by the NER sentence choice and again by find_cast
def find_titled(text: str) -> tuple[Titled, ...]:
    """Names introduced with an office, a counterpart phrase or an organisation post."""
    not_name = office_tables().not_name
    found: list[Titled] = []
    taken: list[tuple[int, int]] = []
    for match in patterns()["org_office"].finditer(text):
        name = trim_name(match["name"], not_name)
        if name:
            taken.append(match.span())
            found.append(Titled(match.start("name"), match.start("name") + len(name), name,
                                " ".join(match["office"].split()), None))
    titled_names = [m.span("name") for m in patterns()["titled"].finditer(text)]
    for match in patterns()["postnominal"].finditer(text):
        at = match.start("name")
        start, name = strip_lead(at, match["name"], text[max(0, at - 2):at])
        name = trim_name(name, not_name)
        introduced = any(s < start + len(name) and start < e for s, e in titled_names)  # 'Envoy to X A, Minister B'
        if name and not introduced and not match_title(name) and not lookup_place(name):
            taken.append((match.start("office"), match.end("office") + 1))
            found.append(Titled(start, start + len(name), name, canonical_office(match["office"]),
                                country_of(match["owner"], match["dem"], match["of"])))
    for match in patterns()["titled"].finditer(text):
        name = trim_name(match["name"], not_name)
        if not name or match_title(name) or any(s <= match.start("name") <= e or s <= match.start("office") < e
                                                for s, e in taken):
            continue
        country = country_of(match["owner"], match["dem"], match["of"] or match["after"])
        found.append(Titled(match.start("name"), match.start("name") + len(name), name,
                            canonical_office(match["office"]), country))
    for match in patterns()["owned"].finditer(text):  # "Indonesia's Ratna Wulandari"
        name = trim_name(match["name"], not_name)
        if len(name.split()) >= 2 and not any(match_title(w) for w in name.split()) and not lookup_place(name):
            found.append(Titled(match.start("name"), match.start("name") + len(name), name, None,
                                lookup_country(match["owner"])))
    for match in patterns()["counterpart"].finditer(text):
        name = trim_name(match["name"], not_name)
        if name:
            office = canonical_office(match["office"]) if match["office"] else None
            found.append(Titled(match.start("name"), match.start("name") + len(name), name, office,
                                lookup_country(match["dem"] or match["from"]), counterpart=True))
    places = [(start, end) for start, end, *_ in find_places(text)]  # 'the Prime Minister of Saint Vincent and ...'
    return tuple(t for t in found if not any(start <= t.start < end for start, end in places))


def known_name_spans(text: str) -> list[tuple[int, int]]:
    """Where the title, counterpart and honorific patterns find a name."""
    honorific = patterns()["honorific"]
    return [(t.start, t.end) for t in find_titled(text)] + [m.span("name") for m in honorific.finditer(text)]


def strip_lead(start: int, name: str, before: str = "") -> tuple[int, str]:
    """A name without the honorifics and function words it opens with ('His Excellency Turki
    Al-Otaibi' -> 'Turki Al-Otaibi'), and its new start; before: the text just before the name (an
    'E. ' after 'H.' is the tail of 'H.E.')."""
    if before.endswith("H.") and name.startswith("E. "):
        start, name = start + 3, name[3:]
    tables = office_tables()
    lead = re.match(rf"(?:(?:[A-Z]\.\s+(?=(?:{tables.honorifics})\.?\s))?(?:{tables.honorifics}|"
                    rf"{'|'.join(tables.lead_words)})\.?\s+)*", name)
    # 'E. Ms. Dewi' is the tail of 'H.E. Ms. Dewi'; the tagger's person may open with the 'Crown' of 'Crown Prince X'
    # or the 'Staff' of 'Chief of Staff X'
    cut = lead.end() if lead else 0
    return start + cut, name[cut:]


def find_named(text: str, doc: Doc | None) -> list[tuple[int, int, str]]:
    """Other name candidates: honorific + name, and spaCy PERSON entities (extended leftwards)."""
    not_name = office_tables().not_name
    found = []
    for match in patterns()["honorific"].finditer(text):
        name = trim_name(match["name"], not_name)
        if name:
            found.append((match.start("name"), match.start("name") + len(name), name))
    found += confirmed_full_names(text, {n for _, _, n in found if len(n.split()) == 1})
    found += recurring_names(text)
    for ent in doc.ents if doc is not None else ():
        if ent.label_ == "PERSON":
            start, name = strip_lead(ent.start_char, text[ent.start_char:ent.end_char],  # 'Prince Faisal ...'
                                     text[max(0, ent.start_char - 2):ent.start_char])
            start = extend_left(text, start, not_name) if start == ent.start_char else start
            start = after_place(text, start, ent.end_char)
            name = trim_name(text[start:ent.end_char], not_name)
            if (name and not match_title(name) and not lookup_place(name) and not lookup_country(name)
                    and not opens_place(text, start, name) and not institution_after().match(text, start + len(name))):
                found.append((start, start + len(name), name))
    return found


def after_place(text: str, start: int, end: int) -> int:
    """Where a name the tagger ran on from a place starts ('the ambassador to Baku Mikhail Yevdokimov'):
    after the place, when two words or more follow it ('Israel Katz' stays whole)."""
    first, _, rest = text[start:end].partition(" ")
    if len(rest.split()) >= 2 and (lookup_place(first) or lookup_country(first)):
        return start + len(first) + 1
    return start


def opens_place(text: str, start: int, name: str) -> bool:
    """True when the words are the start of a longer place name ('Papua New' of 'Papua New Guinea')."""
    first = next(iter(find_places(text[start:start + len(name) + 30])), None)
    return first is not None and first[0] == 0 and first[1] > len(name)


def confirmed_full_names(text: str, surnames: set[str]) -> list[tuple[int, int, str]]:
    """Full names whose last word an honorific shows to be a name: 'Mr Girard' makes a person of
    'Antoine Girard' even where the tagger reads it as an organisation."""
    not_name = office_tables().not_name
    found = []
    for surname in surnames:
        for match in re.finditer(rf"(?<![\w'’-])((?:[A-ZÀ-ÝĐ][\w'’-]+\s+){{1,2}}){re.escape(surname)}\b", text):
            words = strip_lead(0, match.group(0))[1].split()[:-1]  # 'Datuk Seri Hashim' names no given name
            while words and (words[0] in not_name or lookup_place(words[0]) or match_title(words[0])):
                words.pop(0)
            if words and not any(w in not_name or match_title(w) for w in words):
                start = match.end() - len(surname) - len(" ".join(words)) - 1
                found.append((start, match.end(), text[start:match.end()]))
    return found


def recurring_names(text: str) -> list[tuple[int, int, str]]:
    """Two or three capitalised words whose last one the text uses again on its own ('Rebecca
    Thornton ... Thornton raised'): a name even where the tagger saw none. Offices, places,
    countries and words that are never names are left out."""
    not_name = office_tables().not_name
    found = []
    for match in RECURRING.finditer(text):
        start, name = strip_lead(match.start(), match.group(0))  # 'Colonel Abdoulaye Maiga': his name is two words
        words = name.split()
        if len(words) < 2:
            continue  # 'Prince Faisal (bin Farhan)': an honorific and one word of the name
        if lookup_country(name) or any(w in not_name or lookup_place(w) or lookup_country(w) or match_title(w)
                                       for w in words):
            continue  # 'South African' is a demonym of two words
        if used_alone(words[-1], text, match.end()):
            found.append((start, match.end(), name))
    return found


def used_alone(word: str, text: str, after: int) -> bool:
    """True when the word comes again after `after` without a capitalised word before it."""
    for match in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", text[after:]):
        before = text[after:after + match.start()].rstrip(" ")
        if not re.search(r"[A-ZÀ-ÝĐ][\w'’-]*$", before):
            return True
    return False


def extend_left(text: str, start: int, not_name: frozenset[str]) -> int:
    """Move a name's start left over capitalised words the tagger cut off ('Do' of 'Do Van Chien')."""
    tables = office_tables()
    while True:
        match = re.search(r"([A-ZÀ-ÝĐ][\w'’-]*)\s+$", text[max(0, start - 40):start])
        if not match or match.group(1) in not_name or match.group(1) in tables.lead_words \
                or lookup_country(match.group(1)) or match_title(match.group(1)) \
                or re.fullmatch(tables.honorifics, match.group(1)):  # 'Senator' of 'Senator Whitlam'
            return start
        preceding = text[max(0, start - 40):start][:match.start()]
        if not preceding.strip() or re.search(r"[.!?:;\n]\s*$", preceding):
            return start  # a capitalised word opening the sentence is not known to be a name
        start -= len(text[max(0, start - 40):start]) - match.start()


def same_person(short: str, full: str) -> bool:
    """True when `short` can name the person called `full` ('Jaishankar', 'S. Jaishankar')."""
    a, b = fold(short).replace(".", "").split(), fold(full).replace(".", "").split()
    if a == b:
        return True
    if len(a) > len(b) or not a:
        return False
    if len(a) == 1:
        return False
    if a == b[:len(a)] or a == b[-len(a):]:
        return True  # 'Ahmad Faiz' of 'Ahmad Faiz Rahman', 'Ruiz Cárdenas' of 'Alejandro Ruiz Cárdenas'
    initials = zip(a[:-1], b[:-1], strict=False)
    return a[-1] == b[-1] and all(x == y or (len(x) == 1 and y.startswith(x)) for x, y in initials)


def resolve_single(word: str, persons: dict[str, Person], last_seen: dict[str, int]) -> str | None:
    """The person a one-word mention names: last name word first, then first, then any."""
    word = fold(word)
    for position in (-1, 0, None):
        hits = [name for name in persons if matches_at(word, name, position)]
        if hits:
            return max(hits, key=lambda n: last_seen.get(n, -1))
    return None


def matches_at(word: str, name: str, position: int | None) -> bool:
    """True when word is the name's word at position (any position for None)."""
    parts = fold(name).split()
    if len(parts) < 2:
        return parts == [word]
    return word in parts if position is None else parts[position] == word


def find_cast(text: str, doc: Doc | None, known: Sequence[tuple[int, int, str]] = ()) -> Cast:
    """The people of an article and every place each is named; known: where it names people the
    office-holder table knows (resolve.table_names_in), found even where the tagger missed them."""
    titled = find_titled(text)
    # where a title introduces a name, the title knows where the name starts ('Secretary of Economy X')
    named = [(s, e, n, None) for s, e, n in [*find_named(text, doc), *known]
             if not any(s < t.end and t.start < e and s != t.start for t in titled)]
    candidates = sorted([(t.start, t.end, t.name, t) for t in titled] + named, key=lambda c: (c[0], -c[1]))
    credits = [m.span("credit") for m in CREDIT.finditer(text)]
    candidates = [c for c in candidates if not any(s <= c[0] and c[1] <= e for s, e in credits)]
    persons = build_persons(candidates)
    share_countries(titled, persons, text)
    refs: list[Ref] = []
    last_seen: dict[str, int] = {}
    for start, end, name, info in candidates:
        if any(r.start <= start < r.end for r in refs):
            continue
        key = lookup(name, persons, last_seen)
        if key is None and info is not None:
            key = name  # a one-word name with a title: 'President Cuong'
            persons[key] = Person(name, info.country, info.office)
        if key:
            refs.append(Ref(start, end, key))
            last_seen[key] = start
    refs += bare_refs(text, persons, refs)
    apply_counterpart_offices(titled, persons, refs, text)
    refs += office_refs(text, persons, refs)
    refs += counterpart_refs(text, persons, refs)
    refs += plural_office_refs(text, persons, refs)
    refs += the_two_refs(text, persons, refs)
    quotes = [m.span() for m in QUOTATION.finditer(text)]
    refs = [replace(r, quoted=any(a < r.start and r.end < b for a, b in quotes)) for r in refs]
    return Cast(persons, tuple(sorted(refs, key=lambda r: r.start)))


JOINED = re.compile(r"\s*,?\s+(?:and|&)\s+[^.;:()\n]{0,40}")


def share_countries(titled: tuple[Titled, ...], persons: dict[str, Person], text: str) -> None:
    """'Indonesian Foreign Minister A and Defence Minister B', 'their Australian counterparts, A and B':
    a titled name joined to the one before it shares its country when its own title names none."""
    ordered = sorted({t.start: t for t in titled}.values(), key=lambda t: t.start)
    for before, after in pairwise(ordered):
        if after.country or after.name not in persons or before.name not in persons:
            continue
        between = text[before.end:after.start]
        country = persons[before.name].country
        if country and not persons[after.name].country and JOINED.fullmatch(between) and not find_places(between):
            old = persons[after.name]
            persons[after.name] = Person(old.name, country, old.office)


def build_persons(candidates: list[tuple[int, int, str, Titled | None]]) -> dict[str, Person]:
    """People from the full (two words or more) names, longest spelling as the key."""
    persons: dict[str, Person] = {}
    for _, _, name, info in candidates:
        if len(name.split()) < 2:
            continue
        key = next((k for k in persons if same_person(name, k) or same_person(k, name)), None)
        old = persons.pop(key) if key else Person(name, None, None)
        if key and len(key.split()) >= len(name.split()):
            name = key
        persons[name] = Person(name, old.country or (info.country if info else None),
                               old.office or (info.office if info else None))
    return persons


def lookup(name: str, persons: dict[str, Person], last_seen: dict[str, int]) -> str | None:
    """The key of the person a name names, or None."""
    if len(name.split()) == 1:
        return resolve_single(name, persons, last_seen)
    return next((k for k in persons if same_person(name, k) or same_person(k, name)), None)


def bare_refs(text: str, persons: dict[str, Person], refs: list[Ref]) -> list[Ref]:
    """Further mentions by one word of a known name ('Balakrishnan', 'Son' opening a sentence)."""
    words = {w for name in persons for w in fold(name).split() if len(w) >= 3}
    found: list[Ref] = []
    last_seen: dict[str, int] = {}
    for match in re.finditer(r"[A-ZÀ-ÝĐ][\w'’-]+", text):
        word = match.group(0).removesuffix("'s").removesuffix("’s")
        if fold(word) not in words or lookup_country(word) or any(r.start <= match.start() < r.end for r in refs):
            continue  # 'Israel' is the state, even in an article that names Israel Katz
        key = resolve_single(word, persons, last_seen)
        if key:
            found.append(Ref(match.start(), match.start() + len(word), key))
            last_seen[key] = match.start()
    return found


def office_refs(text: str, persons: dict[str, Person], refs: list[Ref]) -> list[Ref]:
    """Mentions by office alone ('the EAM', 'The King', 'the Portuguese President', 'the crown
    prince'): the one person of the article who holds that office (of that country, when one is
    named)."""
    found: list[Ref] = []
    lower = patterns()["lower_office"]
    for match in [*patterns()["office_alone"].finditer(text), *lower.finditer(text)]:
        raw = match["office"] or match["acronym"]  # 'the EAM', 'EAM called on ...'
        office = canonical_office(raw.title() if match.re is lower else raw)
        if any(r.start <= match.start() < r.end for r in [*refs, *found]):
            continue
        country = lookup_country(match["dem"] or "")
        holders = [k for k, p in persons.items() if holds(p, office) and (country is None or p.country == country)]
        if not holders and office == "Minister" and country:  # 'the Korean Minister': Korea's one minister
            holders = [k for k, p in persons.items() if "Minister" in (p.office or "") and p.country == country]
        if len(holders) == 1:
            found.append(Ref(match.start(), match.end(), holders[0]))
    return found


def counterpart_refs(text: str, persons: dict[str, Person], refs: list[Ref]) -> list[Ref]:
    """A counterpart named by country alone ('his Azerbaijani counterpart'): the one person of that country
    the article names."""
    found: list[Ref] = []
    at_name = {r.start: persons[r.name].country for r in refs}
    named = {m.start() for m in patterns()["counterpart"].finditer(text)  # 'his X counterpart, NAME', not
             if at_name.get(m.start("name")) == lookup_country(m["dem"] or m["from"])}  # '..., Russian President Y'
    for match in patterns()["unnamed_counterpart"].finditer(text):
        if match.start() in named or any(r.start <= match.start() < r.end for r in refs):
            continue
        country = lookup_country(match["dem"] or match["from"])
        people = [k for k, p in persons.items() if country and p.country == country]
        if len(people) == 1:
            found.append(Ref(match.start(), match.end(), people[0]))
    return found


def holds(person: Person, office: str | None) -> bool:
    """True when the person holds the office, alone or as one of joint offices."""
    return office is not None and office in (person.office or "").split(" and ")


def plural_office_refs(text: str, persons: dict[str, Person], refs: list[Ref]) -> list[Ref]:
    """'The presidents of Poland and Ukraine met ...': each country's name stands for the one
    person of the article who holds that office for that country."""
    found: list[Ref] = []
    for match in patterns()["office_plural"].finditer(text):
        office = canonical_office(PLURAL_TITLES.get(match["office"].lower(), ""))
        for group in ("a", "b"):
            country = lookup_country(match[group])
            holders = [k for k, p in persons.items() if p.country == country and (office is None or p.office == office)]
            if len(holders) == 1 and not any(r.start <= match.start(group) < r.end for r in refs):
                found.append(Ref(match.start(group), match.end(group), holders[0]))
    return found


def the_two_refs(text: str, persons: dict[str, Person], refs: list[Ref]) -> list[Ref]:
    """'The two Presidents held talks ...': the two people of the article holding such an office
    ('The two' stands for the first, the office word for the second)."""
    found: list[Ref] = []
    for match in THE_TWO.finditer(text):
        word = match["office"].lower()
        holders = [k for k, p in persons.items() if p.office and TWO_OFFICES[word].search(p.office)]
        if len(holders) == 2 and not any(match.start() <= r.start < match.end() for r in refs):
            found += [Ref(match.start(), match.start("office") - 1, holders[0]),
                      Ref(match.start("office"), match.end(), holders[1])]
    return found


def apply_counterpart_offices(titled: tuple[Titled, ...], persons: dict[str, Person], refs: list[Ref],
                              text: str) -> None:
    """'X met his Vietnamese counterpart Y': Y holds the office X holds, unless the text names
    Y's office later ('The Maldivian Foreign Minister', the one person of that country)."""
    for item in titled:
        if not item.counterpart:
            continue
        before = [r for r in refs if r.end <= item.start and item.start - r.end < 200]
        holder = next((persons[r.name] for r in reversed(before) if persons[r.name].office), None)
        target = next((r.name for r in refs if r.start == item.start), None)
        if holder and target and not persons[target].office:
            old = persons[target]
            persons[target] = Person(old.name, old.country, named_office(text, old, persons) or holder.office)


def named_office(text: str, person: Person, persons: dict[str, Person]) -> str | None:
    """The office a 'the <Demonym> <Office>' mention gives the one person of the article from
    that country."""
    if person.country is None or [p.country for p in persons.values()].count(person.country) != 1:
        return None
    for match in patterns()["office_alone"].finditer(text):
        if match["dem"] and lookup_country(match["dem"]) == person.country and match["office"]:
            return canonical_office(match["office"])
    return None
