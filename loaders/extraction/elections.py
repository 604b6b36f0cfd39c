"""Election interference as an incident: "Moscow's attempts to sway the 2020 presidential
election", "interference in the US presidential election" -- one incident per election (state
and year), with the id the gazetteer gives US elections so that articles about one election meet.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from kg.loaders.extraction.registry import Registry
from kg.schema import Article

YEAR = re.compile(r"^(19|20)\d\d$")

MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "oct", "nov", "dec"}


SWAY = {"sway", "influence", "interfere", "meddle", "meddling", "interference", "manipulate", "disrupt"}


CURRENT = {"this", "upcoming", "coming", "next", "forthcoming"} | MONTHS


def _election_year(doc: Doc, tok: Token, election: Token, article: Article) -> str | None:
    """The year written in the phrase, or the article's year for the election it calls current
    ("November's election", "the upcoming election", "this election cycle")."""
    year = next((t.text for t in doc[tok.i:election.i] if YEAR.match(t.text)), None)
    if year is None and article.published and any(t.lower_ in CURRENT for t in doc[tok.i:election.i + 2]):
        year = str(article.published.year)
    phrase = {t.lower_ for t in doc[tok.i:election.i]}
    if year is None and article.published and "the" in phrase and "presidential" in phrase and \
            ({"us", "u.s.", "american"} & phrase):
        # "the US presidential election" with no year: the last one held by the article's date
        year = str(article.published.year - article.published.year % 4)
    return year


def _election_state(reg: Registry, tok: Token, election: Token) -> str | None:
    """Whose election: a state named in the phrase ("the 2016 US presidential election"), else
    the first state of the sentence that is not the one trying to sway it."""
    for t in election.subtree:
        m = reg.mention_at(t.i)
        if m is not None and m.label == "State":
            return m.entity_id
    swayer = {reg.mention_at(c.i).entity_id for v in (tok, tok.head, tok.head.head)  # type: ignore[union-attr]
              for c in v.children if c.dep_ in ("nsubj", "poss") and reg.mention_at(c.i) is not None}
    for m in reg.ordered():
        if tok.sent.start <= m.start < tok.sent.end and m.label == "State" and m.entity_id not in swayer:
            return m.entity_id
    return None


def election_interference(doc: Doc, reg: Registry, article: Article) -> None:
    """'Moscow's attempts to sway the 2020 presidential election', 'interference in the 2016
    US presidential election', 'sway the outcome of November's election': election
    interference, one incident per election (state and year), with the id the gazetteer gives
    US elections so that articles about one election meet."""
    for tok in sorted({*reg.tokens(SWAY), *reg.tokens(SWAY, attr="lemma")}, key=lambda t: t.i):
        election = next((t for t in tok.subtree if t.lemma_ == "election" and t.i > tok.i), None)
        if election is None:
            continue
        year = _election_year(doc, tok, election, article)
        if year is None:
            continue
        head = tok.head if tok.dep_ in ("xcomp", "acl") and tok.head.pos_ == "NOUN" else tok
        start = head.i
        taken = [reg.mention_at(i) for i in range(start, election.i + 1) if reg.mention_at(i) is not None]
        if any(m.label != "State" for m in taken):  # type: ignore[union-attr]
            continue
        end = min([election.i + 1, *(m.start for m in taken)])  # type: ignore[union-attr]
        if end <= start:
            continue
        state = _election_state(reg, tok, election)
        prefix = {"state:usa": "us-"}.get(state or "", f"{state.split(':')[1]}-" if state else "")
        ident = f"incident:{prefix}election-interference-{year}"
        reg.entity(ident, "Incident", f"Interference in the {year} election", kind="interference", date=year)
        reg.mention(ident, start, end, how="incident:interference",  # "the US" stays the state's mention
                    reason="an attempt to sway an election is an incident", alias=doc[start: election.i + 1].text)
        reg.add_alias(ident, doc[head.left_edge.i: election.i + 1].text)
        reg.add_alias(ident, doc[start: election.i + 1].text)
