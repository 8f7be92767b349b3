// Dev-only: the demo backend's offers service, in memory, behaving like crates/core/src/store/offers.rs
// and crates/core/src/reprice.rs: tracked products with offers whose history is generated over the last
// days (one of them dense, so the chart is downsampled like the backend does), our own price line, a
// refresh loop that moves prices and stock and emits `offers-changed`, repricing rules that queue
// outbox edits with their reason, and the dry-run preview. Never part of the build.
import { emit } from "@tauri-apps/api/event";
import type { ChartPoint } from "../bindings/ChartPoint";
import type { ChartRange } from "../bindings/ChartRange";
import type { ChartSeries } from "../bindings/ChartSeries";
import type { Money } from "../bindings/Money";
import type { Offer } from "../bindings/Offer";
import type { OfferChart } from "../bindings/OfferChart";
import type { OfferHistory } from "../bindings/OfferHistory";
import type { ProductRow } from "../bindings/ProductRow";
import type { RepricePreviewRow } from "../bindings/RepricePreviewRow";
import type { RepriceRule } from "../bindings/RepriceRule";
import type { Shop } from "../bindings/Shop";
import type { TrackedProduct } from "../bindings/TrackedProduct";
import { minorDigits } from "../lib/money";
import { offersCapabilities } from "./fixtures";

type Deps = {
  /** The live list of shops (the offers services are among them). */
  shops: Shop[];
  /** A listing as storedesk shows it now (with unsent edits), or null. */
  product: (id: number) => ProductRow | null;
  /** Queues a rule's price edit (an outbox row with its reason). */
  queueReprice: (productId: number, price: Money, reason: string) => void;
  /** A person's price edit of the listing is waiting to be sent. */
  manualPending: (productId: number) => boolean;
  /** SyncSettings.offers_seconds. */
  offersSeconds: () => number;
};

type Row = { at: number; minor: number; stock: number; active: boolean };
type OfferSim = { id: number; remote_id: string; rows: Row[] };
type Track = {
  product_id: number;
  service_id: number;
  remote_id: string;
  tracking: boolean;
  registered: boolean;
  last_refresh_at: number | null;
  next_refresh_at: number | null;
  last_error: string | null;
  offers: OfferSim[];
  own: { at: number; minor: number }[];
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const CHART_POINTS = 600;
const RANGE_MS: Record<ChartRange, number | null> = { hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY, all: null };
const invalid = (message: string) => ({ code: "invalid_input", message });

/** A small seeded generator (mulberry32): the same demo every time. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Like crates/core: each line keeps its first and last point and each bucket's lowest and highest. */
function downsample(points: ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= Math.max(max, 4)) return points;
  const buckets = Math.max(1, Math.floor(max / 2));
  const first = points[0].at;
  const span = Math.max(1, points[points.length - 1].at - first);
  const chosen = new Map<number, [number, number]>();
  points.forEach((p, i) => {
    const b = Math.round(((p.at - first) / span) * (buckets - 1));
    const e = chosen.get(b) ?? [i, i];
    if (p.price_minor < points[e[0]].price_minor) e[0] = i;
    if (p.price_minor > points[e[1]].price_minor) e[1] = i;
    chosen.set(b, e);
  });
  const keep = new Set<number>([0, points.length - 1]);
  for (const [lo, hi] of chosen.values()) {
    keep.add(lo);
    keep.add(hi);
  }
  return [...keep].sort((a, b) => a - b).map((i) => points[i]);
}

/** The lowest active price over time, from each offer's (time, price or null when gone) events. */
function lowestLine(events: [number, number | null][][]): ChartPoint[] {
  const all: [number, number, number | null][] = [];
  events.forEach((e, k) => e.forEach(([at, p]) => all.push([at, k, p])));
  all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const current = new Map<number, number>();
  const line: ChartPoint[] = [];
  let i = 0;
  while (i < all.length) {
    const at = all[i][0];
    while (i < all.length && all[i][0] === at) {
      const [, k, p] = all[i];
      if (p === null) current.delete(k);
      else current.set(k, p);
      i++;
    }
    if (current.size > 0) {
      const low = Math.min(...current.values());
      if (line.length === 0 || line[line.length - 1].price_minor !== low) line.push({ at, price_minor: low, items_in_stock: null });
    }
  }
  return line;
}

/** lowest × (1 − bp/10000), rounded half to even (money::adjust_by_basis_points). */
function lessBasisPoints(lowest: number, bp: number): number {
  const n = BigInt(lowest) * BigInt(10_000 - bp);
  const q = n / 10_000n;
  const r = n % 10_000n;
  if (r * 2n > 10_000n || (r * 2n === 10_000n && q % 2n === 1n)) return Number(q + 1n);
  return Number(q);
}

function decimal(minor: number, currency: string): string {
  const d = minorDigits(currency);
  if (d === 0) return `${minor} ${currency}`;
  const s = String(Math.abs(minor)).padStart(d + 1, "0");
  return `${minor < 0 ? "-" : ""}${s.slice(0, -d)}.${s.slice(-d)} ${currency}`;
}

export function createOffersSim(deps: Deps) {
  const tracks = new Map<number, Track>();
  const rules = new Map<number, RepriceRule>();
  let nextOfferId = 1;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let turn = 0;

  const service = (id?: number) => deps.shops.find((s) => s.kind === "offers" && (id === undefined || s.id === id)) ?? null;
  const last = (o: OfferSim) => o.rows[o.rows.length - 1];
  const activeOffers = (t: Track) => t.offers.filter((o) => last(o).active);
  const lowestNow = (t: Track): number | null => {
    const a = activeOffers(t);
    return a.length === 0 ? null : Math.min(...a.map((o) => last(o).minor));
  };
  const remoteId = (pid: number, k: number) => `OF${1000 + ((pid * 977 + k * 131) % 9000)}`;

  /** Offers and our own price over the last `days` days, every `everyMin` minutes on average. */
  function generate(t: Track, price: number, days: number, everyMin: number, seed: number, now: number): void {
    const rand = rng(seed);
    const n = 3 + Math.floor(rand() * 3);
    const start = now - days * DAY;
    for (let k = 0; k < n; k++) {
      // Later offers appear some way into the period; one of them sells out.
      const born = k < 2 ? start : start + rand() * days * DAY * 0.6;
      const base = Math.round(price * (0.88 + rand() * 0.22));
      let minor = base;
      let stock = 1 + Math.floor(rand() * 20);
      const rows: Row[] = [{ at: Math.round(born), minor, stock, active: true }];
      const dies = k === n - 1 && n > 3 ? born + (now - born) * (0.5 + rand() * 0.4) : Infinity;
      let at = born;
      for (;;) {
        at += (0.2 + rand() * 1.6) * everyMin * MIN;
        if (at >= now - MIN) break;
        if (at >= dies) {
          rows.push({ at: Math.round(at), minor, stock: 0, active: false });
          break;
        }
        // A walk that drifts back toward where the offer started (a market price, not a random crash).
        if (rand() < 0.7) minor = Math.max(1, Math.round(minor + (base - minor) * 0.08 + minor * (rand() - 0.5) * 0.04));
        else stock = Math.max(1, stock + Math.round((rand() - 0.5) * 6));
        rows.push({ at: Math.round(at), minor, stock, active: true });
      }
      t.offers.push({ id: nextOfferId++, remote_id: remoteId(t.product_id, k), rows });
    }
    // Our own price: a few changes, ending at the price the listing has now.
    let own = Math.round(price * 1.06);
    for (let d = days; d > 0; d -= 1 + Math.floor(rand() * 3)) {
      t.own.push({ at: now - d * DAY, minor: own });
      own = Math.round(own * (0.97 + rand() * 0.04));
    }
    t.own.push({ at: now - 6 * HOUR, minor: price });
  }

  function newTrack(pid: number, serviceId: number): Track {
    return {
      product_id: pid, service_id: serviceId, remote_id: `PC-${pid}`, tracking: true, registered: false,
      last_refresh_at: null, next_refresh_at: Date.now() + 2000, last_error: null, offers: [], own: [],
    };
  }

  /** The demo's tracked products: five in ARS (one dense, one failing, one stopped), one in CLP. */
  function seed(): void {
    const s = service();
    if (!s) return;
    const now = Date.now();
    const plan: [number, number, number][] = [
      // product id, days of history, minutes between changes on average
      [4, 10, 180],
      [7, 30, 3],
      [10, 8, 90],
      [16, 5, 240],
      [3, 6, 120],
      [22, 12, 300],
    ];
    for (const [pid, days, every] of plan) {
      const p = deps.product(pid);
      if (!p) continue;
      const t = newTrack(pid, s.id);
      t.registered = true;
      generate(t, p.price.minor, days, every, pid * 7919, now);
      t.last_refresh_at = now - (pid % 5) * 9_000;
      t.next_refresh_at = t.last_refresh_at + deps.offersSeconds() * 1000;
      tracks.set(pid, t);
    }
    const failing = tracks.get(16);
    if (failing) failing.last_error = "HTTP 503 from the offers service after 3 retries: tried again on the next refresh";
    const stopped = tracks.get(22);
    if (stopped) Object.assign(stopped, { tracking: false, next_refresh_at: null });
    // Product 10 follows the lowest offer minus ARS 5.00, between 85% and 120% of its price.
    const p10 = deps.product(10);
    if (p10 && tracks.has(10)) {
      const c = p10.price.currency;
      const m = (minor: number) => ({ minor, currency: c });
      rules.set(10, {
        minus: m(500), minus_bp: 0, floor: m(Math.round(p10.price.minor * 0.85)), ceiling: m(Math.round(p10.price.minor * 1.2)),
        min_step: m(100), every_seconds: 120, last_change_at: now - 47 * MIN,
      });
      // It looks at the lowest offer at once, as the backend does: an outbox edit with its reason.
      apply(10);
    }
    scheduleRefresh();
  }

  // ---------------------------------------------------------------- what the UI reads

  function decorate(row: ProductRow): ProductRow {
    const t = tracks.get(row.id);
    if (!t || !t.tracking) return { ...row, tracked: false, lowest_offer: null, offer_gap_bp: null };
    const low = lowestNow(t);
    return {
      ...row,
      tracked: true,
      lowest_offer: low === null ? null : { minor: low, currency: row.price.currency },
      offer_gap_bp: low === null || low <= 0 ? null : Math.round(((row.price.minor - low) * 10_000) / low),
    };
  }

  function tracked(t: Track): TrackedProduct | null {
    const p = deps.product(t.product_id);
    const s = service(t.service_id);
    if (!p) return null;
    const low = lowestNow(t);
    return {
      product_id: p.id, shop_id: p.shop_id, shop_name: p.shop_name, product_remote_id: p.remote_id, title: p.title,
      offers_shop_id: t.service_id, offers_shop_name: s?.name ?? `#${t.service_id}`, remote_id: t.remote_id,
      tracking: t.tracking, registered: t.registered, last_refresh_at: t.last_refresh_at, next_refresh_at: t.tracking ? t.next_refresh_at : null,
      last_error: t.last_error, active_offers: activeOffers(t).length,
      lowest_offer: low === null ? null : { minor: low, currency: p.price.currency }, our_price: p.price, has_rule: rules.has(p.id),
    };
  }

  function offersOf(t: Track, currency: string): Offer[] {
    const out = t.offers.map((o): Offer => {
      const l = last(o);
      // The price and stock as last seen while it was active.
      const seen = [...o.rows].reverse().find((r) => r.active) ?? l;
      let changed = o.rows[0].at;
      for (let i = 1; i < o.rows.length; i++) {
        const a = o.rows[i - 1];
        const b = o.rows[i];
        if (b.active && (a.minor !== b.minor || a.stock !== b.stock || !a.active)) changed = b.at;
      }
      return {
        id: o.id, remote_id: o.remote_id, price: { minor: seen.minor, currency }, items_in_stock: l.active ? l.stock : 0,
        active: l.active, first_seen_at: o.rows[0].at, changed_at: changed, vanished_at: l.active ? null : l.at,
      };
    });
    return out.sort((a, b) => Number(b.active) - Number(a.active) || a.price.minor - b.price.minor);
  }

  function chart(pid: number, range: ChartRange): OfferChart {
    const p = deps.product(pid);
    if (!p) throw { code: "not_found", message: `product ${pid}` };
    const t = tracks.get(pid);
    const to = Date.now();
    const span = RANGE_MS[range];
    let from = to - (span ?? 0);
    if (span === null) {
      from = to;
      for (const o of t?.offers ?? []) from = Math.min(from, o.rows[0].at);
    }
    let inRange = 0;
    const series: { s: ChartSeries; events: [number, number | null][] }[] = [];
    for (const o of t?.offers ?? []) {
      const firstIn = o.rows.findIndex((r) => r.at >= from);
      const start = firstIn < 0 ? o.rows.length - 1 : Math.max(0, firstIn - 1);
      const rows = o.rows.slice(start);
      inRange += rows.filter((r) => r.at >= from).length;
      const l = last(o);
      const s: ChartSeries = {
        offer_remote_id: o.remote_id, active: l.active,
        points: rows.filter((r) => r.active).map((r) => ({ at: Math.max(r.at, from), price_minor: r.minor, items_in_stock: r.stock })),
        ends_at: l.active ? null : l.at,
      };
      if (s.ends_at !== null && s.ends_at < from) continue;
      series.push({ s, events: rows.map((r) => [Math.max(r.at, from), r.active ? r.minor : null]) });
    }
    const ownFirstIn = t ? t.own.findIndex((r) => r.at >= from) : -1;
    const ownRows = !t ? [] : t.own.slice(ownFirstIn < 0 ? t.own.length - 1 : Math.max(0, ownFirstIn - 1));
    const own = ownRows.map((r) => ({ at: Math.max(r.at, from), price_minor: r.minor, items_in_stock: null }));
    return {
      from, to, currency: p.price.currency,
      offers: series.map(({ s }) => ({ ...s, points: downsample(s.points, CHART_POINTS) })),
      own: downsample(own, CHART_POINTS),
      lowest: downsample(lowestLine(series.map((x) => x.events)), CHART_POINTS),
      points_in_range: inRange,
    };
  }

  // ---------------------------------------------------------------- repricing (crates/core/src/reprice.rs)

  function decide(pid: number, rule: RepriceRule, now: number): RepricePreviewRow | null {
    const p = deps.product(pid);
    const t = tracks.get(pid);
    if (!p) return null;
    const low = t ? lowestNow(t) : null;
    const c = p.price.currency;
    const row: RepricePreviewRow = {
      product_id: pid, title: p.title, product_remote_id: p.remote_id, current: p.price,
      lowest_offer: low === null ? null : { minor: low, currency: c }, proposed: null, reason: "",
    };
    if (deps.manualPending(pid)) return { ...row, reason: "a price edit made by a person is waiting to be sent" };
    if (low === null) return { ...row, reason: "there is no offer to follow" };
    const below = rule.minus_bp > 0 ? lessBasisPoints(low, rule.minus_bp) : low - rule.minus.minor;
    const to = Math.min(rule.ceiling.minor, Math.max(rule.floor.minor, below));
    if (Math.abs(to - p.price.minor) < Math.max(1, rule.min_step.minor)) return { ...row, reason: "the price already follows the lowest offer" };
    if (rule.last_change_at !== null && now - rule.last_change_at < rule.every_seconds * 1000) {
      return { ...row, reason: "the rule changed this price less than an interval ago" };
    }
    const bound = to === rule.floor.minor ? " (the floor)" : to === rule.ceiling.minor ? " (the ceiling)" : "";
    return {
      ...row,
      proposed: { minor: to, currency: c },
      reason: `lowest offer ${to < p.price.minor ? "fell" : "rose"} to ${decimal(low, c)}: price ${decimal(to, c)}${bound}`,
    };
  }

  function apply(pid: number): void {
    const rule = rules.get(pid);
    if (!rule) return;
    const now = Date.now();
    const d = decide(pid, rule, now);
    if (!d?.proposed) return;
    deps.queueReprice(pid, d.proposed, d.reason);
    rule.last_change_at = now;
  }

  // ---------------------------------------------------------------- the refresh loop

  function refresh(t: Track): void {
    const now = Date.now();
    t.last_refresh_at = now;
    t.next_refresh_at = now + deps.offersSeconds() * 1000;
    const s = service(t.service_id);
    if (!s || s.status !== "connected") {
      t.last_error = "the offers service refused the refresh token: paste a new one in Shops";
      return;
    }
    if (t.product_id === 16) return; // keeps failing (its last error stays)
    t.last_error = null;
    const p = deps.product(t.product_id);
    if (!p) return;
    const rand = Math.random;
    if (!t.registered || t.offers.length === 0) {
      // The first refresh after tracking: the offers as they are now.
      t.registered = true;
      const n = 2 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) {
        t.offers.push({
          id: nextOfferId++, remote_id: remoteId(t.product_id, k),
          rows: [{ at: now, minor: Math.round(p.price.minor * (0.9 + rand() * 0.2)), stock: 1 + Math.floor(rand() * 15), active: true }],
        });
      }
    } else {
      const active = activeOffers(t);
      const o = active[Math.floor(rand() * active.length)];
      const r = rand();
      if (o && r < 0.55) {
        const l = last(o);
        o.rows.push({ ...l, at: now, minor: Math.max(1, Math.round(l.minor * (1 + (rand() - 0.5) * 0.05))) });
      } else if (o && r < 0.75) {
        const l = last(o);
        o.rows.push({ ...l, at: now, stock: Math.max(1, l.stock + (rand() < 0.5 ? -1 : 2)) });
      } else if (o && r < 0.8 && active.length > 2) {
        o.rows.push({ ...last(o), at: now, stock: 0, active: false });
      } else if (r < 0.84 && t.offers.length < 8) {
        t.offers.push({
          id: nextOfferId++, remote_id: remoteId(t.product_id, t.offers.length),
          rows: [{ at: now, minor: Math.round(p.price.minor * (0.9 + rand() * 0.15)), stock: 1 + Math.floor(rand() * 10), active: true }],
        });
      }
    }
    // Our own price as the marketplace has it now.
    if (t.own.length === 0 || t.own[t.own.length - 1].minor !== p.price.minor) t.own.push({ at: now, minor: p.price.minor });
    apply(t.product_id);
  }

  function changed(): void {
    void emit("offers-changed", null);
    void emit("data-changed", ["offers"]);
  }

  /** One tracked product after another, each about once per offers_seconds (a few seconds apart at most). */
  function scheduleRefresh(): void {
    clearTimeout(refreshTimer);
    const live = [...tracks.values()].filter((t) => t.tracking);
    const every = Math.min(8000, Math.max(2000, (deps.offersSeconds() * 1000) / Math.max(1, live.length)));
    refreshTimer = setTimeout(() => {
      const now = [...tracks.values()].filter((t) => t.tracking);
      if (now.length > 0) {
        refresh(now[turn++ % now.length]);
        changed();
      }
      scheduleRefresh();
    }, every);
  }

  function checkToken(token: string): void {
    if (token.trim() === "") throw invalid("paste the offers service's refresh token");
    if (token.trim() === "bad") throw { code: "invalid_grant", message: "the offers service answered 400 invalid_grant: the refresh token is wrong, expired or was revoked" };
  }

  return {
    seed,
    decorate,
    /** The products tracked now (for the demo's above_lowest_bp filter and offer_gap sort). */
    trackedIds(): number[] {
      return [...tracks.values()].filter((t) => t.tracking).map((t) => t.product_id);
    },
    detail(pid: number): { offers: Offer[]; tracking: TrackedProduct | null; reprice_rule: RepriceRule | null } {
      const t = tracks.get(pid);
      const p = deps.product(pid);
      return {
        offers: t && p ? offersOf(t, p.price.currency) : [],
        tracking: t ? tracked(t) : null,
        reprice_rule: rules.has(pid) ? { ...(rules.get(pid) as RepriceRule) } : null,
      };
    },
    trackedProducts(limit: number): TrackedProduct[] {
      return [...tracks.values()]
        .map(tracked)
        .filter((x): x is TrackedProduct => x !== null)
        .sort((a, b) => Number(b.tracking) - Number(a.tracking) || a.title.localeCompare(b.title))
        .slice(0, Math.max(1, Math.min(500, limit)));
    },
    history(pid: number): OfferHistory[] {
      const t = tracks.get(pid);
      const p = deps.product(pid);
      if (!t || !p) return [];
      return t.offers.map((o) => ({
        remote_id: o.remote_id, active: last(o).active,
        rows: o.rows.map((r) => ({ observed_at: r.at, price: { minor: r.minor, currency: p.price.currency }, items_in_stock: r.stock, active: r.active })),
      }));
    },
    chart,
    track(ids: number[], serviceId: number | null): number {
      const services = deps.shops.filter((s) => s.kind === "offers");
      const s = serviceId === null ? (services.length === 1 ? services[0] : null) : services.find((x) => x.id === serviceId) ?? null;
      if (services.length === 0) throw invalid("add an offers service first");
      if (!s) throw invalid(serviceId === null ? "there are several offers services: name one" : `shop ${serviceId} is not an offers service`);
      let n = 0;
      for (const id of ids) {
        if (!deps.product(id)) continue;
        const t = tracks.get(id) ?? newTrack(id, s.id);
        Object.assign(t, { tracking: true, service_id: s.id, next_refresh_at: Date.now() + 2000 });
        tracks.set(id, t);
        n++;
        // Registered and read on its first refresh, a moment later.
        setTimeout(() => {
          if (!t.tracking) return;
          refresh(t);
          changed();
        }, 2000 + Math.random() * 1500);
      }
      changed();
      scheduleRefresh();
      return n;
    },
    untrack(ids: number[]): number {
      let n = 0;
      for (const id of ids) {
        const t = tracks.get(id);
        if (t?.tracking) {
          Object.assign(t, { tracking: false, next_refresh_at: null });
          n++;
        }
      }
      changed();
      return n;
    },
    setRule(pid: number, rule: RepriceRule): RepriceRule {
      const p = deps.product(pid);
      if (!p) throw { code: "not_found", message: `product ${pid}` };
      for (const m of [rule.minus, rule.floor, rule.ceiling, rule.min_step]) {
        if (m.currency !== p.price.currency) throw invalid(`the rule's amounts must be in ${p.price.currency}, the listing's currency`);
      }
      if (rule.floor.minor <= 0 || rule.ceiling.minor < rule.floor.minor) throw invalid("the floor must be above zero and the ceiling at least the floor");
      if (rule.minus.minor < 0 || rule.minus_bp < 0 || rule.minus_bp >= 10_000 || rule.min_step.minor < 1) {
        throw invalid("the amount or percent below the lowest offer cannot be negative");
      }
      const saved: RepriceRule = { ...rule, every_seconds: Math.max(1, Math.trunc(rule.every_seconds)), last_change_at: rules.get(pid)?.last_change_at ?? null };
      rules.set(pid, saved);
      apply(pid);
      changed();
      return { ...saved };
    },
    clearRule(pid: number): boolean {
      const had = rules.delete(pid);
      changed();
      return had;
    },
    preview(): RepricePreviewRow[] {
      const now = Date.now();
      return [...rules.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([pid, rule]) => decide(pid, rule, now))
        .filter((x): x is RepricePreviewRow => x !== null);
    },
    addService(name: string, apiBase: string, token: string): Shop {
      let host = "";
      try {
        const u = new URL(apiBase);
        if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error();
        host = u.host;
      } catch {
        throw { code: "bad_endpoint", message: `${apiBase} is not a valid address: it must start with https://` };
      }
      checkToken(token);
      const s: Shop = {
        id: Math.max(0, ...deps.shops.map((x) => x.id)) + 1, kind: "offers", name, account_name: null, site: host, status: "connected",
        token_expires_at: Date.now() + 55 * MIN, last_sync_at: null, created_at: Date.now(), warehouse_shop_id: null, api_version: null,
        capabilities: offersCapabilities,
      };
      deps.shops.push(s);
      return s;
    },
    setToken(shopId: number, token: string): Shop {
      const s = deps.shops.find((x) => x.id === shopId);
      if (!s) throw { code: "not_found", message: "This shop no longer exists." };
      if (s.kind !== "offers") throw invalid(`${s.name} is not an offers service`);
      checkToken(token);
      Object.assign(s, { status: "connected", token_expires_at: Date.now() + 55 * MIN });
      for (const t of tracks.values()) if (t.service_id === s.id && t.product_id !== 16) t.last_error = null;
      changed();
      return { ...s };
    },
  };
}
