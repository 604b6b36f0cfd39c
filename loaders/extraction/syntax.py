"""Reading the dependency parse: who is the agent and the patient of a predicate, which
mentions a noun phrase stands for, whether a predicate is negated or hedged.

Why one module: every relation rule asks these same questions, and the small spaCy model makes
the same systematic mistakes everywhere (objects attached as appositions in headlines, "on"
phrases attached to the object instead of the verb, list members hanging off "including"), so
the workarounds live in one place.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from kg.loaders.extraction.lexicon import Lexicon
from kg.loaders.extraction.mention_index import MentionIndex, roll_up, unique
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.modality import hedged, negation

ACTOR_LABELS = frozenset({"State", "Organization", "Agency", "Official", "Group"})
STATE_LIKE = frozenset({"State", "Organization", "Agency"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "them", "him"})
SUBJ_DEPS = ("nsubj", "csubj")
OBJ_FALLBACK_DEPS = ("appos", "attr", "oprd", "npadvmod", "dative")
MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")
SUBJECT_CONTROL = frozenset({"promise", "vow", "pledge", "threaten", "offer", "agree", "refuse"})
__all__ = ["MentionIndex", "Syntax", "roll_up", "unique"]  # the index helpers are re-exported


class Syntax:
    """Parse questions answered for one document with its mentions and the lexicon."""

    def __init__(
        self,
        doc: Doc,
        index: MentionIndex,
        lex: Lexicon,
        offset: int = 0,
        pronouns: dict[int, list[Mention]] | None = None,
        parents: dict[str, str] | None = None,
    ) -> None:
        self.doc = doc
        self.index = index
        self.lex = lex
        self.offset = offset  # index in the article's Doc of this Doc's first token (re-parsed pieces)
        self.pronouns: dict[int, list[Mention]] = pronouns if pronouns is not None else {}
        self.parents: dict[str, str] = parents if parents is not None else {}  # entity -> one level up
        # article-level, shared by the pieces: event nouns -> who did the event ("the launch"),
        # and the article's incident mentions in order (what "it was carried out by" refers to)
        self.events: dict[int, list[Mention]] = {}
        self.incident_trail: list[Mention] = []
        self._negated: dict[tuple[int, bool], bool] = {}

    def piece(self, doc: Doc, index: MentionIndex, offset: int) -> Syntax:
        """The parse questions for a re-parsed piece of this article, sharing its context."""
        out = Syntax(doc, index, self.lex, offset, self.pronouns, self.parents)
        out.events, out.incident_trail = self.events, self.incident_trail
        return out

    def last_incident(self, tok: Token, window: int = 150) -> Mention | None:
        """The incident last mentioned before `tok` (within `window` tokens of the article)."""
        here = tok.i + self.offset
        before = [m for m in self.incident_trail if here - window <= m.start < here]
        return before[-1] if before else None

    def top(self, entity_id: str) -> str:
        return roll_up(entity_id, self.parents)

    def same_side(self, a: Mention, b: Mention) -> bool:
        return self.top(a.entity_id) == self.top(b.entity_id)

    # ------------------------------------------------------------------ mentions of a phrase

    def mention(self, tok: Token) -> Mention | None:
        return self.index.at(tok.i)

    def resolve(self, tok: Token, deep: bool = False, assets: bool = False, depth: int = 2) -> list[Mention]:
        """Mentions the noun phrase headed by `tok` stands for.

        strict: the mention at the head, or a government-like head with a state beside it
        ("the Chinese government", "Russian officials"). assets: also things an actor owns
        ("Ukrainian navy vessels"). deep: also an actor the phrase is about ("Russia's
        occupation", "diplomats at Russia's embassy"), searched through modifiers and "of".
        """
        found = self.mention(tok)
        if found is not None:
            return [found]
        if tok.pos_ == "PRON" or tok.i + self.offset in self.pronouns:  # "they", "the two leaders"
            return list(self.pronouns.get(tok.i + self.offset, []))
        lemma, lower = tok.lemma_.lower(), tok.lower_
        for child in tok.children:  # "actors known as the Lazarus Group"
            if child.dep_ == "acl" and child.lemma_.lower() in ("know", "call", "name", "dub"):
                named = [m for p in self.prep_objects(child, ["as"]) for m in self.resolve(p)]
                named += [m for c in child.children if c.dep_ in ("oprd", "attr") for m in self.resolve(c)]
                if named:
                    return named
        if assets and self.named_by_apposition(tok):
            assets = False  # "a North Korean company, Chosun Expo": the apposition names it
        proxy = lemma in self.lex.proxy_heads or lower in self.lex.proxy_heads
        proxy = proxy or (assets and (lemma in self.lex.asset_heads or lower in self.lex.asset_heads))
        heads = self.lex.metonym_heads | (self.lex.asset_heads if assets else frozenset())
        if (lemma in heads or lower in heads or proxy) and not any(c.lower_ == "member" for c in tok.children):
            for child in tok.children:
                if child.dep_ in MODIFIER_DEPS:
                    owners = [self._owner(c, lemma, proxy) for c in (child, *child.conjuncts)]
                    if owners[0] is not None:  # "American and British warplanes"
                        return unique(m for m in owners if m is not None)
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "in", "for"):
                    out_of: list[Mention] = []
                    for pobj in self.pobjs(child):  # "the prime ministers of A, B and C"
                        out_of += [
                            m for t in self.expand(pobj) if (m := self.mention(t)) is not None and m.label in STATE_LIKE
                        ]
                    if out_of:
                        return unique(out_of)
        if assets and (lemma in self.lex.asset_heads or lower in self.lex.asset_heads) and depth > 0:
            for child in tok.children:  # "diplomats at Russia's embassy", "ships of the coast guard"
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "at", "across", "near", "in", "inside"):
                    for pobj in self.pobjs(child):
                        found_in = self.resolve(pobj, deep=False, assets=True, depth=depth - 1)
                        if found_in:
                            return found_in
        if deep and depth > 0:
            out: list[Mention] = []
            for child in tok.children:
                if child.dep_ in MODIFIER_DEPS:
                    out += self.resolve(child, deep=True, assets=assets, depth=depth - 1)
            if not out:
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from", "at", "in"):
                        for pobj in self.pobjs(child):
                            for member in self.expand(pobj):
                                out += self.resolve(member, deep=True, assets=assets, depth=depth - 1)
            return unique(out)
        return []

    def named_by_apposition(self, tok: Token) -> bool:
        """A thing named right after it ("a company, Chosun Expo"); a state after a counted
        noun is gapping, not a name ("expel two diplomats, Estonia and Latvia one each")."""
        return any(
            c.dep_ == "appos" and (m := self.mention(c)) is not None and m.label != "State" for c in tok.children
        )

    def _owner(self, child: Token, lemma: str, proxy: bool) -> Mention | None:
        """The actor a modifier names, if it can own a noun with this head lemma."""
        m = self.mention(child) or self._compound_mention(child)
        if m is None and child.pos_ == "PRON":  # "its jets"
            m = next(iter(self.resolve(child)), None)
        if m is not None and (
            m.label == "State" or (m.label in STATE_LIKE and lemma != "state") or (proxy and m.label in ACTOR_LABELS)
        ):
            return m
        return None

    def owners(self, heads: list[Token]) -> list[Mention]:
        """Actors that own or qualify a noun: "Albania's claims", "the German accusations", "a
        US-drafted resolution", or who did the event a definite noun refers back to ("the launch")."""
        out: list[Mention] = []
        for head in heads:
            for member in self.expand(head):
                for child in member.children:
                    if child.dep_ in MODIFIER_DEPS:
                        out += self.actors([child])
                        if child.tag_ == "VBN":  # "a US-drafted resolution", "Russian-made drones"
                            out += self.actors([t for t in child.subtree if t.i != child.i and self.mention(t)])
                out += [] if out else self.events.get(member.i + self.offset, [])
        return out

    def _compound_mention(self, tok: Token) -> Mention | None:
        for child in tok.children:
            if child.dep_ in ("compound", "amod"):
                m = self.mention(child)
                if m is not None:
                    return m
        return None

    def actors(self, toks: Iterable[Token], deep: bool = False, assets: bool = False) -> list[Mention]:
        """Actor mentions of several phrase heads, lists distributed."""
        out: list[Mention] = []
        for tok in toks:
            for member in self.expand(tok):
                out += [m for m in self.resolve(member, deep=deep, assets=assets) if m.label in ACTOR_LABELS]
        return unique(out)

    def incidents(self, toks: Iterable[Token]) -> list[Mention]:
        out: list[Mention] = []
        for tok in toks:
            for member in self.expand(tok):
                m = self.mention(member)
                if m is not None and m.label == "Incident":
                    out.append(m)
        return unique(out)

    def expand(self, tok: Token) -> list[Token]:
        """A phrase head and the other members of its list: conjuncts, and the members of a
        collective after "including", "such as", "like" or a dash ("allies, including A and B")."""
        members = [tok, *tok.conjuncts]
        head_mention = self.mention(tok)
        if head_mention is not None:  # misparse: "Britain, Australia, Canada and Japan" with an appos second
            for child in tok.children:
                other = self.mention(child) if child.dep_ == "appos" else None
                if (
                    other is not None
                    and other.label == head_mention.label
                    and other.entity_id != head_mention.entity_id
                ):
                    members += [child, *child.conjuncts]
        for head in list(members):
            if self.mention(head) is not None and head.lemma_.lower() not in self.lex.collective_heads:
                continue
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("including", "like", "as", "among"):
                    for pobj in self.pobjs(child):
                        members += [pobj, *pobj.conjuncts]
                elif child.dep_ == "appos" or (child.dep_ in ("acl", "prep") and child.lower_ == "including"):
                    members += [child, *child.conjuncts]
                    for grand in child.children:
                        if grand.dep_ == "pobj":
                            members += [grand, *grand.conjuncts]
        seen: set[int] = set()
        return [t for t in members if not (t.i in seen or seen.add(t.i))]  # type: ignore[func-returns-value]

    @staticmethod
    def pobjs(prep: Token) -> list[Token]:
        out = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        for other in prep.conjuncts:  # "to and from X"
            out += [c for c in other.children if c.dep_ in ("pobj", "pcomp")]
        for c in prep.children:  # "on behalf of X"
            if c.dep_ == "pobj" and c.lower_ == "behalf":
                out += [p for g in c.children if g.dep_ == "prep" for p in g.children if p.dep_ == "pobj"]
        return out

    # ------------------------------------------------------------------ predicate arguments

    @staticmethod
    def is_passive(v: Token) -> bool:
        if any(c.dep_ in ("auxpass", "nsubjpass", "agent") for c in v.children):
            return True
        if any(c.dep_ == "dobj" for c in v.children):
            return False
        return v.tag_ == "VBN" and v.dep_ in ("acl", "amod") and not any(c.dep_ == "aux" for c in v.children)

    def agent_tokens(self, v: Token, depth: int = 0) -> list[Token]:
        """The tokens heading the agent of predicate `v` (climbing to a governing verb when
        the predicate has no subject of its own: "joined X in accusing", "went further,
        accusing", "vowed to hold X accountable")."""
        if self.is_passive(v):
            by = [
                p
                for c in v.children
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if not by:  # "orchestrated and sponsored by Iran": conjoined participles share the agent
                for other in (*[c for c in v.children if c.dep_ == "conj"], *([v.head] if v.dep_ == "conj" else [])):
                    by += [p for c in other.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            return by
        if v.dep_ == "amod" and v.tag_ == "VBG":  # misparse: "for blasting water cannon at ..."
            noun = v.head
            if noun.dep_ == "pobj" and noun.head.lower_ in ("of", "for") and noun.head.head.pos_ == "VERB":
                controller = [c for c in noun.head.head.children if c.dep_ in ("dobj", "nsubjpass")]
                return controller or self.agent_tokens(noun.head.head, depth + 1)
            return []
        subj = [c for c in v.children if c.dep_ in SUBJ_DEPS]
        if not subj:  # misparse: a fronted subject attached as npadvmod
            subj = [c for c in v.children if c.dep_ == "npadvmod" and c.i < v.i and c.pos_ == "PROPN"]
        if not subj:  # headline misparse: "Norway sanctions X", "Norway blasts X" with the subject as a compound
            subj = [c for c in v.children if c.dep_ == "compound" and c.i < v.i and self.mention(c) is not None]
        if not subj:  # misparse: "In August Beijing recalled ...": the subject swallowed by the date
            subj = [
                p
                for c in v.children
                if c.dep_ == "prep" and c.i < v.i
                for p in self.pobjs(c)
                if self.mention(p) is not None
                and any(g.lower_ in self.lex.words.get("date_words", ()) for g in p.children)
            ]
        if subj:
            if subj[0].lower_ in ("which", "who", "that") and v.dep_ == "relcl":
                return [v.head]
            return subj
        if depth >= 4:
            return []
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
        control = self.lex.words.get("control_nouns", frozenset())
        if v.dep_ == "acl" and infinitive and v.head.dep_ == "dobj" and v.head.lemma_.lower() in control:
            # "reserved the right to take measures", "announced plans to expel" (not "vetoed a
            # resolution to tighten sanctions": the resolution's aim, not the vetoing side's act)
            return self.agent_tokens(v.head.head, depth + 1)
        if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = v.head
            if noun.lemma_.lower() in self.lex.statement_nouns and noun.head.pos_ in ("VERB", "AUX"):
                return self.agent_tokens(noun.head, depth + 1)  # "issued statements pointing at X"
            return [v.head]
        if v.dep_ in ("xcomp", "advcl", "conj", "pcomp", "relcl", "ccomp", "dep"):
            head = v.head
            if head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX", "ADJ", "ADV"):
                if v.dep_ == "pcomp" and head.lower_ in ("of", "for"):  # "accused X of launching"
                    controller = self.object_tokens(head.head) if head.head.pos_ in ("VERB", "AUX") else []
                    if controller:
                        return controller
                head = head.head
                if head.dep_ == "advmod":  # "stopped short of accusing"
                    head = head.head
            if head.pos_ in ("VERB", "AUX"):
                if self.is_passive(head) and v.dep_ in ("xcomp", "advcl"):
                    return []
                if v.dep_ == "xcomp" and head.lemma_.lower() not in SUBJECT_CONTROL:
                    controller = [c for c in head.children if c.dep_ == "dobj"]
                    controller = controller or self.prep_objects(head, ["on", "upon"])
                    if controller:  # object control: "urged Moscow to cooperate", "called on X to act"
                        return controller
                return self.agent_tokens(head, depth + 1)
        if v.dep_ == "prep" or v.head.dep_ == "prep":
            head = v.head if v.dep_ == "prep" else v.head.head
            if head.pos_ in ("VERB", "AUX"):
                return self.agent_tokens(head, depth + 1)
        return []

    def object_tokens(self, v: Token) -> list[Token]:
        """The patient: direct object, passive subject, the noun a participle or relative
        clause modifies, or (headline parses) an apposition hanging off the verb."""
        if self.is_passive(v):
            subj = [c for c in v.children if c.dep_ == "nsubjpass"]
            if subj:
                return subj
            if v.dep_ in ("acl", "amod"):
                return [v.head]
            return []
        objs = [c for c in v.children if c.dep_ == "dobj"]
        if objs and v.dep_ == "relcl" and objs[0].lower_ in ("that", "which", "whom", "who"):
            return [v.head]  # "the attack that the FBI attributed to X"
        if objs:
            return objs
        if v.dep_ == "amod" and v.tag_ == "VBG":
            return [v.head]
        if v.tag_ == "VBZ" and v.dep_ in ("nsubj", "compound", "amod") and v.head.pos_ in ("NOUN", "PROPN"):
            return [v.head]  # headline misparse: "X blames breach on Y" with "blames" as a modifier
        small = [
            s
            for c in v.children
            if c.dep_ in ("ccomp", "xcomp")
            and (c.pos_ in ("ADJ", "NOUN") or not any(m.dep_ == "mark" for m in c.children))
            for s in c.children
            if s.dep_ == "nsubj"
        ]
        if small:  # small clause: "hold X accountable", "help Canberra acquire"
            return small
        relative_in_prep = any(
            p.dep_ == "prep" and any(o.lower_ in ("which", "whom") for o in p.children) for p in v.children
        )
        if v.dep_ == "relcl" and not relative_in_prep:  # "sanctions that Washington imposed"
            return [v.head]
        return [c for c in v.children if c.dep_ in OBJ_FALLBACK_DEPS and c.pos_ in ("NOUN", "PROPN")]

    def prep_objects(
        self, v: Token, names: Iterable[str], also_on: Iterable[Token] = (), nested: bool = False
    ) -> list[Token]:
        """Objects of the named prepositions on `v` (or on its object, where the parser often
        attaches them: "blames hack on affiliates"; with `nested`, also one phrase down:
        "stands in solidarity with X", "shoulder to shoulder with X")."""
        wanted = {n.lower() for n in names}
        out: list[Token] = []
        hosts = [v, *also_on]
        if nested:
            hosts += [p for c in v.children if c.dep_ in ("prep", "advmod", "npadvmod") for p in [c, *self.pobjs(c)]]
        for host in hosts:
            for child in host.children:
                if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
                    out += self.pobjs(child)
                elif child.dep_ == "prt" and child.lower_ in wanted:  # "called on X" parsed as particle
                    out += [c for c in v.children if c.dep_ == "dobj"]
        return out

    def speech_agent(self, v: Token) -> list[Token]:
        """The speaker for a pronoun subject inside reported speech ("X said it would ...")."""
        cur = v
        for _ in range(6):
            if cur.dep_ in ("ccomp", "xcomp", "conj", "advcl") and cur.head.lemma_.lower() in self.lex.speech_verbs:
                return self.agent_tokens(cur.head)
            if cur.head.i == cur.i:
                break
            cur = cur.head
        return []

    def requires_met(self, v: Token, words: frozenset[str]) -> bool:
        """One of `words` is a dependent (or grand-dependent) of `v`; "dep:word" asks for that
        word in that relation ("prt:in": "called in the ambassador", not "called in a speech")."""
        if not words:
            return True
        for child in v.children:
            if child.lower_ in words or child.lemma_.lower() in words or child.dep_ in words:
                return True
            if f"{child.dep_}:{child.lower_}" in words:
                return True
            for grand in child.children:
                if grand.lower_ in words or grand.lemma_.lower() in words:
                    return True
        return False

    # ------------------------------------------------------------------ negation and hedges

    def negated(self, v: Token, commitments: bool = False) -> bool:
        """`commitments`: a promise to do it counts as doing it (cooperation)."""
        key = (v.i, commitments)
        if key not in self._negated:
            self._negated[key] = negation(self.lex, v, commitments)
        return self._negated[key]

    def hedged(self, v: Token) -> bool:
        return hedged(self.lex, v)
