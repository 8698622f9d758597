"""Annotation: the one spaCy pass shared by the extraction stages.

Only the sentences that can bear on an event get named entities: those with an event cue (the
trigger, aid, agreement and mode patterns of data/events.toml) and those naming someone a cue
sentence names, so a person introduced in full elsewhere is still known. Every other sentence
keeps its tokens and boundaries but gets no entities. Sentences end at final punctuation and at
line breaks; the parser, tagger and lemmatizer are not loaded. All offsets are those of the
whole clean text: the entities found in a sentence are put back onto the article's own Doc.
"""
from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise

import numpy
from spacy.attrs import IDX, IS_LOWER, IS_PUNCT, IS_SPACE, LOWER, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from entente.errors import EntenteError
from entente.stages.actors import known_name_spans, office_tables
from entente.stages.gazetteer import find_places, tables

UNUSED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
COMPONENT = "entente_candidate_ner"


@cache
def load_nlp(model: str) -> Language:
    """The spaCy pipeline of an installed model package, trimmed to what extraction needs (once per process)."""
    try:
        module = importlib.import_module(model)
    except ImportError as exc:
        raise EntenteError(f"spaCy model package '{model}' is not installed (run 'make setup')") from exc
    nlp = module.load(exclude=UNUSED)
    nlp.meta["entente_model"] = model  # the package name, for load_parser
    nlp.disable_pipe("ner")  # run by the candidate component on chosen sentences only
    nlp.add_pipe(COMPONENT)
    return nlp


@cache
def load_parser(model: str) -> Language:
    """The whole pipeline of the model package (tagger, parser, NER, lemmatizer), for the few sentences
    the detector picks (once per process)."""
    return importlib.import_module(model).load()


def parse(parser: Language, texts: list[str]) -> list[Doc]:
    """Each text parsed on its own."""
    return list(parser.pipe(texts, batch_size=64))


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """One spaCy Doc per text, through nlp.pipe."""
    return nlp.pipe(texts, batch_size=batch_size)


@cache
def cue_pattern() -> re.Pattern[str]:
    """One regex for every event cue of data/events.toml (loaded with the event rules), tried only
    where a word starts (every cue opens a word; the scan is nearly twice as fast)."""
    from entente.stages.events import rules  # the event and outcome rules are the filter's data
    from entente.stages.outcomes import rules as outcome_rules

    r = rules()
    parts = [r.triggers, r.aid_nouns, *(p for _, p in outcome_rules().cues), *(p for _, p in r.modes)]
    return re.compile(r"\b(?=\w)(?:" + "|".join(f"(?:{p.pattern})" for p in parts) + ")", re.I)


FINAL = frozenset(".!?…")
CLOSING = frozenset(")]’”'\"")


def split_sentences(doc: Doc) -> Doc:
    """Sentence starts after final punctuation (and the quotes or brackets closing it) and after line breaks."""
    if not len(doc):
        return doc
    orths, spaces, is_space, is_punct = doc.to_array([ORTH, SPACY, IS_SPACE, IS_PUNCT]).T.tolist()
    return set_starts(doc, sentence_starts(words(doc, orths), spaces, is_space, is_punct))


def set_starts(doc: Doc, starts: list[int]) -> Doc:
    """The Doc with these SENT_START values, set at once (token by token is quadratic in spaCy)."""
    return doc.from_array([SENT_START], numpy.array(starts, dtype="int64").reshape(-1, 1).astype("uint64"))


def sentence_starts(texts: list[str], spaces: list[int], is_space: list[int], is_punct: list[int]) -> list[int]:
    """SENT_START values (1 a start, -1 not) of tokens given by their texts, trailing spaces and flags."""
    starts = [-1] * len(texts)
    ended, glued = True, False  # glued: the token before has no whitespace after it and is no space
    for i, text in enumerate(texts):
        closing = text in CLOSING and glued
        if (ended and not is_space[i] and not closing) or i == 0:
            starts[i] = 1
            ended = False
        if is_space[i]:
            ended = ended or "\n" in text
        elif not closing:
            ended = text[-1:] in FINAL and (bool(is_punct[i]) or len(text) == 1)
        glued = not spaces[i] and not is_space[i]
    return starts


WORDS: dict[int, str] = {}  # token texts by their hash: much faster than the StringStore for every token


def words(doc: Doc, orths: list[int]) -> list[str]:
    """The texts of tokens given by their ORTH hashes (without making Token objects, which is slow)."""
    strings = doc.vocab.strings
    missing = {orth for orth in orths if orth not in WORDS}
    WORDS.update((orth, strings[orth]) for orth in missing)
    return [WORDS[orth] for orth in orths]


def name_words(texts: list[str], lowers: list[int], ranges: list[tuple[int, int]], lower: set[int]) -> set[str]:
    """The capitalised words in the token ranges whose lower case form (`lowers`) is not among the article's
    lower case words (`lower`) and that the gazetteer does not know as a place: likely names of people."""
    places = tables().kinds  # countries, demonyms, cities and organisations name no person
    return {texts[i] for start, end in ranges for i in range(start, end)
            if texts[i][:1].isupper() and len(texts[i]) > 1 and lowers[i] not in lower and texts[i] not in places}


@cache
def known_words() -> frozenset[str]:
    """Capitalised words that name no person: places, titles, honorifics, months, weekdays ..."""
    offices = office_tables()
    title_words = re.findall(r"[A-Z][a-z]+", offices.title_alternation + " " + offices.honorifics)
    return frozenset(title_words) | offices.not_name | frozenset(w for w in tables().kinds if " " not in w)


def may_name(texts: list[str], start: int, end: int, names: set[str]) -> bool:
    """True when the sentence has a capitalised word after its first, or opens with a likely name."""
    return texts[start] in names or any(texts[i][:1].isupper() for i in range(start + 1, end))


def candidate_sentences(doc: Doc) -> list[Span]:
    """The sentences that get NER: those that may name a person and have a cue or share a likely name
    with a cue sentence (only PERSON entities are read, and only near cues)."""
    if not len(doc):
        return []
    orths, lowers, is_lower, idx, spaces, is_space, is_punct = doc.to_array(
        [ORTH, LOWER, IS_LOWER, IDX, SPACY, IS_SPACE, IS_PUNCT]).T.tolist()
    texts = words(doc, orths)
    starts = sentence_starts(texts, spaces, is_space, is_punct)
    set_starts(doc, starts)
    text = "".join([word + " " if space else word for word, space in zip(texts, spaces, strict=True)])  # doc.text
    bounds = [i for i, start in enumerate(starts) if start == 1] + [len(doc)]
    ranges = list(pairwise(bounds))
    cue = cue_pattern()
    cued = [bool(cue.search(text[idx[start]:idx[end - 1] + len(texts[end - 1])])) for start, end in ranges]
    lower = {form for form, flag in zip(lowers, is_lower, strict=True) if flag}  # lower case words of the article
    names = name_words(texts, lowers, [r for r, c in zip(ranges, cued, strict=True) if c], lower)
    chosen = [(start, end) for (start, end), c in zip(ranges, cued, strict=True)
              if (c or any(texts[i] in names for i in range(start, end))) and may_name(texts, start, end, names)]
    if not chosen:
        return []
    known = known_to_rules(text, lower)
    return [doc[start:end] for start, end in chosen
            if any(not known.explains(texts[i], lowers[i], idx[i]) for i in range(start, end))]


@dataclass(frozen=True)
class KnownToRules:
    """What the rules account for in one article, so that NER is run only where it can add a name.
    Fields: starts, ends (of disjoint spans, in order: the names the title, counterpart and honorific
    patterns find, and places), words (words of those spans, titles, words never in a name), lower
    (the hashes of the article's lower case words)."""

    starts: list[int]
    ends: list[int]
    words: frozenset[str]
    lower: set[int]

    def explains(self, word: str, lower_form: int, offset: int) -> bool:
        """True unless the token is a capitalised word the rules do not account for."""
        if not word[:1].isupper() or len(word) < 2 or lower_form in self.lower or word in self.words:
            return True
        j = bisect_right(self.ends, offset)
        return j < len(self.ends) and self.starts[j] <= offset


def known_to_rules(text: str, lower: set[int]) -> KnownToRules:
    """The names and places the rules find in a text, with the article's lower case words."""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(known_name_spans(text) + [(s, e) for s, e, *_ in find_places(text)]):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    words = known_words() | {w for s, e in spans for w in text[s:e].split()}
    return KnownToRules([s for s, _ in spans], [e for _, e in spans], words, lower)


@Language.factory(COMPONENT)
def make_candidate_ner(nlp: Language, name: str) -> CandidateNer:
    """The component that runs the model's (disabled) NER on candidate sentences only."""
    return CandidateNer(nlp)


class CandidateNer:
    """Sentence split, candidate choice and NER on the candidates, with entities set on the Doc."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        """One Doc."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Docs in batches: the candidate sentences of a whole batch go through NER together."""
        iterator = iter(docs)
        ner = self.nlp.get_pipe("ner")
        while batch := list(islice(iterator, batch_size)):
            chosen = [(doc, span) for doc in batch for span in candidate_sentences(doc)]
            # a sentence tokenized afresh is several times cheaper than Span.as_doc, and its tokens are the same
            tagged = ner.pipe((self.nlp.make_doc(span.text) for _, span in chosen), batch_size=256)
            found: dict[int, list[Span]] = {id(doc): [] for doc in batch}
            for (doc, span), small in zip(chosen, tagged, strict=True):
                found[id(doc)] += [doc.char_span(span.start_char + e.start_char, span.start_char + e.end_char,
                                                 e.label_, alignment_mode="expand") for e in small.ents]
            for doc in batch:
                doc.ents = filter_spans(found[id(doc)])
            yield from batch
