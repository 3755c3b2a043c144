# syntax=docker/dockerfile:1.7
# One image per service from one file:
#   docker build --build-arg SERVICE=matching -t mentorship/matching .
# SERVICE is matching, goals, feedback, notifications or gateway.
# The base images are build arguments so that a machine that cannot pull them can build on
# local stand-ins of the same Debian release (tools/containers/, the containers test tier).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# GraphiQL's browser assets, bundled from npm so that the development IDE needs no internet.
FROM ${NODE_IMAGE} AS graphiql
COPY tools/graphiql/fetch.sh /fetch.sh
RUN GRAPHIQL_DEST=/assets /fetch.sh

FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
ARG UV_VERSION=0.13.9
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
WORKDIR /app
# The workspace's metadata first, so that dependency layers are cached across code changes.
COPY pyproject.toml uv.lock ./
COPY libs/kit/pyproject.toml libs/kit/pyproject.toml
COPY libs/contracts/pyproject.toml libs/contracts/pyproject.toml
COPY services/matching/pyproject.toml services/matching/pyproject.toml
COPY services/goals/pyproject.toml services/goals/pyproject.toml
COPY services/feedback/pyproject.toml services/feedback/pyproject.toml
COPY services/notifications/pyproject.toml services/notifications/pyproject.toml
COPY gateway/pyproject.toml gateway/pyproject.toml
RUN test -n "${SERVICE}" || (echo "--build-arg SERVICE=<name> is required" && false)
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "mentorship-${SERVICE}"
COPY libs libs
COPY services services
COPY gateway gateway
COPY --from=graphiql /assets gateway/src/gateway/static/graphiql
# Only this service's packages (and kit, contracts) from the lockfile; editable, so that each
# service finds its migrations folder beside its sources.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --package "mentorship-${SERVICE}"

FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
# The matching engine's compiled kernels (numba) are cached where a read-only root file system
# still allows writes: /tmp is an emptyDir in deploy/k8s. A new pod compiles them once, in the
# background warm-up that starts with the service.
ENV SERVICE=${SERVICE} PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PORT=8000 \
    PYTHONDONTWRITEBYTECODE=1 NUMBA_CACHE_DIR=/tmp/numba-cache
# libgomp: numba's OpenMP threading layer, so the matching engine's parallel kernels can run
# from several threads at once (without it numba falls back to a layer that must take turns).
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app app
WORKDIR /app
COPY --from=build --chown=app:app /app /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/healthz\", timeout=2)"]
# `exec` replaces the shell: the server is PID 1 and receives SIGTERM itself.
CMD ["sh", "-c", "exec python -m kit.serve \"$SERVICE\""]
