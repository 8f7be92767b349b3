// The reactive current language. Lives in a .svelte.ts module so it can use runes;
// i18n.ts reads it, so every t() call made while rendering re-runs when it changes.

/** The UI languages: English, Spanish (Argentina) and Portuguese (Brazil). */
export const LANGS = ["en", "es", "pt"] as const;
export type Lang = (typeof LANGS)[number];

export const langState = $state<{ lang: Lang }>({ lang: "en" });
