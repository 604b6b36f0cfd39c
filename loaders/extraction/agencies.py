"""Agencies that need context: generic bodies ("Russia's central bank", "the foreign ministry",
"Chinese embassy in London"); named_bodies.py reads capitalised names and acronyms.

Why generic kinds: every state has a foreign ministry; listing each would be endless, so a kind
plus the state that qualifies it gives the id (agency:<iso3>:<kind>), and a named agency of the
same kind in agencies.yaml (the US State Department) takes over when there is one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from kg.loaders.extraction import context, gazetteer
from kg.loaders.extraction.registry import Registry
from kg.schema.ids import slugify


@lru_cache(maxsize=1)
def _kinds() -> dict[str, dict[str, Any]]:
    """phrase (lower case) -> kind spec"""
    out: dict[str, dict[str, Any]] = {}
    for spec in gazetteer.load().agency_kinds:
        for phrase in spec["phrases"]:
            out[phrase] = spec
    return out


def _matcher(doc: Doc) -> PhraseMatcher:
    return gazetteer.phrase_matcher(doc.vocab, "AGENCY_KINDS", _kinds(), attr="LOWER")


def _part_of_body(doc: Doc, start: int) -> bool:
    """'the upper house of Russia's parliament' describes another body, not the parliament."""
    i = start - 1
    while i >= 0 and (doc[i].tag_ == "POS" or doc[i].ent_type_ in ("GPE", "NORP") or doc[i].lower_ == "the"):
        i -= 1
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lemma_ in ("house", "chamber")


def _inside_proper_name(doc: Doc, reg: Registry, start: int) -> bool:
    """'the Internal Security Service', 'the Police Security Service': a capitalised kind phrase
    that ends a longer capitalised name is that name (capitalised_bodies names it), not the kind."""
    if not doc[start].is_title or start == 0:
        return False
    i = start - 1
    if i > 0 and doc[i].lower_ in ("and", "of", "for") and doc[i - 1].is_title:
        i -= 1  # "Information and Security Service"
    prev = doc[i]
    return prev.is_title and prev.pos_ == "PROPN" and reg.mention_at(prev.i) is None and not prev.is_sent_start


ADDRESS_LEMMAS = {"tell", "address", "brief", "inform", "warn"}


def _addressed(doc: Doc, end: int) -> bool:
    """'X told parliament', 'in a speech to parliament': a bare body noun a speaker addresses
    is the body of the speaker's own state (a plural or a modified noun is not)."""
    tok = doc[end - 1]
    if tok.tag_ != "NN" or any(c.dep_ in ("amod", "compound", "det", "poss") for c in tok.children):
        return False
    if tok.dep_ in ("dobj", "dative") and tok.head.lemma_ in ADDRESS_LEMMAS:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_ in ("speech", "address", "statement")


def _portfolio(doc: Doc, end: int) -> bool:
    """'Armed Forces Minister X': the words name a minister's portfolio, not the body."""
    return end < len(doc) and doc[end].lower_ in ("minister", "secretary", "ministers", "secretaries")


def _title_use(doc: Doc, end: int) -> bool:
    """'Foreign ministry spokesman X': the phrase modifies an office title."""
    heads = set(gazetteer.load().lexicon.get("title_heads", []))
    return end < len(doc) and doc[end].lower_ in heads


def _state_name(reg: Registry, state_id: str) -> str:
    rec = reg.records.get(state_id)
    if rec is not None:
        return rec.name
    entry = gazetteer.load().entry(state_id)
    return entry.name if entry else state_id.split(":")[1].upper()


def _ensure_state(reg: Registry, state_id: str) -> None:
    entry = gazetteer.load().entry(state_id)
    if entry is not None and state_id not in reg.records:
        reg.entity(state_id, "State", entry.name)


def register_generic(reg: Registry, state_id: str, kind: str, kind_name: str, host: str | None = None) -> str:
    """The agency id of `kind` for a state: a named agency when the gazetteer has one."""
    gaz = gazetteer.load()
    named = gaz.agency_by_kind.get((state_id, kind))
    _ensure_state(reg, state_id)
    if named is not None and host is None:
        reg.entity(named.id, "Agency", named.name, state=named.state, parent=named.parent, kind=named.kind)
        return named.id
    iso = state_id.split(":")[1]
    state_name = _state_name(reg, state_id)
    if host:
        host_name = _state_name(reg, host)
        ident = f"agency:{iso}:{kind}-in-{slugify(host_name)}"
        name = f"{kind_name} of {state_name} in {host_name}"
    else:
        ident, name = f"agency:{iso}:{kind}", f"{kind_name} of {state_name}"
    reg.entity(ident, "Agency", name, state=state_id, parent=state_id, kind=kind)
    return ident


def _host(doc: Doc, reg: Registry, end: int) -> str | None:
    """'embassy in Washington' -> the state whose capital or name follows 'in'/'to'."""
    if end + 1 < len(doc) and doc[end].lower_ in ("in", "to"):
        j = end + 1
        if doc[j].lower_ == "the":
            j += 1
        return context.state_of(reg, reg.mention_at(j))
    return None


def _holder_state(doc: Doc, reg: Registry, end: int) -> str | None:
    """'Foreign ministry spokesman X' where X is a known official: the ministry is X's state's,
    whatever ministry of that kind the article named before (the official names the speaker)."""
    if not _title_use(doc, end):
        return None
    for i in range(end + 1, min(end + 4, len(doc))):
        m = reg.mention_at(i)
        if m is not None:
            rec = reg.records.get(m.entity_id)
            return rec.state if rec is not None and rec.label == "Official" else None
    return None


DIPLOMATIC = ("embassy", "consulate", "mission-to-the-un")


def _owned_branch(doc: Doc, reg: Registry, start: int, kind: str) -> gazetteer.Entry | None:
    """'The IRGC said its navy ...', "the IRGC's navy": the branch of that kind the gazetteer
    lists under the owning body, not the state's own."""
    i = start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        owner = reg.mention_at(i - 1)
    elif i >= 0 and doc[i].lower_ == "its":
        owner = next((m for m in sorted(reg.mentions, key=lambda m: -m.start) if m.start < i and
                      m.label in ("Agency", "State", "Organization")), None)
    else:
        return None
    if owner is None or owner.label != "Agency":
        return None
    return gazetteer.load().branch_by_kind.get((owner.entity_id, kind))


def _coordinated_state(reg: Registry, tok: Token) -> str | None:
    """'the Russian embassy in Washington and the consulate in San Francisco': a diplomatic body
    joined to a qualified one belongs to the same state."""
    doc = tok.doc
    candidates = [tok.head.i] if tok.dep_ == "conj" else []
    k = tok.i - 1
    while k >= 0 and doc[k].lower_ in ("the", "its", "a"):
        k -= 1
    if k >= 0 and doc[k].lower_ in ("and", "or", ","):  # the parser often hangs the second body elsewhere
        candidates += range(k - 1, max(tok.sent.start, k - 6) - 1, -1)
    for i in candidates:
        m = reg.mention_at(i)
        rec = reg.records.get(m.entity_id) if m is not None and m.label == "Agency" else None
        if rec is not None and rec.props.get("kind") in DIPLOMATIC:
            return rec.state
    return None


def one_embassy(reg: Registry) -> None:
    """'the Russian embassy' (a headline) and 'the Russian embassy in Stockholm': with one
    hosted embassy of a state in the article, its unhosted one is the same body."""
    for kind in ("embassy", "consulate"):
        bodies = [r for r in reg.records.values() if r.label == "Agency" and r.props.get("kind") == kind]
        for bare in [r for r in bodies if r.id == f"agency:{(r.state or ':').split(':')[1]}:{kind}"]:
            hosted = [r for r in bodies if r.state == bare.state and r.id != bare.id]
            if len(hosted) == 1:
                reg.merge(hosted[0].id, bare.id, f"the one {kind} of {bare.state} the article places")


def _last_of_kind(reg: Registry, kind: str, before: int) -> str | None:
    for m in sorted(reg.mentions, key=lambda m: -m.start):
        if m.start < before and m.label == "Agency" and reg.records[m.entity_id].props.get("kind") == kind:
            return m.entity_id
    return None


ASSET_NOUNS = {"vessel", "vessels", "ship", "ships", "boat", "boats", "warship", "warships", "aircraft", "jet", "jets",
               "plane", "planes", "helicopter", "helicopters", "troops", "personnel", "patrol", "patrols", "cutter",
               "cutters", "submarine", "submarines", "drone", "drones", "officers", "units", "forces"}


def _acting(tok: Token) -> bool:
    """'Russian troops shelled the town', 'abuses by Russian forces': soldiers that act are the
    armed forces acting; 'an attack on US troops' names victims, not the institution."""
    while tok.dep_ == "conj":
        tok = tok.head
    return tok.dep_ == "nsubj" or (tok.dep_ == "pobj" and tok.head.lower_ == "by") or tok.dep_ == "agent"


def _asset_owner(doc: Doc, end: int) -> bool:
    """'Russian coastguard vessels', 'navy ships': the body named as the owner of its assets acts."""
    return end < len(doc) and doc[end].lower_ in ASSET_NOUNS


def _idle_assets(doc: Doc, end: int) -> bool:
    """'a reserve of Russian police officers', 'helping navy ships dock': idle people or assets
    are not the body acting (even where 'officers' could be a title)."""
    return _asset_owner(doc, end) and doc[end - 1].dep_ in ("amod", "compound") and not _acting(doc[end])


def _placed_after(doc: Doc, end: int) -> bool:
    """'troops of the Southern Military District', 'the military, known as X': placed by what follows."""
    nxt = doc[end].lower_ if end < len(doc) else ""
    return nxt == "of" or (nxt == "," and end + 1 < len(doc) and doc[end + 1].lower_ in ("known", "called"))


def _org_tail(doc: Doc, reg: Registry, start: int, end: int) -> int | None:
    """'mission to the United Nations': the phrase may end in an organisation already found; the
    agency mention then stops where the organisation's begins (None: the phrase is not free)."""
    taken = [i for i in range(start, end) if reg.mention_at(i) is not None]
    if not taken:
        return end
    first = taken[0]
    if all(reg.mention_at(i).label == "Organization" for i in taken) and \
            all(reg.mention_at(i) is not None for i in range(first, end)) and first > start + 1:  # type: ignore[union-attr]
        stop = first - 1 if doc[first - 1].lower_ == "the" else first
        while stop > start + 1 and doc[stop - 1].lower_ in ("to", "of", "in", "at"):
            stop -= 1  # the mention is "mission", the organisation keeps "to the United Nations"
        return stop if stop > start else None
    return None


def _full_name_end(doc: Doc, start: int, end: int) -> int:
    """'Ministry of Economy, Trade and Industry': a capitalised ministry name with several
    portfolios goes on past the kind phrase ('Ministry of Economy')."""
    if not (doc[start].is_title and doc[start].lower_ in ("ministry", "department")):
        return end
    j, closed = end, end
    while j + 1 < len(doc) and doc[j].text in (",", "and", "&") and doc[j + 1].is_title:
        j += 2
        while j < len(doc) and doc[j].is_title and doc[j].pos_ in ("PROPN", "NOUN"):
            j += 1
        if doc[j - 2].text in ("and", "&") or (j - 3 >= 0 and doc[j - 3].text in ("and", "&")):
            closed = j
    return closed


def _chosen(doc: Doc, reg: Registry) -> list[tuple[int, int, int]]:
    """Non-overlapping kind phrases, longest first: (start, end of the phrase, end of the mention)."""
    matches = sorted(_matcher(doc)(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    claimed: set[int] = set()
    chosen = []
    for _, start, end in matches:
        if any(i in claimed for i in range(start, end)):
            continue
        stop = _org_tail(doc, reg, start, end)
        if stop is None:
            continue
        claimed.update(range(start, end))
        chosen.append((start, end, stop))
    return sorted(chosen)


def find_generic(doc: Doc, reg: Registry) -> None:
    kinds = _kinds()
    for start, end, stop in _chosen(doc, reg):
        phrase = doc[start:end].text.lower()
        spec = kinds.get(phrase) or kinds.get(" ".join(t.lower_ for t in doc[start:end]))
        if spec is None:
            continue
        last = doc[end - 1]
        if spec.get("noun") and (last.pos_ not in ("NOUN", "PROPN") or _portfolio(doc, end) or
                                 (last.dep_ in ("amod", "compound") and not _title_use(doc, end)
                                  and not _asset_owner(doc, end)) or _idle_assets(doc, end)):
            continue
        if _part_of_body(doc, start) or _inside_proper_name(doc, reg, start) or \
                context.begins_longer_name(doc, start, end):
            continue
        if phrase in spec.get("acting", []) and not _acting(last):
            continue
        allowed = spec.get("only", {}).get(phrase)
        diplomatic = spec["kind"] in DIPLOMATIC
        state = context.qualifier_state(doc, reg, start, end, seat=not diplomatic)
        full_end = _full_name_end(doc, start, end)
        if full_end > end:
            _full_named(doc, reg, start, full_end, spec, state)
            continue

        how = "agency:qualified"
        if state is None and not diplomatic:
            state = _holder_state(doc, reg, end)
        if state is None and diplomatic:
            state = _coordinated_state(reg, last)
        if state is None:
            if spec.get("qualified_only"):
                continue
            definite = start > 0 and doc[start - 1].lower_ == "the"
            if not (definite or _title_use(doc, end) or allowed or doc[start].is_title or _addressed(doc, end)):
                continue
            if not definite and doc[end - 1].tag_ == "NNS" and doc[start].is_sent_start and \
                    doc[end - 1].lower_ not in ("forces", "troops", "guards", "marines"):
                continue  # "Prosecutors said": people of an unnamed office, capitalised only by the sentence
            previous = _last_of_kind(reg, spec["kind"], start)
            if previous is None and diplomatic:
                continue  # "the embassy" alone: whose embassy, in which capital, is anyone's guess
            if previous is not None and not allowed:
                reg.mention(previous, context.extend_the(doc, start), stop, how="coref:agency",
                            reason=f"'{doc[start:end].text}' refers back to the last {spec['kind']}")
                continue
            if spec.get("refers_back_only") and not _placed_after(doc, end):
                continue  # "infiltrating the army" with no army named before: whose army is a guess
            state = _allowed_context(reg, start, allowed)
            how = "agency:context"
            if state is None:
                continue
        host = _host(doc, reg, end) if spec["kind"] in ("embassy", "consulate") else None
        branch = _owned_branch(doc, reg, start, spec["kind"])
        if branch is not None:
            reg.entity(branch.id, "Agency", branch.name, state=branch.state, parent=branch.parent, kind=spec["kind"])
        ident = branch.id if branch is not None else register_generic(reg, state, spec["kind"], spec["name"], host)
        reg.mention(ident, context.extend_the(doc, start), stop, how=how,
                    reason=f"'{doc[start:end].text}' of {_state_name(reg, state)} ({how.split(':')[1]})")
        qual_start = start
        while (qual_start > 0 and reg.mention_at(qual_start - 1) is not None) or \
                (qual_start > 0 and doc[qual_start - 1].tag_ == "POS"):
            qual_start -= 1
        if qual_start == start and start > 0 and doc[start - 1].lower_ in ("its", "their"):
            qual_start -= 1  # "its navy"
        alias_end = _alias_end(doc, end)
        if qual_start < start or alias_end > end:
            reg.add_alias(ident, doc[qual_start:alias_end].text)


def _alias_end(doc: Doc, end: int) -> int:
    """'embassy in Moscow', 'mission to the United Nations': the place belongs in the alias."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("in", "to"):
        return end
    j = end + 1
    if doc[j].lower_ == "the" and j + 1 < len(doc):
        j += 1
    if not doc[j].is_title:
        return end
    while j < len(doc) and doc[j].is_title:
        j += 1
    return j


def _full_named(doc: Doc, reg: Registry, start: int, end: int, spec: dict[str, Any], state: str | None) -> None:
    """A ministry under its full capitalised name: its own id, the kind of its first portfolio
    (so "the ministry" still refers back to it)."""
    state = state or context.context_state(reg, start)
    if state is None:
        return
    name = doc[start:end].text
    ident = f"agency:{state.split(':')[1]}:{slugify(name)}"
    _ensure_state(reg, state)
    reg.entity(ident, "Agency", name, state=state, parent=state, kind=spec["kind"])
    reg.mention(ident, context.extend_the(doc, start), end, how="agency:full-name",
                reason=f"full name of a ministry of {_state_name(reg, state)}")


def _allowed_context(reg: Registry, i: int, allowed: list[str] | None) -> str | None:
    """The state of an unqualified body. A phrase only some states use ("the Foreign Office",
    unqualified, is British or German) takes one of those states named in the same sentence,
    else the one in context, else the first; a qualified use ("Pakistan's foreign office")
    never comes here."""
    if not allowed:
        return context.context_state(reg, i)
    ids = [f"state:{a}" for a in allowed]
    sent = reg.doc[i].sent
    near = [m for m in reg.mentions if sent.start <= m.start < sent.end and context.state_of(reg, m) in ids]
    if near:
        near.sort(key=lambda m: abs(m.start - i))
        return context.state_of(reg, near[0])
    st = context.context_state(reg, i)
    return st if st in ids else ids[0]


def rehome(reg: Registry) -> None:
    """A generic body whose state came only from context is placed again once the people are
    known: 'Guaidó, the head of the opposition-controlled National Assembly, declared ...' is
    about Venezuela only once Guaidó is known as Venezuela's (the officials are found after
    the bodies, as their offices lean on them)."""
    specs = {spec["kind"]: spec for spec in gazetteer.load().agency_kinds if not spec.get("only")}
    for rec in [r for r in reg.records.values() if r.label == "Agency" and r.props.get("kind") in specs]:
        mentions = [m for m in reg.mentions if m.entity_id == rec.id]
        if not mentions or any(m.how != "agency:context" for m in mentions) or rec.state is None:
            continue
        first = min(mentions, key=lambda m: m.start)
        state = context.context_state(reg, first.start)
        if state is None or state == rec.state:
            continue
        spec = specs[rec.props["kind"]]
        ident = register_generic(reg, state, spec["kind"], spec["name"])
        reg.merge(ident, rec.id, f"'{first.text}' is of {_state_name(reg, state)} once its people are known")
