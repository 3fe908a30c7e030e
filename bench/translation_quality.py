"""Translation quality with the built-in Qwen2.5-0.5B: target script, commentary, length ratio, untranslated.

Paragraphs: bench/data/translation/en.txt and zh.txt (30 each, written for this bench; blank-line separated).
Each is translated alone through `core.tasks.translate.translate` (the path of the tab and the CLI): en -> zh and
zh -> en. Per direction:
- script: share of the output's letters in the target script (Han for Chinese, Latin for English), not counting
  Latin words that appear in the source too (names, code) nor digits (target: >= 95 %);
- commentary: outputs that talk about the translation ("Note:", "This translation…", "翻译：", a "---" rule);
- ratio: output characters / source characters (mean);
- untranslated: outputs with less than half their letters in the target script, or empty.

Last line: RESULT en_zh=script/commentary/ratio/untranslated zh_en=...   (--quick: 10 paragraphs each way)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from qwen_backend import open_qwen  # noqa: E402  (bench/ is on sys.path when run as a script)

from desktop_app.core.tasks.translate import translate

DATA = Path(__file__).parent / "data" / "translation"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
# Independent of the app's own filter (translate_reply.is_commentary), so that the bench checks it.
COMMENTARY = re.compile(
    r"note\s*[:：]|this translation|the translation|translated (?:text|as)|^-{3,}|注\s*[:：]|翻译\s*[:：]|译文\s*[:：]"
    r"|以上(?:是|为)|原文\s*[:：]|I hope",
    re.I | re.M,
)


def paragraphs(name: str) -> list[str]:
    return [p.strip() for p in (DATA / name).read_text(encoding="utf-8").split("\n\n") if p.strip()]


def script_share(output: str, source: str, target: str) -> float:
    """Share of the output's letters (Han characters, Latin letters) in the target script; Latin words found in
    the source as well (names, code) are left out when the target is Chinese."""
    han = len(HAN.findall(output))
    source_words = {w.lower() for w in LATIN_WORD.findall(source)}
    latin = sum(len(w) for w in LATIN_WORD.findall(output) if target == "en" or w.lower() not in source_words)
    total = han + latin
    if total == 0:
        return 0.0
    return (han if target == "zh" else latin) / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 paragraphs each way")
    parser.add_argument("--show", action="store_true", help="print every translation")
    args = parser.parse_args()
    backend = open_qwen()
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    parts = []
    for source_lang, target, name in (("en", "zh", "en.txt"), ("zh", "en", "zh.txt")):
        items = paragraphs(name)[: 10 if args.quick else None]
        shares, ratios, commentary, untranslated = [], [], 0, 0
        for text in items:
            out = translate(backend, text, source_lang, target).text.strip()
            share = script_share(out, text, target)
            shares.append(share)
            ratios.append(len(out) / len(text))
            commentary += bool(COMMENTARY.search(out))
            untranslated += share < 0.5 or not out
            if args.show or share < 0.95 or COMMENTARY.search(out):
                print(f"{source_lang}->{target} {share:5.0%} | {text[:60]} => {out!r}", flush=True)
        mean = sum(shares) / len(shares)
        parts.append(f"{source_lang}_{target}=script{mean:.1%},commentary{commentary}/{len(items)},"
                     f"ratio{sum(ratios) / len(ratios):.2f},untranslated{untranslated}")
        print(parts[-1], flush=True)
    backend.unload()
    print(f"{time.perf_counter() - started:.0f} s; load average {load_start:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    print("RESULT " + " ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
