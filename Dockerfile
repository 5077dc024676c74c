# The Switchboard image from binaries built on the host: one image for the four services
# (gateway, media, agents, metrics); compose.yaml picks the executable with SB_SERVICE.
# Its build context is not the checkout but a folder `scripts/compose` stages:
#   bin/      the executables and any SwiftPM *.resources bundles next to them
#   lib/      the Swift runtime libraries they link (what ldd finds under the toolchain), if any
#   libexec/  swift-backtrace-static, if the toolchain has it
#   config/   agent, scenario and tool definitions;  web/  the web UI
# Build arg BASE_IMAGE: any Debian 12 image whose apt sources work (default debian:bookworm-slim;
# `scripts/compose base` makes one without a registry). Building from source instead, with the
# Swift image from a registry: Dockerfile.source.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}

# libhiredis0.14: the hiredis runtime of Debian 12 (RESP parser); the offline speech engines
# (PocketSphinx with its en-us model, Flite, WebRTC VAD, libsamplerate); libssl3: libcrypto;
# libstdc++6, zlib1g: the Swift runtime's own needs; curl: container healthchecks.
# (Keep this list in step with Dockerfile.source.)
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libhiredis0.14 ca-certificates curl \
       libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us libflite1 libwebrtc-audio-processing1 libsamplerate0 libssl3 \
       libstdc++6 zlib1g \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --user-group --uid 10001 --home-dir /app --create-home \
        --shell /usr/sbin/nologin switchboard

# The Swift runtime where the dynamic linker finds it (a statically linked build stages none).
COPY lib/ /usr/local/lib/swift/linux/
COPY libexec/ /usr/local/libexec/swift/linux/
RUN echo /usr/local/lib/swift/linux >/etc/ld.so.conf.d/swift.conf && ldconfig
COPY config/ /app/config/
COPY web/ /app/web/
# Last: the executables are what changes from one build to the next.
COPY bin/ /usr/local/bin/

# Fail the image build, not the container start, if a shared library is missing.
RUN for product in gateway media agents metrics; do \
        if ldd "/usr/local/bin/$product" | grep 'not found'; then exit 1; fi; \
    done

ENV SB_SERVICE=gateway \
    SB_AGENTS_DIR=/app/config/agents \
    SB_SCENARIOS_DIR=/app/config/scenarios \
    SB_TOOLS_DIR=/app/config/tools \
    SB_WEB_ROOT=/app/web \
    SB_HOST=0.0.0.0 \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/libexec/swift/linux/swift-backtrace-static

WORKDIR /app
USER switchboard:switchboard
# gateway 8080, agents 8081, metrics 8082, media 8090
EXPOSE 8080 8081 8082 8090
CMD ["sh", "-c", "exec /usr/local/bin/\"$SB_SERVICE\""]
