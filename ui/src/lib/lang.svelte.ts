// The reactive current language. Lives in a .svelte.ts module so it can use runes;
// i18n.ts reads it, so every t() call made while rendering re-runs when it changes.
export type Lang = "en" | "es";

export const langState = $state<{ lang: Lang }>({ lang: "en" });
