# The image users run: `docker build -t daas .` with internet access publishes DaaS as one Native
# AOT executable in the official .NET SDK AOT image and ships it on the official runtime-deps base
# (glibc, OpenSSL, CA certificates; no shell, no package manager, no SDK).
#
# Where no image can be pulled, build arguments replace both bases and the publish
# (scripts/build-image.sh does this): BUILD_BASE=an image with a POSIX shell and cp,
# RUNTIME_BASE=an image with the libraries the executable loads and a CA bundle, and
# PREBUILT=.build/daas, the directory scripts/publish.sh wrote, copied instead of publishing.
# (The classic builder builds every stage, so no stage may name an image it cannot pull.)
ARG BUILD_BASE=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
ARG RUNTIME_BASE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

FROM ${BUILD_BASE} AS build
# Marks the stage's image, which the classic builder keeps untagged: build-image.sh prunes it.
LABEL daas.build-stage=true
ARG PREBUILT=
WORKDIR /src
COPY . .
RUN set -e; mkdir -p /out; \
    if [ -n "$PREBUILT" ]; then dir="$PREBUILT"; else bash scripts/publish.sh; dir=.build/daas; fi; \
    cp "$dir/Daas" "$dir/libe_sqlite3.so" "$dir/appsettings.json" /out/

FROM ${RUNTIME_BASE}
COPY --from=build /out/ /app/
# The Docker socket is root's; DaaS needs nothing else of root (the official base runs as 'app').
USER 0:0
# ASPNETCORE_HTTP_PORTS from the official base would only add a listener: DaaS listens on HTTP_PORT.
ENV DATA_DIR=/var/lib/daas \
    HTTP_PORT=80 \
    HTTPS_PORT=443 \
    ASPNETCORE_HTTP_PORTS=
VOLUME /var/lib/daas
EXPOSE 80 443
# `Daas healthcheck` GETs http://127.0.0.1:HTTP_PORT/v2/ (no shell or curl in the image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/app/Daas", "healthcheck"]
ENTRYPOINT ["/app/Daas"]
