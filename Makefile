# The kit's two entry points, plus the instructor's tools.
# `make grade` and `make test` create the environment (.venv) first if needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUBMISSION ?= exercises
# What to grade inside SUBMISSION: all chapters, or e.g. CHAPTERS="ch03 ch04".
CHAPTERS ?=

.PHONY: grade test sync check-sync bench env clean-env

grade: env ## grade $(SUBMISSION) (default: your exercises): the score table, then the next step
	@$(BIN)/python -m pytest $(if $(CHAPTERS),$(addprefix $(SUBMISSION)/,$(CHAPTERS)),$(SUBMISSION)) \
		|| true  # unfinished work is where a learner starts, not an error of make
	@$(BIN)/python -m grader status --next

ifneq ($(wildcard tests/.),)
test: env ## run the kit's own test suite
	$(BIN)/python -m pytest tests
else
test: ## (a student release has no tests/)
	@echo "the kit's own tests are not part of a student release" >&2; exit 1
endif

sync: env ## regenerate exercises/ from solutions/
	$(BIN)/python -m grader sync

check-sync: env ## fail if exercises/ has drifted from solutions/
	$(BIN)/python -m grader sync --check

bench: env ## time grading each chapter against the `import torch, torchvision` floor
	$(BIN)/python -m grader bench

env: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

clean-env:
	rm -rf $(VENV)
