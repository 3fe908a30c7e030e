"""Questions in one language over documents in another: the chat model translates the question, and both are
searched.

BM25 cannot match 大熊猫 against "giant panda", and all-MiniLM-L6-v2 reads English only, so a Chinese question over
English notes would find nothing (or be ranked by BM25 alone, see search.py). A collection's language is read from
a sample of its passages (the script: Han, kana, hangul, else Latin); for each language the question is not
written in, the chat model translates the question into it with the Translate task's own path (core/tasks/translate.py:
its prompt, and its cleaning of commentary), and search() fuses the rankings of the question and its translations.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from desktop_app.core.documents.embedder import query_language
from desktop_app.core.documents.store import DocumentStore
from desktop_app.core.errors import Cancelled, DesktopAppError

SAMPLE_PASSAGES = 200
MIN_SHARE = 0.2  # a language of fewer passages than this is a quotation, not a language of the collection
MAX_QUESTION_CHARS = 2000  # longer "questions" are pasted documents: translating them is not worth the wait


def collection_languages(store: DocumentStore) -> list[str]:
    """The languages (zh, ja, ko, en) of at least MIN_SHARE of the collection's passages, most used first; [] for
    an empty collection. A bilingual collection has two, and a question in either needs no translation for the
    passages in its own language, but does for the others."""
    counts: dict[str, int] = {}
    texts = store.sample_texts(SAMPLE_PASSAGES)
    for text in texts:
        lang = query_language(text)
        counts[lang] = counts.get(lang, 0) + 1
    return [lang for lang, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= MIN_SHARE * len(texts)]


def translation_targets(question: str, languages: Iterable[str]) -> list[str]:
    """The languages to translate the question into: the collections', when none of them is written in the
    question's language. A bilingual collection that has the question's language is searched as asked: its
    passages in that language answer it, and each reply is not held up by a translation first."""
    asked = query_language(question)
    found = {lang for lang in languages if lang}
    return [] if asked in found else sorted(found)


def translate_question(backend: Any, question: str, targets: Iterable[str],
                       cancel: threading.Event | None = None) -> list[str]:
    """The question in each target language, by the chat model. A translation that fails or comes back empty
    is left out (the question is still searched as asked); Cancel still cancels."""
    from desktop_app.core.tasks.translate import translate

    if len(question) > MAX_QUESTION_CHARS:
        return []
    out = []
    for target in targets:
        try:
            text = translate(backend, question, query_language(question), target, cancel=cancel).text.strip()
        except Cancelled:
            raise
        except (DesktopAppError, ValueError, RuntimeError):
            continue
        if text and text != question and query_language(text) == target:
            out.append(text)
    return out
