"""The fine-tuning wizard's labels and tooltips (core/finetune/config.py, plain English there) in the UI's language.

core/ has no Qt, so its help table cannot call tr(); scripts/update_translations.py copies the table into
ui/core_strings.py (marked for lupdate, context "FinetuneHelp") and these wrappers translate at use time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.core.finetune import config


def describe_label(name: str) -> str:
    return QCoreApplication.translate("FinetuneHelp", config.describe_label(name))


def describe_field(name: str) -> str:
    return QCoreApplication.translate("FinetuneHelp", config.describe_field(name))


def choice_label(value: str) -> str:
    """What a choice of config.SCHEDULERS / DEVICES / DTYPES shows ("cosine" → 余弦); the value itself stays."""
    return QCoreApplication.translate("FinetuneHelp", value)
