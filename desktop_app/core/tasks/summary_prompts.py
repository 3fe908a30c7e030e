"""What a summary asks the model, per language: the instructions and the worked example (summarize.py sends them).

Apart from summarize.py so that the pipeline stays readable; each wording was chosen with bench/summary_quality.py
on the built-in Qwen2.5-0.5B (see the comments in summarize.py for why the text comes first and the ask last).
"""

from __future__ import annotations

_INSTRUCTIONS = {
    "en": {
        "system": "You are an expert at writing faithful, concise summaries. Reply with the summary only.",
        "text": "Text",
        "short": "Summarize the text above in two or three sentences, at most {n} words.",
        "medium": "Summarize the text above in one paragraph of at most {n} words.",
        "long": "Write a detailed summary of the text above, covering every main point, in at most {n} words.",
        "bullets": "Summarize the text above as 3 to 7 bullet points, one per line, each starting with \"- \", "
        "at most {n} words in all.",
        "partial": "The text above is one part of a longer document. Summarize it, keeping every important fact, "
        "name and number.",
        "combine": "The text above is made of summaries of consecutive parts of one document. Combine them into "
        "one summary of the whole document.",
        "notes": "List the main facts of the text above as short notes, one per line, each a few words.",
        "rewrite": "The notes above are the main facts of one document. Write them as a summary in full sentences, "
        "at most {n} words.",
        "language": "Write the summary in English, even if the text is in another language. Use your own words: "
        "do not copy sentences from the text, and leave out bylines, credits and sign-offs.",
    },
    "zh": {
        "system": "你是一位擅长撰写准确、简洁摘要的专家。只输出摘要本身。",
        "text": "文本",
        "short": "请用两三句话总结上面的文本，不超过{n}个字。",
        "medium": "请用一段话总结上面的文本，不超过{n}个字。",
        "long": "请详细总结上面的文本，涵盖所有要点，不超过{n}个字。",
        "bullets": "请用3到7个要点总结上面的文本，每行一个，以“- ”开头，总共不超过{n}个字。",
        "partial": "上面的文本是一篇长文档的一部分。请总结它，保留所有重要的事实、人名和数字。",
        "combine": "上面的文本由同一篇文档各个连续部分的摘要组成。请把它们合并成一份完整的全文摘要。",
        "notes": "请把上面文本的主要事实列成简短的笔记，每行一条，每条只写几个词。",
        "rewrite": "上面的笔记是一篇文档的主要事实。请把它们写成一段通顺完整的摘要，不超过{n}个字。",
        "language": "即使原文是其他语言，也请用中文撰写摘要。请用自己的话概括，不要照抄原文的句子，"
        "也不要写入作者署名、记者、编辑或版权信息。",
    },
}


# A summary in other words, shown once before the final request (English): a text, then its summary, which keeps
# the numbers and names but not the wording. With it the caching article's summaries copied 9-37 % instead of 32-44 %.
EXAMPLES = {
    "en": (
        "The town library will stay open until 10 p.m. on weekdays from next month, the library board announced "
        "on Monday. The decision follows a survey of 1,200 residents, most of whom said they could only visit "
        "after work. Three extra staff members will be hired, paid for by a grant of 40,000 dollars from the "
        "regional government. Weekend hours will not change. Some board members worried that few people would "
        "come late in the evening, and the board will review the change after six months.",
        "Responding to residents who can only come after work, the board is keeping the library open later on "
        "weekdays, until 10 p.m., starting next month. A regional grant of 40,000 dollars pays for three new "
        "employees, and the longer hours will be reviewed in six months.",
    ),
}
