import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { probeRequested, watchFirstRow } from "./lib/startup-probe";

async function start() {
  // `npm run dev` in a plain browser: http://localhost:1420/?demo fakes the backend.
  if (import.meta.env.DEV && !("__TAURI_INTERNALS__" in window) && location.search.includes("demo")) {
    const { installDemo } = await import("./test/demo");
    installDemo();
  }
  const target = document.getElementById("app")!;
  if (probeRequested()) watchFirstRow(target);
  mount(App, { target });
  if (import.meta.env.DEV && location.search.includes("demo")) {
    const { applyDemoParams } = await import("./test/demo");
    applyDemoParams();
  }
}

void start();
