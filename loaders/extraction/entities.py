"""Entity recognition and in-article resolution: Doc -> ArticleEntities.

Order matters and is the design: exact gazetteer names first (states, organisations, named
agencies, groups, incidents, known officials), then acronyms introduced in parentheses, then
generic agencies that need a state ("the foreign ministry"), then people and their offices,
then incidents built from names, then companies from NER, and last the definite descriptions
that point back ("the bloc", "the hack", "the administration"). Each step only claims tokens no
earlier step claimed, so a more specific reading always wins.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.extraction import (
    agencies,
    bodies,
    companies,
    context,
    coref,
    gazetteer,
    groups,
    incidents,
    membership,
    named_bodies,
    people,
    structure,
    threat_actors,
)
from kg.loaders.extraction.gazetteer import Entry, Form
from kg.loaders.extraction.mentions import ArticleEntities, Mention
from kg.loaders.extraction.registry import Registry
from kg.schema import Article, Relation


def register_entry(reg: Registry, entry: Entry) -> None:
    """Create (once) the record of a gazetteer entity with its structural properties."""
    reg.entity(entry.id, entry.label, entry.name, state=entry.state, parent=entry.parent, kind=entry.kind,
               date=entry.date, role=entry.role, club=entry.club or None, members=entry.members or None)
    if entry.label == "Official":
        reg.entity(entry.id, entry.label, entry.name, official_of=entry.parent or entry.state)
    # the body above (the UN above its Security Council, the GRU above a unit, the state above
    # an agency) is part of the story's structure even when the text does not name it
    gaz = gazetteer.load()
    for above in (entry.parent, entry.state) if entry.label in ("Agency", "Official") else ():
        parent = gaz.entry(above) if above else None
        if parent is not None and parent.id not in reg.records:
            register_entry(reg, parent)


def _choose(forms: list[Form], reg: Registry, named: set[str]) -> Form:
    """Several entries share a surface form: prefer one already in the article, then one the
    article names elsewhere under another form ("Brussels" is the EU in a story that names the
    EU, Belgium's capital otherwise), then states."""
    for form in forms:
        if form.entry.id in reg.records:
            return form
    for form in forms:
        if form.how == "contextual" and form.entry.id in named:
            return form
    order = {"State": 0, "Organization": 1, "Agency": 2, "Official": 3, "Group": 4, "Incident": 5}
    return min(forms, key=lambda f: order.get(f.entry.label, 9))


LEADER_METONYMS = {"administration", "government", "cabinet"}


def _bare_name_ok(doc: Doc, start: int) -> bool:
    """A known official's bare surname stands alone when a title precedes it ("President
    Putin") or the NER reads it as a person ("Macron and Biden move to ...")."""
    lex = gazetteer.load().lexicon
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and (prev.lower_ in lex.get("title_heads", []) or prev.text in lex.get("honorifics", [])):
        return True
    return doc[start].ent_type_ == "PERSON"


def _gazetteer_pass(doc: Doc, nlp: Language, reg: Registry) -> None:
    deferred: list[tuple[int, int, Form]] = []
    found = gazetteer.find(doc)
    named = {f.entry.id for _, _, forms in found for f in forms if f.how != "contextual" and len(forms) == 1}
    queue = list(found)
    while queue:
        start, end, forms = queue.pop(0)
        form = _choose(forms, reg, named)
        if form.how == "contextual":
            deferred.append((start, end, form))
            continue
        if not context.plausible(doc, start, end, form):
            shorter = _shorter_match(doc, start, end)
            if shorter is not None:  # "US military deaths": not the military, but still the US
                queue.insert(0, shorter)
            continue
        if form.entry.label == "Official" and end < len(doc) and doc[end].lower_ in LEADER_METONYMS \
                and form.entry.state:
            state = gazetteer.load().entry(form.entry.state)
            if state is not None:  # "the Biden administration", "the Morrison government"
                register_entry(reg, state)
                reg.mention(state.id, context.extend_the(doc, start), end + 1, how="gazetteer:metonym",
                            reason=f"'{doc[start:end + 1].text}' is the government {form.entry.name} leads")
                continue
        if form.entry.label == "Official" and end - start == 1 and form.entry.id not in reg.records \
                and not _bare_name_ok(doc, start):
            deferred.append((start, end, form))  # a bare surname counts once the full name was seen
            continue
        register_entry(reg, form.entry)
        begin = context.extend_the(doc, start)
        reg.mention(form.entry.id, begin, end, how=f"gazetteer:{form.how}",
                    reason=f"gazetteer {form.how} of {form.entry.name}" if form.how != "name" else None)
    for start, end, form in deferred:
        if form.entry.id in reg.records:
            reg.mention(form.entry.id, start, end, how=f"gazetteer:{form.how}",
                        reason=f"{form.how} '{doc[start:end].text}' after {form.entry.name} was named")


def _shorter_match(doc: Doc, start: int, end: int) -> tuple[int, int, list[Form]] | None:
    """The longest gazetteer form that starts a rejected match ("US" in "US military")."""
    gaz = gazetteer.load()
    for k in range(end - 1, start, -1):
        forms = gaz.forms.get(doc[start:k].text)
        if forms:
            return start, k, forms
    return None


PEOPLE_NOUNS = {"people", "population", "civilians", "citizens", "nationals", "residents", "refugees", "voters"}


def _nationality_only(doc: Doc, m: Mention, reg: Registry) -> bool:
    """'the Palestinian people', 'the Syrian Kurdish YPG militia': a nationality word describing a
    people or a non-state group (with no patron word: 'Iran-backed' ties) names no actor."""
    if m.how != "gazetteer:demonym" or m.end >= len(doc):
        return False
    head = doc[m.end - 1].head
    if head.i < m.end or doc[m.end - 1].dep_ not in ("amod", "compound", "nmod"):
        return False
    if head.lower_ in PEOPLE_NOUNS:
        return True
    other = reg.mention_at(head.i) or next((reg.mention_at(c.i) for c in head.children
                                           if reg.mention_at(c.i) is not None and c.i >= m.end), None)
    return other is not None and other.label == "Group" and doc[m.end].text != "-"


def _drop_places(doc: Doc, reg: Registry) -> None:
    """States the article only names as places ("troops in Afghanistan", a dateline) are not
    actors of the story; states that own an agency or official stay."""
    owners = {r.state for r in reg.records.values()} | {r.official_of for r in reg.records.values()}
    by_state: dict[str, list[bool]] = {}
    for m in reg.mentions:
        if m.label == "State":
            by_state.setdefault(m.entity_id, []).append(context.locative(doc, m, reg) or _nationality_only(doc, m, reg))
    for state, flags in by_state.items():
        if all(flags) and state not in owners:
            reg.drop(state)


def analyse(doc: Doc, article: Article, nlp: Language) -> tuple[ArticleEntities, list[Relation]]:
    """Every entity mention of the article resolved to article-level entities, plus the
    structural relations recognition established (OFFICIAL_OF, PART_OF, MEMBER_OF)."""
    reg = Registry(doc)
    _gazetteer_pass(doc, nlp, reg)
    threat_actors.rebel_troops(doc, reg)  # before 'soldiers' can read as the state's forces
    agencies.find_generic(doc, reg)
    agencies.one_embassy(reg)
    named_bodies.joint_bodies(doc, reg)
    named_bodies.acronyms_in_parentheses(doc, reg)
    named_bodies.acronyms_reused(doc, reg)
    named_bodies.capitalised_bodies(doc, reg)
    bodies.numbered_units(doc, reg)
    bodies.ordinal_units(doc, reg)
    bodies.acronym_branches(doc, reg)
    bodies.bodies_of_bodies(doc, reg)
    bodies.unqualified_bodies(doc, reg)
    bodies.appositions(doc, reg)
    bodies.same_kind_names(reg)
    coref.body_nouns(doc, reg)
    people.find_people(doc, reg, article)
    agencies.rehome(reg)
    bodies.his_ministry(doc, reg)
    coref.titles(doc, reg)
    threat_actors.named_by_scheme(doc, reg)
    groups.find_campaigns(doc, reg)
    incidents.find_incidents(doc, reg, article)
    groups.find_groups(doc, reg)
    companies.find_companies(doc, reg)
    coref.group_descriptions(doc, reg)
    groups.find_unnamed(doc, reg)
    threat_actors.researcher_labels(reg)
    threat_actors.aliases_of_groups(doc, reg)
    threat_actors.described_as_named(reg)
    coref.resolve_definites(doc, reg)
    _drop_places(doc, reg)
    relations = structure.structural_relations(reg) + membership.member_relations(doc, reg)
    return reg.result(), relations


def recognise(doc: Doc, article: Article, nlp: Language) -> ArticleEntities:
    """Every entity mention of the article, resolved to article-level entities."""
    return analyse(doc, article, nlp)[0]
