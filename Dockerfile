# Referatarkiv's web and worker image: gunicorn + whitenoise, runs as a non-root user.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles VAR_DIR=/data MEDIA_ROOT=/data/media
WORKDIR /app
RUN groupadd --system --gid 10001 referater \
    && useradd --system --uid 10001 --gid referater --home-dir /data --no-create-home referater
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput -v0 \
    && mkdir -p /data/media && chown -R referater:referater /data
USER referater
EXPOSE 8000
# /healthz checks the database and the cache (200 or 503); sent with an allowed Host.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD \
    python -c "import os, sys, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0]; r = u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4); sys.exit(r.status != 200)"
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn referater.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --timeout ${GUNICORN_TIMEOUT:-60} --max-requests 1000 --max-requests-jitter 100 --forwarded-allow-ips ${FORWARDED_ALLOW_IPS:-127.0.0.1} --access-logfile -"]
