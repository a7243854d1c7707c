import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL("./src-renderer", import.meta.url));
const outDir = fileURLToPath(new URL("./dist/renderer", import.meta.url));

/**
 * Dashboard build: src-renderer/index.html -> dist/renderer (index.html + hashed assets).
 * Dev: `vite` on 5173 proxies /api and /ws to the dev server on 31337.
 */
export default defineConfig({
  root,
  base: "./",
  plugins: [react(), tailwindcss()],
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // three.js lands in its own lazy chunk (~600 KB raw); the warning would only be noise.
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    // The API refuses a foreign Origin (src-main/server/origin.ts); the dev proxy is same-machine, so drop it.
    proxy: {
      "/api": {
        target: "http://127.0.0.1:31337",
        configure: (proxy) => proxy.on("proxyReq", (req) => req.removeHeader("origin")),
      },
      "/ws": {
        target: "ws://127.0.0.1:31337",
        ws: true,
        configure: (proxy) => proxy.on("proxyReqWs", (req) => req.removeHeader("origin")),
      },
    },
  },
});
