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
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from entente.errors import EntenteError
from entente.stages.gazetteer import tables

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
    nlp.disable_pipe("ner")  # run by the candidate component on chosen sentences only
    nlp.add_pipe(COMPONENT)
    return nlp


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """One spaCy Doc per text, through nlp.pipe."""
    return nlp.pipe(texts, batch_size=batch_size)


@cache
def cue_pattern() -> re.Pattern[str]:
    """One regex for every event cue of data/events.toml (loaded with the event rules)."""
    from entente.stages.events import rules  # the event and outcome rules are the filter's data
    from entente.stages.outcomes import rules as outcome_rules

    r = rules()
    parts = [r.triggers, r.aid_nouns, *(p for _, p in outcome_rules().cues), *(p for _, p in r.modes)]
    return re.compile("|".join(f"(?:{p.pattern})" for p in parts), re.I)


FINAL = frozenset(".!?…")
CLOSING = frozenset(")]’”'\"")


def split_sentences(doc: Doc) -> Doc:
    """Sentence starts after final punctuation (and the quotes or brackets closing it) and after line breaks."""
    starts = numpy.full((len(doc), 1), -1, dtype="int64")  # set at once: token by token is quadratic in spaCy
    ended, before = True, None
    for token in doc:
        closing = token.text in CLOSING and before is not None and not before.whitespace_ and not before.is_space
        if (ended and not token.is_space and not closing) or before is None:
            starts[token.i] = 1
            ended = False
        if token.is_space:
            ended = ended or "\n" in token.text
        elif not closing:
            ended = token.text[-1:] in FINAL and (token.is_punct or len(token.text) == 1)
        before = token
    return doc.from_array([SENT_START], starts.astype("uint64"))


def name_words(sentences: list[Span]) -> set[str]:
    """The capitalised words of the sentences that the article never writes in lower case and the
    gazetteer does not know as a place: likely names of people."""
    lower = {t.lower_ for t in sentences[0].doc if t.text.islower()} if sentences else set()
    places = tables().kinds  # countries, demonyms, cities and organisations name no person
    return {t.text for s in sentences for t in s
            if t.text[:1].isupper() and len(t.text) > 1 and t.lower_ not in lower and t.text not in places}


def may_name(sentence: Span, names: set[str]) -> bool:
    """True when the sentence has a capitalised word after its first, or opens with a likely name."""
    return sentence[0].text in names or any(t.text[:1].isupper() for t in sentence[1:])


def candidate_sentences(doc: Doc) -> list[Span]:
    """The sentences that get NER: those that may name a person and have a cue or share a likely name
    with a cue sentence (only PERSON entities are read, and only near cues)."""
    sentences = list(split_sentences(doc).sents)
    cue = cue_pattern()
    cued = [bool(cue.search(s.text)) for s in sentences]
    names = name_words([s for s, c in zip(sentences, cued, strict=True) if c])
    return [s for s, c in zip(sentences, cued, strict=True)
            if (c or any(t.text in names for t in s)) and may_name(s, names)]


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
