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
        if reg.mention_at(tok.i) is not None or tok.pos_ != "NOUN":
            continue
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
