"""Parties: who acts on whom in an event sentence, read from its dependency parse.

The event's word (its trigger) is the word of the sentence the detector weighs most for the type.
From it the parse gives the sides: the subject (or a passive's agent, or a noun's possessor, or
the speaker of a reported act) acts; the object, the object of a preposition ('sanctions on X',
'talks with X'), a passive's subject or 'between A and B' is acted on; coordination gives more
than one party. A side is a person (a PERSON entity, with the country and office the article gives
them) or a state (a country, capital or demonym, with its ministry, army or government as office).
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from entente.stages.actors import Cast, find_titled
from entente.stages.gazetteer import find_places, lookup_country
from entente.stages.resolve import holder, lookup, same_person
from entente.types import Actor

SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj"])
OBJECTS = frozenset(["dobj", "dative", "attr", "oprd"])
CLIMB = frozenset(["xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "ccomp", "dobj", "pobj", "prep", "appos",
                   "npadvmod", "attr", "advmod", "amod", "compound", "nsubj", "nsubjpass"])
BOTH_SIDES = re.compile(r"\b(?:both|the two|each)\s+(?:sides?|countries|country|nations?|neighbou?rs|"
                        r"governments?|armies|militaries|capitals|states?)\b", re.I)
THE_PAIR = re.compile(r"^(?:the|both)\s+(?:two\s+)?(?:(?:foreign|defen[cs]e|trade)\s+)?(?:ministers|leaders|presidents|"
                      r"prime\s+ministers|heads\s+of\s+state|counterparts)$", re.I)
STATE_KINDS = frozenset(["country", "demonym", "people", "capital", "seat"])  # people: 'killed four Iraqis'
CONTENT_POS = frozenset(["VERB", "NOUN", "ADJ"])
VERBS = frozenset(["VERB"])
MIN_DROP = 0.1  # a word whose removal lowers the type's log-odds less than this is not its trigger
Scorer = Callable[[str, list[tuple[int, int]]], Sequence[float]]  # text, cuts: its figure and each cut's
SYMMETRIC = frozenset(["CONSULT", "AGREE", "COOPERATE"])
VERBAL = frozenset(["ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT"])
OWN_FORCES = frozenset(["RETREAT", "MOBILIZE"])  # acts a state does with its own forces
MUTUAL = SYMMETRIC | OWN_FORCES | {"ASSAULT"}  # acts two states named together can do to each other ('clashed')
HOSTILE = frozenset(["ASSAULT", "COERCE"])  # deeds whose telling by another state blames the doer
AT_THE_STATE = frozenset(["SANCTION"])  # acts aimed at a state even when told of its envoy ('expelled its ambassador')
PROMISES = frozenset(["AID", "THREATEN", "SANCTION"])  # a pledge of aid, a threat, a sanction decided: done when told
ONE_PERSON = frozenset(["he", "she"])
RELATIVES = frozenset(["who"])  # a person; "which" as often heads a treaty or a place
NEXT_WORD = re.compile(r"\s+(\w+)")
QUOTE_REACH = 300  # characters from a quoted sentence to the name of the one who said it
NEAR = 400  # characters: a 'he' or 'she' further from the last person named before it stays unresolved


@dataclass(frozen=True)
class Cues:
    """The parse cues of data/parties.toml."""

    reporting: frozenset[str]
    unreal_heads: frozenset[str]
    unreal_aux: frozenset[str]
    target_preps: frozenset[str]
    topic_nouns: frozenset[str]
    topic_preps: frozenset[str]
    collective_heads: frozenset[str]
    non_state_heads: frozenset[str]
    state_roles: frozenset[str]
    topic_verbs: frozenset[str]
    forces_heads: frozenset[str]
    promising_heads: frozenset[str]
    future_aux: frozenset[str]
    travel_verbs: frozenset[str]
    state_compounds: frozenset[str]
    judging_verbs: frozenset[str]
    speech_acts: frozenset[str]
    anaphor_heads: frozenset[str]
    summoning_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    time_preps: frozenset[str]
    speech_nouns: frozenset[str]
    unreal_nouns: frozenset[str]
    envoy_offices: frozenset[str]
    goods_heads: frozenset[str]
    allegation_verbs: frozenset[str]
    demanding_verbs: frozenset[str]
    document_heads: frozenset[str]
    group_heads: frozenset[str]
    portfolio_titles: frozenset[str]


@cache
def cues() -> Cues:
    """The parse cues, loaded once."""
    raw = tomllib.loads(resources.files("entente.data").joinpath("parties.toml").read_text("utf-8"))
    return Cues(*(frozenset(raw[f.name]) for f in fields(Cues)))


@dataclass(frozen=True, slots=True)
class Parties:
    """The sides of one event. Fields: source and target actors (for symmetric types, the two sides
    with no direction), trigger (the event word), directed (False for meetings and agreements)."""

    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    trigger: str
    directed: bool


def choose_triggers(sentence: Doc | Span, score: Scorer) -> list[Token]:
    """The words the type may rest on, best first: the one whose removal lowers the detector's log-odds
    of the type most, then the other verbs that lower them enough ('X recalled its envoys and demanded
    that Y recall theirs': the second is no act done, the first is). Verbs come before any other word (the
    predicate carries the parties; a noun only when no verb matters to the type); a verb of speech that
    can be an act competes with the nouns ('X warned Turkey would impose sanctions': the warning is the
    threat; 'voiced alarm, alleging that Y shelled ...': the alleging is the accusation; 'said' carries who
    speaks, never the act), and after the other verbs ('voiced alarm, alleging that Y shelled ...': where
    'voiced' gives no sides, 'alleging' does); the names of actors are never the act ('the ministry'). Words
    of one lemma weigh the same: each loses little alone, as the other keeps their n-grams, and the first
    told comes first."""
    c = cues()
    actors = c.collective_heads | c.state_roles  # who acts is never the act ('the ministry voiced alarm')
    words = [t for t in sentence if t.pos_ in CONTENT_POS and not t.is_stop and not t.ent_type_
             and t.lower_ not in actors and not describes_a_noun(t)]
    if not words:
        return []
    text = sentence.text
    base, *without = (logit(p) for p in score(text, [(t.idx, t.idx + len(t.text)) for t in words]))
    drops = {t.i: base - p for t, p in zip(words, without, strict=True)}
    prefixes = {t: stem for t in words if (stem := hyphened_word(t)) is not None}
    for prefix, stem in prefixes.items():  # 'co' of 'co-chaired' is the verb's: the act rests on 'chaired'
        drops[stem.i] = max(drops.get(stem.i, 0.0), drops[prefix.i])
    words = [t for t in words if t not in prefixes]
    by_lemma: dict[str, float] = {}
    for t in words:  # 'recalling its envoy and demanded that Y recall theirs': each 'recall' shares the other's n-grams
        lemma = t.lemma_.lower()
        by_lemma[lemma] = max(by_lemma.get(lemma, drops[t.i]), drops[t.i])
    drops.update({t.i: by_lemma[t.lemma_.lower()] for t in words})
    acts = [t for t in words if t.lemma_.lower() not in c.reporting]
    speech = [t for t in words if t.lemma_.lower() in c.speech_acts and t.pos_ in VERBS]
    def rank(tokens: list[Token]) -> list[Token]:
        return sorted((t for t in tokens if drops[t.i] >= MIN_DROP), key=lambda t: -drops[t.i])

    spoken = rank(speech)
    for choices in ([t for t in acts if t.pos_ in VERBS], acts + speech):
        ranked = rank(choices)
        if ranked:
            verbs = [ranked[0], *(t for t in ranked[1:] if t.pos_ in VERBS)]
            return verbs + [t for t in spoken if t not in verbs]
    return []


def describes_a_noun(token: Token) -> bool:
    """True for a participle that modifies a noun ('the army-backed government', 'neighbouring Chad'): it
    describes who is named, it tells no act."""
    return token.dep_ == "amod" and token.pos_ == "VERB"


def hyphened_word(token: Token) -> Token | None:
    """The word a prefix is joined to by a hyphen ('co' of 'co-chaired': 'chaired'), or None."""
    doc = token.doc
    if token.i + 2 >= len(doc) or token.whitespace_ or doc[token.i + 1].text != "-" or doc[token.i + 1].whitespace_:
        return None
    return doc[token.i + 2]


def deed_of(trigger: Token | None, score: Scorer) -> Token | None:
    """The act done when the word the type rests on only tells its purpose ('police stormed the embassy
    to arrest him': the storming): the verb in the past the purpose clause hangs on, when the type rests
    on it too and it is no move or speech ('travelled to Makassar to visit a project' is no visit done)."""
    if trigger is None or not is_purpose(trigger):
        return trigger
    head = trigger.head
    c = cues()
    if head.tag_ != "VBD" or head.lemma_.lower() in c.reporting | c.travel_verbs:
        return trigger
    text = head.doc.text
    with_it, without = score(text, [(head.idx, head.idx + len(head.text))])
    return head if logit(with_it) - logit(without) >= MIN_DROP else trigger


def is_purpose(token: Token) -> bool:
    """True for the verb of a purpose clause ('... to arrest the former vice president')."""
    return token.dep_ == "advcl" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in token.children)


def logit(probability: float) -> float:
    """Log-odds, bounded (removing a word from a near-certain sentence still moves them)."""
    p = min(max(probability, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def is_unreal(trigger: Token, event_type: str = "") -> bool:
    """True for an act not reported as done: negated, future, hypothetical or only planned, or an event
    noun that is only the topic of something else ('concerns about China's support for ...'). A pledge
    of aid or a threat is done when it is made: for those types a future told under a verb of saying or
    promising is the act ('announced that the country would provide aid', 'vowed to retaliate')."""
    c = cues()
    telling = speech_verb(trigger)
    if event_type == "ACCUSE" and telling is not None:
        return is_unreal(telling)  # 'X said Y had shelled its villages': the saying is the accusation
    if trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ in c.topic_preps:
        return True
    if is_judged(trigger):
        return True
    if any(a.lemma_.lower() in c.topic_nouns for a in list(trigger.ancestors)[:4]):
        return True
    if (trigger.tag_ == "VBN" and any(ch.lower_ == "had" and ch.dep_ == "aux" for ch in trigger.children)
            and telling is None):
        return True  # 'which Athens had criticised': told as what happened before; not 'X said it had recalled'
    promised = event_type in PROMISES and is_promised(trigger)
    token: Token | None = trigger
    for _ in range(6):
        if token is None:
            break
        for ch in token.children:
            future = ch.dep_ == "aux" and ch.lower_ in c.unreal_aux and not (promised and ch.lower_ in c.future_aux)
            if ch.dep_ == "neg" or future:
                return True
        lemma = token.lemma_.lower()
        if (token is not trigger and lemma in c.unreal_heads and token.pos_ in {"VERB", "ADJ", "AUX"}
                and not (promised and lemma in c.promising_heads)):
            return True
        if (token.dep_ == "acl" and token.head.lemma_.lower() in c.unreal_nouns and token.head.pos_ == "NOUN"
                and event_type != "THREATEN"):
            return True  # 'threats by the US to impose tariffs' (the threat is a THREATEN), 'plans to visit'
        if is_purpose(token):
            return True  # 'travelled to Makassar to visit a project': a purpose, not a deed
        # 'pledged to collaborate and support X': both planned; 'it will connect X while respecting Y': Y's time is X's
        participle = token.dep_ == "advcl" and token.tag_ == "VBG" and not any(
            ch.dep_ in SUBJECTS for ch in token.children)
        if token.dep_ not in {"xcomp", "dobj", "pobj", "pcomp", "prep", "agent", "acl", "compound", "amod", "ccomp",
                              "nsubj", "nsubjpass", "conj"} and not participle:
            break
        if token.dep_ == "pcomp" and token.head.lower_ in c.time_preps:
            break  # 'refused ..., before reversing course': a deed of its own time
        token = token.head if token.head.i != token.i else None
    return False


def speech_verb(trigger: Token) -> Token | None:
    """The verb of saying in the past an act's clause is told under, if any ('X said Y ...', 'alleging that Y ...')."""
    reporting = cues().reporting
    return next((a for a in trigger.ancestors if a.lemma_.lower() in reporting and a.pos_ == "VERB"
                 and a.tag_ in {"VBD", "VBN", "VBG"}), None) if trigger.dep_ != "ROOT" else None


def is_judged(trigger: Token) -> bool:
    """True for an act named as what another is praised or blamed for ('praised Saudi Arabia for its aid',
    'accused Rwanda of deploying troops'): the judging is the act reported, the deed is its reason."""
    judging = cues().judging_verbs
    for token in [trigger, *trigger.ancestors][:6]:
        prep = token.head
        if token.dep_ == "conj":
            return False  # 'accused X of ... and declared him persona non grata': a deed of its own
        if (token.dep_ in {"pobj", "pcomp"} and prep.dep_ == "prep" and prep.lower_ in {"for", "of"}
                and prep.head.pos_ == "VERB" and prep.head.lemma_.lower() in judging):
            return True
    return False


def is_promised(trigger: Token) -> bool:
    """True when the act's own verb, or the verb above it, is one of saying or promising in the past ('said it
    would', 'pledged to', 'warned that it would'; for a noun, the verb of its clause: 'aid' of 'provide aid')."""
    c = cues()
    verbs = c.reporting | c.promising_heads
    own_and_above = [a for a in [trigger, *trigger.ancestors] if a.pos_ in VERBS][:2]  # 'said it would provide aid'
    return any(a.lemma_.lower() in verbs and a.tag_ in {"VBD", "VBN"}
               and not any(ch.dep_ in {"aux", "auxpass"} and ch.lower_ in c.unreal_aux for ch in a.children)
               for a in own_and_above)


def find_parties(sentence: Doc, offset: int, event_type: str, score: Scorer, cast: Cast,
                 dyad: tuple[str, ...] = (), day: date | None = None, shared: Parties | None = None,
                 states: tuple[tuple[int, str], ...] = ()) -> Parties | None:
    """The sides of an event of event_type in a parsed sentence (offset: its first character in the
    article; dyad: the article's two main countries, which 'both sides' names; day: when, for the
    office-holder table; states: the state each sentence names first, by leading_states), or None when the
    parse gives no two sides of different countries. shared: the sides of another act the sentence
    reports, taken when this act's own word gives none (borrowed)."""
    reading = read_parties(sentence, offset, event_type, score, cast, dyad, day, states)
    return reading.parties or borrowed(reading, event_type, shared)


@dataclass(frozen=True)
class Reading:
    """What the parse says of one act in a sentence. Fields: trigger (its word, None when there is none
    or the act is not done), parties (its sides, None when the parse gives no two), accusation (for a
    hostile deed another state tells, that state's accusation of the doer: blamed_by)."""

    trigger: Token | None
    parties: Parties | None
    accusation: Parties | None = None


def read_parties(sentence: Doc, offset: int, event_type: str, score: Scorer, cast: Cast,
                 dyad: tuple[str, ...] = (), day: date | None = None,
                 states: tuple[tuple[int, str], ...] = (), starts: tuple[int, ...] = ()) -> Reading:
    """The word of an act of event_type in a parsed sentence and, when the parse gives two sides of
    different countries, its sides (the arguments are those of find_parties)."""
    deeds = (deed_of(t, score) for t in choose_triggers(sentence, score))
    known = Known(offset, cast, dyad, day, states, starts)
    real = (t for t in deeds if t is not None and not is_unreal(t, event_type) and not is_summons_as(t, event_type))
    readings = (read_sides(t, event_type, known, sentence) for t in real)
    first = next(readings, None)
    if first is None or first.parties is not None:
        return first or Reading(None, None)
    return next((r for r in readings if r.parties is not None), first)  # 'X called in Y ..., after Z was summoned'


def is_summons_as(trigger: Token, event_type: str) -> bool:
    """True when a summons is read as a sanction: calling an envoy in asks for an explanation (REQUEST),
    it punishes no one ('China called in the ambassador and lodged a complaint')."""
    called_off = any(c.dep_ == "prt" and c.lower_ == "off" for c in trigger.children)  # 'called off talks'
    return event_type == "SANCTION" and trigger.lemma_.lower() in cues().summoning_verbs and not called_off


def is_summons(trigger: Token | None) -> bool:
    """True for a word of calling an envoy in ('summoned', 'called in', 'convoked')."""
    if trigger is None or trigger.lemma_.lower() not in cues().summoning_verbs:
        return False
    return trigger.lemma_.lower() not in {"call", "invite"} or any(
        c.dep_ in {"prt", "prep"} and c.lower_ == "in" for c in trigger.children)  # the parser makes 'in' either


def read_sides(trigger: Token, event_type: str, known: Known, sentence: Doc) -> Reading:
    """The sides of the act a word tells, when the parse gives two of different countries."""
    source_tokens, target_tokens = sides(trigger, event_type, known)
    troops = [g for p in trigger.children if p.lower_ == "of" for g in p.children
              if g.dep_ == "pobj" and g.lower_ in cues().forces_heads] if trigger.pos_ == "NOUN" else []
    if event_type in OWN_FORCES and troops:  # 'announced the withdrawal of French troops': the French withdraw
        source_tokens, target_tokens = troops, [t for t in target_tokens if t not in troops]
    elif event_type in OWN_FORCES and not source_tokens:  # 'the French troops were withdrawn from Niger'
        forces = [t for t in target_tokens if t.lower_ in cues().forces_heads]
        source_tokens, target_tokens = forces, [t for t in target_tokens if t not in forces]
    named = actors_of(source_tokens, known)
    source = side_officials(named) or reporters_officials(trigger, named, known)
    source = spokesperson(trigger, known, source, event_type) if source or event_type not in HOSTILE else source
    if event_type == "ACCUSE" and (told := told_as_blame(trigger, source, known)) is not None:
        return Reading(trigger, told)
    acting = {a.country for a in source} if trigger.lemma_.lower() in cues().speech_acts else set()
    target = [a for a in actors_of(target_tokens, known) if a.country and a not in source
              and not (len(acting) == 1 and a.country in acting)]  # 'A warned Turkey would ...': A's own
    if event_type in HOSTILE and not source and not target:
        target = reporters_state(trigger, known)  # 'the divers were injured by the sonar, X said': done to X's
    if event_type in AT_THE_STATE:
        target = [replace(a, name=None) if is_envoy(a) else a for a in target]
    directed = event_type not in SYMMETRIC
    # 'he was received by A and B': one side; but 'the agreement was signed by A and B': two
    passive = any(t.dep_ == "nsubjpass" and t.pos_ in {"PRON", "PROPN"} for t in target_tokens)
    mutual = event_type in MUTUAL or any(t.lower_ in {"each", "one"} and t.head.lower_ in {"other", "another"}
                                         for t in sentence)
    together = any(c.lower_ == "both" for t in source_tokens for c in t.children  # 'both A and B condemned ...',
                   if any(ch.dep_ == "conj" for ch in t.children))  # not 'both sides agreed ...'
    split = not target and not passive and not together and mutual
    if split and len({a.country for a in source}) >= 2:  # 'Indian and Chinese troops
        first = source[0].country
        source, target = [a for a in source if a.country == first], [a for a in source if a.country != first]
        directed = False
    if source and not target:
        countries = {a.country for a in source}
        body = any(t.pos_ == "PROPN" for t in target_tokens)  # 'UNRWA is accused by ...': a named body, no state
        target = ((other_people(sentence, source_tokens, countries, known) if event_type in SYMMETRIC else [])
                  or other_states(sentence, source_tokens, countries, known)
                  or ([] if body else partner(source, known.dyad)))
    elif target and not source:
        source = partner(target, known.dyad)
        unplaced = [a for a in named if a.name and not a.country]
        if is_summons(trigger) and len(source) == 1 and len(unplaced) == 1:  # one summons the envoy of another
            source = [replace(unplaced[0], country=source[0].country)]  # 'Vice Minister Chang called in ...'
    if not source or not target or {a.country for a in source} == {a.country for a in target}:
        return Reading(trigger, None)
    parties = Parties(tuple(source), tuple(target), trigger.text, directed)
    return Reading(trigger, parties, blamed_by(trigger, event_type, parties, known))


def told_as_blame(trigger: Token, doers: list[Actor], known: Known) -> Parties | None:
    """The sides of an accusation told as the deed blamed, under a verb of saying: the speaker accuses the
    doer ('He said Rwanda "shelters criminals who harm Burundians"': the speaker accuses Rwanda), when the
    speaker is of another state and the word is no verb of accusing itself ('X said Y accused Z': Y's)."""
    c = cues()
    telling = speech_verb(trigger)
    speaker = reporter(trigger)
    if telling is not None and speaker is None:  # told deep in the clause said ('X said Y's decision to invite ...')
        speaker = next((ch for ch in telling.children if ch.dep_ in SUBJECTS), None)
    if trigger.lemma_.lower() in c.judging_verbs | c.allegation_verbs | c.speech_acts:
        return None
    if speaker is None:
        accusers = quotation_speaker(trigger, known)
    else:
        told = next((t for t in [trigger, *trigger.ancestors] if t.head == telling), trigger)
        subjects = [a for a in actors_of([t for t in told.children if t.dep_ in SUBJECTS], known) if a.country]
        doers = subjects or doers  # the clause told: 'said Rwanda "shelters criminals who harm ..."'
        accusers = [a for a in actors_of([speaker], known) if a.country]
    if not accusers or not doers or {a.country for a in accusers} & {a.country for a in doers}:
        return None
    return Parties(tuple(accusers), tuple(doers), trigger.text, True)


def quotation_speaker(trigger: Token, known: Known) -> list[Actor]:
    """The person of known country a quotation is said by, when the word stands in one its sentence does not
    close and the article names a person next after the sentence, within QUOTE_REACH characters ('"Russia
    has violated our airspace again. ...," said Foreign Minister X')."""
    if not quoted(trigger):
        return []
    end = known.offset + len(trigger.doc.text)
    after = [r for r in known.cast.refs_between(end, end + QUOTE_REACH) if not r.quoted]
    person = known.cast.persons.get(after[0].name) if after else None
    return [Actor(person.name, person.country, person.office)] if person and person.country else []


def side_officials(named: list[Actor]) -> list[Actor]:
    """The placed actors of a side; an official of no known country named beside one state and no other
    person is that state's, and stands for the side ('Vice Minister X summoned ... to China': China's X)."""
    placed = [a for a in named if a.country]
    officials = unplaced_officials(named)
    if officials and len({a.country for a in placed}) == 1 and not any(a.name for a in placed):
        return [replace(a, country=placed[0].country) for a in officials]
    return placed


def reporters_officials(trigger: Token, named: list[Actor], known: Known) -> list[Actor]:
    """The officials of no known country who do an act their state's body or official reports ('The Kenyan
    Foreign Ministry said Vice Minister X summoned ...': X is Kenya's), given the reporter's state."""
    titled = unplaced_officials(named)
    countries = {a.country for a in reporters_state(trigger, known)}
    return [replace(a, country=next(iter(countries))) for a in titled] if titled and countries else []


def unplaced_officials(named: list[Actor]) -> list[Actor]:
    """The named people with an office but no known country."""
    return [a for a in named if a.name and a.country is None and a.office]


def reporters_state(trigger: Token, known: Known) -> list[Actor]:
    """The state of the one who reports a hostile deed whose doer the sentence does not name: the deed was
    done to it ('The divers suffered injuries caused by sonar pulses, Marles said'), not by it."""
    speaker = reporter(trigger)
    countries = {a.country for a in actors_of([speaker], known) if a.country} if speaker is not None else set()
    return [Actor(None, countries.pop(), None)] if len(countries) == 1 else []


def is_envoy(actor: Actor) -> bool:
    """True for a person whose office is an envoy's ('Ambassador', 'Acting High Commissioner')."""
    office = (actor.office or "").lower()
    return actor.name is not None and any(title in office for title in cues().envoy_offices)


def blamed_by(trigger: Token, event_type: str, parties: Parties, known: Known) -> Parties | None:
    """A hostile deed told by a speaker of a state other than the doer's is also that state's accusation
    of the doer ('Taliban officials said the Iranian guards fired first': Afghanistan accuses Iran)."""
    if event_type not in HOSTILE or speech_verb(trigger) is None:
        return None
    speaker = reporter(trigger)
    doers = {a.country for a in parties.source}
    accusers = [a for a in actors_of([speaker], known) if a.country] if speaker is not None else []
    if not accusers or {a.country for a in accusers} & doers:
        return None
    return Parties(tuple(accusers), parties.source, speaker.head.text, True)


def borrowed(reading: Reading, event_type: str, shared: Parties | None) -> Parties | None:
    """The sides of another act of the sentence for an act done whose own word gives none ('A summoned B
    and handed over a protest note': A protests to B too), unless that word is a subject ('the assistance
    arrived, and they thanked X': what arrived is not what they did)."""
    trigger = reading.trigger
    if trigger is None or shared is None or trigger.dep_ in SUBJECTS:
        return None
    if not (shared.directed or event_type in SYMMETRIC):
        return None
    return replace(shared, trigger=trigger.text, directed=event_type not in SYMMETRIC)


def said_at_the_summons(readings: dict[str, Reading]) -> dict[str, Reading]:
    """The words said at a summons the sentence tells are said by the summoner to the envoy summoned ('X
    summoned Ambassador Y and lodged a protest': X protests to Y), where their own reading gives the same
    two states and names no one the summons does not."""
    summons = next((r.parties for r in readings.values() if r.parties is not None and is_summons(r.trigger)), None)
    if summons is None:
        return readings
    countries = ({a.country for a in summons.source}, {a.country for a in summons.target})
    people = {a.name for a in summons.source + summons.target}
    said = {}
    for event_type, reading in readings.items():
        own = reading.parties
        if (event_type in VERBAL and own is not None and not is_summons(reading.trigger)
                and ({a.country for a in own.source}, {a.country for a in own.target}) == countries
                and {a.name for a in own.source + own.target if a.name} <= people):
            reading = replace(reading, parties=replace(summons, trigger=own.trigger))
        said[event_type] = reading
    return said


def spokesperson(trigger: Token, known: Known, source: list[Actor], event_type: str) -> list[Actor]:
    """The acting side, or the named person who announced the act for that state ('Minister X
    announced that Algeria had decided to cut relations': X); a speaker of no known country who tells of
    a hostile deed is not taken for the doer's ('Chinese forces seized the boats, Brawner said')."""
    if any(a.name for a in source):
        return source
    countries = {a.country for a in source}
    if len(countries) == 1 and (voiced := voice_of_the_act(trigger, known, next(iter(countries)))):
        return voiced
    speaker = reporter(trigger)
    if speaker is None:
        return source
    people = [a for a in actors_of([speaker], known) if a.name and a.country]
    if len(people) == 1 and countries <= {people[0].country}:
        return people
    alone = not people and len(countries) == 1 and event_type not in HOSTILE
    unplaced = stateless_speaker(speaker, known) if alone else None
    if unplaced is not None and tells_of_the_state(trigger, speaker, countries, known):
        return [replace(unplaced, country=countries.pop())]  # 'Yassin Ibrahim said Sudan was severing ties'
    return source


def voice_of_the_act(trigger: Token, known: Known, country: str | None) -> list[Actor]:
    """The one person named as the subject of a speech verb in the act's own 'with' phrase, who voiced the act
    for the acting state ('Iran rejected the claims, with foreign ministry spokesman X saying they were
    baseless': X), unless the article gives them another country."""
    said = [g for child in trigger.children if child.dep_ == "prep" and child.lower_ == "with"
            for g in child.children if g.dep_ == "pcomp" and g.lemma_.lower() in cues().reporting]
    voice = next((g for g in said[0].children if g.dep_ in SUBJECTS), None) if said else None
    if voice is None:
        return []
    span = phrase(voice)
    people = [person_actor(e, span, known.offset, known.cast) for e in span.ents if e.label_ == "PERSON"]
    if len(people) != 1 or people[0].country not in {country, None}:
        return []
    return [Actor(people[0].name, country, people[0].office or office_in(span))]


def tells_of_the_state(trigger: Token, speaker: Token, countries: set[str | None], known: Known) -> bool:
    """True when the speaker's own words name the acting state as the subject of the act told ('X said
    Sudan was severing ties', 'He added that Sudan would respond'), not in a quotation of another's words
    ('Leavitt announced: "The Government of Colombia has agreed"') nor 'according to' ('Ukraine's actions
    violated ..., according to Maiga')."""
    if speaker.dep_ not in SUBJECTS:
        return False
    told = next((t for t in [trigger, *trigger.ancestors] if t.head == speaker.head and t != speaker), None)
    if told is None or told.dep_ not in {"ccomp", "xcomp"}:
        return False
    subjects = [t for t in told.children if t.dep_ in SUBJECTS and not quoted(t)]
    return any(a.country in countries for a in actors_of(subjects, known))


def quoted(token: Token) -> bool:
    """True for a word inside a quotation its sentence opens (closed or not, as sentences split quotes)."""
    before = token.doc.text[:token.idx]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def stateless_speaker(speaker: Token, known: Known) -> Actor | None:
    """The person of the article a speaker names ('Yassin Ibrahim', or 'he' for him) when the article gives
    them no country."""
    if speaker.lower_ in ONE_PERSON:
        named = antecedent(speaker, known, placed=False)
    else:
        span = known.offset + speaker.idx, known.offset + speaker.idx + len(speaker.text)
        refs = [r for r in known.cast.refs if r.start < span[1] and span[0] < r.end]
        named = [Actor(p.name, p.country, p.office) for r in refs[:1] for p in [known.cast.persons[r.name]]]
    return named[0] if len(named) == 1 and named[0].country is None else None


def partner(side: list[Actor], dyad: tuple[str, ...]) -> list[Actor]:
    """The other of the article's two main countries, for a side the sentence leaves unnamed ('it',
    'him', 'the launch'), when the named side includes one of them and not the other ('Both Japan and
    South Korea condemned the launch', in an article about North Korea and Japan: North Korea)."""
    countries = {a.country for a in side}
    others = [code for code in dyad if code not in countries]
    if len(dyad) == 2 and len(others) == 1:
        return [Actor(None, others[0], None)]
    return []


def other_people(sentence: Doc, taken: list[Token], countries: set[str | None], known: Known) -> list[Actor]:
    """The people of other countries the sentence names outside the acting side's phrases, as the other
    side of a meeting the parse gives one side of ('A arrived in X on Sunday, where he was welcomed by B')."""
    spans = [phrase(t) for t in taken] + times(sentence)
    found: list[Actor] = []
    for ref in known.cast.refs_between(known.offset, known.offset + len(sentence.text)):
        start = ref.start - known.offset
        person = known.cast.persons[ref.name]
        inside = any(s.start_char <= start < s.end_char for s in spans)
        actor = Actor(person.name, person.country, person.office)
        if person.country and person.country not in countries and not inside and actor not in found:
            found.append(actor)
    return found


def times(sentence: Doc) -> list[Span]:
    """The phrases that only tell when ('a few days before the inauguration of President X'): whom they
    name is no side."""
    return [sentence[t.left_edge.i:t.right_edge.i + 1] for t in sentence
            if t.dep_ == "prep" and t.lower_ in {"before", "after", "since", "until", "following", "ahead"}]


def other_states(sentence: Doc, taken: list[Token], countries: set[str | None], known: Known) -> list[Actor]:
    """The first state the sentence names outside the acting side's phrases, what was talked about and the
    names of documents, as the side acted on ('France warned it would retaliate ... its embassy in Niamey';
    not 'they discussed the situation in Yemen', not 'under the Vienna Convention'); the person of that
    state where the state is named in a mention of them ('apologised to his Azerbaijani counterpart')."""
    described = [sentence[c.left_edge.i:c.right_edge.i + 1] for t in taken for c in t.children if c.dep_ == "appos"]
    above = {a for t in taken for a in governing(t)}  # 'Y condemned X's decision to cut ties': Y is acted on
    doers = [phrase(t) for t in sentence if t.dep_ in SUBJECTS and t.head not in above]  # 'A gave X, and B ...'
    spans = [phrase(t) for t in taken] + described + doers + topics(sentence) + times(sentence) + documents(sentence)
    for start, _end, _, kind, code in find_places(sentence.text):
        inside = any(s.start_char <= start < s.end_char for s in spans)
        if kind in STATE_KINDS and code not in countries and not inside:
            at = known.offset + start
            person = next((known.cast.persons[r.name] for r in known.cast.refs if r.start <= at < r.end), None)
            if person is not None and person.country == code:
                return [Actor(person.name, person.country, person.office)]
            return [Actor(None, code, None)]
    return []


def documents(words: Doc | Span) -> list[Span]:
    """The names of documents the words give by a place ('the Vienna Convention', 'the Minsk agreements')."""
    found = []
    for head in (t for t in words if t.lemma_.lower() in cues().document_heads):
        modifiers = [c for c in head.children if c.dep_ in {"compound", "amod", "nmod"} and c.i < head.i]
        if modifiers:
            found.append(head.doc[min(c.left_edge.i for c in modifiers):head.i + 1])
    return found


def governing(token: Token) -> list[Token]:
    """The words a token hangs on, up to the head of its own clause of a coordination ('A gave X, and B
    pledged Y': B's are 'pledged', not 'gave')."""
    heads = []
    while token.head.i != token.i and token.dep_ != "conj":
        token = token.head
        heads.append(token)
    return heads


def topics(sentence: Doc) -> list[Span]:
    """What the sentence says was talked about: the objects of 'discuss', 'review' and the like."""
    verbs = cues().topic_verbs
    return [sentence[t.left_edge.i:t.right_edge.i + 1] for t in sentence if t.head.lemma_.lower() in verbs
            and (t.dep_ in OBJECTS or (t.dep_ == "conj" and t.pos_ in {"NOUN", "PROPN"}))]  # '..., and the crisis in X'


def sides(trigger: Token, event_type: str, known: Known) -> tuple[list[Token], list[Token]]:
    """The tokens heading the acting side and the side acted on. A verbal act reported under a speech
    verb is the speaker's ('X said Y violated ...': X accuses Y), unless the act's own subject is a
    named official the speaker speaks for ('Minister A summoned B, a spokesman said': A) or the speaker
    is of no known country ('He added that Sudan would respond ...': Sudan threatens)."""
    source, target = own_sides(trigger)
    clause = trigger
    while not source and clause.dep_ in CLIMB and clause.head.i != clause.i:
        clause = clause.head
        more_source, more_target = own_sides(clause)
        source = more_source
        target = target or [t for t in more_target if t not in source]
    speaker = reporter(trigger)
    if (speaker is not None and event_type in VERBAL and speaker not in source
            and any(a.country for a in actors_of([speaker], known)) and not speaks_for(speaker, source, known)):
        # an act told as an accusation is its doer's ('X said Y shelled its villages': Y is accused)
        target = (source or target) if event_type == "ACCUSE" else (target or source)
        source = [speaker]
    return source, target


def speaks_for(speaker: Token, source: list[Token], known: Known) -> bool:
    """True when the acting side is a named official and the speaker is of no other country (an official
    of no known country is taken for the speaker's: 'the ministry said Vice Minister X summoned ...')."""
    acting = [a for a in actors_of(source, known) if a.name and (a.country or a.office)]
    spoken = {a.country for a in actors_of([speaker], known) if a.country}
    return bool(acting) and (any(a.country is None for a in acting) or spoken <= {a.country for a in acting})


def own_sides(token: Token) -> tuple[list[Token], list[Token]]:
    """The subject side and the object side a word governs itself."""
    c = cues()
    source: list[Token] = []
    target: list[Token] = []
    # what a naming verb calls its object, parsed as a clause ('declared X persona non grata'): X is acted on
    small_clause = token.dep_ == "ccomp" and token.head.lemma_.lower() in c.naming_verbs
    # the same parsed as one object ('declared Guyana's President X persona non grata'): its modifiers are X
    named_object = token.dep_ in OBJECTS and token.head.lemma_.lower() in c.naming_verbs
    if token.pos_ == "NOUN":  # 'an Israeli airstrike', 'Chinese sanctions': the modifier acts
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "nmod"} and c.pos_ in {"ADJ", "PROPN"}]
        if named_object:
            target += modifiers + [c for c in token.children if c.dep_ == "poss"]
        else:
            source += modifiers
    for child in token.children:
        # 'the ambassador, who was summoned by X': the relative pronoun is the ambassador
        named = token.head if child.lower_ in RELATIVES and token.dep_ == "relcl" else child
        if named is child and child.pos_ == "PRON" and child.dep_ in SUBJECTS and child.lower_ not in ONE_PERSON:
            continue  # 'it', 'they': the side is named higher up ('X said it was expelling ...')
        if child.dep_ == "nsubjpass" or (child.dep_ == "nsubj" and small_clause):
            target.append(named)
        elif (child.dep_ in SUBJECTS or child.dep_ == "poss") and not (named_object and child.dep_ == "poss"):
            source.append(named)
        elif child.dep_ == "agent":
            source += [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_ in OBJECTS and token.lemma_.lower() not in c.topic_verbs:
            target += [child, *acted_on_by_noun(child)]
        elif child.dep_ == "ccomp" and token.lemma_.lower() in c.allegation_verbs | c.naming_verbs | c.demanding_verbs:
            target += [g for g in child.children if g.dep_ in SUBJECTS]  # 'alleging that Kenyan troops shelled',
            # 'demanded that Beijing respect ...'
        elif child.dep_ == "prep" and not (child.lower_ == "over" and token.pos_ == "NOUN") and (
                child.lower_ in c.target_preps  # but 'US interference over Taiwan' is about Taiwan
                or (child.lower_ == "in" and token.lemma_.lower() in c.summoning_verbs)
                or (child.lower_ == "by" and token.pos_ == "NOUN" and token.lemma_.lower() not in c.speech_nouns)):
            objects = [g for g in child.children if g.dep_ == "pobj"]  # 'called in the ambassador' too
            if child.lower_ == "to" and token.lemma_.lower() in c.summoning_verbs:
                source += objects  # 'the envoy was summoned to the Azerbaijani foreign ministry'
            elif child.lower_ in {"between", "among"} or (child.lower_ in {"from", "by"} and token.pos_ == "NOUN"):
                source += objects  # 'answered the summons from the ministry', 'the strike by X on Y'
            else:
                target += objects
    return source, target


def acted_on_by_noun(noun: Token) -> list[Token]:
    """Whom the act a verb's object names is aimed at ('ordered the recall of its envoys to Ireland and
    Norway', 'imposed tariffs on Chinese goods'), but not an envoy's post ('expelled the ambassador to X')."""
    c = cues()
    if noun.pos_ != "NOUN" or noun.lower_ in c.state_roles or noun.lemma_.lower() in c.state_roles:
        return []
    return [g for p in noun.children if p.dep_ == "prep" and p.lower_ in c.target_preps
            and p.lower_ not in {"over", "between", "among", "with"} for g in p.children if g.dep_ == "pobj"]


def reporter(trigger: Token) -> Token | None:
    """The one an act is reported by, if any: the subject of the speech verb it is told under ('X said Y
    violated ...'), of the verb a subjectless speech participle hangs on ('X voiced alarm, alleging that Y
    ...'), or the object of 'according to' ('Y violated ..., according to X')."""
    c = cues()
    chain = [trigger, *trigger.ancestors][:4]
    for below, ancestor in zip([None, *chain], chain, strict=False):
        if below is not None and below.dep_ == "advcl" and any(ch.dep_ == "mark" for ch in below.children):
            break  # 'X declared Y persona non grata after Y accused X': an adverbial clause tells no one's word
        if ancestor.lemma_.lower() in c.reporting and ancestor.pos_ in {"VERB", "AUX"}:
            speaker = next((ch for ch in ancestor.children if ch.dep_ in SUBJECTS), None)
            if speaker is None and ancestor.dep_ in {"advcl", "xcomp"} and ancestor.tag_ == "VBG":
                speaker = next((ch for ch in ancestor.head.children if ch.dep_ in SUBJECTS), None)
            return speaker
        according = next((ch for ch in ancestor.children if ch.lower_ == "according"), None)
        if according is not None:
            return next((g for to in according.children if to.lower_ == "to" for g in to.children
                         if g.dep_ == "pobj"), None)
    for child in trigger.head.children if trigger.dep_ == "ROOT" else trigger.children:
        if child.dep_ in {"parataxis", "ccomp"} and child.lemma_.lower() in c.reporting:
            return next((g for g in child.children if g.dep_ in SUBJECTS), None)
    return None


def coordinated(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ('Japan and South Korea'), also where the parser joins
    the second name to the first one's apposition ('A, the chief of staff of X, and B, ... signed'; 'met
    presidents A (X) and B (Y)')."""
    joined = [t for t in token.conjuncts if t.i > token.i]
    for apposition in (c for c in token.children if c.dep_ == "appos"
                       and (c.pos_ == "NOUN" or (c.pos_ == "PROPN" and token.pos_ == "NOUN"))):
        joined += [t for t in apposition.conjuncts if t.i > apposition.i and t.pos_ == "PROPN"]
    return [token, *joined]


def phrase(token: Token) -> Span:
    """The noun phrase a token heads: its left modifiers, itself, and 'of X', an apposition or, after a
    collective noun that names no state before it, 'in X' ('officials in Iran', not 'the Swedish embassy in
    Baghdad'), after goods 'from X' ('imports from Uganda'), after a group of states 'including X' ('several
    countries, including Y'), a title's portfolio ('Minister for Foreign Affairs'), or an envoy's 'to X' that a name
    follows, after it."""
    end = token.i + 1
    placed = token.lower_ in cues().collective_heads and not any(
        lookup_country(t.text) for t in token.lefts if t.dep_ in {"amod", "compound", "poss", "nmod"})
    place_prep = {"of", "in", "from"} if placed else {"of", "from"} if token.lower_ in cues().goods_heads else {"of"}
    if token.lower_ in cues().group_heads:
        place_prep = place_prep | {"including"}  # 'several countries, including the UAE and Saudi Arabia,'
    for child in token.rights:
        of_noun = child.dep_ == "prep" and child.lower_ in place_prep and any(g.dep_ == "pobj" for g in child.children)
        of_noun = of_noun or is_portfolio(token, child)
        of_noun = of_noun or envoy_named_after(token, child)
        if child.dep_ == "appos" and token.pos_ == "PROPN" and lookup_country(token.text):
            break  # 'India, a close ally of Bhutan,': the apposition describes the state, names no side
        if child.dep_ in {"appos", "compound"} or of_noun:  # not 'the aim of continuing to work for X'
            end = child.right_edge.i + 1
        elif child.dep_ == "prep" and any(c.dep_ == "appos" for c in token.rights if c.i > child.i):
            continue  # 'the UK ambassador to the country, Simon X'
        elif child.dep_ != "punct":  # 'the Minister of X, Thandiwe Mokoena'
            break
    return token.doc[token.left_edge.i:named_after(token, end)]


def is_portfolio(title: Token, prep: Token) -> bool:
    """True for the capitalised 'for X' that names a title's portfolio ('Minister for Foreign Affairs'; not 'the
    minister for his support')."""
    return (title.lower_ in cues().portfolio_titles and prep.dep_ == "prep" and prep.lower_ == "for"
            and any(g.dep_ == "pobj" and g.text[:1].isupper() for g in prep.children))


def named_after(token: Token, end: int) -> int:
    """The end of a title's phrase with the name the parser split from it ('signed by Australian PM | Anthony
    Albanese'): the name right after a capitalised title word, when the parser hung it elsewhere."""
    doc = token.doc
    if end != token.i + 1 or end >= len(doc) or not token.text[:1].isupper() or token.ent_type_:
        return end
    name = doc[end]
    if name.ent_iob_ != "B" or name.ent_type_ != "PERSON" or name.head == token:
        return end
    return next((e.end for e in doc.ents if e.start == end), end)


def envoy_named_after(token: Token, prep: Token) -> bool:
    """True for 'to X' after an envoy when a name follows the place ('the Ambassador to Nepal Vinay
    Kwatra', which the parser reads as one noun phrase after 'to')."""
    if prep.dep_ != "prep" or prep.lower_ != "to" or token.lower_ not in cues().state_roles:
        return False
    tail = token.doc[prep.i + 1:prep.right_edge.i + 1]
    places = [(start, end) for start, end, *_ in find_places(tail.text)]
    return any(t.pos_ == "PROPN" and not any(a <= t.idx - tail.start_char < b for a, b in places) for t in tail)


@dataclass(frozen=True)
class Known:
    """What a sentence's sides are resolved with. Fields: offset (the sentence's first character in the
    article), cast (the article's people), dyad (its two main countries), day (the office-holder
    table's day), states (the state each sentence names first, and where: leading_states), starts (where
    each of the article's sentences starts)."""

    offset: int
    cast: Cast
    dyad: tuple[str, ...]
    day: date | None
    states: tuple[tuple[int, str], ...] = ()
    starts: tuple[int, ...] = ()


def actors_of(tokens: list[Token], known: Known) -> list[Actor]:
    """The actors the side tokens name, in order, without repeats (one person named with two titles is one)."""
    found: list[Actor] = []
    for head in tokens:
        for token in coordinated(head):
            seen = {(a.name, a.country) for a in found}
            if token.lower_ in ONE_PERSON:
                named = antecedent(token, known)
            elif token.lower_ == "it" and token.dep_ in SUBJECTS:
                named = state_antecedent(token, known)
            else:
                named = actors_in(phrase(token), known)
            found += [a for a in named if (a.name, a.country) not in seen]
    return found


def antecedent(pronoun: Token, known: Known, placed: bool = True) -> list[Actor]:
    """The person a 'he' or 'she' stands for, when near and of a known country: the one its sentence names
    first, before it, else the one the sentence before names first, most often its subject ('Xing met Lee
    ... He also warned': Xing); with no sentence starts known, the last one named before it ('Barcena ...
    She announced that Mexico would take the case to the court'). One named inside a quotation is the
    speaker's word, not the report's ('"... Paul Kagame ...," the minister added. He said': not Kagame).
    placed=False gives that person even when the article gives them no country."""
    at = known.offset + pronoun.idx
    before = [r for r in known.cast.refs if r.end <= at and at - r.end <= NEAR and not r.quoted]
    if not before:
        return []
    last = max(before, key=lambda r: r.start)
    opening = max((s for s in known.starts if s <= last.start), default=last.start)
    first = min((r for r in before if r.start >= opening), key=lambda r: r.start)
    person = known.cast.persons[first.name]
    return [Actor(person.name, person.country, person.office)] if person.country or not placed else []


def state_antecedent(pronoun: Token, known: Known) -> list[Actor]:
    """The state an 'it' stands for: the one its sentence names first, before it, else the one the
    nearest sentence before names first, within NEAR characters ('Iraq challenged Iran's claim ... It
    said it would lodge a complaint': Iraq; the first state a sentence names is most often its subject)."""
    at = known.offset + pronoun.idx
    before = [(start, code) for start, code in known.states if start < at and at - start <= NEAR]
    return [Actor(None, before[-1][1], None)] if before else []


def leading_states(sentences: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """The state each sentence names first (by name, capital or demonym), with where it is named, for
    the sentences (start, text) that name one."""
    leading = []
    for start, text in sentences:
        found = [(begin, code) for begin, _, _, kind, code in find_places(text) if kind in STATE_KINDS]
        if found:
            leading.append((start + found[0][0], found[0][1]))
    return tuple(leading)


def actors_in(span: Span, known: Known) -> list[Actor]:
    """The office holder a noun phrase names, or else the states it names ('Indian and Chinese
    troops'). A person acts for a state when the article or the office-holder table gives them an
    office or a country: one named only beside a demonym ('U.S. goalie Zack Steffen') acts for none."""
    for ent in span.ents:
        if ent.label_ == "PERSON" and not lookup_country(ent.text):  # NER takes 'Moldovan' for a name
            person = person_actor(ent, span, known.offset, known.cast)
            office = person.office or office_in(span)
            if office or known_country(ent, known.offset, known.cast):
                return [replace(person, office=office)]
            return table_holder(ent.text, known) or serving(person, span)
    for ref in known.cast.refs_between(known.offset + span.start_char, known.offset + span.end_char):
        person = known.cast.persons[ref.name]
        office = person.office or office_in(span)
        if office or person.country:
            return [Actor(person.name, person.country or state_in(span), office)]
        return table_holder(person.name, known) or serving(Actor(person.name, None, None), span)
    for name in proper_names(span):  # 'Sri Lankan president Dissanayake': a holder the NER missed
        if holder := table_holder(name, known):
            return holder
    if THE_PAIR.match(span.text.strip()) and (pair := last_pair(known.offset + span.start_char, known)
                                              or principals(known)):  # 'the two ministers'
        return pair
    if BOTH_SIDES.search(span.text) and known.dyad:
        return [Actor(None, code, None) for code in known.dyad]
    if any(t.lemma_.lower() in cues().non_state_heads for t in span):
        return []  # 'Indonesian business leaders', 'Australian firms'
    states = states_named(span)
    titled = [a for code in states for a in titled_holder(span, code, known)]
    if titled and len(titled) == len(states):  # 'Iraq's prime minister', 'the presidents of Kenya and Uganda'
        return titled
    office = collective_office(span)
    return [Actor(None, code, office) for code in states]


def serving(person: Actor, span: Span) -> list[Actor]:
    """A person whose phrase calls them a state's envoy or spokesperson ('Maldivian envoy Y'), for
    the state the phrase names."""
    role = next((t for t in span if t.lemma_.lower() in cues().state_roles), None)
    country = person.country or state_in(span)
    if role is None or country is None:
        return []
    return [Actor(person.name, country, person.office or role.text.title())]


def last_pair(start: int, known: Known) -> list[Actor]:
    """The two office holders of two countries the article named last before start ('X met Y ... the
    two ministers reviewed'), when the nearest two named people are such a pair."""
    pair: list[Actor] = []
    for ref in sorted((r for r in known.cast.refs if r.end <= start), key=lambda r: -r.start):
        person = known.cast.persons[ref.name]
        if any(a.name == person.name for a in pair):
            continue
        pair.append(Actor(person.name, person.country, person.office))
        if len(pair) == 2:
            break
    ok = len(pair) == 2 and all(a.office and a.country for a in pair) and pair[0].country != pair[1].country
    return pair[::-1] if ok else []


def principals(known: Known) -> list[Actor]:
    """The article's two office holders, one of each of its two main countries, when it names exactly
    one such person for each."""
    people = [p for p in known.cast.persons.values() if p.office and p.country in known.dyad]
    if len(known.dyad) != 2 or sorted(p.country for p in people) != sorted(known.dyad):
        return []
    return [Actor(p.name, p.country, p.office) for p in people]


def proper_names(span: Span) -> list[str]:
    """The runs of proper nouns in a phrase that name no place and are no part of a date ('Jan. 12')."""
    runs: list[list[Token]] = [[]]
    for token in span:
        named = token.pos_ == "PROPN" and token.ent_type_ not in {"DATE", "TIME"} and not find_places(token.text)
        if named or is_name_hyphen(token, runs[-1]):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return ["".join(t.text_with_ws for t in run).strip() for run in runs if run]


def is_name_hyphen(token: Token, run: list[Token]) -> bool:
    """True for the hyphen inside a name ('Kassym-Jomart'), joined to the words on both sides."""
    return (token.text == "-" and bool(run) and not run[-1].whitespace_ and not token.whitespace_
            and token.i + 1 < len(token.doc) and token.doc[token.i + 1].pos_ == "PROPN")


def table_holder(name: str, known: Known) -> list[Actor]:
    """The person as the office-holder table knows them on the day, if it does."""
    term = lookup(name, known.day) if known.day else None
    if term is None or len(term.country) != 3:
        return []
    return [Actor(term.name, term.country, term.title, office_source="knowledge")]


def titled_holder(span: Span, country: str, known: Known) -> list[Actor]:
    """The holder of an office of a state named by its title alone ("Iraq's prime minister", "the foreign
    ministers of A and B"), when the article names that person: the table says who held it that day."""
    term = holder(country, span.text, known.day) if known.day else None
    if term is None or not any(same_person(term.name, name) for name in known.cast.persons):
        return []
    return [Actor(term.name, term.country, term.title, office_source="knowledge")]


def states_named(span: Span) -> list[str]:
    """The states a phrase names, leaving out those inside the name of a company or other body that is
    no part of a state ('Minth Mexico'; but 'the Mexican Embassy') or of a document ('the Vienna Convention')."""
    heads = cues().collective_heads
    bodies = [e for e in span.ents if e.label_ in {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
              and not any(t.lower_ in heads for t in e)
              and not lookup_country(e.text)] + documents(span)  # 'the Islamic Emirate of Afghanistan'
    codes = [(start, end, code) for start, end, _, kind, code in find_places(span.text) if kind in STATE_KINDS
             and not (kind == "demonym" and is_anaphor(span.text, end))]
    codes += [(t.idx - span.start_char, t.idx - span.start_char + len(t.text), code)
              for t in span if (code := compound_state(t.text))]
    return list(dict.fromkeys(code for start, end, code in sorted(codes)
                              if not any(inside_name(start, end, e.start_char - span.start_char,
                                                     e.end_char - span.start_char) for e in bodies)))


def inside_name(start: int, end: int, name_start: int, name_end: int) -> bool:
    """True when the place at start:end is part of a longer name ('Minth Mexico'), not the whole of a
    name the tagger took for a body ('Budapest announced')."""
    return name_start <= start < name_end and (name_start, name_end) != (start, end)


def is_anaphor(text: str, end: int) -> bool:
    """True when the demonym ending at end heads a description of a country named before ('the Central
    African country' is Chad)."""
    word = NEXT_WORD.match(text, end)
    return word is not None and word.group(1) in cues().anaphor_heads


def compound_state(word: str) -> str | None:
    """The state of a hyphenated word that makes a thing a state's ('a U.K.-flagged tanker', 'the
    Saudi-led coalition'; not 'Russian-made drones')."""
    prefix, hyphen, suffix = word.rpartition("-")
    return lookup_country(prefix) if hyphen and suffix.lower() in cues().state_compounds else None


def office_in(span: Span) -> str | None:
    """The office a phrase gives by a title ('Kyrgyz President Sadyr Japarov' -> 'President')."""
    return next((t.office for t in find_titled(span.text) if t.office), None)


def known_country(ent: Span, offset: int, cast: Cast) -> bool:
    """True when the article itself gives the person named by ent a country."""
    start, end = offset + ent.start_char, offset + ent.end_char
    return any(r.start < end and start < r.end and cast.persons[r.name].country for r in cast.refs)


def person_actor(ent: Span, span: Span, offset: int, cast: Cast) -> Actor:
    """A named person: as the article's cast knows them, else with the country their phrase gives."""
    start, end = offset + ent.start_char, offset + ent.end_char
    ref = next((r for r in cast.refs if r.start < end and start < r.end), None)
    if ref is not None:
        person = cast.persons[ref.name]
        return Actor(person.name, person.country or state_in(span), person.office)
    return Actor(ent.text, state_in(span), None)


def state_in(span: Span) -> str | None:
    """The country a phrase names by a country name, demonym or capital (the first one)."""
    return next((code for _, _, _, kind, code in find_places(span.text) if kind in STATE_KINDS), None)


def collective_office(span: Span) -> str | None:
    """The body a state acts through, from the phrase's own words ('Foreign Ministry', 'Coast Guard')."""
    heads = cues().collective_heads
    words = [t.text for t in span if t.lower_ in heads or (t.head.lower_ in heads and t.dep_ in {"compound", "amod"}
                                                         and not find_places(t.text))]
    return " ".join(words).title() or None if words else None
