"""What a GraphQL document may cost, checked before it is validated, and the documents already
parsed and validated.

graphql-core's validation is not linear: `OverlappingFieldsCanBeMerged` compares every pair of
fields that share a response name, recursively, so one operation repeating
`programs { nodes { id } }` 280 times takes seconds of CPU while passing the token, depth and
alias limits. So, before any validation, one linear walk over the document (fragments expanded,
under a budget, so that fragment fan-out cannot make the walk itself expensive) bounds:

- the selections in total (`max_selections`),
- the fields that share a response name at one place of the response, after merging
  fragments and the selections of same-named parents (`max_repeats`): this is what makes the
  merge check quadratic, and what bounds its cost to about `max_repeats` times `max_selections`,
- how deep the document nests (`MAX_NESTING`) and how deep introspection lists nest
  (`MAX_INTROSPECTION_LISTS`, as graphql-js's MaxIntrospectionDepthRule),
- and, before parsing, the document's size (`max_chars`; the tokens are bounded by the parser).

A document that passes is validated once: the result is kept, with the parsed document, in an
LRU keyed by the query text (bounded in characters, so the cache cannot be made to hold much).
"""

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from kit.errors import ProblemError

MAX_NESTING = 40
"""Selection sets nested deeper than this are refused before validation (the depth limit, a
validation rule that skips introspection, gives its own error below this)."""

MAX_INTROSPECTION_LISTS = 3
"""`fields`, `interfaces`, `possibleTypes`, `inputFields` nested this deep under `__schema` or
`__type` are refused: the introspection query of GraphiQL and of code generators uses 2."""

INTROSPECTION_LISTS = frozenset({"fields", "interfaces", "possibleTypes", "inputFields"})
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


class DocumentRefusedError(ProblemError):
    """The document would cost more than any client needs; it was neither validated nor run."""

    status = 400
    code = "document-too-costly"
    title = "GraphQL document refused"

    def __init__(self, detail: str, limit: str) -> None:
        super().__init__(detail, limit=limit)
        self.limit = limit

    def as_graphql_error(self) -> GraphQLError:
        return GraphQLError(
            self.detail,
            original_error=self,
            extensions={"code": self.code, "limit": self.limit},
        )


@dataclass(frozen=True)
class DocumentBounds:
    max_chars: int = 20_000
    max_tokens: int = 2000
    max_selections: int = 600
    max_repeats: int = 12


def measure(
    document: DocumentNode, bounds: DocumentBounds
) -> tuple[int, DocumentRefusedError | None]:
    """The document's selections (fragments expanded) and, when a bound is exceeded, why."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    walk = _Walk(fragments, bounds)
    for definition in document.definitions:
        # Fragment definitions are validated on their own too, so they are measured too.
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            refusal = walk.level([definition.selection_set], 1, None)
            if refusal is not None:
                return walk.selections, refusal
    return walk.selections, None


class _Walk:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], bounds: DocumentBounds):
        self.fragments = fragments
        self.bounds = bounds
        self.selections = 0

    def level(
        self, selection_sets: Iterable[SelectionSetNode], depth: int, lists: int | None
    ) -> DocumentRefusedError | None:
        """One place of the response: the fields of `selection_sets` grouped by response name,
        then each group's sub-selections, merged, one level down. `lists` counts introspection
        lists above (None outside introspection)."""
        if depth > MAX_NESTING:
            return DocumentRefusedError(
                f"Selections may nest {MAX_NESTING} levels deep at most.", "nesting"
            )
        groups: dict[str, list[FieldNode]] = {}
        pending: list[tuple[SelectionSetNode, frozenset[str]]] = [
            (selection_set, frozenset()) for selection_set in selection_sets
        ]
        while pending:
            selection_set, entered = pending.pop()
            for selection in selection_set.selections:
                self.selections += 1
                if self.selections > self.bounds.max_selections:
                    return DocumentRefusedError(
                        f"A request may select {self.bounds.max_selections} fields at most "
                        "(fragments counted where they are spread).",
                        "selections",
                    )
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    groups.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    pending.append((selection.selection_set, entered))
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    # A cycle or an unknown fragment is validation's to report.
                    if fragment is not None and name not in entered:
                        pending.append((fragment.selection_set, entered | {name}))
        for key, nodes in groups.items():
            if len(nodes) > self.bounds.max_repeats:
                return DocumentRefusedError(
                    f"`{key}` is selected {len(nodes)} times at one place; "
                    f"{self.bounds.max_repeats} at most.",
                    "repeated-field",
                )
            below = [node.selection_set for node in nodes if node.selection_set is not None]
            if not below:
                continue
            names = {node.name.value for node in nodes}
            nested = _introspection_lists(names, lists)
            if nested is not None and nested >= MAX_INTROSPECTION_LISTS:
                return DocumentRefusedError(
                    "Introspection lists may nest "
                    f"{MAX_INTROSPECTION_LISTS - 1} levels deep at most.",
                    "introspection-depth",
                )
            refusal = self.level(below, depth + 1, nested)
            if refusal is not None:
                return refusal
        return None


def _introspection_lists(names: Collection[str], lists: int | None) -> int | None:
    if not INTROSPECTION_ROOTS.isdisjoint(names):
        return 0
    if lists is not None and any(name in INTROSPECTION_LISTS for name in names):
        return lists + 1
    return lists


@dataclass
class Entry:
    """One query text: its document (None when it does not parse), its selections, why it is
    refused, and its validation errors once validated."""

    document: DocumentNode | None
    selections: int = 0
    refusal: DocumentRefusedError | None = None
    errors: list[GraphQLError] | None = field(default=None)

    def validated(
        self, validate: Callable[[DocumentNode], list[GraphQLError]]
    ) -> list[GraphQLError]:
        """The validation errors of a document that passed `measure`, computed once. The
        validation rules are the schema's and do not change while it runs, so they do not
        depend on the request."""
        assert self.document is not None
        assert self.refusal is None
        if self.errors is None:
            self.errors = validate(self.document)
        return self.errors


class Documents:
    """Parsed, measured and validated documents by query text, least recently used first out.

    Bounded by the characters of the query texts kept (a parsed document takes about 180 bytes
    per character of its text), so unique query texts cannot grow the memory without bound. A
    refused document keeps its refusal, not its parsed form."""

    def __init__(self, bounds: DocumentBounds, capacity_chars: int) -> None:
        self.bounds = bounds
        self.capacity_chars = capacity_chars
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, query: str) -> Entry:
        """The query's entry: parsed and measured once, then served from the cache."""
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
            return entry
        entry = self._load(query)
        if entry.refusal is not None:
            entry.document = None  # a refused document is never validated nor run: keep no AST
        self._keep(query, entry)
        return entry

    def _load(self, query: str) -> Entry:
        if len(query) > self.bounds.max_chars:
            refusal = DocumentRefusedError(
                f"Documents are limited to {self.bounds.max_chars} characters.", "document-size"
            )
            return Entry(None, refusal=refusal)
        try:
            document = parse(query, max_tokens=self.bounds.max_tokens)
        except GraphQLError:
            return Entry(None)  # a syntax error: the caller's normal parse reports it
        except RecursionError:
            nesting = f"Selections may nest {MAX_NESTING} levels deep at most."
            return Entry(None, refusal=DocumentRefusedError(nesting, "nesting"))
        selections, measured = measure(document, self.bounds)
        return Entry(document, selections, measured)

    def _keep(self, query: str, entry: Entry) -> None:
        if len(query) > self.capacity_chars:
            return
        self._entries[query] = entry
        self._chars += len(query)
        while self._chars > self.capacity_chars:
            evicted, _ = self._entries.popitem(last=False)
            self._chars -= len(evicted)
