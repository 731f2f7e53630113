# syntax=docker/dockerfile:1
#
# A minimal image of the palisade CLI: one static binary on a distroless base (glibc and the C++
# runtime, no shell, no package manager), run as a non-root user.
#
#   docker build -t palisade .
#   docker run --rm -v "$PWD:/src" palisade scan .
#
# The builder is Debian 12 like the runtime, so the binary's glibc is the one it runs on. The
# Swift runtime is linked in statically and Foundation not at all (scripts/build-static.sh).
# Pin both images by digest (FROM image:tag@sha256:...) where builds must be reproducible.

ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

FROM ${SWIFT_IMAGE} AS build
WORKDIR /build
COPY Package.swift ./
COPY Sources Sources
COPY Tests Tests
COPY scripts scripts
RUN ./scripts/build-static.sh /out/palisade && /out/palisade --version

FROM ${RUNTIME_IMAGE}
COPY --from=build /out/palisade /palisade
# distroless' "nonroot" user, by number so a runtime image without /etc/passwd works the same.
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/palisade"]
CMD ["--help"]
