// A provider's dated API version that storedesk is pinned to (ShipBob's `2026-07`), as a shop's row shows
// it: just the name while it is supported, a warning from `warn_from`, and "no longer supported" after
// `supported_until`. Either way the fix is the same: update storedesk.
import type { ApiVersion } from "../bindings/ApiVersion";
import { formatDate, t } from "./i18n";

export type ApiVersionState = "current" | "ending" | "ended";

export function apiVersionState(v: ApiVersion, now: number): ApiVersionState {
  if (now > v.supported_until) return "ended";
  if (now >= v.warn_from) return "ending";
  return "current";
}

/** The sentence under a shop whose pinned version ends soon or has ended; null while it is current. */
export function apiVersionWarning(v: ApiVersion, now: number): string | null {
  switch (apiVersionState(v, now)) {
    case "current":
      return null;
    case "ending":
      return t("shops.apiEnding", { version: v.version, date: formatDate(v.supported_until) });
    case "ended":
      return t("shops.apiEnded", { version: v.version });
  }
}
