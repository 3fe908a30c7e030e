"""The in-place recommendation on Translate, Sentiment, Chat and Documents (the same RecommendBar and catalogue
lookup as Describe and Summarize): shown while the built-in model serves the tab, naming the catalogue's best
model for the tab that fits, and its click asking for that model (the main window opens Discover with it
downloading: tests/gui/test_discover.py follows that path with a fake hub). The tabs are the subject: no model runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.models import catalog
from desktop_app.core.models.spec import ModelSpec
from desktop_app.core.storage import paths
from desktop_app.core.storage.database import Database
from desktop_app.core.storage.settings import AppSettings
from desktop_app.ui.widgets.recommend_bar import RecommendBar
from desktop_app.workers.model_manager import ModelManager


@pytest.fixture
def manager():
    m = ModelManager()
    yield m
    m.shutdown(2.0)


def _asks_for(qtbot, bar: RecommendBar, task: str) -> catalog.CatalogEntry:
    """The bar is on screen with a catalogue model for `task`, and its button asks for exactly that model."""
    assert bar.isVisible() and bar.entry is not None and task in bar.entry.tasks
    assert catalog.TIERS.index(bar.entry.tier) <= catalog.TIERS.index("medium")
    assert bar.model_label.text() == bar.entry.name
    with qtbot.waitSignal(bar.get_model) as asked:
        bar.button.click()
    assert asked.args == [task, bar.entry.id]
    return bar.entry


@pytest.mark.parametrize("name", ["translate", "sentiment"])
def test_task_tabs_on_the_built_in_model_offer_a_dedicated_model(qtbot, manager, smollm2, tmp_path, name):
    from desktop_app.ui.tabs.sentiment_tab import SentimentTab
    from desktop_app.ui.tabs.translate_tab import TranslateTab

    cls, button = {"translate": (TranslateTab, "Get a better translator"),
                   "sentiment": (SentimentTab, "Get a sentiment classifier")}[name]
    tab = cls(manager, None, AppSettings(), lambda: None, tmp_path)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.recommend.button.text() == button
    entry = _asks_for(qtbot, tab.recommend, name)
    if name == "sentiment":
        assert entry.kind == "folder"  # a trained classifier, not another chat model
    else:  # a dedicated translator, or a chat model bigger than the built-in 0.5B
        assert entry.kind == "folder" or (entry.params_b or 0) > 0.5
    tab.engine.set_path(str(smollm2))  # a model of the user's own: no advice
    assert not tab.recommend.isVisible()
    tab.engine.set_path("")
    assert tab.recommend.isVisible()


def test_chat_on_the_built_in_model_offers_a_bigger_one_in_chinese_too(qtbot, manager, smollm2, tmp_path):
    from desktop_app.ui import i18n
    from desktop_app.ui.tabs.chat_tab import ChatTab

    i18n.install_translator("zh_CN")
    db = Database(paths.database_path())
    try:
        tab = ChatTab(manager, db, AppSettings(), lambda: None, paths.models_dir())
        qtbot.addWidget(tab)
        tab.show()
        assert tab.model_bar.spec is not None  # the built-in model
        assert tab.recommend.button.text() == "获取更大的聊天模型"
        assert "内置模型" in tab.recommend.label.text()
        tab.resize(1000, 600)
        Path("/tmp/shots").mkdir(exist_ok=True)
        tab.grab().save("/tmp/shots/recommend_chat_zh.png")
        _asks_for(qtbot, tab.recommend, "chat")
        tab.use_model_spec(ModelSpec(path=tmp_path / "mine.gguf", name="mine"))
        assert not tab.recommend.isVisible()
    finally:
        i18n.install_translator("en")
        db.close()


def test_a_chinese_collection_on_the_built_in_embedding_model_offers_a_multilingual_one(qtbot, manager, tmp_path):
    from desktop_app.ui.tabs.documents_tab import DocumentsTab
    from desktop_app.workers.document_service import DocumentService

    service = DocumentService(manager, tmp_path / "collections")
    tab = DocumentsTab(service)
    qtbot.addWidget(tab)
    tab.show()
    # What the service's listing job reports (the tab is the subject): one Chinese and one English collection
    tab._on_listed([("笔记", {"indexed": 2, "languages": ["zh"]}, [], []),
                    ("notes", {"indexed": 2, "languages": ["en"]}, [], [])])
    tab.collection_list.setCurrentRow(0)
    entry = _asks_for(qtbot, tab.recommend, "embeddings")
    tab.resize(900, 500)
    tab.grab().save("/tmp/shots/recommend_documents_en.png")
    assert "zh" in entry.languages and "Chinese" in tab.recommend.label.text()
    tab.collection_list.setCurrentRow(1)
    assert not tab.recommend.isVisible()  # English text: the built-in model reads it
    tab.collection_list.setCurrentRow(0)
    assert tab.recommend.isVisible()
    service.use_embedding_model(ModelSpec(path=tmp_path / "bge-m3", name="bge-m3"))
    tab._on_listed([("笔记", {"indexed": 2, "languages": ["zh"]}, [], [])])
    assert not tab.recommend.isVisible()  # a model of the user's own
