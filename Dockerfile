# Multi-stage build of the `apex` binary; the runtime image is Debian slim, non-root.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev zlib1g-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY crates crates
COPY schemas schemas
COPY migrations migrations
COPY docs docs
COPY benches benches
RUN cargo build --release --bin apex --no-default-features

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home apex
COPY --from=build /src/target/release/apex /usr/local/bin/apex
USER 10001
# 8000: `apex api`; 9100: /metrics and /healthz of the other roles (APEX_METRICS_ADDR).
EXPOSE 8000 9100
# The image holds no HTTP client; Kubernetes probes /healthz and /readyz (see helm/). This
# check proves the binary loads.
HEALTHCHECK --interval=30s --timeout=5s CMD ["apex", "schema", "avro"]
ENTRYPOINT ["apex"]
CMD ["processor"]
