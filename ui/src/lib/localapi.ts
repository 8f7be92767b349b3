// What Settings → Local API knows about the REST API's keys and webhooks (docs/ipc.md, "The local API"):
// the roles and events in the order offered, and the checks of what a person types before it is sent.
import type { ApiRole } from "../bindings/ApiRole";

/** Every role, least to most. */
export const API_ROLES = ["viewer", "staff", "service", "admin"] as const satisfies readonly ApiRole[];
type AllRoles<Missing extends never> = Missing;
export type ApiRolesComplete = AllRoles<Exclude<ApiRole, (typeof API_ROLES)[number]>>;

export function isApiRole(v: unknown): v is ApiRole {
  return typeof v === "string" && (API_ROLES as readonly string[]).includes(v);
}

/** The events a webhook can subscribe to (crates/core `WEBHOOK_EVENTS`). */
export const WEBHOOK_EVENTS = [
  "order.created",
  "order.changed",
  "fulfilment.changed",
  "product.changed",
  "product.low_stock",
  "edit.rejected",
  "sync.failed",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(v: unknown): v is WebhookEvent {
  return typeof v === "string" && (WEBHOOK_EVENTS as readonly string[]).includes(v);
}

/** The ports a person may choose (below 1024 needs privileges the desktop does not have). */
export const PORT_MIN = 1024;
export const PORT_MAX = 65535;
/** Where the API listens when nothing else is chosen. */
export const DEFAULT_PORT = 8787;

/** A port typed as text: the number, or null when it is not a whole number from 1024 to 65535. */
export function parsePort(text: string): number | null {
  const v = text.trim();
  if (!/^\d{1,5}$/.test(v)) return null;
  const n = Number(v);
  return n >= PORT_MIN && n <= PORT_MAX ? n : null;
}

/** An http:// or https:// address with a host (what add_webhook accepts). */
export function isHttpUrl(text: string): boolean {
  const v = text.trim();
  if (!/^https?:\/\//i.test(v)) return false;
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/** The start of a long answer (a receiver's response body), on one line. */
export function snippet(text: string | null, max = 140): string | null {
  if (text === null) return null;
  const one = text.replace(/\s+/g, " ").trim();
  if (one === "") return null;
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
