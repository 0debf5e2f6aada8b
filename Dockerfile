# syntax=docker/dockerfile:1
# The Node.js minor series is the one CI tests on (.ci/run runs the whole suite on it).
ARG NODE_IMAGE=node:22.23-bookworm-slim

# Build stage: compile TypeScript with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the compiled output only, as a non-root user.
FROM ${NODE_IMAGE}
# The release workflow passes package.json's version; it is also what `herald --version` says.
ARG VERSION=dev
LABEL org.opencontainers.image.title="herald" \
      org.opencontainers.image.description="A Flux-compatible notification controller for Kubernetes" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY crds ./crds
# The node image's unprivileged user (uid 1000); Kubernetes can check runAsNonRoot by uid.
USER 1000:1000
EXPOSE 9090 8080 9440
ENTRYPOINT ["node", "dist/main.js"]
