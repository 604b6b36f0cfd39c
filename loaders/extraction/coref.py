"""Definite descriptions that point back: "the bloc", "the alliance", "the administration",
"the hack", "the ministry". Each joins the nearest earlier entity of the fitting kind; with
none in sight the phrase stays unresolved (better no mention than a wrong one).
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.loaders.extraction import context, gazetteer
from kg.loaders.extraction.registry import Registry


def _last(reg: Registry, before: int, label: str, kinds: set[str] | None = None) -> str | None:
    for m in sorted(reg.mentions, key=lambda m: -m.start):
        if m.start >= before or m.label != label:
            continue
        kind = reg.records[m.entity_id].props.get("kind")
        if kinds is None or kind in kinds:
            return m.entity_id
    return None


def resolve_definites(doc: Doc, reg: Registry) -> None:
    gaz = gazetteer.load()
    org_nouns: dict[str, set[str]] = {}
    for kind, nouns in gaz.lexicon.get("org_coref", {}).items():
        for noun in nouns:
            org_nouns.setdefault(noun.lower(), set()).add(kind)
    state_nouns = {n.lower() for n in gaz.lexicon.get("state_coref", [])}
    incident_nouns = {n.lower() for n in gaz.incidents_coref}
    for tok in reg.tokens(["the"]):
        if tok.i + 1 >= len(doc):
            continue
        head = doc[tok.i + 1]
        end = tok.i + 2
        if not reg.free(tok.i, end):
            continue
        if end < len(doc) and doc[end].pos_ in ("NOUN", "PROPN") and doc[end].dep_ != "appos":
            continue  # "the group's agenda" is fine, "the alliance headquarters" is not a mention
        word = head.lower_
        target: str | None = None
        reason = ""
        if word in org_nouns:
            target = _last(reg, tok.i, "Organization", org_nouns[word])
            reason = f"'the {head.text}' refers back to the last organisation of that kind"
        elif word in state_nouns:
            st = context.context_state(reg, tok.i)
            target, reason = st, f"'the {head.text}' is the government of the state in context"
        elif word in incident_nouns:
            target = _last(reg, tok.i, "Incident")
            reason = f"'the {head.text}' refers back to the last incident"
        elif word == "ministry":
            target = _last(reg, tok.i, "Agency")
            if target and not str(reg.records[target].props.get("kind", "")).startswith("ministry"):
                target = None
            reason = "'the ministry' refers back to the last ministry"
        if target and target in reg.records:
            reg.mention(target, tok.i, end, how="coref:definite", reason=reason)


BODY_NOUNS = {"office", "mission", "bureau", "agency", "service", "directorate", "council", "commission"}


def body_nouns(doc: Doc, reg: Registry) -> None:
    """'the office', 'The Vilnius office': the last agency whose name has that noun."""
    for tok in reg.tokens(BODY_NOUNS):
        if reg.mention_at(tok.i) is not None or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.pos_ == "PROPN" and nxt is not None and (nxt.pos_ == "PROPN" or nxt.lower_ in ("of", "for", "on")):
            continue  # "the Commission on Human Rights": a longer name, not 'the Commission' named before
        before = reg.mention_at(tok.i - 1) if tok.i > 0 else None
        j = before.start if before is not None and before.label == "State" else tok.i
        if doc[j].lower_ != "the":
            j -= 1
        if j < 0 or doc[j].lower_ != "the":
            continue
        word = tok.lower_
        target = None
        for m in sorted(reg.mentions, key=lambda m: -m.start):
            if m.start < tok.i and m.label == "Agency" and word in reg.records[m.entity_id].name.lower().split():
                target = m.entity_id
                break
        if target is not None:
            reg.mention(target, tok.i, tok.i + 1, how="coref:definite",
                        reason=f"'{doc[j:tok.i + 1].text}' refers back to the last body called an {word}")
            reg.add_alias(target, doc[j:tok.i + 1].text)


def _role_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.lower().replace("-", " ").split() if w not in ("the", "former", "then"))


def titles(doc: Doc, reg: Registry) -> None:
    """'the Prime Minister said', 'the foreign minister added': a bare title with no name is the
    official of the article who holds exactly that office (or, for a lone office noun such as
    'the minister', the one official whose office ends in that noun); with no single holder
    the phrase stays unresolved -- a title is never a person of its own."""
    from kg.loaders.extraction import offices

    officials = [r for r in reg.records.values() if r.label == "Official" and r.role]
    if not officials:
        return
    title_heads = offices.heads()
    vocab = offices.title_words()
    for tok in reg.tokens(["the"]):
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in vocab:
            continue
        end = tok.i + 1
        while end < len(doc) and reg.mention_at(end) is None and doc[end].pos_ in ("NOUN", "PROPN", "ADJ") \
                and offices.bare_title(doc[end:end + 1]):
            end += 1
        if end == tok.i + 1 or doc[end - 1].lower_ not in title_heads:
            continue
        nxt = doc[end] if end < len(doc) else None
        if nxt is not None and ((nxt.is_title and nxt.pos_ == "PROPN") or nxt.lower_ == "of" or nxt.tag_ == "POS"):
            continue  # "the minister Ana Silva", "the minister of X", "the president's": not bare
        words = _role_words(doc[tok.i + 1:end].text)
        named = [r for r in officials if r.first < tok.i]  # named before: a title points back
        exact = [r for r in named if _role_words(r.role or "") == words]
        if not exact and len(words) == 1:
            exact = [r for r in named if _role_words(r.role or "")[-1:] == words]
        if len(exact) == 1:
            rec = exact[0]
            reg.mention(rec.id, tok.i, end, how="coref:title",
                        reason=f"'{doc[tok.i:end].text}' is the one official of the article with that office")


def _description(doc: Doc, reg: Registry, det: int, modifiers: set[str]) -> int | None:
    """End (exclusive) of 'the [modifiers] noun' starting at the determiner: adjectives,
    nationality words, 'X-backed' compounds and listed noun modifiers; None past anything else."""
    k = det + 1
    while k < len(doc) and k - det <= 6:
        tok = doc[k]
        m = reg.mention_at(k)
        if m is not None and m.label != "State":
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" and m is None:
            return k + 1
        ok = m is not None or tok.pos_ == "ADJ" or tok.ent_type_ == "NORP" or tok.text == "-" or \
            tok.lower_ in modifiers or (k + 1 < len(doc) and doc[k + 1].text == "-") or tok.tag_ == "VBN"
        if not ok:
            return None
        k += 1
    return None


def group_descriptions(doc: Doc, reg: Registry) -> None:
    """'the Islamist group that rules Gaza', 'the Iran-backed movement', 'the gang': a definite
    description whose noun names a kind of group refers back to the last named group of that
    kind, so what the description does reaches the group. A name right after the noun ('the
    Lebanese group Hezbollah') is an apposition, not a reference; a bare 'the group' after an
    organisation ("the G7 ... the group") is left to `resolve_definites`."""
    lexicon = gazetteer.load().lexicon
    kinds = {noun: set(ks) for noun, ks in lexicon.get("group_coref", {}).items()}
    modifiers = {w.lower() for w in lexicon.get("group_coref_modifiers", [])}
    if not any(r.label == "Group" for r in reg.records.values()):
        return
    for det in reg.tokens(["the"]):
        end = _description(doc, reg, det.i, modifiers)
        if end is None:
            continue
        head = doc[end - 1]
        fits = kinds.get(head.lower_)
        nxt = doc[end] if end < len(doc) else None
        named_next = nxt is not None and (nxt.pos_ == "PROPN" or (nxt.lower_ == "of" and head.lower_ == "group"))
        if fits is None or named_next:
            continue
        earlier = [m for m in reg.ordered() if m.end <= det.i and m.label in ("Group", "Organization")]
        target = None
        for m in reversed(earlier):
            if m.label == "Organization":
                if end - det.i == 2:
                    break  # bare "the group" after a club of states: the organisation's
                continue
            if reg.records[m.entity_id].props.get("kind") in fits:
                target = m.entity_id
                break
        if target is None:
            continue
        start = end - 1
        while start > det.i and reg.free(start - 1, end) and doc[start - 1].text != "-":
            start -= 1
        reg.mention(target, start, end, how="coref:group",
                    reason=f"'{doc[det.i:end].text}' refers back to the last named group of that kind",
                    alias=doc[det.i:end].text)
