"""Reading the dependency parse: who is the agent and the patient of a predicate, whether a
predicate is negated or hedged (which mentions a noun phrase stands for: phrases.py, inherited).

Why one module: every relation rule asks these same questions, and the small spaCy model makes
the same systematic mistakes everywhere (objects attached as appositions in headlines, "on"
phrases attached to the object instead of the verb, list members hanging off "including"), so
the workarounds live in one place.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.loaders.extraction.lexicon import Lexicon
from kg.loaders.extraction.mention_index import MentionIndex, roll_up, unique
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.modality import hedged, negation
from kg.loaders.extraction.phrases import ACTOR_LABELS, STATE_LIKE, Phrases

PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "them", "him"})
SUBJ_DEPS = ("nsubj", "csubj")
OBJ_FALLBACK_DEPS = ("appos", "attr", "oprd", "npadvmod", "dative")
SUBJECT_CONTROL = frozenset({"promise", "vow", "pledge", "threaten", "offer", "agree", "refuse"})
# re-exported: the rules import these from here
__all__ = ["ACTOR_LABELS", "STATE_LIKE", "MentionIndex", "Syntax", "roll_up", "unique"]


class Syntax(Phrases):
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

    # ------------------------------------------------------------------ names and lists the parser misses

    def resolve(self, tok: Token, deep: bool = False, assets: bool = False, depth: int = 2) -> list[Mention]:
        """Phrases.resolve, plus a body named before a common noun for it ("the BRICS group",
        "the NATO alliance")."""
        found = super().resolve(tok, deep=deep, assets=assets, depth=depth)
        if found or tok.lemma_.lower() not in self.lex.words.get("body_nouns", frozenset()):
            return found
        named = [m for c in tok.children if c.dep_ == "compound" and (m := self.mention(c)) is not None]
        return [m for m in named if m.label in ("Organization", "Group")][:1]

    def expand(self, tok: Token) -> list[Token]:
        """Phrases.expand, plus the names listed after a plural collective noun when the parser
        hangs them elsewhere ("blacklisted two conglomerates, A (AB) and C (CD)")."""
        members = super().expand(tok)
        if len(members) == 1 and tok.tag_ in ("NNS", "NNPS") and self.mention(tok) is None:
            members += self._listed_after(tok)
        if tok.dep_ in ("dobj", "nsubj", "nsubjpass"):  # "accused X, as well as Y, of ...": hung on the verb
            args = [c.i for c in tok.head.children if c.dep_ in ("dobj", "nsubj", "nsubjpass", "dative", "prep")]
            for sib in tok.head.children:
                if sib.dep_ != "cc" or sib.lower_ != "as" or not any(c.lower_ == "well" for c in sib.children):
                    continue
                if sib.i > tok.i and not any(tok.i < a < sib.i for a in args):  # right after this phrase
                    members += [p for p in sib.children if p.dep_ == "pobj" and p not in members]
        return members

    def _listed_after(self, tok: Token) -> list[Token]:
        """Mentions listed right after "<noun>," (or "<noun>, among them / including"), up to
        the end of the clause, read from the text; nothing when the list runs into a verb
        ("the firms, Oslo said, ..."). "A's B" lists B (A owns it)."""
        doc = tok.doc
        edge = tok.right_edge  # after the whole phrase ("applications developed by X, among them")
        j = edge.i if edge.text == "," else edge.i + 1
        if j >= len(doc) or doc[j].text != ",":
            return []
        j += 1
        for intro in (("among", "them"), ("such", "as"), ("including",), ("notably",)):
            if tuple(t.lower_ for t in doc[j : j + len(intro)]) == intro:
                j += len(intro)
                break
        else:  # no "among them": only a collective noun announces a list ("two conglomerates, A and B")
            if tok.lemma_.lower() not in self.lex.collective_heads:
                return []
        out: list[Token] = []
        while j < len(doc):
            m = self.mention(doc[j])
            if m is None:
                break
            if m.end < len(doc) and doc[m.end].tag_ == "POS":  # "Alibaba's UC Browser": the owned one
                j = m.end + 1
                continue
            if m.label not in ("Group", "State", "Organization", "Agency"):
                break
            out.append(doc[self.index.root(m)])
            j = m.end
            if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
                j += 3  # "(MEHL)": the acronym of the name just read
            k = j + (j < len(doc) and doc[j].text == ",")
            k += k < len(doc) and doc[k].lower_ == "and"
            if k == j or k >= len(doc) or self.mention(doc[k]) is None:
                break
            j = k
        end = doc[j] if j < len(doc) else None
        if end is not None and not (end.is_punct or end.is_space or end.pos_ in ("ADP", "SCONJ", "CCONJ")):
            return []
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
                return self._statement_author(v.head, depth) or [v.head]
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
                owner = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod") and self.mention(c)]
                if owner:  # "blocked an EU statement criticising X": the EU's statement
                    return owner
                if noun.dep_ == "dobj" and noun.head.lemma_.lower() not in self._authoring():
                    return []  # "blocked a statement criticising X": not the blocker's words
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
                if v.dep_ == "conj" and self._speaker_goes_on(v, head):
                    return self.agent_tokens(head.head, depth + 1)
                if v.dep_ == "conj" and v.tag_ == "VBG" and head.tag_ in ("VBD", "VBZ", "VBP"):
                    # "accused X of financing and arming Y": the gerund belongs in the "of" phrase
                    controller = self.object_tokens(head)
                    hosts = [head, *controller]
                    if controller and any(
                        c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i < v.i for h in hosts for c in h.children
                    ):
                        return controller
                if v.dep_ == "conj" and self.is_passive(head) and v.tag_ in ("VBD", "VBZ", "VBP"):
                    # "X was not invited and criticised Y": the passive's subject acts in the active conjunct
                    subj = [c for c in head.children if c.dep_ == "nsubjpass"]
                    if subj and not self.is_passive(v):
                        return subj
                if v.dep_ == "xcomp" and head.lemma_.lower() not in SUBJECT_CONTROL:
                    controller = [c for c in head.children if c.dep_ == "dobj"]
                    controller = controller or self.prep_objects(head, ["on", "upon", *self._demanded_in(head)])
                    if controller:  # object control: "urged Moscow to cooperate", "called on X to act"
                        return controller
                if v.dep_ == "advcl" and infinitive and self._demanded_in(head):  # "appealed to X to accept"
                    controller = self.prep_objects(head, self._demanded_in(head))
                    if controller:
                        return controller
                return self.agent_tokens(head, depth + 1)
        if v.dep_ == "prep" or v.head.dep_ == "prep":
            head = v.head if v.dep_ == "prep" else v.head.head
            if head.pos_ in ("VERB", "AUX"):
                return self.agent_tokens(head, depth + 1)
        return []

    def _demanded_in(self, verb: Token) -> list[str]:
        """Prepositions that name whom a demand verb addresses ("appealed to X to act": X acts)."""
        frames = self.lex.verbs.get(verb.lemma_.lower(), [])
        return [t for f in frames if f.type == "DEMANDS" for t in f.targets if t not in ("obj", "on", "upon")]

    def _statement_author(self, noun: Token, depth: int) -> list[Token]:
        """ "a statement by X that criticised ...", "X issued a statement that ...": the
        statement's author acts."""
        if noun.lemma_.lower() not in self.lex.statement_nouns or depth >= 4:
            return []
        by = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for p in self.pobjs(c)]
        if by:
            return by
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in self._authoring():  # not "cited a statement"
            return self.agent_tokens(noun.head, depth + 1)
        return []

    def _authoring(self) -> frozenset[str]:
        """Verbs whose subject is the author of the statement they take ("issued a statement")."""
        return self.lex.words.get("light_verbs", frozenset()) | {"release", "publish", "put", "send"}

    def _speaker_goes_on(self, v: Token, head: Token) -> bool:
        """ "X said the ban would help, and accused Y of ...": the model hangs the second verb
        on the reported clause, but after ", and" (or ", but") it is the speaker who acts."""
        if head.dep_ != "ccomp" or head.head.lemma_.lower() not in self.lex.speech_verbs or v.i < 2:
            return False
        cc, comma = v.doc[v.i - 1], v.doc[v.i - 2]
        while cc.dep_ in ("advmod", "aux") and cc.i > 1:  # ", and also accused", ", and has accused"
            cc, comma = v.doc[cc.i - 1], v.doc[cc.i - 2]
        return cc.dep_ == "cc" and (comma.text == "," or comma.tag_ == "''")  # ', and' or '" and

    def object_tokens(self, v: Token) -> list[Token]:
        """The patient: direct object, passive subject, the noun a participle or relative
        clause modifies, or (headline parses) an apposition hanging off the verb."""
        if self.is_passive(v):
            subj = [c for c in v.children if c.dep_ == "nsubjpass"]
            if subj:
                return subj
            if v.dep_ in ("acl", "amod"):
                return [v.head]
            if v.dep_ == "conj" and self.is_passive(v.head):  # "X was praised by A and criticised by B"
                return [c for c in v.head.children if c.dep_ == "nsubjpass"]
            return []
        objs = [c for c in v.children if c.dep_ == "dobj"] or self._shared_object(v)
        if objs and v.dep_ == "relcl" and objs[0].lower_ in ("that", "which", "whom", "who"):
            return [v.head]  # "the attack that the FBI attributed to X"
        if not objs and self._shares_relative_object(v):
            return [v.head.head]  # "X, which Oslo calls a gang and blames for ...": X is blamed
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

    @staticmethod
    def _shares_relative_object(v: Token) -> bool:
        """The verb is the subjectless second verb of a relative clause whose relative pronoun
        is the object ("which Oslo calls a gang and blames for ...")."""
        if v.dep_ != "conj" or v.head.dep_ != "relcl" or any(c.dep_ in SUBJ_DEPS for c in v.children):
            return False
        return any(c.dep_ == "dobj" and c.lower_ in ("that", "which", "whom", "who") for c in v.head.children)

    @staticmethod
    def _shared_object(v: Token) -> list[Token]:
        """Right node raising: "condemns and firmly opposes X's decision", "condemned and
        sanctioned X": a verb with nothing after it but its conjunct shares the conjunct's
        object (not when the conjunct has a subject of its own)."""
        after = [c for c in v.children if c.i > v.i and c.dep_ not in ("cc", "punct", "advmod")]
        if len(after) != 1 or after[0].dep_ != "conj" or after[0].pos_ != "VERB":
            return []
        other = after[0]
        if any(c.dep_ in SUBJ_DEPS for c in other.children):
            return []
        return [c for c in other.children if c.dep_ == "dobj"]

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
