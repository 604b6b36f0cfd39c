"""Hacker groups the way security vendors name them, and the ties between those names.

Why rules and not only the gazetteer: vendors mint new names every month, but in schemes
("APT45", "Storm-0558", "<Word> Typhoon" for China, "<Word> Bear" for Russia), so the scheme
says it is a threat actor and, often, for which state. Researcher labels the gazetteer files
under a state body (APT28 under GRU unit 26165) stay that body only when the article names the
body too; otherwise the article is talking about a hacking group tied to it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Doc

from kg.loaders.extraction import gazetteer
from kg.loaders.extraction.registry import Registry
from kg.schema.ids import slugify

NUMBERED = re.compile(r"^(APT|FIN|TA|UNC|DEV|Storm|UAC|TAG)-?\d{1,5}$")
CYBER_CUES = re.compile(r"hack|cyber|phishing|malware|espionage|intrusion|threat actor|ransomware", re.IGNORECASE)


def _scheme_state(word: str) -> tuple[bool, str | None] | None:
    """(is a scheme noun, state it implies) for the last word of a two-word vendor name."""
    schemes = gazetteer.load().actor_schemes
    if word not in schemes:
        return None
    return True, (f"state:{schemes[word]}" if schemes[word] else None)


def _add(reg: Registry, doc: Doc, start: int, end: int, state: str | None, reason: str) -> None:
    name = doc[start:end].text
    ident = f"group:{slugify(name)}"
    reg.entity(ident, "Group", name, kind="hacker", state=state)
    reg.mention(ident, start, end, how="group:scheme", reason=reason)


def named_by_scheme(doc: Doc, reg: Registry) -> None:
    """'APT45', 'Storm-0558', 'Midnight Typhoon', 'Cosmic Kitten': a threat actor by its name's shape."""
    cyber = bool(CYBER_CUES.search(doc.text))
    stop = gazetteer.load().actor_scheme_stopwords
    words = [t for t in reg.texts() if NUMBERED.match(t) or t in ("Storm", "DEV") or _scheme_state(t)]
    for tok in reg.tokens(words, attr="text"):
        if reg.mention_at(tok.i) is not None:
            continue
        if NUMBERED.match(tok.text):
            _add(reg, doc, tok.i, tok.i + 1, None, "a vendor's numbered threat-actor name")
            continue
        if tok.text in ("Storm", "DEV") and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" \
                and doc[tok.i + 2].text.isdigit() and reg.free(tok.i, tok.i + 3):
            _add(reg, doc, tok.i, tok.i + 3, None, "a vendor's numbered threat-actor name")
            continue
        scheme = _scheme_state(tok.text)
        if not cyber or scheme is None or tok.i == 0:
            continue
        first = doc[tok.i - 1]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if not first.is_title or first.lower_ in stop or reg.mention_at(first.i) is not None or first.is_sent_start:
            continue
        if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
            continue  # "Typhoon Haikui" is a storm
        _add(reg, doc, first.i, tok.i + 1, scheme[1], f"a vendor's '{tok.text}' threat-actor name")


def researcher_labels(reg: Registry) -> None:
    """'APT28' alone is a hacking group tied to the GRU; 'the GRU's 85th Main Centre ..., which
    researchers call APT28' makes APT28 a name of that unit."""
    by_entity: dict[str, list[str]] = {}
    for m in reg.mentions:
        by_entity.setdefault(m.entity_id, []).append(m.how)
    for ident, hows in list(by_entity.items()):
        rec = reg.records.get(ident)
        if rec is None or rec.label != "Agency" or not hows or any(h != "gazetteer:alias" for h in hows):
            continue
        label = next(m.text for m in reg.ordered() if m.entity_id == ident)
        group = f"group:{slugify(label)}"
        reg.entity(group, "Group", label, kind="hacker", state=rec.state)
        old_name = rec.name
        reg.merge(group, ident, f"'{label}' names a hacking group; the body it is filed under is not in the text")
        grec = reg.records[group]
        grec.aliases = [a for a in grec.aliases if a != old_name]


AKA_CUES = {("known", "as"), ("aka",), ("dubbed",), ("tracks", "as"), ("tracked", "as"), ("calls",), ("call",),
            ("called",), ("named",)}
AKA_FILLER = {"also", "which", "that", "it", "they", "the", "security", "researchers", "microsoft", "google", "firms",
              "vendors", "other", "a", "group", "and", "or", "is", "are", "widely", "by"}


def _cue_between(doc: Doc, start: int, end: int) -> bool:
    words = [t.lower_ for t in doc[start:end] if t.is_alpha]
    core = tuple(w for w in words if w not in AKA_FILLER)
    return len(words) <= 6 and core in AKA_CUES


def aliases_of_groups(doc: Doc, reg: Registry) -> None:
    """'Storm-0558, also known as Antique Typhoon', 'X, which Microsoft tracks as Y': one group."""
    groups = [m for m in reg.ordered() if m.label == "Group"]
    for a, b in pairwise(groups):
        if a.entity_id == b.entity_id or doc[a.start].sent.start != doc[b.start].sent.start:
            continue
        if b.start - a.end > 8 or not _cue_between(doc, a.end, b.start):
            continue
        kinds = {reg.records[m.entity_id].props.get("kind") for m in (a, b) if m.entity_id in reg.records}
        if len(kinds) and "company" not in kinds and a.entity_id in reg.records and b.entity_id in reg.records:
            reg.merge(a.entity_id, b.entity_id, f"'{b.text}' is another name of {reg.records[a.entity_id].name}")


DESCRIBED_KINDS = {"hackers": {"hacker"}, "actors": {"hacker"}, "mercenaries": {"militia"}}  # "militias" are many


def described_as_named(reg: Registry) -> None:
    """'Russian military hackers' in a story about APT28, 'Russian mercenaries' in one about the
    Wagner Group: an unnamed description joins the one named group of that state and kind."""
    for rec in list(reg.records.values()):
        if rec.label != "Group" or rec.props.get("kind") != "unnamed" or not rec.state:
            continue
        kinds = DESCRIBED_KINDS.get(rec.name.split()[-1].lower())
        if kinds is None:
            continue
        same = [n for n in reg.records.values() if n.label == "Group" and n.state == rec.state
                and n.props.get("kind") in kinds]
        if len(same) == 1:
            reg.merge(same[0].id, rec.id, f"'{rec.name}' describes {same[0].name}, the one such group named")


REBEL_MODIFIERS = {"rebel", "mutinous", "renegade", "rogue", "insurgent"}
TROOP_NOUNS = {"soldiers", "troops", "officers", "units", "commanders", "pilots"}


def rebel_troops(doc: Doc, reg: Registry) -> None:
    """'rebel soldiers commandeered tanks', 'mutinous troops': soldiers turned against their own
    command are a non-state group of their own (the plotters of a coup), never the state's
    armed forces; 'the plotters' later refers back to them (coref.group_descriptions)."""
    ident = None
    for tok in reg.tokens(TROOP_NOUNS):
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.lower_ in REBEL_MODIFIERS]
        if not mods or not reg.free(mods[0].i, tok.i + 1):
            continue
        span = doc[mods[0].i: tok.i + 1]
        if ident is None:
            ident = f"group:{slugify(span.text)}"
            reg.entity(ident, "Group", span.text, kind="rebels")
        reg.mention(ident, span.start, span.end, how="group:rebels", reason="soldiers turned against their command")
