import { describe, expect, it } from "vitest";
import { apiVersionState, apiVersionWarning } from "./apiversion";

const DAY = 86_400_000;
const v = { version: "2026-07", supported_until: 1_000 * DAY, warn_from: 817 * DAY };

describe("a pinned API version", () => {
  it("is quiet while supported, warns from warn_from, and says when it ended", () => {
    const table: [number, string][] = [
      [100 * DAY, "current"],
      [817 * DAY - 1, "current"],
      [817 * DAY, "ending"],
      [1_000 * DAY, "ending"],
      [1_000 * DAY + 1, "ended"],
    ];
    for (const [now, state] of table) expect(apiVersionState(v, now), `at ${now}`).toBe(state);
  });

  it("names the version, the date and the fix", () => {
    expect(apiVersionWarning(v, 100 * DAY)).toBeNull();
    const ending = apiVersionWarning(v, 900 * DAY) ?? "";
    expect(ending).toContain("2026-07");
    expect(ending).toContain("update storedesk");
    expect(apiVersionWarning(v, 2_000 * DAY)).toContain("no longer");
  });
});
