# The API image: no embedded PostgreSQL (the `embedded` extra is not installed), no demo data,
# runs as an unprivileged user. DATABASE_URL is required: see docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
# UV_COMPILE_BYTECODE: .pyc files are built once here instead of on every start.
ENV PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    ANTQ_SEED_DEMO=false ANTQ_LOG_JSON=true ANTQ_HOST=0.0.0.0 ANTQ_PORT=8000
# `docker compose run --rm api antq …` (e.g. `antq users create-admin`) finds the CLI.
ENV PATH="/app/.venv/bin:$PATH"
RUN pip install --no-cache-dir "uv>=0.5,<1"
COPY pyproject.toml uv.lock README.md ./
# No --extra: neither the embedded server nor the test tools go into the image.
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev \
    && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin antq
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["/app/.venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["/app/.venv/bin/antq", "serve"]
