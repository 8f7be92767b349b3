// A listing's stock per location (where its channel keeps stock so), in words. The figure shown stays
// the total; these say where its units are.
import type { StockLevel } from "../bindings/StockLevel";
import { formatInt, t } from "./i18n";

/** One location's units ("Depósito Norte: 4"). */
export function stockLevelText(l: StockLevel): string {
  return t("stock.level", { location: l.location_name, n: formatInt(l.available) });
}

/**
 * The breakdown on one line, for a tooltip ("Depósito Norte: 4 · Local Centro: 3"); null when the channel
 * has no locations (the figure is all there is to say).
 */
export function stockLevelsText(levels: readonly StockLevel[]): string | null {
  return levels.length === 0 ? null : levels.map(stockLevelText).join(" · ");
}
