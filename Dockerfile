FROM python:3.11-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/.venv
# `docker compose run --rm api antq …` (e.g. `antq users create-admin`) finds the CLI.
ENV PATH="/app/.venv/bin:$PATH"
RUN pip install --no-cache-dir "uv>=0.5,<1"
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev
EXPOSE 8000
# DATABASE_URL is required here: the container uses the compose PostgreSQL, not an embedded one.
CMD ["/app/.venv/bin/antq", "serve", "--host", "0.0.0.0", "--port", "8000"]
