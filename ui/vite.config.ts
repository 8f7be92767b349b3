/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// Tauri loads the bundle from its own protocol, so every asset path must be relative.
export default defineConfig({
  base: "./",
  // svelteTesting only acts under Vitest (browser build of Svelte for component tests).
  plugins: [svelte(), svelteTesting({ autoCleanup: false })],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2021",
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    // Tests read app.css (e.g. that every state has a badge colour); other CSS stays out of the way.
    css: { include: [/app\.css/] },
  },
});
