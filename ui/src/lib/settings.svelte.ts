// User settings (theme, language, low-stock threshold), persisted with tauri-plugin-store in
// settings.json, or in localStorage when the store plugin is not there (tests, plain browser).
import { invoke } from "@tauri-apps/api/core";
import { load } from "@tauri-apps/plugin-store";
import { isLang, setLang, type Lang } from "./i18n";

export type Theme = "system" | "light" | "dark";
export const THEMES: Theme[] = ["system", "light", "dark"];
export const DEFAULT_LOW_STOCK = 5;

export type Settings = { theme: Theme; language: Lang; lowStockThreshold: number };

export const settings = $state<Settings>({
  theme: "system",
  language: "en",
  lowStockThreshold: DEFAULT_LOW_STOCK,
});

interface Backend {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

const LS_PREFIX = "storedesk.settings.";

const localBackend: Backend = {
  async get(key) {
    try {
      const raw = globalThis.localStorage?.getItem(LS_PREFIX + key);
      return raw === null || raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      return undefined;
    }
  },
  async set(key, value) {
    try {
      globalThis.localStorage?.setItem(LS_PREFIX + key, JSON.stringify(value));
    } catch {
      /* storage full or blocked: the setting still applies for this session */
    }
  },
};

let backend: Backend = localBackend;

async function openBackend(): Promise<Backend> {
  if (typeof window === "undefined" || !("__TAURI_INTERNALS__" in window)) return localBackend;
  try {
    // settings.json lives in storedesk's data directory (STOREDESK_DATA_DIR moves it with the data).
    const path = await invoke<string>("settings_path").catch(() => "settings.json");
    const store = await load(path, { autoSave: true });
    await store.get("theme"); // proves the plugin answers
    return {
      get: (key) => store.get(key),
      set: (key, value) => store.set(key, value),
    };
  } catch {
    return localBackend;
  }
}

export function isTheme(v: unknown): v is Theme {
  return v === "system" || v === "light" || v === "dark";
}

export function isThreshold(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 1_000_000;
}

let mediaQuery: MediaQueryList | null = null;
function onSystemThemeChange() {
  applyTheme(settings.theme);
}

export function resolvedTheme(theme: Theme): "light" | "dark" {
  if (theme !== "system") return theme;
  const mq = typeof window !== "undefined" && window.matchMedia
    ? window.matchMedia("(prefers-color-scheme: dark)")
    : null;
  return mq?.matches ? "dark" : "light";
}

export function applyTheme(theme: Theme): void {
  if (typeof document === "undefined") return;
  const root = document.documentElement;
  root.dataset.theme = resolvedTheme(theme);
  root.dataset.themeSetting = theme;
  if (typeof window !== "undefined" && window.matchMedia && !mediaQuery) {
    mediaQuery = window.matchMedia("(prefers-color-scheme: dark)");
    mediaQuery.addEventListener?.("change", onSystemThemeChange);
  }
}

/** Reads the saved settings and applies them. Safe to call more than once. */
export async function initSettings(): Promise<void> {
  backend = await openBackend();
  const [theme, language, threshold] = await Promise.all([
    backend.get("theme").catch(() => undefined),
    backend.get("language").catch(() => undefined),
    backend.get("lowStockThreshold").catch(() => undefined),
  ]);
  if (isTheme(theme)) settings.theme = theme;
  if (isLang(language)) settings.language = language;
  if (isThreshold(threshold)) settings.lowStockThreshold = threshold;
  applyTheme(settings.theme);
  setLang(settings.language);
}

export async function setTheme(theme: Theme): Promise<void> {
  settings.theme = theme;
  applyTheme(theme);
  await backend.set("theme", theme).catch(() => {});
}

export async function setLanguage(language: Lang): Promise<void> {
  settings.language = language;
  setLang(language);
  await backend.set("language", language).catch(() => {});
}

export async function setLowStockThreshold(n: number): Promise<void> {
  if (!isThreshold(n)) return;
  settings.lowStockThreshold = n;
  await backend.set("lowStockThreshold", n).catch(() => {});
}

/** For tests: back to defaults and the localStorage backend. */
export function resetSettingsForTests(): void {
  settings.theme = "system";
  settings.language = "en";
  settings.lowStockThreshold = DEFAULT_LOW_STOCK;
  setLang("en");
  backend = localBackend;
}
