"""Which mentions a noun phrase stands for: the mention at its head, a state behind a
government-like noun ("the Chinese government"), the owner of an asset ("Ukrainian navy
vessels"), the members of a list ("allies, including A and B"), the owners of a thing ("a
US-drafted resolution") and the pronouns and descriptions resolved for the article.

Why apart from the predicate questions (syntax.py): these read noun phrases only; Syntax adds
the questions about predicates on top of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from kg.loaders.extraction.lexicon import Lexicon
from kg.loaders.extraction.mention_index import MentionIndex, unique
from kg.loaders.extraction.mentions import Mention

ACTOR_LABELS = frozenset({"State", "Organization", "Agency", "Official", "Group"})
STATE_LIKE = frozenset({"State", "Organization", "Agency"})
MODIFIER_DEPS = ("amod", "compound", "poss", "nmod")


class Phrases:
    """Noun-phrase questions for one document (Syntax sets the attributes)."""

    doc: Doc
    index: MentionIndex
    lex: Lexicon
    offset: int
    pronouns: dict[int, list[Mention]]
    events: dict[int, list[Mention]]

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

    def claimants(self, heads: list[Token], nouns: frozenset[str]) -> list[Mention]:
        """Who made a claim named by one of `nouns` through a preposition rather than a
        possessive: "the accusations from Oslo and Copenhagen", "the allegations made by X"."""
        out: list[Mention] = []
        for head in heads:
            for member in self.expand(head):
                if member.lemma_.lower() not in nouns:
                    continue
                hosts = [member, *(c for c in member.children if c.dep_ == "acl" and c.tag_ == "VBN")]
                for host in hosts:
                    for child in host.children:
                        if child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by"):
                            out += self.actors(self.pobjs(child))
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
