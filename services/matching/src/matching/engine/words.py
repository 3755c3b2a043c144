"""Goals in people's own words, as sets of content words both sides can share.

Deliberately simple and explainable: lower-case tokens (keeping `c++`, `node.js`, `ci/cd`),
no stop words, a plural `s` trimmed; the explanation can then name the words a pair shares.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import numpy as np
import numpy.typing as npt

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#./-]*[a-z0-9+#]|[a-z0-9]")
_STOP_TEXT = """
    about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further get got had has have having he her here hers herself him himself his how into is it
    its itself just like me more most my myself need needs no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very want
    wants was we were what when where which while who whom why will with would you your yours
    yourself yourselves able help helping learn learning better get getting become improve
    improving work working really much many way ways
    """
_STOP_WORDS = frozenset(_STOP_TEXT.split())


@lru_cache(maxsize=65_536)
def goal_words(text: str) -> frozenset[str]:
    words = set()
    for token in _TOKEN.findall(text.lower()):
        if len(token) < 3 or token in _STOP_WORDS:
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        words.add(token)
    return frozenset(words)


@dataclass(frozen=True)
class GoalVocabulary:
    """Which goal words get a column, and what each weighs (its IDF), over one set of people:
    the program's. Runs, recommendations and single-pair explanations of a program all use the
    program's vocabulary, so a pair scores the same whichever of them computes it.

    Only words that at least one mentee and one mentor use can ever meet in a pair, so only
    those get a column: at most MAX_COLUMNS, the ones shared by the most pairs."""

    columns: Mapping[str, int]
    idf: Mapping[str, float]
    unseen_idf: float
    """For a word the vocabulary never saw (a profile edited since): the rarest word's IDF."""

    MAX_COLUMNS: ClassVar[int] = 256

    @classmethod
    def of(cls, mentee_texts: Iterable[str], mentor_texts: Iterable[str]) -> "GoalVocabulary":
        mentee_words = [goal_words(text) for text in mentee_texts]
        mentor_words = [goal_words(text) for text in mentor_texts]
        mentee_df = Counter(word for words in mentee_words for word in words)
        mentor_df = Counter(word for words in mentor_words for word in words)
        people = len(mentee_words) + len(mentor_words)
        idf = {
            word: math.log((people + 1) / (mentee_df[word] + mentor_df[word] + 1)) + 1.0
            for word in mentee_df.keys() | mentor_df.keys()
        }
        shared = sorted(
            mentee_df.keys() & mentor_df.keys(), key=lambda w: (-mentee_df[w] * mentor_df[w], w)
        )
        columns = {word: index for index, word in enumerate(shared[: cls.MAX_COLUMNS])}
        return cls(columns, idf, math.log(people + 1) + 1.0)

    def vector(self, text: str, out: npt.NDArray[np.float32]) -> None:
        """The text's unit-length IDF vector, written to `out` (columns of this vocabulary)."""
        words = goal_words(text)
        weights = {word: self.idf.get(word, self.unseen_idf) for word in words}
        norm = math.sqrt(sum(weight * weight for weight in weights.values()))
        for word in words & self.columns.keys():
            out[self.columns[word]] = weights[word] / norm
