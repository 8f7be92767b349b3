// Dev-only: the demo backend's edits and outbox, in memory, behaving like crates/core/src/store/outbox.rs:
// an edit shows at once and queues an outbox row (coalesced with an unsent edit of the same field and
// location), a stock kept per location is set one location at a time (the unit's figure is their sum),
// a fake push sends the pending edits of reachable shops a moment later, a price under the category's
// minimum is rejected, and a seeded conflict waits for a person. Never part of the build.
import { emit } from "@tauri-apps/api/event";
import type { BulkChange } from "../bindings/BulkChange";
import type { BulkEdit } from "../bindings/BulkEdit";
import type { BulkPreview } from "../bindings/BulkPreview";
import type { BulkResult } from "../bindings/BulkResult";
import type { EditRequest } from "../bindings/EditRequest";
import type { EditValue } from "../bindings/EditValue";
import type { ListingState } from "../bindings/ListingState";
import type { Money } from "../bindings/Money";
import type { OutboxCounts } from "../bindings/OutboxCounts";
import type { OutboxPage } from "../bindings/OutboxPage";
import type { OutboxQuery } from "../bindings/OutboxQuery";
import type { OutboxRow } from "../bindings/OutboxRow";
import type { OutboxStatus } from "../bindings/OutboxStatus";
import type { ProductQuery } from "../bindings/ProductQuery";
import type { ProductRow } from "../bindings/ProductRow";
import type { Resolution } from "../bindings/Resolution";
import type { StockLevel } from "../bindings/StockLevel";
import type { Variant } from "../bindings/Variant";
import { minorDigits, parseMinor } from "../lib/money";

type Deps = {
  /** The listing as the shop generated it (before any edit), or null when there is none. */
  generated: (id: number) => ProductRow | null;
  /** Listings a bulk change's "matching" target covers (the demo stops at a few thousand). */
  matching: (query: ProductQuery) => ProductRow[];
  /** The listings (product ids) bound to these catalogue items. */
  items: (itemIds: number[]) => number[];
  /** Whether a shop's edits can be sent now (connected, reachable, not paused). */
  reachable: (shopId: number) => boolean;
  /** A push of a shop ended (for the sync-runs log). */
  pushed: (shopId: number, sent: number, rejected: number, startedAt: number) => void;
  /** A generated stock figure split over its shop's locations (empty: the shop keeps one figure). */
  levels: (shopId: number, total: number) => StockLevel[];
};

const invalid = (message: string) => ({ code: "invalid_input", message });
/** The demo category's minimum price (ARS 100.00): a lower price is rejected by the "shop". */
const MIN_PRICE_MINOR = 10_000;

export function createOutboxSim(deps: Deps) {
  /** What the shop has after pushes (or its own changes), over the generated values. */
  const remote = new Map<number, { price?: Money; stock?: number; state?: ListingState }>();
  /** Variation stocks on the shop, by `${productId}|${variantRemoteId}`. */
  const remoteVariant = new Map<string, number>();
  /** One location's stock on the shop, by `${productId}|${variantRemoteId or ""}|${locationId}`. */
  const remoteLevel = new Map<string, number>();
  const rows: OutboxRow[] = [];
  let nextId = 1;

  const vkey = (pid: number, v: string) => `${pid}|${v}`;
  const lkey = (pid: number, v: string | null, location: string) => `${pid}|${v ?? ""}|${location}`;
  const open = (r: OutboxRow) => r.status === "pending" || r.status === "sending";
  const sameTarget = (r: OutboxRow, pid: number, variant: string | null, field: string, location: string | null = null) =>
    r.product_id === pid && (r.variant_remote_id ?? null) === variant && r.value.field === field && (r.location_id ?? null) === location;
  const sum = (levels: readonly StockLevel[]) => levels.reduce((n, l) => n + l.available, 0);

  /** The newest open stock edit of a unit at a location (null: of its one figure), or null. */
  function openStock(pid: number, variant: string | null, location: string | null): number | null {
    const mine = rows.filter((r) => open(r) && sameTarget(r, pid, variant, "stock", location));
    const last = mine[mine.length - 1];
    return last?.value.field === "stock" ? last.value.value : null;
  }

  /** A unit's levels on the shop: split from its generated figure, with what pushes set. */
  function remoteLevels(g: ProductRow, variant: string | null, total: number): StockLevel[] {
    return deps.levels(g.shop_id, total).map((l) => ({ ...l, available: remoteLevel.get(lkey(g.id, variant, l.location_id)) ?? l.available }));
  }

  /** A unit's levels as storedesk shows them: each location's open edit over the shop's figure. */
  function shownLevels(levels: readonly StockLevel[], pid: number, variant: string | null): StockLevel[] {
    return levels.map((l) => ({ ...l, available: openStock(pid, variant, l.location_id) ?? l.available }));
  }

  /** A listing's levels where its variations keep the stock: theirs, added up per location. */
  function addedUp(vs: readonly Variant[]): StockLevel[] {
    const out = new Map<string, StockLevel>();
    for (const l of vs.flatMap((v) => v.stock_levels)) {
      const o = out.get(l.location_id);
      out.set(l.location_id, { ...l, available: (o?.available ?? 0) + l.available });
    }
    return [...out.values()];
  }

  function generatedVariants(p: ProductRow): Variant[] {
    const labels = ["Color: Rojo", "Color: Azul", "Talle: M", "Talle: L"];
    const n = p.variant_count;
    const base = n > 0 ? Math.floor(p.available_quantity / n) : 0;
    return Array.from({ length: n }, (_, k) => ({
      id: p.id * 10 + k,
      remote_id: `${p.remote_id}-V${k + 1}`,
      sku: p.sku ? `${p.sku}-${k + 1}` : null,
      attributes: labels[k % labels.length],
      price: p.price,
      available_quantity: base + (k === 0 ? p.available_quantity - base * n : 0),
      // Split over the locations by remoteVariants, where the shop keeps stock so.
      stock_levels: [],
    }));
  }

  /** The listing as the shop has it now. */
  function remoteRow(id: number): ProductRow | null {
    const g = deps.generated(id);
    if (!g) return null;
    const r = remote.get(id) ?? {};
    const p: ProductRow = { ...g, price: r.price ?? g.price, available_quantity: r.stock ?? g.available_quantity };
    if (r.state) p.state = p.status = r.state;
    if (p.variant_count > 0) {
      const vs = remoteVariants(g);
      p.available_quantity = vs.reduce((n, v) => n + v.available_quantity, 0);
      p.stock_levels = addedUp(vs);
    } else {
      p.stock_levels = remoteLevels(g, null, g.available_quantity);
      if (p.stock_levels.length > 0) p.available_quantity = sum(p.stock_levels);
    }
    return p;
  }

  function remoteVariants(g: ProductRow): Variant[] {
    return generatedVariants(g).map((v) => {
      const stock_levels = remoteLevels(g, v.remote_id, v.available_quantity);
      // Kept per location: the figure is the sum of the locations'.
      const n = stock_levels.length > 0 ? sum(stock_levels) : remoteVariant.get(vkey(g.id, v.remote_id)) ?? v.available_quantity;
      return { ...v, available_quantity: n, stock_levels };
    });
  }

  /** A listing as storedesk shows it: the shop's values with the unsent edits over them. */
  function shown(g: ProductRow): ProductRow {
    const p = remoteRow(g.id) ?? g;
    const mine = rows.filter((r) => r.product_id === g.id);
    for (const r of mine.filter(open)) {
      // A variation's edits show in variants(), a location's in shownLevels().
      if (r.variant_remote_id !== null || r.location_id !== null) continue;
      if (r.value.field === "price") p.price = r.value.value;
      else if (r.value.field === "stock") p.available_quantity = r.value.value;
      else p.state = p.status = r.value.value;
    }
    if (p.variant_count > 0) {
      const vs = variants(p);
      p.available_quantity = vs.reduce((n, v) => n + v.available_quantity, 0);
      p.stock_levels = addedUp(vs);
    } else if (p.stock_levels.length > 0) {
      p.stock_levels = shownLevels(p.stock_levels, p.id, null);
      p.available_quantity = sum(p.stock_levels);
    }
    p.pending_edits = mine.filter(open).length;
    p.edit_issues = mine.filter((r) => r.status === "rejected" || r.status === "conflict").length;
    return p;
  }

  function variants(p: ProductRow): Variant[] {
    const g = deps.generated(p.id);
    if (!g) return [];
    return remoteVariants(g).map((v) => {
      if (v.stock_levels.length > 0) {
        const stock_levels = shownLevels(v.stock_levels, p.id, v.remote_id);
        return { ...v, available_quantity: sum(stock_levels), stock_levels };
      }
      const n = openStock(p.id, v.remote_id, null);
      return n === null ? v : { ...v, available_quantity: n };
    });
  }

  function variantOf(p: ProductRow, variant: string): Variant {
    const v = variants(p).find((x) => x.remote_id === variant);
    if (!v) throw { code: "not_found", message: `variation ${variant} is not part of this listing` };
    return v;
  }

  /** The level an edit names, as shown (validate() made sure the unit has it). */
  function levelOf(p: ProductRow, variant: string | null, location: string): StockLevel | undefined {
    return (variant === null ? p.stock_levels : variantOf(p, variant).stock_levels).find((l) => l.location_id === location);
  }

  function currentValue(p: ProductRow, variant: string | null, field: EditValue["field"], location: string | null): EditValue {
    if (location !== null) return { field: "stock", value: levelOf(p, variant, location)?.available ?? 0 };
    if (variant !== null) {
      const v = variantOf(p, variant);
      return field === "price" ? { field, value: v.price } : { field: "stock", value: v.available_quantity };
    }
    if (field === "price") return { field, value: p.price };
    if (field === "stock") return { field, value: p.available_quantity };
    return { field: "status", value: p.state };
  }

  function remoteValue(r: OutboxRow): EditValue | null {
    const p = remoteRow(r.product_id);
    if (!p) return null;
    const v = r.variant_remote_id === null ? null : remoteVariants(deps.generated(r.product_id) as ProductRow).find((x) => x.remote_id === r.variant_remote_id);
    if (r.variant_remote_id !== null && !v) return null;
    if (r.location_id !== null) {
      const l = (v ?? p).stock_levels.find((x) => x.location_id === r.location_id);
      return l ? { field: "stock", value: l.available } : null;
    }
    if (v) return { field: "stock", value: v.available_quantity };
    return currentValueOf(p, r.value.field);
  }
  const currentValueOf = (p: ProductRow, field: EditValue["field"]): EditValue =>
    field === "price" ? { field, value: p.price } : field === "stock" ? { field, value: p.available_quantity } : { field: "status", value: p.state };

  const same = (a: EditValue, b: EditValue) => JSON.stringify(a) === JSON.stringify(b);

  function validate(p: ProductRow, req: EditRequest): void {
    if (p.state === "deleted") throw invalid("the listing is no longer on the shop");
    const v = req.value;
    if (v.field === "price" && v.value.minor <= 0) throw invalid("the price must be more than zero");
    if (v.field === "price" && v.value.currency !== p.price.currency) throw invalid(`the listing's currency is ${p.price.currency}`);
    if (v.field === "stock" && (!Number.isInteger(v.value) || v.value < 0)) throw invalid("stock cannot be negative");
    if (v.field === "stock" && req.variant_remote_id === null && p.variant_count > 0)
      throw invalid("this listing has variations: set the stock of each variation");
    if (v.field === "status" && p.state === "closed") throw invalid("a closed listing cannot be changed");
    // As the App and the store check it: a stock kept per location names one of the unit's locations.
    const location = req.location_id ?? null;
    if (location !== null && v.field !== "stock") throw invalid("only a stock edit names a location");
    if (v.field !== "stock") return;
    const levels = req.variant_remote_id ? variantOf(p, req.variant_remote_id).stock_levels : p.stock_levels;
    if (levels.length > 0 && location === null) throw invalid(`${p.shop_name} keeps stock per location: name the location whose stock to set`);
    if (levels.length === 0 && location !== null)
      throw invalid(`${p.shop_name} keeps one stock figure per listing, not one per location: name no location`);
    if (location !== null && !levels.some((l) => l.location_id === location)) throw invalid(`this listing has no stock at location ${location}`);
  }

  /** Queues one edit; the row, or null when the shop already has the value and nothing waits. */
  function queue(req: EditRequest, now = Date.now()): OutboxRow | null {
    const g = deps.generated(req.product_id);
    if (!g) throw { code: "not_found", message: `no product ${req.product_id}` };
    const p = shown(g);
    validate(p, req);
    const variant = req.variant_remote_id ?? null;
    const location = req.location_id ?? null;
    const pending = rows.find((r) => r.status === "pending" && sameTarget(r, p.id, variant, req.value.field, location));
    if (pending) {
      // Coalesce: the pending edit takes the new value and keeps the base it started from.
      Object.assign(pending, { value: req.value, reason: req.reason, updated_at: now, next_attempt_at: now, last_error: null });
      return { ...pending };
    }
    const current = currentValue(p, variant, req.value.field, location);
    if (same(current, req.value)) return null;
    const v = variant === null ? null : variants(p).find((x) => x.remote_id === variant) ?? null;
    const row: OutboxRow = {
      id: nextId++, shop_id: p.shop_id, shop_name: p.shop_name, product_id: p.id, title: p.title, remote_id: p.remote_id,
      variant_remote_id: variant, variant_label: v?.attributes ?? null, location_id: location,
      location_name: location === null ? null : levelOf(p, variant, location)?.location_name ?? null, value: req.value, base: current, remote_value: null,
      status: "pending", attempts: 0, next_attempt_at: now, last_error: null, reason: req.reason, created_at: now, updated_at: now,
    };
    rows.push(row);
    return { ...row };
  }

  function counts(): OutboxCounts {
    return {
      waiting: rows.filter(open).length,
      rejected: rows.filter((r) => r.status === "rejected").length,
      conflict: rows.filter((r) => r.status === "conflict").length,
    };
  }

  function changed(): void {
    void emit("outbox-changed", counts());
    void emit("data-changed", ["products"]);
  }

  function find(id: number): OutboxRow {
    const r = rows.find((x) => x.id === id);
    if (!r) throw { code: "not_found", message: `no edit ${id} in the outbox` };
    return r;
  }

  // ---------------------------------------------------------------- bulk changes

  function bulkValue(change: BulkChange, p: ProductRow): { ok: true; value: EditValue } | { ok: false; reason: string } {
    const price = (minor: bigint) =>
      minor <= 0n
        ? ({ ok: false, reason: "the price would not be more than zero" } as const)
        : ({ ok: true, value: { field: "price", value: { minor: Number(minor), currency: p.price.currency } } } as const);
    if (p.state === "deleted") return { ok: false, reason: "the listing is no longer on the shop" };
    const digits = minorDigits(p.price.currency);
    const amount = (text: string) => {
      const m = parseMinor(text, digits);
      if (m.ok) return m.value;
      throw m.error.kind === "precision"
        ? `'${text}' has more decimals than ${p.price.currency} allows (${digits})`
        : `'${text}' is not an amount`;
    };
    try {
      switch (change.kind) {
        case "set_price":
          return price(amount(change.amount));
        case "adjust_percent": {
          const bp = parseMinor(change.percent, 2);
          if (!bp.ok) return { ok: false, reason: `'${change.percent}' is not a percent` };
          // minor * (10000 + bp) / 10000, halves to even, in integers.
          const num = BigInt(p.price.minor) * (10_000n + bp.value);
          let q = num / 10_000n;
          const twice = 2n * (num % 10_000n);
          if (twice > 10_000n || (twice === 10_000n && q % 2n === 1n)) q += 1n;
          return price(q);
        }
        case "adjust_amount":
          return price(BigInt(p.price.minor) + amount(change.amount));
        case "set_stock":
          if (change.stock < 0) return { ok: false, reason: "stock cannot be negative" };
          if (p.variant_count > 0) return { ok: false, reason: "this listing has variations: set the stock of each variation" };
          // A bulk change names no location: one figure for every location would be a guess.
          if (p.stock_levels.length > 0) return { ok: false, reason: `${p.shop_name} keeps stock per location: name the location whose stock to set` };
          return { ok: true, value: { field: "stock", value: change.stock } };
        case "pause":
        case "activate":
          if (p.state === "closed") return { ok: false, reason: "a closed listing cannot be paused or activated" };
          return { ok: true, value: { field: "status", value: change.kind === "pause" ? "paused" : "active" } };
      }
    } catch (reason) {
      return { ok: false, reason: String(reason) };
    }
  }

  function targets(bulk: BulkEdit): ProductRow[] {
    const t = bulk.target;
    const listed =
      t.kind === "ids" ? t.ids.map((id) => deps.generated(id))
      : t.kind === "items" ? deps.items(t.item_ids).map((id) => deps.generated(id))
      : deps.matching(t.query);
    return listed.filter((p): p is ProductRow => p !== null).map(shown);
  }

  // ---------------------------------------------------------------- the fake push

  let pushing = false;
  function push(): void {
    if (pushing) return;
    const now = Date.now();
    const due = rows.filter((r) => r.status === "pending" && r.next_attempt_at <= now && deps.reachable(r.shop_id));
    if (due.length === 0) return;
    pushing = true;
    for (const r of due) Object.assign(r, { status: "sending" satisfies OutboxStatus, updated_at: now });
    changed();
    setTimeout(() => {
      const byShop = new Map<number, { sent: number; rejected: number }>();
      const at = Date.now();
      for (const r of due) {
        if (r.status !== "sending") continue;
        const tally = byShop.get(r.shop_id) ?? { sent: 0, rejected: 0 };
        byShop.set(r.shop_id, tally);
        r.attempts++;
        r.updated_at = at;
        if (r.value.field === "price" && r.value.value.currency === "ARS" && r.value.value.minor < MIN_PRICE_MINOR) {
          r.status = "rejected";
          r.last_error =
            "HTTP 400 item.price.invalid: The price is below the minimum for this category (MLA1234, Mates y bombillas). " +
            "Mercado Libre requires at least ARS 100.00 for listings in it; the listing keeps its price of the shop.";
          tally.rejected++;
          continue;
        }
        r.status = "sent";
        r.last_error = null;
        tally.sent++;
        if (r.location_id !== null && r.value.field === "stock") remoteLevel.set(lkey(r.product_id, r.variant_remote_id, r.location_id), r.value.value);
        else if (r.variant_remote_id !== null && r.value.field === "stock") remoteVariant.set(vkey(r.product_id, r.variant_remote_id), r.value.value);
        else {
          const s = remote.get(r.product_id) ?? {};
          if (r.value.field === "price") s.price = r.value.value;
          else if (r.value.field === "stock") s.stock = r.value.value;
          else s.state = r.value.value;
          remote.set(r.product_id, s);
        }
      }
      pushing = false;
      for (const [shopId, t] of byShop) deps.pushed(shopId, t.sent, t.rejected, now);
      changed();
      void emit("data-changed", ["push"]);
    }, 1200);
  }

  // ---------------------------------------------------------------- seeded examples

  function seed(): void {
    const now = Date.now();
    const add = (req: EditRequest, over: Partial<OutboxRow>, ago: number) => {
      const row = queue(req, now - ago);
      if (row) Object.assign(rows[rows.length - 1], over);
    };
    // Sent a while ago (history).
    add({ product_id: 13, variant_remote_id: null, value: { field: "stock", value: 25 }, reason: null }, { status: "sent", attempts: 1 }, 3 * 3_600_000);
    remote.set(13, { stock: 25 });
    // Rejected by the shop: a price under the category's minimum.
    add(
      { product_id: 1, variant_remote_id: null, value: { field: "price", value: { minor: 4_500, currency: "ARS" } }, reason: null },
      {
        status: "rejected", attempts: 1,
        last_error:
          "HTTP 400 item.price.invalid: The price is below the minimum for this category (MLA1234, Mates y bombillas). " +
          "Mercado Libre requires at least ARS 100.00 for listings in it; the listing keeps its price of the shop.",
      },
      40 * 60_000,
    );
    // A conflict: the stock changed on the shop (a sale) after the edit was made.
    if (deps.generated(25)) {
      add({ product_id: 25, variant_remote_id: null, value: { field: "stock", value: 40 }, reason: null }, {}, 25 * 60_000);
      const row = rows[rows.length - 1];
      if (row && row.product_id === 25 && row.base.field === "stock") {
        const theirs = Math.max(0, row.base.value - 2);
        remote.set(25, { ...remote.get(25), stock: theirs });
        Object.assign(row, {
          status: "conflict", attempts: 1, remote_value: { field: "stock", value: theirs },
          last_error: `The shop's stock changed from ${row.base.value} to ${theirs} (2 units sold) after this edit was made.`,
        });
      }
    }
    // Waiting for the offline shop (Mercado Chile, CLP).
    add({ product_id: 3, variant_remote_id: null, value: { field: "price", value: { minor: 18_990, currency: "CLP" } }, reason: null }, {}, 12 * 60_000);
    add({ product_id: 9, variant_remote_id: null, value: { field: "status", value: "paused" }, reason: null }, {}, 9 * 60_000);
  }

  return {
    shown,
    variants,
    counts,
    seed,
    /** Sends what is due; call it every few seconds. */
    tick: push,
    edit(req: EditRequest): OutboxRow | null {
      const row = queue(req);
      changed();
      setTimeout(push, 2500);
      return row;
    },
    preview(bulk: BulkEdit): BulkPreview {
      const out: BulkPreview = { rows: [], changes: 0, skipped: 0 };
      for (const p of targets(bulk)) {
        const v = bulkValue(bulk.change, p);
        if (v.ok) out.changes++;
        else out.skipped++;
        if (out.rows.length < 500) {
          const old = bulk.change.kind === "set_stock" ? currentValueOf(p, "stock")
            : bulk.change.kind === "pause" || bulk.change.kind === "activate" ? currentValueOf(p, "status") : currentValueOf(p, "price");
          out.rows.push({ product_id: p.id, title: p.title, remote_id: p.remote_id, old, new: v.ok ? v.value : null, skipped: v.ok ? null : v.reason });
        }
      }
      return out;
    },
    apply(bulk: BulkEdit): BulkResult {
      let queued = 0;
      let skipped = 0;
      for (const p of targets(bulk)) {
        const v = bulkValue(bulk.change, p);
        if (!v.ok) {
          skipped++;
          continue;
        }
        if (queue({ product_id: p.id, variant_remote_id: null, value: v.value, reason: null })) queued++;
      }
      changed();
      setTimeout(push, 2500);
      return { queued, skipped };
    },
    list(q: OutboxQuery): OutboxPage {
      const all = rows
        .filter((r) => (q.shop_id === null || r.shop_id === q.shop_id) && (q.status === null || r.status === q.status) && (q.product_id === null || r.product_id === q.product_id))
        .sort((a, b) => b.id - a.id);
      const from = q.cursor ? Number(q.cursor) : 0;
      const limit = Math.max(1, Math.min(500, q.limit));
      const page = all.slice(from, from + limit).map((r) => ({ ...r }));
      return { rows: page, next_cursor: from + limit < all.length ? String(from + limit) : null };
    },
    retry(id: number, value: EditValue | null): OutboxRow {
      const r = find(id);
      if (r.status !== "rejected") throw invalid(`only a rejected edit can be retried (this one is ${r.status})`);
      if (value && value.field !== r.value.field) throw invalid("a retry changes the same field");
      r.status = "discarded";
      r.last_error = "retried";
      const row = queue({ product_id: r.product_id, variant_remote_id: r.variant_remote_id, value: value ?? r.value, reason: r.reason, location_id: r.location_id });
      changed();
      setTimeout(push, 2500);
      if (!row) throw invalid("the shop already has this value");
      return row;
    },
    discard(id: number): OutboxRow {
      const r = find(id);
      if (r.status === "sending") throw invalid("this edit is being sent now; wait for the shop's answer");
      if (r.status !== "pending" && r.status !== "rejected" && r.status !== "conflict") throw invalid(`this edit is already ${r.status}`);
      Object.assign(r, { status: "discarded", updated_at: Date.now() });
      changed();
      return { ...r };
    },
    resolve(id: number, resolution: Resolution): OutboxRow {
      const r = find(id);
      if (r.status !== "conflict") throw invalid(`this edit is not in conflict (it is ${r.status})`);
      if (resolution === "take_theirs") {
        Object.assign(r, { status: "discarded", updated_at: Date.now() });
      } else {
        Object.assign(r, { status: "pending", base: r.remote_value ?? remoteValue(r) ?? r.base, remote_value: null, last_error: null, next_attempt_at: Date.now(), updated_at: Date.now() });
        setTimeout(push, 2500);
      }
      changed();
      return { ...r };
    },
  };
}
