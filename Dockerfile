# The app's container image (docs/deployment.md). Node 22 on Debian; nothing is downloaded at run time.
# Build: docker build -t seko-returns .   Run: docker run -p 3000:3000 --env-file .env seko-returns

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY . .
# Installs every dependency and generates both Prisma clients (SQLite and Postgres), then builds
# the server and drops the development dependencies.
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
# Node's heap sized for the server, not for the host it lands on (docs/deployment.md, decision 031):
# without a limit V8 lets garbage grow to several times the live set on a large host.
ENV NODE_ENV=production PORT=3000 NODE_OPTIONS="--max-old-space-size=256 --max-semi-space-size=2"
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json /app/prisma.config.ts ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/app/utils/dialect.ts ./app/utils/dialect.ts
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Migrations on start (one instance at a time: prisma/deploy.mjs), then the server as PID 1, so
# SIGTERM reaches it: it stops taking requests and jobs, finishes what it holds, releases the rest.
CMD ["sh", "-c", "node prisma/deploy.mjs && exec node_modules/.bin/remix-serve ./build/server/index.js"]
