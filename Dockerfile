# One image recipe for the four Switchboard services; build arg SERVICE picks which one runs:
#   docker build --build-arg SERVICE=media -t switchboard-media .
# compose.yaml builds it once per service with that argument.

# ---- build ------------------------------------------------------------------------------------
ARG SWIFT_IMAGE=swift:6.2-bookworm
FROM ${SWIFT_IMAGE} AS build

RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libhiredis-dev pkg-config \
       libpocketsphinx-dev libsphinxbase-dev flite1-dev libwebrtc-audio-processing-dev libsamplerate0-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Resolve dependencies first: this layer stays cached while only sources change.
# (Package.resolved is copied too when it exists locally.)
COPY Package.* ./
RUN swift package resolve

COPY . .

# The four service executables only (not the benchmark), Swift runtime linked statically.
RUN for product in gateway media agents metrics; do \
        swift build -c release --static-swift-stdlib --product "$product" || exit 1; \
    done

# Stage the binaries, any SwiftPM resource bundles (looked up next to the executable), and the
# static backtracer so a crash prints a symbolicated backtrace.
RUN mkdir -p /staging \
    && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
    && for product in gateway media agents metrics; do cp "$bin/$product" /staging/ || exit 1; done \
    && find "$bin" -maxdepth 1 -name '*.resources' -exec cp -R {} /staging/ \; \
    && if [ -x /usr/libexec/swift/linux/swift-backtrace-static ]; then \
           cp /usr/libexec/swift/linux/swift-backtrace-static /staging/; \
       fi

# ---- runtime ----------------------------------------------------------------------------------
FROM debian:bookworm-slim

# libhiredis0.14: the hiredis runtime of Debian 12 (RESP parser); the offline speech engines
# (PocketSphinx with its en-us model, Flite, WebRTC VAD, libsamplerate); curl: container healthchecks.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libhiredis0.14 ca-certificates curl \
       libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us libflite1 libwebrtc-audio-processing1 libsamplerate0 libssl3 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --user-group --uid 10001 --home-dir /app --create-home \
        --shell /usr/sbin/nologin switchboard

COPY --from=build /staging/ /usr/local/bin/
# Agent and scenario definitions (YAML + prompts) read by the agents service.
COPY --from=build /build/config /app/config
COPY --from=build /build/web /app/web

# Fail the image build, not the container start, if a shared library is missing.
RUN for product in gateway media agents metrics; do \
        if ldd "/usr/local/bin/$product" | grep 'not found'; then exit 1; fi; \
    done

# Declared late so that the layers above are shared by the four service images.
ARG SERVICE=gateway
ENV SB_SERVICE=${SERVICE} \
    SB_AGENTS_DIR=/app/config/agents \
    SB_SCENARIOS_DIR=/app/config/scenarios \
    SB_HOST=0.0.0.0 \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/bin/swift-backtrace-static

WORKDIR /app
USER switchboard:switchboard
# gateway 8080, agents 8081, metrics 8082, media 8090
EXPOSE 8080 8081 8082 8090
CMD ["sh", "-c", "exec /usr/local/bin/\"$SB_SERVICE\""]
