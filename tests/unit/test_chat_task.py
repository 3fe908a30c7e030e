from __future__ import annotations

import pytest

from desktop_app.core.backends.base import GenerationParams
from desktop_app.core.errors import ContextOverflowError
from desktop_app.core.tasks.chat import (
    PRESETS,
    ChatSettings,
    apply_preset,
    build_messages,
    fit_history,
)


def count(messages):  # one token per character, plus 4 per message of template overhead
    return sum(len(m["content"]) + 4 for m in messages)


def test_fit_keeps_everything_when_it_fits():
    msgs = build_messages("sys", [{"role": "user", "content": "hi"}])
    fitted, dropped = fit_history(msgs, count, n_ctx=100, reserve=10)
    assert fitted == msgs and dropped == 0


def test_fit_drops_oldest_exchanges_but_keeps_the_system_prompt():
    history = []
    for i in range(10):
        history += [{"role": "user", "content": f"q{i}" * 10}, {"role": "assistant", "content": f"a{i}" * 10}]
    history.append({"role": "user", "content": "last question"})
    msgs = build_messages("be brief", history)
    fitted, dropped = fit_history(msgs, count, n_ctx=200, reserve=50)
    assert fitted[0] == {"role": "system", "content": "be brief"}
    assert fitted[-1]["content"] == "last question"
    assert fitted[1]["role"] == "user"  # never starts the history with a reply
    assert dropped > 0 and dropped % 2 == 0
    assert count(fitted) <= 150


def test_overflow_when_the_newest_message_alone_is_too_long():
    msgs = build_messages("", [{"role": "user", "content": "x" * 1000}])
    with pytest.raises(ContextOverflowError, match="context"):
        fit_history(msgs, count, n_ctx=512, reserve=100)


def test_settings_round_trip_and_bad_values():
    s = apply_preset(ChatSettings(system_prompt="你好", n_ctx=1024), "Precise")
    assert ChatSettings.from_dict(s.to_dict()) == s
    assert s.params.temperature == PRESETS["Precise"]["temperature"]
    broken = ChatSettings.from_dict({"n_ctx": "big", "system_prompt": 3, "params": {"top_k": 5}})
    assert broken.n_ctx == ChatSettings().n_ctx and broken.system_prompt == ""
    assert broken.params.top_k == 5
    assert ChatSettings.from_dict(None) == ChatSettings()


def test_presets_change_sampling_and_keep_the_system_prompt():
    assert ChatSettings().system_prompt == ""
    assert apply_preset(ChatSettings(system_prompt="你是厨师。"), "Creative").system_prompt == "你是厨师。"
    assert apply_preset(ChatSettings(), "Balanced").system_prompt == ""


def test_threads_default_to_physical_cores():
    from desktop_app.core.backends.base import physical_cores

    assert ChatSettings().load_options().resolved_threads() == physical_cores()
    assert GenerationParams.from_dict({"stop": ["a"]}).stop == ("a",)
