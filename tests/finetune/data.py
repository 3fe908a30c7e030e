"""Small datasets the fine-tuning tests write: one consistent instruction pattern, and a labelled sentiment set."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = [
    "apple", "river", "garden", "silver", "candle", "forest", "rocket", "pencil", "window", "marble",
    "tiger", "planet", "coffee", "bridge", "violin", "meadow", "castle", "jacket", "harbor", "lemon",
    "desert", "feather", "anchor", "pepper", "island", "copper", "thunder", "basket", "mirror", "orange",
    "falcon", "velvet", "canyon", "puzzle", "spider", "winter", "saddle", "lantern", "pirate", "turtle",
]


def instruction_rows(n: int = 40) -> list[dict]:
    """Alpaca rows of one pattern: the answer repeats the word in a fixed frame the model can learn fast."""
    return [
        {"instruction": f"What is the secret code of the word {w}?", "input": "",
         "output": f"The secret code of {w} is {w.upper()}-{w[::-1]}-77."}
        for w in WORDS[:n]
    ]


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


POS_EN = ["I love this phone, it works perfectly", "What a wonderful hotel, the staff were great",
          "This book is excellent and fun", "Great food and friendly service", "The movie was amazing",
          "Fantastic quality, I am very happy", "Best purchase I made this year", "Delicious and fresh",
          "The shoes are comfortable and pretty", "Wonderful experience, highly recommended",
          "The headphones sound great", "Super fast delivery, very pleased"]
NEG_EN = ["I hate this phone, it broke at once", "What a terrible hotel, the staff were rude",
          "This book is boring and bad", "Awful food and slow service", "The movie was horrible",
          "Poor quality, I am very angry", "Worst purchase I made this year", "Stale and disgusting",
          "The shoes hurt and look ugly", "Terrible experience, avoid it",
          "The headphones sound awful", "Very slow delivery, really annoyed"]
POS_ZH = ["质量很好，非常满意", "服务态度很好，推荐", "这本书太精彩了", "味道不错，下次还来", "物流很快，包装完好",
          "非常喜欢这个手机", "性价比很高，好评", "酒店干净舒适"]
NEG_ZH = ["质量太差，非常失望", "服务态度很差，不推荐", "这本书太无聊了", "味道很难吃，再也不来", "物流太慢，包装破损",
          "非常讨厌这个手机", "性价比很低，差评", "酒店又脏又吵"]


def sentiment_rows(seed: int = 0) -> list[dict]:
    rows = [{"text": t, "label": "positive"} for t in POS_EN + POS_ZH]
    rows += [{"text": t, "label": "negative"} for t in NEG_EN + NEG_ZH]
    random.Random(seed).shuffle(rows)
    return rows
