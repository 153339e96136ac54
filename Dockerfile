# The mock in a container:  docker build -t akeneo-mock . && docker run --rm -p 8080:8080 akeneo-mock
# Settings come as flags after the image name (docker run ... akeneo-mock --empty) or as MOCK_* variables (-e).
# Outside a container the mock listens on 127.0.0.1 only. Inside, it must listen on 0.0.0.0 (a container's loopback is
# out of reach of -p), so who can reach it is decided by the publish: -p 127.0.0.1:8080:8080 keeps it on this machine.

FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN python -m pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MOCK_HOST=0.0.0.0 \
    MOCK_PORT=8080
COPY --from=build /dist /dist
RUN python -m pip install --no-cache-dir "$(ls /dist/*.whl)[mock]" \
    && rm -rf /dist \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin mock
USER mock
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/api/rest/v1', timeout=4)"]
ENTRYPOINT ["akeneo-mock"]
CMD ["--host", "0.0.0.0", "--port", "8080"]
