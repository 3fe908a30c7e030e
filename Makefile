# Two commands set everything up on a fresh machine:
#   make run   - create .venv, install the app with PyTorch, start it on the built-in model
#   make test  - install the test extras too and run the whole suite headless
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
# llama-cpp-python compiles from source (about 10 minutes) and pip keeps no wheel of it,
# so we build it once into a cache outside the repo and install from there afterwards.
WHEEL_CACHE ?= $(HOME)/.cache/desktop_app/wheels
LLAMA_CPP_VERSION := 0.3.36
# Pinned so that pip takes the CPU build that lies on disk here, never a multi-GB CUDA download.
TORCH_VERSION := 2.13.0
LLAMA_WHEEL = $(firstword $(wildcard $(WHEEL_CACHE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl))

.PHONY: run test translations update-translations install install-test sysdeps llama-wheel bench lint screenshots clean package package-lite

run: install translations
	$(PY) -m desktop_app

# PYTEST_WORKERS=2 runs the suite on two pytest-xdist workers (modules, and the groups in tests/conftest.py, each stay
# on one worker). Off by default until a full parallel run is green on an unloaded machine: on a 2-core machine
# shared with other test runs (load ~10) four load-sensitive tests failed (a Qwen load past 120 s, a summary past
# 240 s, an HTTP read past 5 s, a greedy reply that differed under twenty concurrent clients).
PYTEST_WORKERS ?= 0

test: install-test sysdeps translations
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadgroup --durations=15 $(PYTEST_ARGS)

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

llama-wheel: $(PY)
	@if [ -z "$(LLAMA_WHEEL)" ]; then \
	  echo "Building llama-cpp-python $(LLAMA_CPP_VERSION) once into $(WHEEL_CACHE) (about 10 minutes)..."; \
	  mkdir -p "$(WHEEL_CACHE)" && \
	  $(PIP) wheel --no-deps --no-binary llama-cpp-python -w "$(WHEEL_CACHE)" llama-cpp-python==$(LLAMA_CPP_VERSION); \
	else echo "Using cached $(LLAMA_WHEEL)"; fi

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(MAKE) llama-wheel
	$(PIP) install -q torch==$(TORCH_VERSION)
	$(PIP) install -q --find-links "$(WHEEL_CACHE)" llama-cpp-python==$(LLAMA_CPP_VERSION) -e '.[torch,heic]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run pyproject.toml
	$(PIP) install -q --find-links "$(WHEEL_CACHE)" llama-cpp-python==$(LLAMA_CPP_VERSION) -e '.[torch,heic,test]'
	touch $@

# System packages: a CJK font (Chinese is drawn as boxes without one) and what a real window under Xvfb needs.
# Best effort: only as root with apt-get, and only when something is missing.
sysdeps:
	@if ! fc-list :lang=zh 2>/dev/null | grep -q . && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing a CJK font (fonts-noto-cjk)..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
	    || echo "warning: could not install fonts-noto-cjk; Chinese text will render as boxes"; \
	fi
	@if ! command -v Xvfb >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb libxcb-icccm4 libxcb-keysyms1 >/dev/null || true; \
	fi
	@# Validators for packaging/linux/ (tests/packaging/test_linux_files.py runs them where they are installed).
	@if ! command -v desktop-file-validate >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq desktop-file-utils appstream >/dev/null || true; \
	fi

# One-folder bundles with PyInstaller (packaging/desktop_app.spec, packaging/README.md):
#   make package       dist/desktop-app/       llama.cpp + PyTorch, both built-in models
#   make package-lite  dist/desktop-app-lite/  llama.cpp only, SmolLM2 only (what tests/packaging builds)
PYINSTALLER = $(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist

package: $(VENV)/.installed-package
	DESKTOP_APP_BUNDLE=full $(PYINSTALLER) --workpath build/pyinstaller-full packaging/desktop_app.spec
	@du -sh dist/desktop-app

package-lite: $(VENV)/.installed-package
	DESKTOP_APP_BUNDLE=lite $(PYINSTALLER) --workpath build/pyinstaller-lite packaging/desktop_app.spec
	@du -sh dist/desktop-app-lite

$(VENV)/.installed-package: $(VENV)/.installed-run pyproject.toml
	$(PIP) install -q --find-links "$(WHEEL_CACHE)" llama-cpp-python==$(LLAMA_CPP_VERSION) -e '.[torch,heic,package]'
	touch $@

# Interface translations: the .qm files the app loads are built from the .ts sources (the .qm are not committed).
#   make translations         build resources/translations/*.qm with pyside6-lrelease
#   make update-translations  lupdate over desktop_app/ (new strings appear in the .ts), then fill them from
#                             scripts/translations_<lang>.py; lists what still has no translation
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

translations: $(QM_FILES)

resources/translations/%.qm: resources/translations/%.ts | $(VENV)/.installed-run
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

update-translations: install
	$(PY) scripts/update_translations.py --release

# Ruff, and the layer contracts in pyproject.toml ([tool.importlinter]); .ci/run runs this before the tests.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

bench: install-test
	for b in bench/*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

screenshots: install-test translations
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshot.py
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshot_zh.py

clean:
	rm -rf $(VENV) build dist *.egg-info
