import { describe, expect, it } from "vitest";
import { backupContents } from "../test/fixtures";
import { BACKUP_KINDS, holdsText, kindLabel, restoreRefusal } from "./backups.svelte";
import { dictionaries, formatBytes, LANGS, setLang } from "./i18n";

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("backups in words", () => {
  it("says what a copy holds in every language, with API keys only when there are some", () => {
    const c = backupContents();
    try {
      expect(holdsText(c)).toBe("3 shops · 1,204 products · 88 orders · 2 pending edits · 5,310 offer history rows");
      expect(holdsText({ ...c, shops: 1, pending_edits: 1, offer_history_rows: 1, api_keys: 2 })).toBe(
        "1 shop · 1,204 products · 88 orders · 1 pending edit · 1 offer history row · 2 API keys",
      );
      setLang("es");
      expect(holdsText(c)).toBe("3 tiendas · 1.204 productos · 88 pedidos · 2 cambios pendientes · 5.310 filas de historial de ofertas");
      setLang("pt");
      expect(holdsText({ ...c, api_keys: 1 })).toBe(
        "3 lojas · 1.204 produtos · 88 pedidos · 2 alterações pendentes · 5.310 linhas de histórico de ofertas · 1 chave de API",
      );
    } finally {
      setLang("en");
    }
  });

  it("has a label for every kind in every language", () => {
    for (const l of LANGS) {
      for (const k of BACKUP_KINDS) expect(`backups.kind.${k}` in dictionaries[l], `${l} ${k}`).toBe(true);
    }
    expect(BACKUP_KINDS.map(kindLabel)).toEqual(["Daily", "Made by you", "Before an update"]);
  });

  it("formats sizes in decimal units for the locale", () => {
    expect(plain(formatBytes(0, "en-US"))).toBe("0 B");
    expect(plain(formatBytes(950, "en-US"))).toBe("950 B");
    expect(plain(formatBytes(1_234_567, "en-US"))).toBe("1.2 MB");
    expect(plain(formatBytes(1_234_567, "es-AR"))).toBe("1,2 MB");
    expect(plain(formatBytes(1_180_000_000, "pt-BR"))).toBe("1,2 GB");
    // Rounded up to the next unit rather than "1,000 kB".
    expect(plain(formatBytes(999_960, "en-US"))).toBe("1 MB");
  });

  it("says what to do when another storedesk uses the data, and passes other refusals on", () => {
    const inUse = restoreRefusal({ code: "db_in_use", message: "storedesk is running on this data directory (process 9)" });
    expect(inUse.code).toBe("db_in_use");
    expect(inUse.message).toContain("quit it, then try again");
    expect(inUse.message).not.toContain("process 9");
    expect(restoreRefusal({ code: "db_corrupt", message: "damaged" })).toEqual({ code: "db_corrupt", message: "damaged" });
    expect(restoreRefusal("command restore_backup not found")).toEqual({ code: "internal", message: "command restore_backup not found" });
  });
});
