# The two commands of a fresh machine: `make run` and `make test`. Each sets itself up.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
KAFKA_LIB := .cache/kafka/lib
PYTEST_ARGS ?= --durations=30

.PHONY: run test install lint typecheck contracts release-schema kafka-jars test-deps containers-setup \
	bench bench-request-cost wrk up down k8s-render \
	migrate seed clean

run: install ## Run the whole backend in one process (SQLite, in-process bus) on :8000
	$(BIN)/mentorship run --host 127.0.0.1 --port 8000

test: test-deps containers-setup install kafka-jars lint typecheck ## Install everything, then run every test tier
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(BIN)/mentorship

$(BIN)/mentorship: $(UV) uv.lock pyproject.toml $(wildcard */*/pyproject.toml gateway/pyproject.toml)
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@tools/graphiql/fetch.sh || echo "GraphiQL's assets were not bundled (npm missing): the IDE page will say so"
	@touch $@

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: $(PYTHON) is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

test-deps:
	@tools/ensure-test-deps.sh

containers-setup: ## podman and the stand-in base images for the containers tier
	@tools/containers/setup.sh

kafka-jars: test-deps
	@if [[ -z "$${KAFKA_BOOTSTRAP_SERVERS:-}" && ! -s $(KAFKA_LIB)/kafka_2.13-4.1.1.jar ]]; then \
	  echo "resolving the Kafka broker's jars from Maven Central into $(KAFKA_LIB)"; \
	  mvn -B -q -f tools/kafka/pom.xml \
	    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
	    -DincludeScope=runtime -DoutputDirectory=$(CURDIR)/$(KAFKA_LIB); \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy libs services gateway src tests $(wildcard bench)

contracts: install ## Regenerate JSON Schemas, AsyncAPI and OpenAPI from the code
	$(BIN)/mentorship generate

release-schema: contracts ## Accept the current GraphQL schema as the released contract
	cp gateway/schema.graphql gateway/schema.released.graphql

bench: install test-deps kafka-jars wrk ## Pipeline and request-cost benchmarks (write bench/results)
	$(BIN)/python -m bench.pipeline
	$(BIN)/python -m bench.request_cost $(BENCH_ARGS)

# BENCH_ARGS="--code-dir ../before --code-dir ." measures another checkout's services first.
bench-request-cost: install test-deps kafka-jars wrk ## Each request's cost against minimal equivalents
	$(BIN)/python -m bench.request_cost $(BENCH_ARGS)

wrk:
	@tools/ensure-wrk.sh

up: ## The distributed stack with Docker Compose (needs a Docker engine)
	@docker info >/dev/null 2>&1 || { echo "make up needs a running Docker engine"; exit 1; }
	docker compose up --build --detach

down:
	docker compose down

k8s-render: ## Render every Kubernetes overlay into build/k8s/<overlay>.yaml
	@mkdir -p build/k8s
	@for overlay in deploy/k8s/overlays/*/; do \
	  name=$$(basename $$overlay); kubectl kustomize $$overlay > build/k8s/$$name.yaml \
	  && echo "build/k8s/$$name.yaml"; done

migrate: install ## Migrate every service's database (reads <SERVICE>_DATABASE_URL)
	@for service in matching goals feedback notifications; do \
	  $(BIN)/python -m kit.serve migrate $$service || exit 1; done

seed: install ## Fill a demo organisation into the running backend (make run in another shell)
	$(BIN)/mentorship seed --data-dir data

clean:
	rm -rf $(VENV) $(TOOLS) .cache .mypy_cache .ruff_cache .pytest_cache data build
