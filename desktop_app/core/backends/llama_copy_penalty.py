"""A penalty on copying a source text word for word, for llama.cpp's sampler (GenerationParams.avoid_copying).

Why: asked to summarize, the built-in Qwen2.5-0.5B copies whole sentences of the source (issue 15; measured by
bench/summary_quality.py as the share of the summary inside runs of 12 or more characters found verbatim in the
source). Prompts alone did not stop it. This follows the run the reply is copying right now, token by token, and
lowers the logits of the tokens that would carry that run to `limit_chars` characters or more: short quotes (a name, a
number, a term) stay free, long copied stretches cost more and more. The model still chooses; a penalty, not a ban.

Two ways of counting a run, by the source's script (copy_penalty_for):
- Chinese (characters): a run is counted in characters, and any token that carries it to 12 pays. There it cut
  copying from 95 % to 32 % with the meaning kept.
- Words (English and other spaced scripts): counting characters made the 0.5B model dodge with wrong word forms:
  the penalty fell on " supports" and it wrote " support" ("two steel support lost … its thickness"). So a run is
  counted in words, only a token that starts a content word pays (never the rest of a word, a function word, a
  number or a name), and the other forms of that word among the likeliest candidates (" support", " supported",
  " sup") pay the same: the model has to choose another word, not another ending.

Stronger in words mode (`strength`, GenerationParams.copy_strength): 1 makes function words pay too (a copied
"to close the Old Mill Bridge" went on through "to" and "the" for free), 2 also counts a run from two words with a
higher penalty. They cut the built-in model's English copying further (bench/summary_quality.py: 84 % without,
59 % at 0, about 24 % at 2) but it then changed more facts ("six weeks" became "six months", "a third" "a
quarter"), so summarize.py may keep such a summary only when its facts check out (core/tasks/summary_facts.py;
summarize.CHECKED_STRENGTHS, off: the summaries that passed still held wrong facts no string check sees).

The sampler calls it once per token in order, and the decode loop reports each token it keeps (`accept`), so
drafting from the prompt is off while it is on (llama_cpp.py): drafted positions would be scored ahead of their
acceptance.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

LIMIT_CHARS = 12  # the copy run bench/summary_quality.py counts
PENALTY = 4.0  # logits taken from a token that would carry a copied run to the limit (more as the run grows)
LIMIT_WORDS = 3  # words mode: the content word that would make a copied run this many words long pays
FORM_CANDIDATES = 64  # words mode: the likeliest tokens searched for other forms of a penalised word
# Words that carry grammar, not content: copying "of the" is no copying, and forbidding it breaks sentences.
FUNCTION_WORDS = frozenset("""
a an the and or but nor so yet of to in on at by for with from into onto over under about after before as than
then that this these those which who whom whose what when where while if because though although is are was were
be been being am has have had having do does did will would shall should can could may might must not no it its
they them their there he him his she her we us our you your i my me also more most very such each every all any
some other one""".split())
# Number words are facts, as digits are: "92 million" became "92, million" when " million" paid.
NUMBER_WORDS = frozenset("""
zero two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand million billion trillion percent per cent dozen half quarter third first second""".split())
# Words mode, per strength: (words a copied run may have before the next word pays, penalty, function words pay).
STRENGTHS = {0: (LIMIT_WORDS, PENALTY, False), 1: (LIMIT_WORDS, PENALTY, True), 2: (2, 6.0, True)}
JOINERS = frozenset({"-", "/", "_", "–"})
CHINESE_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class CopyPenalty:
    """Logits processor (llama-cpp-python's `logits_processor` shape) that discourages long verbatim runs."""

    def __init__(self, source: Sequence[int], token_chars: Callable[[int], int], limit_chars: int = LIMIT_CHARS,
                 penalty: float = PENALTY, exempt: Callable[[int], bool] = lambda _t: False) -> None:
        self.source = list(source)
        self._exempt = {t for t in set(self.source) if exempt(t)}
        self.limit_chars = limit_chars
        self.penalty = penalty
        self._chars = {t: token_chars(t) for t in set(self.source)}
        self._where: dict[int, list[int]] = defaultdict(list)  # token -> its positions in the source
        for i, token in enumerate(self.source):
            self._where[token].append(i)
        self._ends: list[int] = []  # source positions where the run being copied now ends
        self._run_chars = 0  # the characters of that run
        self._run_tokens = 0

    def accept(self, token: int) -> None:
        """The token the reply kept: the run goes on where the source continues with it, or starts anew."""
        longer = [i + 1 for i in self._ends if i + 1 < len(self.source) and self.source[i + 1] == token]
        if longer:
            self._ends = longer
            self._run_chars += self._chars[token]
            self._run_tokens += 1
        else:
            self._ends = list(self._where.get(token, ()))
            self._run_chars = self._chars.get(token, 0) if self._ends else 0
            self._run_tokens = 1 if self._ends else 0

    def continuations(self) -> dict[int, float]:
        """Each token that would carry the current run to the limit or past it, with the penalty it gets."""
        out: dict[int, float] = {}
        for i in self._ends:
            if i + 1 >= len(self.source):
                continue
            token = self.source[i + 1]
            if token in self._exempt or token in out:
                continue
            if self._run_chars + self._chars[token] >= self.limit_chars:
                # One penalty at the limit, growing with the run: quoting a long name costs less than a sentence.
                out[token] = self.penalty * (1 + self._run_tokens / 4)
        return out

    def __call__(self, _input_ids: Any, scores: Any) -> Any:
        for token, amount in self.continuations().items():
            if token < len(scores):
                scores[token] -= amount
        return scores


class WordCopyPenalty(CopyPenalty):
    """The penalty counted in words (see the module's docstring): a token weighs one when it starts a word and
    nothing otherwise, only content words pay, and the likeliest other forms of a word that pays pay with it."""

    def __init__(self, source: Sequence[int], token_text: Callable[[int], str], limit_words: int = LIMIT_WORDS,
                 penalty: float = PENALTY, candidates: int = FORM_CANDIDATES, function_words_pay: bool = False) -> None:
        self._texts: dict[int, str] = {}
        self._text_of = token_text
        self.candidates = candidates

        def exempt(token: int) -> bool:
            text = self.text(token)
            if function_words_pay:  # every word start but a fact (a number, a name) pays
                return not starts_word(text) or is_fact(text)
            return not is_content_word(text)

        super().__init__(source, lambda t: 1 if starts_word(self.text(t)) else 0, limit_chars=limit_words,
                         penalty=penalty, exempt=exempt)

    def text(self, token: int) -> str:
        if token not in self._texts:
            self._texts[token] = self._text_of(token)
        return self._texts[token]

    def __call__(self, _input_ids: Any, scores: Any) -> Any:
        import numpy as np

        paying = {t: a for t, a in self.continuations().items() if t < len(scores)}
        if not paying:
            return scores
        k = min(self.candidates, len(scores))
        likely = np.argpartition(scores, len(scores) - k)[len(scores) - k :].tolist()
        for token, amount in paying.items():
            scores[token] -= amount
            word = self.text(token)
            for other in likely:
                piece = self.text(other)
                if other not in paying and (same_word(word, piece) or piece[:1] in JOINERS or _CJK.search(piece)):
                    # another form; a hyphen that glues the word on ("a-third"); the word in Chinese ("of管道")
                    scores[other] -= amount
        return scores


def copy_penalty_for(llm: Any, source: str, strength: int = 0) -> CopyPenalty:
    """A penalty on copying `source` as this model tokenizes it: counted in characters for a Chinese source, in
    words otherwise, as hard as `strength` says (STRENGTHS; see the module's docstring)."""
    tokens = llm.tokenize(source.encode("utf-8"), add_bos=False, special=False)

    def text(token: int) -> str:
        return llm.detokenize([token]).decode("utf-8", errors="ignore")

    if len(_CJK.findall(source)) * 4 < len(source):  # under a quarter Chinese: a spaced script
        limit, penalty, function_words_pay = STRENGTHS.get(strength, STRENGTHS[0])
        return WordCopyPenalty(tokens, text, limit_words=limit, penalty=penalty, function_words_pay=function_words_pay)
    return CopyPenalty(tokens, lambda t: len(text(t)), exempt=lambda t: is_fact(text(t)))


def starts_word(token_text: str) -> bool:
    """A token that begins a new word (" supports"), not the rest of one ("s") nor punctuation."""
    return token_text[:1].isspace() and token_text.strip()[:1].isalpha()


def is_content_word(token_text: str) -> bool:
    """A word start that may pay in words mode: not a function word, a number or a name (see is_fact)."""
    word = token_text.strip().lower()
    return starts_word(token_text) and word not in FUNCTION_WORDS | NUMBER_WORDS and not is_fact(token_text)


def same_word(word: str, other: str) -> bool:
    """Whether `other` (a token's text) starts the same word as `word` in another form, case or in pieces:
    " support" and " supports", " lose" and " lost", " Council" for " council", " sup" for " supported", or the
    word glued to the one before ("own" for " own": the model wrote "herown"). `word` starts a word."""
    glued = not other[:1].isspace() and len(other) >= 3 and other.isalpha()
    if word == other or not (starts_word(word) and (starts_word(other) or glued)):
        return False
    a, b = word.strip().lower(), other.strip().lower()
    shared = len(os.path.commonprefix([a, b]))
    return shared >= min(3, len(a), len(b)) and shared >= min(len(a), len(b)) - 2


def is_fact(token_text: str) -> bool:
    """A token that carries a fact rather than wording: a number (digits or Chinese numerals), or a capitalised word
    (a name, a day, a month). Copying it is faithfulness, and the penalty pushed the model to a wrong one ("Tuesday"
    became "Wednesday"), or to another language ("三十万" became "thirty万")."""
    word = token_text.strip()
    if not word:
        return False
    if word[0].isascii() and word[0].isalpha() and not token_text[0].isspace():
        return True  # the rest of a word ("s" of "supports"): cutting a word short broke the grammar
    return any(c.isdigit() for c in word) or word[0].isupper() or all(c in CHINESE_NUMERALS for c in word)
