"""Does the built-in Qwen2.5-0.5B answer in the language of the user's last message in a mixed conversation?

Conversations of three turns that switch language (Chinese, then English, and the other way round); the reply to
the last turn is generated with greedy decoding, once with no system prompt (as new conversations had) and once
with core.tasks.chat.LANGUAGE_SYSTEM_PROMPT, interleaved. A reply counts as right when most of
its letters are in the script of the last message (Han for Chinese, Latin for English), code left out.

Last line: RESULT language_prompt=right/total none=right/total
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time

from qwen_backend import open_qwen  # noqa: E402  (bench/ is on sys.path when run as a script)

from desktop_app.core.engine.types import GenerationParams
from desktop_app.core.tasks.chat import LANGUAGE_SYSTEM_PROMPT, build_messages

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
# (earlier user turn, its reply, the last user turn, the last turn's language)
CASES = [
    ("你好，请介绍一下北京。", "北京是中国的首都，有三千多年的历史，故宫和长城都很有名。",
     "What is the best season to visit it?", "en"),
    ("怎么煮米饭？", "先把米洗干净，加入适量的水，用电饭锅煮大约二十分钟即可。",
     "How much water should I use for two cups of rice?", "en"),
    ("推荐一本学习Python的书。", "可以看《Python编程：从入门到实践》，内容由浅入深，适合初学者。",
     "Can you explain what a list comprehension is?", "en"),
    ("今天天气怎么样？", "我无法获取实时天气信息，建议你查看天气预报应用。",
     "Write a short poem about rain.", "en"),
    ("What is photosynthesis?", "Photosynthesis is how plants turn light, water and carbon dioxide into sugar.",
     "那么植物晚上会做什么？", "zh"),
    ("Give me a tip for learning to cook.", "Start with simple recipes and cook the same dish several times.",
     "有什么适合初学者的家常菜？", "zh"),
    ("How do I sort a list in Python?", "Use sorted(my_list) for a new list, or my_list.sort() to sort in place.",
     "怎么按照字典的某个键排序？", "zh"),
    ("你会说英语吗？", "会的，我可以用英语和中文交流。", "Great. Tell me one fun fact about octopuses.", "en"),
]
PARAMS = GenerationParams(temperature=0.0, top_k=1, max_tokens=80, seed=0, repeat_penalty=1.1)


CODE = re.compile(r"`[^`]*`|\S*[()\[\]=_`{}<>]\S*|\b\w+\.\w+\b")  # code spans and code-like words: not language


def in_language(reply: str, lang: str) -> bool:
    prose = CODE.sub(" ", reply)
    han, latin = len(HAN.findall(prose)), len(LATIN.findall(prose))
    return (han > latin / 3) if lang == "zh" else (latin / 3 >= han)  # a Han character carries ~3 letters' worth


def reply(backend, system: str, case: tuple[str, str, str, str]) -> str:
    first, answer, last, _ = case
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": answer},
               {"role": "user", "content": last}]
    messages = build_messages(system, history)
    return "".join(c.text for c in backend.chat_stream(messages, PARAMS, threading.Event())).strip()


def main() -> int:
    backend = open_qwen(2048)
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    right = {"default": 0, "none": 0}
    for n, case in enumerate(CASES):
        sides = [("default", LANGUAGE_SYSTEM_PROMPT), ("none", "")]
        for side, system in sides if n % 2 == 0 else reversed(sides):
            text = reply(backend, system, case)
            ok = in_language(text, case[3])
            right[side] += ok
            print(f"{side:7} {'ok ' if ok else 'BAD'} {case[2][:40]!r} -> {text[:80]!r}", flush=True)
    backend.unload()
    print(f"{time.perf_counter() - started:.0f} s; load average {load_start:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end ({os.cpu_count()} CPUs)")
    print(f"RESULT language_prompt={right['default']}/{len(CASES)} none={right['none']}/{len(CASES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
