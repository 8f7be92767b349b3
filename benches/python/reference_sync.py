#!/usr/bin/env python3
"""A sequential reference sync of one MercadoLibre seller into SQLite, the way a Celery task usually does it.

This is the yardstick `benches/full_sync.py` compares storedesk's sync with: Python 3 stdlib, `requests` and
`sqlite3`, one HTTP connection (a `requests.Session`), one request at a time, one SQLite connection. It is
written to be a fair, ordinary script, not a strawman and not a tuned one:

  1. items: every item id through the scroll search (`search_type=scan`, 100 ids a page, repeating with the
     scroll_id each answer returns until a page comes back empty), then a multiget of 20 ids at a time
     (`/items?ids=...&attributes=...`); each page of ids (items + variations) is stored in one transaction.
  2. orders: `/orders/search?seller=...`, 50 a page by offset. MercadoLibre refuses offset + limit past 10,000,
     so the `date_last_updated` range is halved until each window holds at most that many orders; each page
     (orders + order items) is stored in one transaction.
  3. shipments: one `GET /shipments/{id}` (with `x-format-new: true`) per stored order's shipment id, stored
     50 to a transaction.

Every query string is built by requests from `params=` (scroll ids carry `+ / =`, dates carry `+`).
No retries: the benchmark's simulator runs without faults or rate limits, and any error ends the run.

    python3 reference_sync.py --base-url URL --db out.db (--access-token TOKEN | --client-id ID --client-secret S)
                              [--seller-id ID]

With a client id and secret it does the authorization code grant once, against a simulator started with
`--auto-approve` (the authorization page then redirects at once with the code; nothing needs to listen on the
redirect URI: the code is read from the Location header). Prints one JSON object on stdout: records stored per
kind, requests made, wall seconds.
"""

import argparse
import json
import secrets
import sqlite3
import sys
import time
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import requests

ITEMS_PAGE = 100  # the scan's largest page of ids
MULTIGET = 20  # the multiget's largest batch
ORDERS_PAGE = 50
ORDERS_OFFSET_CAP = 10_000  # offset + limit may not pass this
SHIPMENTS_PER_TX = 50
TIMEOUT = 60
ITEM_ATTRIBUTES = ",".join(
    [
        "id",
        "title",
        "status",
        "price",
        "currency_id",
        "available_quantity",
        "sold_quantity",
        "seller_custom_field",
        "permalink",
        "date_created",
        "last_updated",
        "variations",
    ]
)
# Orders are looked for from here on (inclusive) up to now.
ORDERS_EPOCH_MS = int(datetime(2000, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    remote_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    sku TEXT,
    status TEXT NOT NULL,
    price_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    available_quantity INTEGER NOT NULL,
    sold_quantity INTEGER NOT NULL,
    permalink TEXT,
    created_at INTEGER,
    updated_at INTEGER NOT NULL,
    synced_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS variations (
    id INTEGER PRIMARY KEY,
    remote_id TEXT NOT NULL UNIQUE,
    item_remote_id TEXT NOT NULL,
    sku TEXT,
    attributes TEXT NOT NULL,
    price_minor INTEGER NOT NULL,
    available_quantity INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS variations_by_item ON variations (item_remote_id);
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY,
    remote_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    buyer_id TEXT,
    buyer_nickname TEXT,
    total_minor INTEGER NOT NULL,
    paid_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    shipment_remote_id TEXT,
    created_at INTEGER NOT NULL,
    closed_at INTEGER,
    updated_at INTEGER NOT NULL,
    synced_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS order_items (
    id INTEGER PRIMARY KEY,
    order_remote_id TEXT NOT NULL,
    line_no INTEGER NOT NULL,
    item_remote_id TEXT NOT NULL,
    variation_remote_id TEXT,
    title TEXT NOT NULL,
    sku TEXT,
    quantity INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    UNIQUE (order_remote_id, line_no)
);
CREATE TABLE IF NOT EXISTS shipments (
    id INTEGER PRIMARY KEY,
    remote_id TEXT NOT NULL UNIQUE,
    order_remote_id TEXT,
    status TEXT NOT NULL,
    substatus TEXT,
    tracking_number TEXT,
    tracking_method TEXT,
    logistic_type TEXT,
    created_at INTEGER,
    updated_at INTEGER NOT NULL,
    synced_at INTEGER NOT NULL
);
"""

# Upserts keyed by the remote id, so a second run updates rows instead of failing on the unique keys.
UPSERT_ITEM = """
INSERT INTO items (remote_id, title, sku, status, price_minor, currency, available_quantity, sold_quantity,
                   permalink, created_at, updated_at, synced_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (remote_id) DO UPDATE SET
    title = excluded.title, sku = excluded.sku, status = excluded.status, price_minor = excluded.price_minor,
    currency = excluded.currency, available_quantity = excluded.available_quantity,
    sold_quantity = excluded.sold_quantity, permalink = excluded.permalink, created_at = excluded.created_at,
    updated_at = excluded.updated_at, synced_at = excluded.synced_at
"""
UPSERT_VARIATION = """
INSERT INTO variations (remote_id, item_remote_id, sku, attributes, price_minor, available_quantity)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (remote_id) DO UPDATE SET
    item_remote_id = excluded.item_remote_id, sku = excluded.sku, attributes = excluded.attributes,
    price_minor = excluded.price_minor, available_quantity = excluded.available_quantity
"""
UPSERT_ORDER = """
INSERT INTO orders (remote_id, status, buyer_id, buyer_nickname, total_minor, paid_minor, currency,
                    shipment_remote_id, created_at, closed_at, updated_at, synced_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (remote_id) DO UPDATE SET
    status = excluded.status, buyer_id = excluded.buyer_id, buyer_nickname = excluded.buyer_nickname,
    total_minor = excluded.total_minor, paid_minor = excluded.paid_minor, currency = excluded.currency,
    shipment_remote_id = excluded.shipment_remote_id, created_at = excluded.created_at,
    closed_at = excluded.closed_at, updated_at = excluded.updated_at, synced_at = excluded.synced_at
"""
UPSERT_ORDER_ITEM = """
INSERT INTO order_items (order_remote_id, line_no, item_remote_id, variation_remote_id, title, sku, quantity,
                         unit_price_minor)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (order_remote_id, line_no) DO UPDATE SET
    item_remote_id = excluded.item_remote_id, variation_remote_id = excluded.variation_remote_id,
    title = excluded.title, sku = excluded.sku, quantity = excluded.quantity,
    unit_price_minor = excluded.unit_price_minor
"""
UPSERT_SHIPMENT = """
INSERT INTO shipments (remote_id, order_remote_id, status, substatus, tracking_number, tracking_method,
                       logistic_type, created_at, updated_at, synced_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (remote_id) DO UPDATE SET
    order_remote_id = excluded.order_remote_id, status = excluded.status, substatus = excluded.substatus,
    tracking_number = excluded.tracking_number, tracking_method = excluded.tracking_method,
    logistic_type = excluded.logistic_type, created_at = excluded.created_at, updated_at = excluded.updated_at,
    synced_at = excluded.synced_at
"""


# --------------------------------------------------------------------------------------------------------------
# Small conversions


def now_ms():
    return int(time.time() * 1000)


def to_ms(iso):
    """`2026-11-20T10:11:12.123-04:00` -> unix ms UTC (the offset differs from record to record)."""
    if not iso:
        return None
    return round(datetime.fromisoformat(iso).timestamp() * 1000)


def to_iso(ms):
    """Unix ms -> the one form the API reads: milliseconds and a numeric offset (`...123+00:00`)."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds")


def minor(amount):
    """A JSON money amount (1234.5) -> integer minor units (123450)."""
    return None if amount is None else round(float(amount) * 100)


def text(value):
    return None if value is None else str(value)


# --------------------------------------------------------------------------------------------------------------
# HTTP


class Client:
    """One `requests.Session` (one kept-alive connection) that counts the requests it makes."""

    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.requests = 0

    def authorize(self, client_id, client_secret):
        """The authorization code grant against a simulator that auto-approves; returns the token answer."""
        # Any loopback port is a valid redirect for the sim's apps; nothing has to listen there because the
        # redirect is not followed: the code is read from its Location header.
        redirect_uri = "http://127.0.0.1:8765/callback"
        state = secrets.token_urlsafe(16)
        self.requests += 1
        r = self.http.get(
            f"{self.base}/authorization",
            params={"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "state": state},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if r.status_code != 302:
            raise SystemExit(f"authorization answered {r.status_code}: is the sim running with --auto-approve?")
        query = parse_qs(urlsplit(r.headers["Location"]).query)
        if query.get("state") != [state] or "code" not in query:
            raise SystemExit(f"authorization refused: {r.headers['Location']}")
        self.requests += 1
        r = self.http.post(
            f"{self.base}/oauth/token",
            data={
                "grant_type": "authorization_code",
                "client_id": client_id,
                "client_secret": client_secret,
                "code": query["code"][0],
                "redirect_uri": redirect_uri,
            },
            timeout=TIMEOUT,
        )
        r.raise_for_status()
        return r.json()

    def use_token(self, access_token):
        self.http.headers["Authorization"] = f"Bearer {access_token}"

    def get(self, path, params=None, headers=None):
        self.requests += 1
        r = self.http.get(f"{self.base}{path}", params=params, headers=headers, timeout=TIMEOUT)
        if r.status_code != 200:
            raise SystemExit(f"GET {r.url}: {r.status_code} {r.text[:300]}")
        return r.json()


# --------------------------------------------------------------------------------------------------------------
# Items


def item_row(item, synced):
    return (
        item["id"],
        item["title"],
        item.get("seller_custom_field"),
        item["status"],
        minor(item["price"]),
        item["currency_id"],
        item["available_quantity"],
        item.get("sold_quantity") or 0,
        item.get("permalink"),
        to_ms(item.get("date_created")),
        to_ms(item["last_updated"]),
        synced,
    )


def variation_rows(item):
    for v in item.get("variations") or []:
        attrs = ", ".join(f"{a.get('name')}: {a.get('value_name')}" for a in v.get("attribute_combinations") or [])
        yield (
            str(v["id"]),
            item["id"],
            v.get("seller_custom_field"),
            attrs,
            minor(v["price"]),
            v["available_quantity"],
        )


def fetch_items(client, ids):
    """The bodies of `ids`, 20 to a multiget; an id answered with anything but 200 is skipped."""
    bodies = []
    for start in range(0, len(ids), MULTIGET):
        batch = ids[start : start + MULTIGET]
        entries = client.get("/items", params={"ids": ",".join(batch), "attributes": ITEM_ATTRIBUTES})
        bodies.extend(e["body"] for e in entries if e.get("code") == 200)
    return bodies


def sync_items(client, db, seller_id, stored):
    path = f"/users/{seller_id}/items/search"
    params = {"search_type": "scan", "limit": ITEMS_PAGE}
    while True:
        page = client.get(path, params=params)
        ids = page["results"]
        if not ids:
            return
        items = fetch_items(client, ids)
        synced = now_ms()
        item_rows = [item_row(it, synced) for it in items]
        var_rows = [row for it in items for row in variation_rows(it)]
        with db:  # one transaction per page
            db.executemany(UPSERT_ITEM, item_rows)
            db.executemany(UPSERT_VARIATION, var_rows)
        stored["items"] += len(item_rows)
        stored["variations"] += len(var_rows)
        # Each answer carries the id of the next page: the old one is not valid twice.
        params = {"search_type": "scan", "limit": ITEMS_PAGE, "scroll_id": page["scroll_id"]}


# --------------------------------------------------------------------------------------------------------------
# Orders


def order_row(o, synced):
    buyer = o.get("buyer") or {}
    shipping = o.get("shipping") or {}
    return (
        str(o["id"]),
        o["status"],
        text(buyer.get("id")),
        buyer.get("nickname"),
        minor(o["total_amount"]),
        minor(o.get("paid_amount") or 0),
        o["currency_id"],
        text(shipping.get("id")),
        to_ms(o["date_created"]),
        to_ms(o.get("date_closed")),
        to_ms(o["last_updated"]),
        synced,
    )


def order_item_rows(o):
    for n, line in enumerate(o.get("order_items") or []):
        item = line["item"]
        yield (
            str(o["id"]),
            n,
            item["id"],
            text(item.get("variation_id")),
            item["title"],
            item.get("seller_sku"),
            line["quantity"],
            minor(line["unit_price"]),
        )


def search_orders(client, seller_id, window, offset):
    from_ms, to_ms_ = window
    params = {
        "seller": seller_id,
        "order.date_last_updated.from": to_iso(from_ms),
        "order.date_last_updated.to": to_iso(to_ms_),
        "sort": "date_asc",
        "offset": offset,
        "limit": ORDERS_PAGE,
    }
    return client.get("/orders/search", params=params)


def store_orders(db, orders, stored):
    synced = now_ms()
    rows = [order_row(o, synced) for o in orders]
    lines = [row for o in orders for row in order_item_rows(o)]
    with db:  # one transaction per page
        db.executemany(UPSERT_ORDER, rows)
        db.executemany(UPSERT_ORDER_ITEM, lines)
    stored["orders"] += len(rows)
    stored["order_items"] += len(lines)


def sync_orders(client, db, seller_id, stored):
    # Windows of date_last_updated, both ends inclusive; one too full to page past the offset cap is halved.
    windows = [(ORDERS_EPOCH_MS, now_ms())]
    while windows:
        window = windows.pop()
        page = search_orders(client, seller_id, window, 0)
        total = page["paging"]["total"]
        if total > ORDERS_OFFSET_CAP and window[1] > window[0]:
            mid = (window[0] + window[1]) // 2
            windows += [(mid + 1, window[1]), (window[0], mid)]  # the older half is popped first
            continue
        store_orders(db, page["results"], stored)
        offset = ORDERS_PAGE
        while offset < total and offset + ORDERS_PAGE <= ORDERS_OFFSET_CAP:
            page = search_orders(client, seller_id, window, offset)
            if not page["results"]:
                break
            store_orders(db, page["results"], stored)
            offset += ORDERS_PAGE


# --------------------------------------------------------------------------------------------------------------
# Shipments


def shipment_row(s, synced):
    logistic = s.get("logistic") or {}
    return (
        str(s["id"]),
        text(s.get("order_id")),
        s["status"],
        s.get("substatus"),
        s.get("tracking_number"),
        s.get("tracking_method"),
        logistic.get("type"),
        to_ms(s.get("date_created")),
        to_ms(s["last_updated"]),
        synced,
    )


def sync_shipments(client, db, stored):
    query = "SELECT shipment_remote_id FROM orders WHERE shipment_remote_id IS NOT NULL ORDER BY id"
    ids = [row[0] for row in db.execute(query)]
    # Without x-format-new the API answers the legacy shape (no logistic, origin, destination).
    new_format = {"x-format-new": "true"}
    for start in range(0, len(ids), SHIPMENTS_PER_TX):
        bodies = [client.get(f"/shipments/{sid}", headers=new_format) for sid in ids[start : start + SHIPMENTS_PER_TX]]
        synced = now_ms()
        with db:
            db.executemany(UPSERT_SHIPMENT, [shipment_row(s, synced) for s in bodies])
        stored["shipments"] += len(bodies)


# --------------------------------------------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base-url", required=True, help="the simulator's base URL (API and OAuth share it)")
    p.add_argument("--db", required=True, help="SQLite file to create or update")
    p.add_argument("--seller-id", help="default: the token's user")
    p.add_argument("--access-token")
    p.add_argument("--client-id", help="with --client-secret: authorize first (sim with --auto-approve)")
    p.add_argument("--client-secret")
    args = p.parse_args(argv)
    if not args.access_token and not (args.client_id and args.client_secret):
        p.error("give --access-token, or --client-id and --client-secret")
    return args


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    client = Client(args.base_url)
    seller_id = args.seller_id
    if args.access_token:
        client.use_token(args.access_token)
    else:
        token = client.authorize(args.client_id, args.client_secret)
        client.use_token(token["access_token"])
        seller_id = seller_id or str(token["user_id"])
    if not seller_id:
        seller_id = str(client.get("/users/me")["id"])

    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    stored = dict.fromkeys(["items", "variations", "orders", "order_items", "shipments"], 0)
    sync_items(client, db, seller_id, stored)
    sync_orders(client, db, seller_id, stored)
    sync_shipments(client, db, stored)
    db.close()

    out = {
        "stored": stored,
        "records": stored["items"] + stored["orders"] + stored["shipments"],
        "requests": client.requests,
        "seconds": round(time.perf_counter() - started, 3),
    }
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
