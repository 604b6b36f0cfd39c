"""Described incidents: unnamed events a story introduces with a description.

"a ransomware attack that ...", "the killing of a Sikh separatist leader": the first such
description becomes the incident the story is about. A story often tells a second event too
("Russia's strikes on Kyiv" after the drone deliveries, "a second seizure of a tanker off
Oman"): a later description becomes its own incident only when it names a target of its own,
since a bare "the attack" after an incident refers back to it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.loaders.extraction import gazetteer
from kg.loaders.extraction.elections import YEAR
from kg.loaders.extraction.registry import Registry
from kg.schema import Article
from kg.schema.ids import slugify

TARGET_PREPS = {"on", "against"}


def _named_target(reg: Registry, tok: Token) -> int | None:
    """Where the named state, place or body an event noun is aimed at ends: 'strikes on Kyiv',
    'an attack against Estonia', 'assaults on Ukraine's energy grid' (a later event must be told
    apart from the first by what it hit)."""
    doc = tok.doc
    prep = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prep is None or prep.head.i != tok.i or prep.lower_ not in TARGET_PREPS:
        return None
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    m = reg.mention_at(obj.i)
    if m is not None and m.label in ("State", "Organization", "Agency", "Group"):
        return m.end
    if m is None and obj.pos_ == "PROPN" and obj.is_title and obj.ent_type_ not in ("DATE", "TIME", "NORP"):
        return obj.right_edge.i + 1 if obj.right_edge.i - obj.i < 3 else obj.i + 1  # "strikes on Lviv"
    owner = next((c for c in obj.children if c.dep_ == "poss"), None)
    if m is None and owner is not None and reg.mention_at(owner.i) is not None:
        return obj.i + 1  # "strikes on Ukraine's power grid"
    return None


def _target_named_before(reg: Registry, target: Span) -> bool:
    """'the cyber attack on Microsoft Exchange Server' after 'the Microsoft Exchange hack': a
    target whose proper name an incident already carries is that incident's target."""
    names = {w.lower() for r in reg.records.values() if r.label == "Incident" for f in (r.name, *r.aliases)
             for w in f.split()}
    return any(t.is_title and t.lower_ in names for t in target)


def _kind(noun: str) -> str:
    """'strikes' and 'strike' tell the same kind of event: a later 'missile attack on Israel'
    after 'Iran's missile attack' is the same attack, 'strikes on Kyiv' after 'attacks' on
    power plants may not be (the gazetteer's looser same_event groups would merge them)."""
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def event_year(doc: Doc, start: int, end: int, article: Article) -> str | None:
    for t in doc[start:end]:
        if YEAR.match(t.text):
            return t.text
    for t in doc[start].sent:
        if YEAR.match(t.text):
            return t.text
    return str(article.published.year) if article.published else None


def description_end(doc: Doc, tok: Token, headline: bool = False) -> int:
    """Where the description of an event ends: 'the killing of a Sikh leader', 'a plot to
    overthrow the government', 'the killings in Bucha' (a short complement, not a clause; a
    headline drops the article: 'hack of chemical weapons watchdog')."""
    end = tok.i + 1
    if end + 1 >= len(doc):
        return end
    nxt = doc[end]
    if nxt.lower_ in ("of", "on", "against") and headline:  # "drone strikes on refineries"
        return min(nxt.right_edge.i + 1, end + 6)
    if nxt.lower_ == "of" and doc[end + 1].lower_ in ("a", "an", "the"):
        stop = min(nxt.right_edge.i + 1, end + 6)
        comma = next((t.i for t in doc[end:stop] if t.text in (",", ";", "(")), stop)
        return comma  # "the hack of the Ronin Network, which ...": not the relative clause
    if nxt.lower_ == "to" and doc[end + 1].pos_ == "VERB":
        verb = doc[end + 1]
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        core = [c.right_edge.i for c in obj.rights if c.dep_ not in ("cc", "conj", "prep", "relcl", "acl", "punct")] \
            if obj is not None else []
        last = max([obj.i, *core]) if obj is not None else verb.i  # "to intimidate MP X" (not "and his relatives")
        return min(last + 1, end + 7)
    place = end + 1 + (doc[end + 1].lower_ == "the" and end + 2 < len(doc))
    if nxt.lower_ in ("in", "at", "near", "over") and doc[place].is_title and doc[place].pos_ == "PROPN":
        k = place
        while k < len(doc) and doc[k].is_title and doc[k].pos_ == "PROPN":
            k += 1
        return k
    return end


def _infinitive_after(tok: Token) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == "to" and tok.i + 2 < len(tok.doc) and tok.doc[tok.i + 2].pos_ == "VERB"


def _owner_of_event(reg: Registry, poss: Token) -> bool:
    """A possessor that dates or carries out an event: an actor or a day ('last Friday's')."""
    m = reg.mention_at(poss.i)
    return (m is not None and m.label in ("State", "Group", "Agency")) or poss.ent_type_ == "DATE"


def _unrealised(tok: Token, det: str) -> bool:
    """'to justify a crackdown', 'accusing it of orchestrating a coup': an indefinite event that
    is only a purpose or an allegation of a plan has not happened in the story."""
    verb = tok.head
    if det not in ("a", "an") or tok.dep_ != "dobj":
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True
    return verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ == "of"


def described_incidents(doc: Doc, reg: Registry, article: Article) -> None:
    """A story about one unnamed event introduces it once ("a ransomware attack that ...",
    "the killing of a Sikh separatist leader", "the seizure") and refers back to it; when no
    incident has been named yet, the first such description becomes the incident."""
    kinds = {_kind(str(r.props.get("kind"))) for r in reg.records.values() if r.label == "Incident"}
    later = bool(kinds)
    described = gazetteer.load().incidents_described
    headline_end = next((t.i for t in doc if "\n" in t.text or "\n" in t.whitespace_), 0)  # a text of one line has none
    for tok in reg.tokens(described):
        if tok.pos_ != "NOUN" or reg.mention_at(tok.i) is not None:
            continue
        target = _named_target(reg, tok)
        if later and (target is None or _kind(tok.lower_) in kinds or _target_named_before(reg, doc[tok.i + 2:target])):
            continue  # "the attack", "Iran's missile attack on Israel" after the attack refer back to it
        dets = [c for c in tok.children if c.dep_ == "det"] or \
            [c for c in tok.children if c.dep_ == "poss" and _owner_of_event(reg, c)]
        headline = not dets and tok.i < headline_end and tok.tag_ in ("NN", "NNS") and (
            any(c.dep_ == "compound" and c.pos_ == "NOUN" and reg.mention_at(c.i) is None for c in tok.lefts)
            or any(c.dep_ == "prep" and c.lower_ in ("of", "on", "against") for c in tok.rights))
        alias_from = None
        if dets and dets[0].dep_ == "poss":  # "Russia's strikes on Kyiv", "last Friday's failed coup"
            det_i, det, alias_from = dets[0].right_edge.i, "the", dets[0].left_edge.i
        elif dets and dets[0].lower_ in ("a", "an", "the", "this"):
            det_i, det = dets[0].i, dets[0].lower_
        elif headline:  # a headline drops its articles: "... over foiled hack of X"
            det_i, det = tok.left_edge.i - 1, "a"
        else:
            continue
        if det in ("a", "an") and tok.lower_ in gazetteer.load().incidents_definite:
            continue  # "whenever a crisis threatens": no event yet
        if tok.dep_ == "compound" or any(c.dep_ == "neg" for c in tok.head.children) or _unrealised(tok, det):
            continue  # "a crisis hotline", "were not staging a coup", "to justify a crackdown": no such event
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and c.i > det_i]
        eventful = gazetteer.load().attack_modifiers
        if tok.lower_ in ("attack", "raid", "strike", "attacks", "raids", "strikes") and alias_from is None and not any(
                m.pos_ in ("NOUN", "PROPN") or m.lower_ in eventful for m in mods):
            continue  # "a late attack" in a match report; "a ransomware attack" is an event
        if alias_from is not None and tok.tag_ == "NNS" and tok.lower_ in ("attacks", "raids", "strikes") and \
                target is None and not any(m.pos_ in ("NOUN", "PROPN") for m in mods):
            continue  # "Russia's indiscriminate attacks on civilians": a way of waging war, not one event
        if tok.lower_ == "campaign" and not (_infinitive_after(tok) or any(m.lower_ in eventful for m in mods)):
            continue  # "a campaign to intimidate X", "a hacking campaign"; not an election campaign
        start = min([tok.i, *(m.left_edge.i for m in mods)])
        taken = [i for i in range(start, tok.i) if reg.mention_at(i) is not None]
        first_free = max(taken) + 1 if taken else start
        if taken:  # "a suspected Chinese surveillance balloon": the name starts after the state
            start = first_free if doc[first_free].text != "-" else reg.mention_at(max(taken)).start  # type: ignore[union-attr]
        end = target if target is not None else description_end(doc, tok, headline)
        name = doc[start:end].text  # "Russian-backed plot to overthrow the government" keeps its patron
        year = event_year(doc, start, end, article)
        ident = f"incident:{slugify(name)}" + (f"-{year}" if year else "")
        reg.entity(ident, "Incident", name[:1].upper() + name[1:], kind=tok.lower_, date=year)
        reg.mention(ident, first_free, tok.i + 1, how="incident:described",
                    reason="first description of the event the story is about", alias=doc[start:tok.i + 1].text)
        reg.add_alias(ident, doc[alias_from if alias_from is not None else det_i + headline:end].text)
        reg.add_alias(ident, doc[start:tok.i + 1].text)
        nouns = [m.i for m in mods if m.pos_ in ("NOUN", "PROPN") and m.dep_ == "compound" and m.i > start]
        if nouns:  # "'terrorist' drone strikes on refineries" is also "drone strikes on refineries"
            reg.add_alias(ident, doc[min(nouns):end].text)
        if target is not None:  # "strikes on Lviv" also without its author, "Russia's strikes" without the target
            reg.add_alias(ident, doc[tok.i:end].text)
            reg.add_alias(ident, doc[alias_from if alias_from is not None else start:tok.i + 1].text)
        later = True
        kinds.add(_kind(tok.lower_))
