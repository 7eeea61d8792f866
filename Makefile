# Two commands for a fresh machine: `make run` and `make test`. Both create/refresh .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# facteur_*.ts hold ui/'s strings (lupdate); app_fr.ts the core's messages (extract_app.py),
# compiled into the same facteur_fr.qm.
TS := $(wildcard resources/translations/facteur_*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test lint translations update-translations bench clean

# The stamp is refreshed whenever pyproject.toml changes, so a pull that adds a dependency re-installs.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

resources/translations/%.qm: resources/translations/%.ts $(VENV)/.installed
	$(BIN)/pyside6-lrelease -silent $(filter %.ts,$^) -qm $@

resources/translations/facteur_fr.qm: resources/translations/app_fr.ts

translations: $(QM)

run: $(VENV)/.installed $(QM)
	$(BIN)/facteur

test: $(VENV)/.installed-test $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check app ui tests bench main.py

# Re-extract translatable strings from ui/ into the .ts sources (then translate and commit them).
# English needs only its plural forms (%n); French gets every string.
update-translations: $(VENV)/.installed
	$(BIN)/pyside6-lupdate $$(find ui -name '*.py' | sort) -ts resources/translations/facteur_fr.ts -no-obsolete
	$(BIN)/pyside6-lupdate $$(find ui -name '*.py' | sort) -ts resources/translations/facteur_en.ts -no-obsolete -pluralonly
	$(BIN)/python resources/translations/extract_app.py

bench: $(VENV)/.installed-test
	for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(QM) .pytest_cache
