FROM node:20-bookworm-slim
# Debian's chromium prints the Board pack (GET /api/board/pack.pdf, estates board pack).
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
ENV NODE_ENV=production
CMD ["node", "bin/estates.js", "serve"]
