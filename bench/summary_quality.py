"""Summary quality with the built-in Qwen2.5-0.5B: compression, copying, cut-off sentences, copied boilerplate.

Documents: bench/data/summaries/*.txt (written for this bench, English and Chinese; news, technical, narrative,
a long report and a long essay, several with bylines, credits or an author's sign-off). Each is summarized at
Short, Medium and Long by two sides, interleaved per document so that load hits both alike:
- app: `core.tasks.summarize.summarize`, the path the tab and the CLI use;
- nopenalty: the app without the penalty on copying the source (llama_copy_penalty.py);
- penalty: the app with that penalty in every language (by default Chinese summaries only);
- checked: the app with the penalty tried from its strongest in English, each summary kept only when its facts
  check out (summarize.CHECKED_STRENGTHS = {"en": (2, 1)}; core/tasks/summary_facts.py), else written lighter, at
  last without it;
- prompt: the same without extract-then-rewrite (the new prompts over the source itself; for an English text the
  app does not note facts first, so there this side is the app);
- before: the prompt, token caps and post-processing as they were before this bench (kept here as the baseline).

Per side and setting:
- compression: summary characters / source characters (target: Short <= 10 %, Medium <= 20 %, Long <= 35 %, or
  the setting's absolute cap);
- copy: share of the summary's characters inside runs of >= 12 characters found verbatim in the source
  (whitespace normalised; target <= 30 %);
- cut: summaries whose last sentence is cut off (no end punctuation);
- boiler: summaries that contain a document's byline/credit/sign-off (hand-listed per document in BOILERPLATE);
- inv: numbers and capitalised names in the summary that the source does not hold (invented facts), in all;
- flu: mean log-probability per token of the summary alone under the same model (fluency; compare the sides, see
  bench/summary_damage.py). inv and flu are also reported per language, since the penalty differs by language.

Last line: RESULT app_<setting>=comp/copy/cut/boiler/inv/flu ... before_<setting>=...   (--quick: 4 documents)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from pathlib import Path

from qwen_backend import CACHE, open_qwen  # noqa: E402  (bench/ is on sys.path when run as a script)
from summary_damage import FluencyScorer, invented  # noqa: E402

from desktop_app.core.engine.types import GenerationParams
from desktop_app.core.models import builtin
from desktop_app.core.tasks import summarize as summarize_module
from desktop_app.core.tasks.summarize import resolve_language, summarize
from desktop_app.core.tasks.summary_options import SummarizeOptions

DATA = Path(__file__).parent / "data" / "summaries"
SETTINGS = ("short", "medium", "long")
RATIO = {"short": 0.10, "medium": 0.20, "long": 0.35}
QUICK = ("en_news_bridge", "en_tech_caching", "zh_news_subway", "zh_long_essay_learning")
COPY_RUN = 12
# What a summary must not repeat: each document's byline, credits, contact lines, sign-off (distinctive parts).
BOILERPLATE = {
    "en_news_bridge": ["Staff Reporter", "All rights reserved", "news@riverton"],
    "en_news_vaccine": ["Amina Yusuf", "John Carter"],
    "en_long_report_water": ["Office of Public Works, 12", "reports@lakeside", "Harbour Road", "Prepared by"],
    "zh_news_subway": ["李明", "王芳", "版权", "转载"],
    "zh_news_farm": ["张伟", "刘洋"],
    "zh_long_essay_learning": ["二十多年", "公众号", "衷心希望"],
}

# -- the baseline: the prompts and caps as they were ----------------------------------------------------------------
BEFORE_TOKENS = {"short": 160, "medium": 320, "long": 640}
BEFORE = {
    "en": ("You are an expert at writing faithful, concise summaries. Reply with the summary only.", "Text", {
        "short": "Summarize the text above in two or three sentences.",
        "medium": "Summarize the text above in one paragraph.",
        "long": "Write a detailed summary of the text above in several paragraphs, covering every main point.",
    }, "Write the summary in English, even if the text is in another language. Do not copy the text."),
    "zh": ("你是一位擅长撰写准确、简洁摘要的专家。只输出摘要本身。", "文本", {
        "short": "请用两三句话总结上面的文本。",
        "medium": "请用一段话总结上面的文本。",
        "long": "请分几段详细总结上面的文本，涵盖所有要点。",
    }, "即使原文是其他语言，也请用中文撰写摘要，不要照抄原文。"),
}


def before(backend, text: str, length: str) -> str:
    lang = resolve_language(text, "auto")
    system, label, asks, language = BEFORE[lang]
    user = f'{label}:\n"""\n{text.strip()}\n"""\n\n{asks[length]} {language}'
    params = GenerationParams(temperature=0.0, repeat_penalty=1.1, seed=0, max_tokens=BEFORE_TOKENS[length],
                              top_k=1, thinking="off")
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    return "".join(c.text for c in backend.chat_stream(messages, params, threading.Event())).strip()


def app(backend, text: str, length: str) -> str:
    return summarize(backend, text, SummarizeOptions(length=length)).text


def prompt_only(backend, text: str, length: str) -> str:
    """The app without extract-then-rewrite: the new prompts, limits and clean-up over the source itself."""
    return summarize(backend, text, SummarizeOptions(length=length, rewrite=False)).text


def no_penalty(backend, text: str, length: str) -> str:
    """The app without the penalty on copying the source (core/backends/llama_copy_penalty.py)."""
    return summarize(backend, text, SummarizeOptions(length=length, avoid_copying="off")).text


def penalty_on(backend, text: str, length: str) -> str:
    """The app with the penalty on copying in every language (English counted in words; off by default there)."""
    return summarize(backend, text, SummarizeOptions(length=length, avoid_copying="on")).text


def checked(backend, text: str, length: str) -> str:
    """The app with English summaries under the checked penalty ladder (off by default: see CHECKED_STRENGTHS)."""
    saved = summarize_module.CHECKED_STRENGTHS
    summarize_module.CHECKED_STRENGTHS = {"en": (2, 1)}
    try:
        return summarize(backend, text, SummarizeOptions(length=length)).text
    finally:
        summarize_module.CHECKED_STRENGTHS = saved


SIDES = {"app": app, "checked": checked, "nopenalty": no_penalty, "penalty": penalty_on, "prompt": prompt_only, "before": before}


# -- measures -------------------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def copy_rate(summary: str, source: str) -> float:
    """Share of the summary's characters inside runs of >= COPY_RUN characters found verbatim in the source."""
    s, src = _norm(summary), _norm(source)
    if not s:
        return 0.0
    covered = [False] * len(s)
    i = 0
    while i + COPY_RUN <= len(s):
        if s[i : i + COPY_RUN] in src:
            j = i + COPY_RUN
            while j < len(s) and s[i : j + 1] in src:
                j += 1
            covered[i:j] = [True] * (j - i)
            i = j
        else:
            i += 1
    return sum(covered) / len(s)


def cut_off(summary: str) -> bool:
    last = summary.rstrip().split("\n")[-1].strip()
    if last.startswith(("-", "*", "•")) and len(summary.strip().split("\n")) > 1:
        return False  # a bullet line needs no full stop
    return not re.search(r"""[.!?。！？…]["'”’」』）)\]]*$""", last)


def has_boilerplate(name: str, summary: str) -> bool:
    return any(p.lower() in summary.lower() for p in BOILERPLATE.get(name, []))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only {len(QUICK)} documents")
    parser.add_argument("--show", action="store_true", help="print every summary")
    parser.add_argument("--sides", default=",".join(SIDES), help=f"which of {', '.join(SIDES)} (comma-separated)")
    parser.add_argument("--docs", default="", help="only documents whose name starts with this (en_, zh_news...)")
    args = parser.parse_args()
    sides_run = {k: SIDES[k] for k in args.sides.split(",")}
    docs = sorted(DATA.glob(f"{args.docs}*.txt"))
    if args.quick:
        docs = [d for d in docs if d.stem in QUICK]
    backend = open_qwen()
    fluency = FluencyScorer(builtin.qwen_path(CACHE))
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    rows: dict[tuple[str, str], list[tuple[float, float, bool, bool, int, float, str]]] = {}
    for n, doc in enumerate(docs):
        source = doc.read_text(encoding="utf-8")
        for length in SETTINGS:
            sides = list(sides_run.items()) if n % 2 == 0 else list(reversed(sides_run.items()))
            for side, fn in sides:
                summary = fn(backend, source, length)
                lang = resolve_language(source, "auto")
                made_up = invented(summary, source)
                row = (len(summary) / len(source), copy_rate(summary, source), cut_off(summary),
                       has_boilerplate(doc.stem, summary), len(made_up), fluency(summary, lang), lang)
                rows.setdefault((side, length), []).append(row)
                print(f"{doc.stem:26} {length:6} {side:6} comp {row[0]:5.1%} copy {row[1]:5.1%} flu {row[5]:5.2f}"
                      f"{' CUT' if row[2] else ''}{' BOILER' if row[3] else ''}"
                      f"{' INVENTED ' + ','.join(made_up) if made_up else ''}", flush=True)
                if args.show:
                    print("   ", summary.replace("\n", "\n    "))
    backend.unload()
    print(f"{len(docs)} documents in {time.perf_counter() - started:.0f} s; load average {load_start:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    parts = []
    for side in sides_run:
        for length in SETTINGS:
            r = rows[(side, length)]
            comp = sum(x[0] for x in r) / len(r)
            over = sum(x[0] > RATIO[length] for x in r)
            copy = sum(x[1] for x in r) / len(r)
            parts.append(f"{side}_{length}=comp{comp:.0%}(over{over}/{len(r)}),copy{copy:.0%},"
                         f"cut{sum(x[2] for x in r)},boiler{sum(x[3] for x in r)},"
                         f"inv{sum(x[4] for x in r)},flu{sum(x[5] for x in r) / len(r):.2f}")
    for side in sides_run:  # per language: the penalty is tuned per language
        for lang in ("en", "zh"):
            r = [x for length in SETTINGS for x in rows[(side, length)] if x[6] == lang]
            if r:
                parts.append(f"{side}_{lang}=copy{sum(x[1] for x in r) / len(r):.0%},inv{sum(x[4] for x in r)},"
                             f"flu{sum(x[5] for x in r) / len(r):.2f}")
    print("RESULT " + " ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
