"""The gazetteers (data/gazetteer/*.yaml) loaded once per process, and phrase matching over a Doc.

Why data files: which names stand for which state, organisation, agency or group is world
knowledge that changes without the code changing. This module only reads the files, indexes
them and finds their surface forms in text; deciding what a match means in context is
entities.py's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

DATA = Path(__file__).resolve().parent / "data" / "gazetteer"


@dataclass(frozen=True)
class Entry:
    """One gazetteer entity: what a matched form resolves to."""

    id: str
    label: str  # State, Organization, Agency, Official, Group, Incident
    name: str
    state: str | None = None  # owning state id (agencies, officials, state-backed groups)
    parent: str | None = None  # parent entity id for agencies (state, org or agency)
    kind: str | None = None  # organisation kind, agency kind, group kind, incident kind
    role: str | None = None  # officials: the office held
    date: str | None = None  # incidents: year
    members: tuple[str, ...] = ()  # club organisations: member state ids
    club: bool = False
    ambiguous: bool = False


@dataclass(frozen=True)
class Form:
    """One surface form of an entry and how it names it."""

    text: str
    entry: Entry
    how: str  # name, acronym, demonym, capital, metonym, contextual, alias


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, list[Form]] = field(default_factory=dict)  # exact text -> forms
    lexicon: dict[str, Any] = field(default_factory=dict)  # titles.yaml (titles, nouns, cues)
    regions: dict[str, str] = field(default_factory=dict)  # "Xinjiang" -> "state:chn" (regions.yaml)
    agency_kinds: list[dict[str, Any]] = field(default_factory=list)
    agency_by_kind: dict[tuple[str, str], Entry] = field(default_factory=dict)  # (state id, kind) -> entry
    branch_by_kind: dict[tuple[str, str], Entry] = field(default_factory=dict)  # (parent body id, kind) -> entry
    incidents_nouns: list[str] = field(default_factory=list)  # "hack", "ransomware attack"
    incidents_coref: list[str] = field(default_factory=list)  # "the hack" refers back
    incidents_described: set[str] = field(default_factory=set)  # "a ransomware attack" introduces the event
    incidents_definite: set[str] = field(default_factory=set)  # only "the crisis" introduces one
    same_event: dict[str, str] = field(default_factory=dict)  # "blasts" -> "explosion": one event per year
    attack_modifiers: set[str] = field(default_factory=set)  # "ransomware" attack
    actor_schemes: dict[str, str | None] = field(default_factory=dict)  # "Typhoon" -> "chn" (vendor names)
    actor_scheme_stopwords: set[str] = field(default_factory=set)  # "Super" Typhoon is weather

    def add(self, entry: Entry, text: str, how: str) -> None:
        text = text.strip()
        if not text:
            return
        self.entries.setdefault(entry.id, entry)
        for form in spellings(text):
            bucket = self.forms.setdefault(form, [])
            if not any(f.entry.id == entry.id for f in bucket):
                bucket.append(Form(form, entry, how))

    def entry(self, entity_id: str) -> Entry | None:
        return self.entries.get(entity_id)

    def state_by_demonym(self, text: str) -> Entry | None:
        for form in self.forms.get(text, []):
            if form.entry.label == "State":
                return form.entry
        return None


_SPELLINGS = {"Centre": "Center", "Center": "Centre", "Theatre": "Theater", "Theater": "Theatre",
              "Defence": "Defense", "Defense": "Defence", "Organisation": "Organization",
              "Organization": "Organisation"}


def spellings(text: str) -> list[str]:
    """A multi-word name and its other English spelling ('Main Special Service Centre' / 'Center'),
    and 'United States' shortened to 'US' inside a longer name: wires and agencies write the same
    body both ways, and the gazetteer lists it once."""
    words = text.split(" ")
    out = [text]
    if len(words) >= 2 and any(w in _SPELLINGS for w in words):
        out.append(" ".join(_SPELLINGS.get(w, w) for w in words))
    if len(words) >= 3 and "United States" in text:  # "Office of the US Trade Representative"
        out += [form.replace("United States", "US") for form in out]
    return out


def _read(name: str) -> dict[str, Any]:
    path = DATA / name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise RuntimeError(f"gazetteer file {path}: {err}") from err
    if not isinstance(data, dict):
        raise RuntimeError(f"gazetteer file {path}: expected a mapping at the top level")
    return data


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _load_states(gaz: Gazetteer) -> None:
    for row in _read("states.yaml")["states"]:
        entry = Entry(id=row["id"], label="State", name=row["name"], ambiguous=bool(row.get("ambiguous")))
        for key, how in (("names", "name"), ("demonyms", "demonym"), ("capitals", "capital"),
                         ("metonyms", "metonym"), ("contextual", "contextual")):
            for text in row.get(key) or []:
                gaz.add(entry, _strip_the(text) if how != "contextual" else text, how)


def _load_organizations(gaz: Gazetteer) -> None:
    for row in _read("organizations.yaml")["organizations"]:
        entry = Entry(id=row["id"], label="Organization", name=row["name"], kind=row.get("kind"),
                      members=tuple(f"state:{m}" for m in row.get("members", [])), club=bool(row.get("club")))
        for text in [row["name"], *row.get("names", [])]:
            gaz.add(entry, _strip_the(text), "name")
        for text in row.get("acronyms", []):
            gaz.add(entry, text, "acronym")
        for text in row.get("contextual", []):
            gaz.add(entry, text, "contextual")


def _more(name: str) -> list[str]:
    """'agencies.yaml' and its companions 'agencies_*.yaml' (broad coverage kept apart from the
    core list), in a stable order."""
    stem = name.removesuffix(".yaml")
    return [name, *sorted(p.name for p in DATA.glob(f"{stem}_*.yaml"))]


def _load_agencies(gaz: Gazetteer) -> None:
    data = _read("agencies.yaml")
    gaz.agency_kinds = list(data.get("kinds", []))
    rows = [row for name in _more("agencies.yaml") for row in _read(name).get("agencies", [])]
    for row in rows:
        owner = row.get("state") or row.get("org")
        owner_id = f"state:{owner}" if row.get("state") else f"org:{owner}"
        parent = row.get("parent") or owner_id
        entry = Entry(id=row["id"], label="Agency", name=row["name"], state=owner_id, parent=parent,
                      kind=row.get("kind"))
        for text in [row["name"], *row.get("names", [])]:
            gaz.add(entry, _strip_the(text), "name")
        for text in row.get("acronyms", []):
            gaz.add(entry, text, "acronym")
        for text in row.get("aliases", []):
            gaz.add(entry, _strip_the(text), "alias")
        for kind in [row.get("kind"), *row.get("also_kinds", [])]:
            if kind and row.get("state"):
                gaz.agency_by_kind.setdefault((owner_id, kind), entry)
        if row.get("branch_kind"):  # "the IRGC ... its navy": a branch of the parent body, not the state's
            gaz.branch_by_kind[(parent, row["branch_kind"])] = entry


def _load_people_and_groups(gaz: Gazetteer) -> None:
    schemes = _read("groups.yaml").get("schemes", {})
    gaz.actor_schemes = dict(schemes.get("nouns", {}))
    gaz.actor_scheme_stopwords = {w.lower() for w in schemes.get("not_first_words", [])}
    for row in (row for name in _more("groups.yaml") for row in _read(name).get("groups", [])):
        entry = Entry(id=row["id"], label=row.get("label", "Group"), name=row["name"], kind=row.get("kind"),
                      state=f"state:{row['state']}" if row.get("state") else None,
                      parent=row.get("parent"))
        for text in [row["name"], *row.get("names", [])]:
            gaz.add(entry, _strip_the(text), "name")
        for text in row.get("aliases", []):
            gaz.add(entry, text, "alias")
    for row in _read("officials.yaml").get("officials", []):
        entry = Entry(id=row["id"], label="Official", name=row["name"], state=f"state:{row['state']}",
                      role=row.get("role"), parent=row.get("parent"))
        for text in [row["name"], *row.get("names", [])]:
            gaz.add(entry, text, "name")
    inc = _read("incidents.yaml")
    gaz.incidents_nouns = list(inc.get("nouns", []))
    gaz.incidents_coref = list(inc.get("coref", []))
    gaz.attack_modifiers = {w.lower() for w in inc.get("attack_modifiers", [])}
    gaz.incidents_described = {w.lower() for w in inc.get("described", [])}
    gaz.incidents_definite = {w.lower() for w in inc.get("described_definite", [])}
    gaz.same_event = {noun: kind for kind, nouns in inc.get("same_event", {}).items() for noun in nouns}
    for row in inc.get("incidents", []):
        entry = Entry(id=row["id"], label="Incident", name=row["name"], kind=row.get("kind"), date=row.get("year"))
        for text in [row["name"], *row.get("names", [])]:
            gaz.add(entry, _strip_the(text), "name")


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """All gazetteers, read once per process."""
    gaz = Gazetteer()
    _load_states(gaz)
    _load_organizations(gaz)
    _load_agencies(gaz)
    _load_people_and_groups(gaz)
    gaz.lexicon = _read("titles.yaml")
    gaz.regions = {name: f"state:{iso}" for name, iso in _read("regions.yaml").get("regions", {}).items()}
    return gaz


_MATCHERS: dict[tuple[int, str], PhraseMatcher] = {}


def phrase_matcher(vocab: Vocab, name: str, texts: Iterable[str], attr: str = "ORTH") -> PhraseMatcher:
    """A PhraseMatcher over `texts`, built once per vocab (per loaded model) and name.

    Patterns are tokenised with spaCy's English tokenizer rules, the same rules the English
    pipelines use, so multi-token names match token for token."""
    key = (id(vocab), name)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(vocab, attr=attr)
        tokenizer = English(vocab=vocab).tokenizer
        matcher.add(name, [tokenizer(text) for text in sorted(set(texts))])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def find(doc: Doc) -> list[tuple[int, int, list[Form]]]:
    """Every gazetteer match (token start, end, candidate forms), longest first where they overlap."""
    gaz = load()
    spans = []
    for _, start, end in phrase_matcher(doc.vocab, "GAZ", gaz.forms)(doc):
        forms = gaz.forms.get(doc[start:end].text)
        if forms:
            spans.append((start, end, forms))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: set[int] = set()
    out = []
    for start, end, forms in spans:
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        out.append((start, end, forms))
    out.sort()
    return out
