# make serve: build .venv if needed, import notes/, serve them at http://127.0.0.1:8001/
#             (make serve PORT=18000 HOST=0.0.0.0: another port, or other machines too; on a
#             host other than loopback kb serve turns arbitrary SQL off, see README)
# make test:  build .venv with the test extras if needed, run the tests
# make screenshots: photograph the archive's pages into docs/ (needs Debian's chromium)
# make bench: import, re-import, memory and search at 2,000 and 20,000 notes (bench/README.md)
#
# The install steps are stamp files inside .venv, so they run again only when the venv is new
# or the packaging (pyproject.toml, setup.py) has changed.

VENV := .venv
PORT ?= 8001
HOST ?= 127.0.0.1
BIN := $(VENV)/bin
PACKAGING := pyproject.toml setup.py

.PHONY: serve test screenshots bench clean

# `-`: a note that fails to import is reported, and the rest are still served
serve: $(VENV)/.installed
	-$(BIN)/kb import notes/
	$(BIN)/kb serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	@$(BIN)/pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests (exit 5): failing" >&2; fi; \
	exit $$status

screenshots: $(VENV)/.installed-test
	$(BIN)/python docs/screenshots.py

bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

$(BIN)/python:
	python3 -m venv $(VENV)

$(VENV)/.installed: $(PACKAGING) | $(BIN)/python
	$(BIN)/pip install -e .
	touch $@

# the test install includes everything the plain one does, so it stamps both
# the tests cover the optional model's path too, so the test install includes it
$(VENV)/.installed-test: $(PACKAGING) | $(BIN)/python
	$(BIN)/pip install -e '.[test,model]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) build *.egg-info
