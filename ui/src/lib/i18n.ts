// English, Spanish and Brazilian Portuguese dictionaries, the reactive current language, and
// locale-aware formatting of numbers, dates, relative times and money (money without float arithmetic).
import type { FulfilmentStage } from "../bindings/FulfilmentStage";
import type { FulfilmentState } from "../bindings/FulfilmentState";
import type { ListingState } from "../bindings/ListingState";
import type { Money } from "../bindings/Money";
import type { OrderState } from "../bindings/OrderState";
import type { OutboxStatus } from "../bindings/OutboxStatus";
import type { SyncResource } from "../bindings/SyncResource";
import type { SyncRunStatus } from "../bindings/SyncRunStatus";
import { LANGS, langState, type Lang } from "./lang.svelte";
import { minorDigits } from "./money";

export { LANGS, type Lang };

/** Each language's name in that language, for the language picker. */
export const LANG_NAMES: Record<Lang, string> = { en: "English", es: "Español", pt: "Português (Brasil)" };

/**
 * A message that depends on a count, one text per CLDR plural category of the language
 * (Intl.PluralRules). `one` and `other` are required; a category without a form falls back to
 * `other` (Spanish and Portuguese "many", used for 1,000,000, reads like "other"). Portuguese "one"
 * covers 0 and 1 ("0 pedido", "1 pedido", "2 pedidos"), as Brazilian usage has it.
 */
export type PluralForms = {
  readonly one: string;
  readonly other: string;
} & { readonly [C in "zero" | "two" | "few" | "many"]?: string };

export const en = {
  "app.name": "storedesk",
  "app.loading": "Starting…",
  "app.startupFailed": "storedesk could not start",
  "app.retry": "Try again",

  "nav.dashboard": "Dashboard",
  "nav.shops": "Shops",
  "nav.products": "Products",
  "nav.orders": "Orders",
  "nav.shipments": "Shipments",
  "nav.activity": "Activity",
  "nav.settings": "Settings",
  "nav.main": "Main navigation",

  "dberror.title": "The database could not be opened",
  "dberror.corrupt":
    "The database file is damaged, so storedesk cannot read it. This can happen after a crash, a full disk or a power cut.",
  "dberror.foreign":
    "The file where storedesk keeps its data is not a storedesk database. Another program may have written it.",
  "dberror.schema_too_new":
    "The database was written by a newer version of storedesk. This version cannot read it safely. Update storedesk to use that data.",
  "dberror.io":
    "storedesk could not read or write its database file. Check that the disk is connected, not full, and that you have permission to use the folder.",
  "dberror.path": "Database file:",
  "dberror.movedTo": "Your old file was kept at {path}",
  "dberror.notMoved": "Your old file was left where it was.",
  "dberror.details": "Technical details",
  "dberror.resetHint":
    "You can start again with an empty database. Your shops will need to be connected again and their data will sync again.",
  "dberror.reset": "Start with an empty database",
  "dberror.resetting": "Creating a new database…",
  "dberror.resetFailed": "The new database could not be created: {message}",

  "common.search": "Search",
  "common.allShops": "All shops",
  "common.allStatuses": "All statuses",
  "common.loading": "Loading…",
  "common.loadingMore": "Loading more…",
  "common.retry": "Retry",
  "common.close": "Close",
  "common.cancel": "Cancel",
  "common.error": "Something went wrong: {message}",
  "common.none": "—",
  "common.yes": "Yes",
  "common.no": "No",
  "common.shop": "Shop",
  "common.status": "Status",
  "common.filters": "Filters",
  "common.sortAsc": "sorted ascending",
  "common.sortDesc": "sorted descending",
  "common.clearFilters": "Clear filters",
  "common.goToShops": "Go to Shops",
  "common.loaded": { one: "{n} loaded", other: "{n} loaded" },

  "table.loadFailed": "Could not load the list: {message}",
  "table.moreFailed": "Could not load more rows: {message}",
  "table.newestFirst": "Many matches: showing the newest first. Narrow the search to sort by a column.",

  "time.justNow": "just now",
  "time.secondsAgo": "{n} s ago",
  "time.minutesAgo": "{n} min ago",
  "time.hoursAgo": "{n} h ago",
  "time.daysAgo": "{n} d ago",
  "time.inSeconds": "in {n} s",
  "time.inMinutes": "in {n} min",
  "time.inHours": "in {n} h",
  "time.inDays": "in {n} d",
  "time.never": "never",
  "time.ms": "{n} ms",
  "time.s": "{n} s",
  "time.min": "{n} min",
  "time.minS": "{m} min {s} s",
  "time.hMin": "{h} h {m} min",
  "time.running": "running",

  "sync.title": "Background sync",
  "sync.state.idle": "Up to date",
  "sync.state.syncing": "Syncing",
  "sync.state.offline": "Offline",
  "sync.state.error": "Error",
  "sync.state.paused": "Paused",
  "sync.unavailable": "Sync status unavailable",
  "sync.now": "Sync now",
  "sync.pause": "Pause",
  "sync.resume": "Resume",
  "sync.nowAll": "Sync every shop now",
  "sync.pauseAll": "Pause background sync",
  "sync.resumeAll": "Resume background sync",
  "sync.nowShop": "Sync {name} now",
  "sync.pauseShop": "Pause the sync of {name}",
  "sync.resumeShop": "Resume the sync of {name}",
  "sync.shopN": "Shop {id}",
  "sync.job": "{shop} · {resource}",
  "sync.running": "Running now",
  "sync.records": { one: "{n} record", other: "{n} records" },
  "sync.recordsOf": { one: "{n} of {total} record", other: "{n} of {total} records" },
  "sync.moreJobs": { one: "+{n} more job", other: "+{n} more jobs" },
  "sync.shopsPaused": { one: "{n} shop paused", other: "{n} shops paused" },
  "sync.resource.products": "Products",
  "sync.resource.orders": "Orders",
  "sync.resource.shipments": "Shipments",
  "sync.resource.reconcile": "Full check",

  "dashboard.title": "Dashboard",
  "dashboard.products": "Products",
  "dashboard.orders": "Orders",
  "dashboard.shipmentsOpen": "Open shipments",
  "dashboard.lowStock": "Low stock",
  "dashboard.lowStockHint": { one: "{n} unit or fewer", other: "{n} units or fewer" },
  "dashboard.ordersPerDay": "Orders per day",
  "dashboard.revenuePerDay": "Revenue per day ({currency})",
  "dashboard.last30": "Last 30 days (UTC)",
  "dashboard.noRevenue": "No revenue in the last 30 days.",
  "dashboard.freshness": "Shop freshness",
  "dashboard.empty": "Connect your shop in Shops, or try the demo shop there, and its products, orders and shipments will appear here.",
  "dashboard.dayOrders": { one: "{day}: {n} order", other: "{day}: {n} orders" },
  "dashboard.dayRevenue": "{day}: {amount}",
  "dashboard.fresh.products": "Products synced {ago}",
  "dashboard.fresh.orders": "Orders synced {ago}",
  "dashboard.fresh.shipments": "Shipments synced {ago}",
  "dashboard.fresh.reconcile": "Full check {ago}",
  "dashboard.freshNever.products": "Products never synced",
  "dashboard.freshNever.orders": "Orders never synced",
  "dashboard.freshNever.shipments": "Shipments never synced",
  "dashboard.freshNever.reconcile": "No full check yet",

  "shops.title": "Shops",
  "shops.add": "Add shop",
  "shops.empty": "No shops yet",
  "shops.emptyHint":
    "Shops are the marketplaces storedesk syncs from. Add your Mercado Libre shop, or first try the demo shop: a simulated marketplace with sample products and orders, connected the same way as a real one.",
  "shops.tryDemo": "Try the demo shop",
  "shops.col.name": "Name",
  "shops.col.account": "Account",
  "shops.col.site": "Site",
  "shops.col.status": "Status",
  "shops.col.token": "Token expires",
  "shops.col.lastSync": "Last sync",
  "shops.col.created": "Added",
  "shops.count": { one: "{n} shop", other: "{n} shops" },
  "shops.col.actions": "Actions",
  "shops.col.sync": "Sync",
  "shops.tokenExpires": "expires {when}",
  "shops.tokenExpired": "expired {when}",
  "shops.connect": "Connect",
  "shops.reconnect": "Reconnect",
  "shops.disconnect": "Disconnect",
  "shops.remove": "Remove",
  "shops.disconnectTitle": "Disconnect {name}?",
  "shops.disconnectBody":
    "Tokens are deleted; the shop's data stays for offline viewing. storedesk stops syncing it until you reconnect it.",
  "shops.removeTitle": "Remove {name}?",
  "shops.removeBody":
    "Removes the shop and all its products, orders and shipments from this computer. This cannot be undone; the shop itself on the marketplace is not touched.",
  "shops.connected": "{name} is connected.",
  "shops.connectedNoName": "The shop is connected.",
  "shops.working": "Working…",

  "add.title": "Add shop",
  "add.kind": "Platform",
  "add.kindLater": "{kind} (coming later)",
  "add.name": "Name",
  "add.nameHint": "How this shop is called in storedesk.",
  "add.site": "Country",
  "add.advanced": "Advanced",
  "add.advancedHint":
    "Only for sandboxes and test servers. Leave empty to use the marketplace's own addresses.",
  "add.apiBase": "API base URL",
  "add.authBase": "Authorization base URL",
  "add.noApp":
    "To connect a {kind} shop, storedesk needs the client ID and secret of your {kind} app. Enter them in Settings first.",
  "add.goSettings": "Open Settings",
  "add.submit": "Add and connect",
  "add.adding": "Adding…",

  "site.MLA": "Argentina",
  "site.MLB": "Brazil",
  "site.MLM": "Mexico",
  "site.MLC": "Chile",
  "site.MCO": "Colombia",
  "site.MLU": "Uruguay",
  "site.MPE": "Peru",

  "connect.title": "Authorize storedesk in your browser",
  "connect.intro": "Your browser shows the marketplace's authorization page. Sign in there and allow storedesk to access the shop.",
  "connect.noBrowser": "No browser could be opened. Open this link by hand in your browser:",
  "connect.link": "Authorization link",
  "connect.openAgain": "Open again",
  "connect.copy": "Copy",
  "connect.copied": "Copied",
  "connect.waiting": "Waiting for the browser…",
  "connect.pasteLabel": "Paste the address your browser ended on (or the code)",
  "connect.pasteHint":
    "After you allow access, the browser goes to your app's registered address. Copy the whole address from the address bar and paste it here.",
  "connect.finish": "Finish",
  "connect.finishing": "Finishing…",
  "connect.failed": "The shop was not connected",
  "connect.tryAgain": "Try again",

  "kind.mercadolibre": "Mercado Libre",
  "kind.shopify": "Shopify",
  "kind.woocommerce": "WooCommerce",

  "products.title": "Products",
  "products.count": { one: "{n} product", other: "{n} products" },
  "products.searchPlaceholder": "Search title or SKU",
  "products.lowStockOnly": "Low stock only (≤ {n})",
  "products.empty": "No products yet. Connect a shop in Shops to sync its catalogue.",
  "products.emptyFiltered": "No products match your search or filters. Try other words or clear the filters.",
  "products.col.title": "Title",
  "products.col.sku": "SKU",
  "products.col.shop": "Shop",
  "products.col.status": "Status",
  "products.col.price": "Price",
  "products.col.stock": "Stock",
  "products.col.updated": "Updated",
  "products.detail.remoteId": "Listing ID",
  "products.detail.sold": "Sold",
  "products.detail.created": "Created",
  "products.detail.permalink": "Open listing",
  "products.detail.noPermalink": "No public link",
  "products.detail.variants": "Variants",
  "products.detail.noVariants": "This product has no variants.",
  "products.detail.attributes": "Attributes",

  "orders.title": "Orders",
  "orders.count": { one: "{n} order", other: "{n} orders" },
  "orders.searchPlaceholder": "Search order #, buyer or item",
  "orders.from": "From",
  "orders.to": "To",
  "orders.empty": "No orders yet. Connect a shop in Shops to sync its orders.",
  "orders.emptyFiltered": "No orders match your search or filters. Try other words, another date range or clear the filters.",
  "orders.col.number": "Order #",
  "orders.col.date": "Date",
  "orders.col.buyer": "Buyer",
  "orders.col.status": "Status",
  "orders.col.items": "Items",
  "orders.col.total": "Total",
  "orders.col.shipment": "Shipment",
  "orders.detail.title": "Order {id}",
  "orders.detail.buyer": "Buyer",
  "orders.detail.buyerName": "Name",
  "orders.detail.buyerId": "Buyer ID",
  "orders.detail.totals": "Totals",
  "orders.detail.total": "Total",
  "orders.detail.paid": "Paid",
  "orders.detail.closed": "Closed",
  "orders.detail.items": "Items",
  "orders.detail.noItems": "This order has no items.",
  "orders.detail.itemTitle": "Title",
  "orders.detail.itemSku": "SKU",
  "orders.detail.itemQty": "Qty",
  "orders.detail.itemPrice": "Unit price",
  "orders.detail.shipment": "Shipment",
  "orders.detail.noShipment": "No shipment for this order.",

  "shipments.title": "Shipments",
  "shipments.count": { one: "{n} shipment", other: "{n} shipments" },
  "shipments.searchPlaceholder": "Search tracking or shipment #",
  "shipments.empty": "No shipments yet. Connect a shop in Shops to sync the shipments of its orders.",
  "shipments.emptyFiltered": "No shipments match your search or filters. Try another tracking number or clear the filters.",
  "shipments.col.number": "Shipment #",
  "shipments.col.order": "Order #",
  "shipments.col.status": "Status",
  "shipments.col.substatus": "Substatus",
  "shipments.col.tracking": "Tracking",
  "shipments.col.mode": "Mode",
  "shipments.col.updated": "Updated",
  "shipments.col.created": "Created",
  "shipments.detail.title": "Shipment {id}",

  "activity.title": "Activity",
  "activity.count": { one: "{n} sync run", other: "{n} sync runs" },
  "activity.empty": "No sync runs yet. Runs appear here once a connected shop starts syncing.",
  "activity.emptyFiltered": "No sync runs match these filters.",
  "activity.col.shop": "Shop",
  "activity.col.resource": "Resource",
  "activity.col.started": "Started",
  "activity.col.duration": "Duration",
  "activity.col.status": "Status",
  "activity.col.pages": "Pages",
  "activity.col.requests": "Requests",
  "activity.col.new": "New",
  "activity.col.changed": "Changed",
  "activity.col.unchanged": "Unchanged",
  "activity.col.rateLimited": "429s",
  "activity.col.retries": "Retries",
  "activity.col.error": "Error",
  "activity.detail.title": "Sync run {id}",
  "activity.detail.finished": "Finished",
  "activity.col.ended": "Ended",
  "activity.col.quarantined": "Quarantined",
  "activity.col.actions": "Actions",
  "activity.detail.total": "Reported total",
  "activity.sections": "Activity sections",
  "activity.tab.runs": "Sync runs",
  "activity.tab.quarantine": "Quarantined records",
  "activity.filterResource": "Resource",
  "activity.allResources": "All resources",
  "activity.retryRun": "Retry sync run {id}",
  "activity.retryStarted": "Sync run {id} is being retried.",
  "quarantine.intro":
    "Records that could not be read during a sync are kept here with the data the marketplace sent. Retry one after the cause is fixed.",
  "quarantine.empty": "No quarantined records. Every record synced so far could be read.",
  "quarantine.count": { one: "{n} record", other: "{n} records" },
  "quarantine.remoteId": "Remote ID",
  "quarantine.when": "Quarantined",
  "quarantine.run": "Sync run",
  "quarantine.showPayload": "Show payload",
  "quarantine.retry": "Retry record {id}",
  "quarantine.retrying": "Retrying…",
  "quarantine.retried": "Record {id} was read and stored.",
  "quarantine.stillFailing": "Still cannot be read: {message}",
  "quarantine.loadMore": "Load more",

  "activity.tab.outbox": "Outbox",
  "sync.noShops": "No shops yet",
  "sync.notSynced": "Not synced yet",
  "sync.offlineSince": "Offline since {time}",
  "sync.retryIn": ", retrying in {time}",
  "sync.retryNow": ", retrying now",
  "sync.waitingOffline": {
    one: "{n} change will be sent when it is back",
    other: "{n} changes will be sent when it is back",
  },
  "sync.resource.push": "Sending changes",
  "dashboard.fresh.push": "Changes sent {ago}",
  "dashboard.freshNever.push": "No changes sent yet",
  "shops.notSynced": "Not synced yet",

  "edit.field.price": "Price",
  "edit.field.stock": "Stock",
  "edit.field.status": "Status",
  "edit.priceOf": "Price of {title}",
  "edit.stockOf": "Stock of {title}",
  "edit.variantStockOf": "Stock of {variant}",
  "edit.saved": "{field} of “{title}” set to {value}. It will be sent to the shop.",
  "edit.unchanged": "{field} of “{title}” is already {value} on the shop: nothing to send.",
  "edit.undo": "Undo",
  "edit.undone": "Undone: the shop's value shows again.",
  "edit.pending": "Pending",
  "edit.pendingTip": { one: "{n} change waiting to be sent", other: "{n} changes waiting to be sent" },
  "edit.attention": "Needs attention",
  "edit.issuesTip": {
    one: "{n} change rejected by the shop or in conflict: see Activity › Outbox",
    other: "{n} changes rejected by the shop or in conflict: see Activity › Outbox",
  },
  "edit.seeChanges": "See its changes in the outbox",
  "edit.listingStatus": "Listing status",
  "edit.closedFinal": "This listing is closed. Closing is final on Mercado Libre: it cannot be activated again.",
  "edit.closedListing": "A closed listing cannot be edited.",
  "edit.deletedListing": "This listing is no longer on the shop: it cannot be edited.",
  "edit.stockOfVariations":
    "This listing has variations: its stock is the sum of theirs. Open it and edit the stock of each variation.",
  "edit.sumOfVariations": "The sum of its variations' stock",
  "edit.closeTitle": "Close “{title}”?",
  "edit.closeBody":
    "Closing is final on Mercado Libre: a closed listing cannot be activated or paused again, only published anew as a new listing. To stop selling for a while, pause it instead.",
  "edit.closeOk": "Close listing",
  "edit.error.empty": "Enter a value.",
  "edit.error.amount": "Enter an amount like {example}: digits and one decimal separator, without thousands separators.",
  "edit.error.decimals": "{currency} amounts have at most {n} decimals.",
  "edit.error.noDecimals": "{currency} amounts have no decimals.",
  "edit.error.maxDecimals": "Use at most {n} decimals.",
  "edit.error.pricePositive": "The price must be more than zero.",
  "edit.error.positive": "Enter a number more than zero (raising or lowering is chosen in the list).",
  "edit.error.tooLarge": "That number is too large.",
  "edit.error.stock": "Enter a whole number of units, 0 or more.",
  "edit.error.percent": "Enter a percent like {example}, with at most 2 decimals.",

  "bulk.open": "Bulk edit…",
  "bulk.selectFirst": "Tick the listings to change first, or the box in the header for all that match the filters.",
  "bulk.select": "Select",
  "bulk.selectRow": "Select {title}",
  "bulk.selectAllMatching": {
    one: "Select the {n} listing that matches the filters",
    other: "Select all {n} listings that match the filters",
  },
  "bulk.selectAllMatchingNoCount": "Select all listings that match the filters",
  "bulk.selected": { one: "{n} selected", other: "{n} selected" },
  "bulk.allMatchingSelected": {
    one: "The {n} matching listing is selected",
    other: "All {n} matching listings are selected",
  },
  "bulk.clear": "Clear selection",
  "bulk.targetSelected": { one: "{n} selected listing", other: "{n} selected listings" },
  "bulk.targetMatching": {
    one: "the {n} listing that matches the filters",
    other: "all {n} listings that match the filters",
  },
  "bulk.title": "Bulk edit",
  "bulk.appliesTo": "Applies to {target}.",
  "bulk.change": "Change",
  "bulk.kind.set_price": "Set the price",
  "bulk.kind.raise_percent": "Raise the price by a percent",
  "bulk.kind.lower_percent": "Lower the price by a percent",
  "bulk.kind.raise_amount": "Raise the price by an amount",
  "bulk.kind.lower_amount": "Lower the price by an amount",
  "bulk.kind.set_stock": "Set the stock",
  "bulk.kind.pause": "Pause",
  "bulk.kind.activate": "Activate",
  "bulk.value.price": "New price",
  "bulk.value.percent": "Percent",
  "bulk.value.amount": "Amount",
  "bulk.value.stock": "Units",
  "bulk.hint.amount": "In each listing's own currency, e.g. {example}.",
  "bulk.hint.percent": "For example {example}. New prices are rounded to the currency's smallest unit (halves to even).",
  "bulk.hint.stock": "Listings with variations are left out: set the stock of each variation in the product's detail.",
  "bulk.preview": "Preview",
  "bulk.previewAgain": "Preview again",
  "bulk.apply": { one: "Apply {n} change", other: "Apply {n} changes" },
  "bulk.changes": { one: "{n} change", other: "{n} changes" },
  "bulk.skipped": { one: "{n} left out", other: "{n} left out" },
  "bulk.firstRows": { one: "showing the first {n}", other: "showing the first {n}" },
  "bulk.col.listing": "Listing",
  "bulk.col.now": "Now",
  "bulk.col.after": "After",
  "bulk.leftOut": "Left out: {reason}",
  "bulk.error.lowerAll": "Lower by less than 100 %: a price must stay above zero.",
  "bulk.resultQueued": { one: "{n} change queued", other: "{n} changes queued" },
  "bulk.resultSkipped": { one: "{n} left out", other: "{n} left out" },
  "bulk.resultHint": "They are sent to the shops in the background. Follow them in Activity › Outbox.",
  "bulk.skip.notPositive": "the price would not be more than zero",
  "bulk.skip.deleted": "the listing is no longer on the shop",
  "bulk.skip.tooLarge": "the price would be too large",
  "bulk.skip.negativeStock": "the stock cannot be negative",
  "bulk.skip.variations": "it has variations: set the stock of each variation",
  "bulk.skip.closed": "a closed listing cannot be paused or activated",

  "outbox.intro":
    "Your edits on their way to the shops. They are sent before each shop is synced; an edit the shop rejected, or that conflicts with a change made on the shop, waits here for you.",
  "outbox.empty": "No edits yet. Change a price, a stock or a status in Products and it shows here until the shop has it.",
  "outbox.emptyFiltered": "No edits match these filters.",
  "outbox.count": { one: "{n} edit", other: "{n} edits" },
  "outbox.waiting": { one: "{n} waiting", other: "{n} waiting" },
  "outbox.rejectedCount": { one: "{n} rejected", other: "{n} rejected" },
  "outbox.conflictCount": { one: "{n} conflict", other: "{n} conflicts" },
  "outbox.changesWaiting": { one: "{n} change waiting", other: "{n} changes waiting" },
  "outbox.open": "Open the outbox",
  "outbox.attentionTip": "Edits rejected by the shop or in conflict",
  "outbox.onlyListing": "Only “{title}”",
  "outbox.base": "The value it started from",
  "outbox.to": "to",
  "outbox.conflictIntro": "The value changed on the shop too. Which one stays?",
  "outbox.theirs": "On the shop now",
  "outbox.mine": "Yours",
  "outbox.attempts": "Attempts",
  "outbox.queued": "Queued",
  "outbox.updated": "Last change",
  "outbox.nextTry": "Next try",
  "outbox.inTime": "in {time}",
  "outbox.reason": "Why: {reason}",
  "outbox.shopSaid": "The shop answered",
  "outbox.lastError": "Last error",
  "outbox.newValue": "New value ({field})",
  "outbox.retryWithValue": "Retry with this value",
  "outbox.changeValue": "Change the value…",
  "outbox.discard": "Discard",
  "outbox.keepMine": "Keep mine ({value})",
  "outbox.takeTheirs": "Take the shop's ({value})",
  "outbox.beingSent": "Being sent…",
  "status.sending": "Sending",
  "status.sent": "Sent",
  "status.rejected": "Rejected",
  "status.conflict": "Conflict",
  "status.discarded": "Discarded",

  "settings.title": "Settings",
  "settings.appearance": "Appearance",
  "settings.theme": "Theme",
  "settings.theme.system": "Same as system",
  "settings.theme.light": "Light",
  "settings.theme.dark": "Dark",
  "settings.language": "Language",
  "settings.inventory": "Inventory",
  "settings.lowStock": "Low-stock threshold",
  "settings.lowStockHint": "Products with this many units or fewer count as low stock.",
  "settings.lowStockInvalid": "Enter a whole number of 0 or more.",
  "settings.saved": "Saved",
  "settings.storage": "Settings are saved on this computer.",
  "settings.apps": "Marketplace apps",
  "settings.appsHint":
    "storedesk connects to your shops through an app you register with each marketplace. Enter its credentials here; the secret is stored on this computer and never shown again.",
  "settings.app.clientId": "Client ID",
  "settings.app.clientSecret": "Client secret",
  "settings.app.secretSaved": "•••• saved",
  "settings.app.secretKeep": "Leave empty to keep the saved secret.",
  "settings.app.secretNeeded": "Enter the client secret of your app.",
  "settings.app.redirectUri": "Redirect URI (optional)",
  "settings.app.redirectHint":
    "Leave empty to use a local loopback redirect (http://127.0.0.1). Set it when your app only allows a registered HTTPS address; you then paste the final URL when connecting.",
  "settings.app.save": "Save",
  "settings.app.saving": "Saving…",
  "settings.sync": "Background sync",
  "settings.syncHint": "How often storedesk asks each connected shop for changes while it runs.",
  "settings.sync.orders": "Orders every (minutes)",
  "settings.sync.shipments": "Shipments every (minutes)",
  "settings.sync.products": "Products every (minutes)",
  "settings.sync.reconcile": "Full check every (hours)",
  "settings.sync.minutesHint": "From 1 minute to 1,440 (one day).",
  "settings.sync.reconcileHint":
    "A full pass that finds records deleted or missed on the marketplace. From 1 hour to 720 (30 days).",
  "settings.sync.notify": "Notify me of new orders",
  "settings.sync.notifyHint": "A desktop notification for each batch of new orders.",
  "settings.sync.invalid": "Enter a whole number.",
  "settings.sync.adjusted": "Some values were out of range and were adjusted.",

  "status.active": "Active",
  "status.paused": "Paused",
  "status.closed": "Closed",
  "status.under_review": "Under review",
  "status.paid": "Paid",
  "status.payment_required": "Payment required",
  "status.payment_in_process": "Payment in process",
  "status.partially_paid": "Partially paid",
  "status.cancelled": "Cancelled",
  "status.invalid": "Invalid",
  "status.deleted": "Deleted",
  "status.pending_payment": "Pending payment",
  "status.refunded": "Refunded",
  "status.pending": "Pending",
  "status.handling": "Handling",
  "status.ready": "Ready",
  "status.ready_to_ship": "Ready to ship",
  "status.shipped": "Shipped",
  "status.delivered": "Delivered",
  "status.not_delivered": "Not delivered",
  "status.connected": "Connected",
  "status.needs_reconnect": "Needs reconnect",
  "status.disconnected": "Disconnected",
  "status.running": "Running",
  "status.ok": "OK",
  "status.success": "Success",
  "status.succeeded": "Succeeded",
  "status.failed": "Failed",
  "status.error": "Error",
  "status.partial": "Partial",
  "status.rate_limited": "Rate limited",
  "status.interrupted": "Interrupted",

  "nav.warehouse": "Warehouse",
  "nav.warehouseCount": { one: "{n} order needs you at the warehouse", other: "{n} orders need you at the warehouse" },
  "kind.warehouse": "Warehouse (ShipBob)",
  "kind.offers": "Offers service",
  "status.not_routed": "Not routed",
  "status.held": "Held",
  "status.waiting": "Waiting",
  "status.at_warehouse": "At the warehouse",
  "status.exception": "Exception",

  "orders.col.fulfilment": "Fulfilment",
  "orders.fulfilmentFilter": "Fulfilment",
  "orders.allFulfilment": "Any fulfilment",

  "fulfilment.title": "Warehouse",
  "fulfilment.warehouse": "Warehouse",
  "fulfilment.state": "State",
  "fulfilment.warehouseStatus": "The warehouse says",
  "fulfilment.orderId": "Warehouse order #",
  "fulfilment.notSentYet": "Not sent yet",
  "fulfilment.reference": "Reference",
  "fulfilment.tracking": "Tracking",
  "fulfilment.openTracking": "Track the parcel",
  "fulfilment.shippedAt": "Shipped",
  "fulfilment.deliveredAt": "Delivered",
  "fulfilment.reason": "Why",
  "fulfilment.flag": "Needs attention: {flag}",
  "fulfilment.lastError": "Last error",
  "fulfilment.timeline": "Timeline",
  "fulfilment.noEvents": "Nothing sent or received yet.",
  "fulfilment.dir.sent": "Sent",
  "fulfilment.dir.received": "Received",
  "fulfilment.dir.note": "Note",
  "fulfilment.notRouted": "Not sent to a warehouse.",

  "warehouse.title": "Warehouse",
  "warehouse.rule": "A store's orders go to its warehouse when they are: {rule}.",
  "warehouse.ruleText": "paid, not cancelled, not shipped yet, and not shipped by the marketplace's own logistics",
  "warehouse.ruleSkus": "The warehouse knows products by SKU: an order with a line without SKU is held until it is fixed.",
  "warehouse.issues": "Orders that need you",
  "warehouse.count": { one: "{n} order needs you", other: "{n} orders need you" },
  "warehouse.empty": "Nothing needs you: no order is held, in exception or flagged.",
  "warehouse.noWarehouse": "No warehouse yet",
  "warehouse.noWarehouseHint": "Add your ShipBob warehouse in Shops, then choose which stores ship through it.",
  "warehouse.noRoutes": "No store ships through a warehouse yet: choose one under “Ships through” in Shops.",
  "warehouse.needsToken": "{name} needs a new token: paste one in Shops.",
  "warehouse.col.why": "Why",
  "warehouse.flagged": "Flagged",
  "warehouse.openOrder": "Open order {id}",

  "shops.addWarehouse": "Add warehouse",
  "shops.shipsThrough": "Ships through",
  "shops.shipsThroughOf": "Which warehouse ships the orders of {name}",
  "shops.shipsItself": "The store ships itself",
  "shops.channel": "The ShipBob channel its orders are created in",
  "shops.newToken": "New token",
  "shops.tokenNoExpiry": "does not expire",
  "shops.tokenLabel": "Token:",
  "shops.routeSaved": "{name}: orders now ship through {warehouse}.",
  "shops.routeRemoved": "{name} ships its own orders now.",
  "shops.warehouseAdded": "{name} is added: choose which stores ship through it.",
  "shops.tokenSaved": "{name} accepted the new token.",

  "warehouseAdd.title": "Add warehouse (ShipBob)",
  "warehouseAdd.nameHint": "How this warehouse is called in storedesk.",
  "warehouseAdd.apiBaseHint": "Optional: leave empty for ShipBob's own API; a sandbox address only for tests.",
  "warehouseAdd.token": "Personal access token",
  "warehouseAdd.tokenHint": "In ShipBob: Integrations > API Tokens. Create a personal access token and paste it here.",
  "warehouseAdd.submit": "Add warehouse",
  "warehouseAdd.adding": "Checking the token…",
  "warehouseToken.title": "New token for {name}",
  "warehouseToken.intro":
    "ShipBob no longer accepts the saved token. Paste a new personal access token (ShipBob: Integrations > API Tokens).",
  "warehouseToken.submit": "Save token",

  "nav.offers": "Offers",
  "sync.resource.offers": "Offers",
  "dashboard.fresh.offers": "Offers refreshed {ago}",
  "dashboard.freshNever.offers": "Offers never refreshed",

  "products.col.lowestOffer": "Lowest offer",
  "products.col.offerGap": "vs lowest",
  "products.offerGapTip": "Our price against the lowest offer: {gap}",
  "products.aboveLowest": "Above the lowest offer by more than",
  "products.aboveLowestPercent": "Percent above the lowest offer",
  "products.trackSelected": "Track offers",
  "products.trackSelectedTip": {
    one: "Track the offers of the {n} ticked listing",
    other: "Track the offers of the {n} ticked listings",
  },
  "products.trackTickFirst": "Tick the listings whose offers to track first.",
  "products.trackNotAllMatching": "Tick the listings one by one to track them: not every matching listing at once.",
  "products.tracked": {
    one: "{n} listing is tracked at the offers service now: its offers come in on the next refresh.",
    other: "{n} listings are tracked at the offers service now: their offers come in on the next refresh.",
  },

  "offers.title": "Offers",
  "offers.noService": "There is no offers service yet: add one in Shops, then track products.",
  "offers.notTracked": "The offers of this product are not tracked.",
  "offers.track": "Track offers",
  "offers.untrack": "Stop tracking",
  "offers.trackingAt": "Tracked at {service}",
  "offers.stopped": "Not tracked any more: its history stays.",
  "offers.registering": "Being registered at the service…",
  "offers.lastRefresh": "Last refresh",
  "offers.nextRefresh": "Next refresh",
  "offers.notRefreshed": "Not refreshed yet",
  "offers.lastError": "Last error",
  "offers.none": "No offers seen yet.",
  "offers.col.offer": "Offer",
  "offers.col.price": "Price",
  "offers.col.stock": "Stock",
  "offers.col.since": "Since",
  "offers.active": "Active",
  "offers.soldOutAt": "Sold out {time}",
  "offers.export": "Export CSV",
  "offers.exporting": "Exporting…",
  "offers.exportEmpty": "There is no history to export yet.",
  "offers.exportedRows": { one: "{n} row exported", other: "{n} rows exported" },

  "chart.title": "Price history",
  "chart.ranges": "Time range",
  "chart.range.hour": "1 h",
  "chart.range.day": "24 h",
  "chart.range.week": "7 d",
  "chart.range.month": "30 d",
  "chart.range.all": "All",
  "chart.rangeTitle.hour": "The last hour",
  "chart.rangeTitle.day": "The last 24 hours",
  "chart.rangeTitle.week": "The last 7 days",
  "chart.rangeTitle.month": "The last 30 days",
  "chart.rangeTitle.all": "Everything recorded",
  "chart.ourPrice": "Our price",
  "chart.lowest": "Lowest offer",
  "chart.offer": "Offer {id}",
  "chart.soldOut": "sold out",
  "chart.moreOffers": { one: "+{n} more offer", other: "+{n} more offers" },
  "chart.empty": "No price history in this range yet.",
  "chart.points": { one: "{n} observation in this range", other: "{n} observations in this range" },
  "chart.label": "Price history in {currency}: one line per offer, our price and the lowest offer. Move the pointer over it, or use the arrow keys, to read a point.",
  "chart.inStock": "{n} in stock",
  "chart.since": "from {time}",

  "reprice.title": "Repricing",
  "reprice.enable": "Follow the lowest offer automatically",
  "reprice.offHint": "Off: the price only changes when you change it.",
  "reprice.follow": "Follow the lowest offer minus",
  "reprice.byAmount": "an amount ({currency})",
  "reprice.byPercent": "a percent",
  "reprice.amountHint": "0 matches the lowest offer.",
  "reprice.percentHint": "For example {example}; less than 100.",
  "reprice.floor": "Floor",
  "reprice.floorHint": "Never below this price.",
  "reprice.ceiling": "Ceiling",
  "reprice.ceilingHint": "Never above this price.",
  "reprice.step": "Minimum step",
  "reprice.stepHint": "A smaller change is not made.",
  "reprice.every": "At most once every (seconds)",
  "reprice.everyHint": "Offers are refreshed every {n} s.",
  "reprice.save": "Save rule",
  "reprice.saving": "Saving…",
  "reprice.saved": "Saved: the rule looks at the lowest offer now and after each refresh.",
  "reprice.off": "Turn off",
  "reprice.turnedOff": "Repricing is off.",
  "reprice.lastChange": "Last change by the rule: {time}",
  "reprice.noChangeYet": "The rule has not changed the price yet.",
  "reprice.note": "Its changes go through the outbox like yours, each with its reason. It never overrides a price edit of yours that is waiting to be sent.",
  "reprice.fieldError": "{field}: {message}",
  "reprice.error.floorCeiling": "The ceiling cannot be below the floor.",
  "reprice.error.percentMax": "Enter a percent less than 100.",
  "reprice.error.notNegative": "Enter 0 or more.",
  "reprice.error.stepPositive": "The minimum step must be more than zero.",
  "reprice.error.every": "Enter a whole number of seconds, 1 or more.",

  "offersView.count": { one: "{n} tracked product", other: "{n} tracked products" },
  "offersView.list": "Tracked products",
  "offersView.col.product": "Product",
  "offersView.col.ourPrice": "Our price",
  "offersView.col.lowest": "Lowest offer",
  "offersView.col.offers": "Offers",
  "offersView.col.offersTip": "Active offers",
  "offersView.col.refresh": "Last refresh",
  "offersView.col.rule": "Rule",
  "offersView.hasRule": "Repricing",
  "offersView.stopped": "Stopped",
  "offersView.open": "Open {title}",
  "offersView.empty": "No product is tracked yet. In Products, tick the listings to follow and choose “Track offers”.",
  "offersView.goProducts": "Go to Products",
  "offersView.noService": "No offers service yet",
  "offersView.noServiceHint": "Add your offers service in Shops with its refresh token, then track products from Products.",
  "offersView.needsToken": "{name} needs a new refresh token: paste one in Shops.",
  "offersView.preview": "Preview repricing",
  "offersView.previewTitle": "Repricing preview",
  "offersView.previewIntro": "What every rule would change now. Nothing is changed here.",
  "offersView.previewEmpty": "No product has a repricing rule yet.",
  "offersView.previewCol.now": "Now",
  "offersView.previewCol.proposed": "Proposed",
  "offersView.previewCol.reason": "Why",
  "offersView.noChange": "No change",

  "shops.addOffers": "Add offers service",
  "shops.offersAdded": "{name} is added: track products from Products.",
  "offersAdd.title": "Add offers service",
  "offersAdd.nameHint": "How this service is called in storedesk.",
  "offersAdd.apiBaseHint": "The address of the service's API.",
  "offersAdd.apiBaseInvalid": "Enter the service's address, starting with https:// (http:// only for a test server).",
  "offersAdd.token": "Refresh token",
  "offersAdd.tokenHint": "From your account at the service. It is kept sealed on this computer and buys short-lived access tokens.",
  "offersAdd.submit": "Add service",
  "offersAdd.refused": "The service refused the refresh token: {message}",
  "offersToken.title": "New refresh token for {name}",
  "offersToken.intro": "The service no longer accepts the saved refresh token. Paste a new one from your account at the service.",

  "settings.sync.offers": "Offers refresh (seconds)",
  "settings.sync.offersHint": "How often the offers of each tracked product are read. From 10 seconds to 86,400 (one day).",
} as const satisfies Record<string, string | PluralForms>;

type En = typeof en;
/** Keys whose message has plural forms; translate them with `tp()`. */
export type PluralKey = { [K in keyof En]: En[K] extends string ? never : K }[keyof En];
/** Keys of plain messages; translate them with `t()`. */
export type MessageKey = Exclude<keyof En, PluralKey>;
export type Dictionary = { [K in keyof En]: En[K] extends string ? string : PluralForms };

export const es: Dictionary = {
  "app.name": "storedesk",
  "app.loading": "Iniciando…",
  "app.startupFailed": "storedesk no pudo iniciar",
  "app.retry": "Reintentar",

  "nav.dashboard": "Panel",
  "nav.shops": "Tiendas",
  "nav.products": "Productos",
  "nav.orders": "Pedidos",
  "nav.shipments": "Envíos",
  "nav.activity": "Actividad",
  "nav.settings": "Ajustes",
  "nav.main": "Navegación principal",

  "dberror.title": "No se pudo abrir la base de datos",
  "dberror.corrupt":
    "El archivo de la base de datos está dañado y storedesk no puede leerlo. Puede pasar tras un cierre inesperado, un disco lleno o un corte de luz.",
  "dberror.foreign":
    "El archivo donde storedesk guarda sus datos no es una base de datos de storedesk. Puede que otro programa lo haya escrito.",
  "dberror.schema_too_new":
    "La base de datos fue escrita por una versión más nueva de storedesk. Esta versión no puede leerla con seguridad. Actualizá storedesk para usar esos datos.",
  "dberror.io":
    "storedesk no pudo leer ni escribir su archivo de base de datos. Comprobá que el disco esté conectado, que no esté lleno y que tengas permiso para usar la carpeta.",
  "dberror.path": "Archivo de la base de datos:",
  "dberror.movedTo": "Tu archivo anterior se guardó en {path}",
  "dberror.notMoved": "Tu archivo anterior quedó donde estaba.",
  "dberror.details": "Detalles técnicos",
  "dberror.resetHint":
    "Podés empezar de nuevo con una base de datos vacía. Tendrás que volver a conectar tus tiendas y sus datos se sincronizarán otra vez.",
  "dberror.reset": "Empezar con una base de datos vacía",
  "dberror.resetting": "Creando una base de datos nueva…",
  "dberror.resetFailed": "No se pudo crear la base de datos nueva: {message}",

  "common.search": "Buscar",
  "common.allShops": "Todas las tiendas",
  "common.allStatuses": "Todos los estados",
  "common.loading": "Cargando…",
  "common.loadingMore": "Cargando más…",
  "common.retry": "Reintentar",
  "common.close": "Cerrar",
  "common.cancel": "Cancelar",
  "common.error": "Algo salió mal: {message}",
  "common.none": "—",
  "common.yes": "Sí",
  "common.no": "No",
  "common.shop": "Tienda",
  "common.status": "Estado",
  "common.filters": "Filtros",
  "common.sortAsc": "orden ascendente",
  "common.sortDesc": "orden descendente",
  "common.clearFilters": "Quitar filtros",
  "common.goToShops": "Ir a Tiendas",
  "common.loaded": { one: "{n} cargado", other: "{n} cargados" },

  "table.loadFailed": "No se pudo cargar la lista: {message}",
  "table.moreFailed": "No se pudieron cargar más filas: {message}",
  "table.newestFirst": "Muchos resultados: se muestran primero los más nuevos. Acotá la búsqueda para ordenar por columna.",

  "time.justNow": "recién",
  "time.secondsAgo": "hace {n} s",
  "time.minutesAgo": "hace {n} min",
  "time.hoursAgo": "hace {n} h",
  "time.daysAgo": "hace {n} d",
  "time.inSeconds": "en {n} s",
  "time.inMinutes": "en {n} min",
  "time.inHours": "en {n} h",
  "time.inDays": "en {n} d",
  "time.never": "nunca",
  "time.ms": "{n} ms",
  "time.s": "{n} s",
  "time.min": "{n} min",
  "time.minS": "{m} min {s} s",
  "time.hMin": "{h} h {m} min",
  "time.running": "en curso",

  "sync.title": "Sincronización en segundo plano",
  "sync.state.idle": "Al día",
  "sync.state.syncing": "Sincronizando",
  "sync.state.offline": "Sin conexión",
  "sync.state.error": "Error",
  "sync.state.paused": "En pausa",
  "sync.unavailable": "Estado de sincronización no disponible",
  "sync.now": "Sincronizar ahora",
  "sync.pause": "Pausar",
  "sync.resume": "Reanudar",
  "sync.nowAll": "Sincronizar todas las tiendas ahora",
  "sync.pauseAll": "Pausar la sincronización en segundo plano",
  "sync.resumeAll": "Reanudar la sincronización en segundo plano",
  "sync.nowShop": "Sincronizar {name} ahora",
  "sync.pauseShop": "Pausar la sincronización de {name}",
  "sync.resumeShop": "Reanudar la sincronización de {name}",
  "sync.shopN": "Tienda {id}",
  "sync.job": "{shop} · {resource}",
  "sync.running": "En curso",
  "sync.records": { one: "{n} registro", other: "{n} registros" },
  "sync.recordsOf": { one: "{n} de {total} registro", other: "{n} de {total} registros" },
  "sync.moreJobs": { one: "+{n} tarea más", other: "+{n} tareas más" },
  "sync.shopsPaused": { one: "{n} tienda en pausa", other: "{n} tiendas en pausa" },
  "sync.resource.products": "Productos",
  "sync.resource.orders": "Pedidos",
  "sync.resource.shipments": "Envíos",
  "sync.resource.reconcile": "Revisión completa",

  "dashboard.title": "Panel",
  "dashboard.products": "Productos",
  "dashboard.orders": "Pedidos",
  "dashboard.shipmentsOpen": "Envíos abiertos",
  "dashboard.lowStock": "Stock bajo",
  "dashboard.lowStockHint": { one: "{n} unidad o menos", other: "{n} unidades o menos" },
  "dashboard.ordersPerDay": "Pedidos por día",
  "dashboard.revenuePerDay": "Facturación por día ({currency})",
  "dashboard.last30": "Últimos 30 días (UTC)",
  "dashboard.noRevenue": "Sin facturación en los últimos 30 días.",
  "dashboard.freshness": "Actualización de tiendas",
  "dashboard.empty":
    "Conectá tu tienda en Tiendas, o probá ahí la tienda de demostración, y sus productos, pedidos y envíos aparecerán aquí.",
  "dashboard.dayOrders": { one: "{day}: {n} pedido", other: "{day}: {n} pedidos" },
  "dashboard.dayRevenue": "{day}: {amount}",
  "dashboard.fresh.products": "Productos sincronizados {ago}",
  "dashboard.fresh.orders": "Pedidos sincronizados {ago}",
  "dashboard.fresh.shipments": "Envíos sincronizados {ago}",
  "dashboard.fresh.reconcile": "Revisión completa {ago}",
  "dashboard.freshNever.products": "Productos nunca sincronizados",
  "dashboard.freshNever.orders": "Pedidos nunca sincronizados",
  "dashboard.freshNever.shipments": "Envíos nunca sincronizados",
  "dashboard.freshNever.reconcile": "Todavía sin revisión completa",

  "shops.title": "Tiendas",
  "shops.add": "Agregar tienda",
  "shops.empty": "Todavía no hay tiendas",
  "shops.emptyHint":
    "Las tiendas son los marketplaces que storedesk sincroniza. Agregá tu tienda de Mercado Libre, o probá antes la tienda de demostración: un marketplace simulado con productos y pedidos de ejemplo, que se conecta igual que uno real.",
  "shops.tryDemo": "Probar la tienda de demostración",
  "shops.col.name": "Nombre",
  "shops.col.account": "Cuenta",
  "shops.col.site": "Sitio",
  "shops.col.status": "Estado",
  "shops.col.token": "Vence el token",
  "shops.col.lastSync": "Última sincronización",
  "shops.col.created": "Agregada",
  "shops.count": { one: "{n} tienda", other: "{n} tiendas" },
  "shops.col.actions": "Acciones",
  "shops.col.sync": "Sincronización",
  "shops.tokenExpires": "vence {when}",
  "shops.tokenExpired": "venció {when}",
  "shops.connect": "Conectar",
  "shops.reconnect": "Reconectar",
  "shops.disconnect": "Desconectar",
  "shops.remove": "Quitar",
  "shops.disconnectTitle": "¿Desconectar {name}?",
  "shops.disconnectBody":
    "Se borran los tokens; los datos de la tienda quedan para verlos sin conexión. storedesk deja de sincronizarla hasta que la vuelvas a conectar.",
  "shops.removeTitle": "¿Quitar {name}?",
  "shops.removeBody":
    "Quita la tienda y todos sus productos, pedidos y envíos de esta computadora. No se puede deshacer; la tienda en el marketplace no se modifica.",
  "shops.connected": "{name} está conectada.",
  "shops.connectedNoName": "La tienda está conectada.",
  "shops.working": "Procesando…",

  "add.title": "Agregar tienda",
  "add.kind": "Plataforma",
  "add.kindLater": "{kind} (más adelante)",
  "add.name": "Nombre",
  "add.nameHint": "Cómo se llama esta tienda en storedesk.",
  "add.site": "País",
  "add.advanced": "Avanzado",
  "add.advancedHint":
    "Solo para entornos de prueba (sandbox). Dejalos vacíos para usar las direcciones del propio marketplace.",
  "add.apiBase": "URL base de la API",
  "add.authBase": "URL base de autorización",
  "add.noApp":
    "Para conectar una tienda de {kind}, storedesk necesita el ID de cliente y el secreto de tu app de {kind}. Ingresalos primero en Ajustes.",
  "add.goSettings": "Abrir Ajustes",
  "add.submit": "Agregar y conectar",
  "add.adding": "Agregando…",

  "site.MLA": "Argentina",
  "site.MLB": "Brasil",
  "site.MLM": "México",
  "site.MLC": "Chile",
  "site.MCO": "Colombia",
  "site.MLU": "Uruguay",
  "site.MPE": "Perú",

  "connect.title": "Autorizá a storedesk en tu navegador",
  "connect.intro": "Tu navegador muestra la página de autorización del marketplace. Iniciá sesión ahí y permití que storedesk acceda a la tienda.",
  "connect.noBrowser": "No se pudo abrir ningún navegador. Abrí este enlace a mano en tu navegador:",
  "connect.link": "Enlace de autorización",
  "connect.openAgain": "Abrir de nuevo",
  "connect.copy": "Copiar",
  "connect.copied": "Copiado",
  "connect.waiting": "Esperando al navegador…",
  "connect.pasteLabel": "Pegá la dirección en la que terminó tu navegador (o el código)",
  "connect.pasteHint":
    "Después de permitir el acceso, el navegador va a la dirección registrada de tu app. Copiá la dirección completa de la barra de direcciones y pegala aquí.",
  "connect.finish": "Terminar",
  "connect.finishing": "Terminando…",
  "connect.failed": "La tienda no se conectó",
  "connect.tryAgain": "Reintentar",

  "kind.mercadolibre": "Mercado Libre",
  "kind.shopify": "Shopify",
  "kind.woocommerce": "WooCommerce",

  "products.title": "Productos",
  "products.count": { one: "{n} producto", other: "{n} productos" },
  "products.searchPlaceholder": "Buscar por título o SKU",
  "products.lowStockOnly": "Solo stock bajo (≤ {n})",
  "products.empty": "Todavía no hay productos. Conectá una tienda en Tiendas para sincronizar su catálogo.",
  "products.emptyFiltered":
    "Ningún producto coincide con tu búsqueda o filtros. Probá con otras palabras o quitá los filtros.",
  "products.col.title": "Título",
  "products.col.sku": "SKU",
  "products.col.shop": "Tienda",
  "products.col.status": "Estado",
  "products.col.price": "Precio",
  "products.col.stock": "Stock",
  "products.col.updated": "Actualizado",
  "products.detail.remoteId": "ID de publicación",
  "products.detail.sold": "Vendidos",
  "products.detail.created": "Creado",
  "products.detail.permalink": "Abrir publicación",
  "products.detail.noPermalink": "Sin enlace público",
  "products.detail.variants": "Variantes",
  "products.detail.noVariants": "Este producto no tiene variantes.",
  "products.detail.attributes": "Atributos",

  "orders.title": "Pedidos",
  "orders.count": { one: "{n} pedido", other: "{n} pedidos" },
  "orders.searchPlaceholder": "Buscar pedido, comprador o artículo",
  "orders.from": "Desde",
  "orders.to": "Hasta",
  "orders.empty": "Todavía no hay pedidos. Conectá una tienda en Tiendas para sincronizar sus pedidos.",
  "orders.emptyFiltered":
    "Ningún pedido coincide con tu búsqueda o filtros. Probá con otras palabras, otro rango de fechas o quitá los filtros.",
  "orders.col.number": "Pedido n.º",
  "orders.col.date": "Fecha",
  "orders.col.buyer": "Comprador",
  "orders.col.status": "Estado",
  "orders.col.items": "Artículos",
  "orders.col.total": "Total",
  "orders.col.shipment": "Envío",
  "orders.detail.title": "Pedido {id}",
  "orders.detail.buyer": "Comprador",
  "orders.detail.buyerName": "Nombre",
  "orders.detail.buyerId": "ID del comprador",
  "orders.detail.totals": "Importes",
  "orders.detail.total": "Total",
  "orders.detail.paid": "Pagado",
  "orders.detail.closed": "Cerrado",
  "orders.detail.items": "Artículos",
  "orders.detail.noItems": "Este pedido no tiene artículos.",
  "orders.detail.itemTitle": "Título",
  "orders.detail.itemSku": "SKU",
  "orders.detail.itemQty": "Cant.",
  "orders.detail.itemPrice": "Precio unitario",
  "orders.detail.shipment": "Envío",
  "orders.detail.noShipment": "Este pedido no tiene envío.",

  "shipments.title": "Envíos",
  "shipments.count": { one: "{n} envío", other: "{n} envíos" },
  "shipments.searchPlaceholder": "Buscar seguimiento o n.º de envío",
  "shipments.empty":
    "Todavía no hay envíos. Conectá una tienda en Tiendas para sincronizar los envíos de sus pedidos.",
  "shipments.emptyFiltered":
    "Ningún envío coincide con tu búsqueda o filtros. Probá con otro número de seguimiento o quitá los filtros.",
  "shipments.col.number": "Envío n.º",
  "shipments.col.order": "Pedido n.º",
  "shipments.col.status": "Estado",
  "shipments.col.substatus": "Subestado",
  "shipments.col.tracking": "Seguimiento",
  "shipments.col.mode": "Modalidad",
  "shipments.col.updated": "Actualizado",
  "shipments.col.created": "Creado",
  "shipments.detail.title": "Envío {id}",

  "activity.title": "Actividad",
  "activity.count": { one: "{n} sincronización", other: "{n} sincronizaciones" },
  "activity.empty":
    "Todavía no hay sincronizaciones. Aparecerán aquí cuando una tienda conectada empiece a sincronizar.",
  "activity.emptyFiltered": "Ninguna sincronización coincide con estos filtros.",
  "activity.col.shop": "Tienda",
  "activity.col.resource": "Recurso",
  "activity.col.started": "Inicio",
  "activity.col.duration": "Duración",
  "activity.col.status": "Estado",
  "activity.col.pages": "Páginas",
  "activity.col.requests": "Solicitudes",
  "activity.col.new": "Nuevos",
  "activity.col.changed": "Cambiados",
  "activity.col.unchanged": "Sin cambios",
  "activity.col.rateLimited": "429",
  "activity.col.retries": "Reintentos",
  "activity.col.error": "Error",
  "activity.detail.title": "Sincronización {id}",
  "activity.detail.finished": "Fin",
  "activity.col.ended": "Fin",
  "activity.col.quarantined": "En cuarentena",
  "activity.col.actions": "Acciones",
  "activity.detail.total": "Total informado",
  "activity.sections": "Secciones de actividad",
  "activity.tab.runs": "Sincronizaciones",
  "activity.tab.quarantine": "Registros en cuarentena",
  "activity.filterResource": "Recurso",
  "activity.allResources": "Todos los recursos",
  "activity.retryRun": "Reintentar la sincronización {id}",
  "activity.retryStarted": "Se está reintentando la sincronización {id}.",
  "quarantine.intro":
    "Los registros que no se pudieron leer durante una sincronización se guardan aquí con los datos que envió el marketplace. Reintentá uno cuando la causa esté resuelta.",
  "quarantine.empty": "No hay registros en cuarentena. Todos los registros sincronizados hasta ahora se pudieron leer.",
  "quarantine.count": { one: "{n} registro", other: "{n} registros" },
  "quarantine.remoteId": "ID remoto",
  "quarantine.when": "En cuarentena desde",
  "quarantine.run": "Sincronización",
  "quarantine.showPayload": "Mostrar datos recibidos",
  "quarantine.retry": "Reintentar el registro {id}",
  "quarantine.retrying": "Reintentando…",
  "quarantine.retried": "El registro {id} se leyó y se guardó.",
  "quarantine.stillFailing": "Todavía no se puede leer: {message}",
  "quarantine.loadMore": "Cargar más",

  "activity.tab.outbox": "Bandeja de salida",
  "sync.noShops": "Todavía no hay tiendas",
  "sync.notSynced": "Sin sincronizar todavía",
  "sync.offlineSince": "Sin conexión desde {time}",
  "sync.retryIn": ", reintento en {time}",
  "sync.retryNow": ", reintentando ahora",
  "sync.waitingOffline": {
    one: "{n} cambio se va a enviar cuando vuelva la conexión",
    other: "{n} cambios se van a enviar cuando vuelva la conexión",
  },
  "sync.resource.push": "Envío de cambios",
  "dashboard.fresh.push": "Cambios enviados {ago}",
  "dashboard.freshNever.push": "Todavía no se enviaron cambios",
  "shops.notSynced": "Sin sincronizar todavía",

  "edit.field.price": "Precio",
  "edit.field.stock": "Stock",
  "edit.field.status": "Estado",
  "edit.priceOf": "Precio de {title}",
  "edit.stockOf": "Stock de {title}",
  "edit.variantStockOf": "Stock de {variant}",
  "edit.saved": "{field} de “{title}”: {value}. Se va a enviar a la tienda.",
  "edit.unchanged": "{field} de “{title}” ya es {value} en la tienda: no hay nada que enviar.",
  "edit.undo": "Deshacer",
  "edit.undone": "Deshecho: se ve otra vez el valor de la tienda.",
  "edit.pending": "Pendiente",
  "edit.pendingTip": { one: "{n} cambio por enviar", other: "{n} cambios por enviar" },
  "edit.attention": "Requiere atención",
  "edit.issuesTip": {
    one: "{n} cambio rechazado por la tienda o en conflicto: mirá Actividad › Bandeja de salida",
    other: "{n} cambios rechazados por la tienda o en conflicto: mirá Actividad › Bandeja de salida",
  },
  "edit.seeChanges": "Ver sus cambios en la bandeja de salida",
  "edit.listingStatus": "Estado de la publicación",
  "edit.closedFinal": "Esta publicación está finalizada. Finalizar es definitivo en Mercado Libre: no se puede volver a activar.",
  "edit.closedListing": "Una publicación finalizada no se puede editar.",
  "edit.deletedListing": "Esta publicación ya no está en la tienda: no se puede editar.",
  "edit.stockOfVariations":
    "Esta publicación tiene variantes: su stock es la suma del de cada una. Abrila y editá el stock de cada variante.",
  "edit.sumOfVariations": "La suma del stock de sus variantes",
  "edit.closeTitle": "¿Finalizar “{title}”?",
  "edit.closeBody":
    "Finalizar es definitivo en Mercado Libre: una publicación finalizada no se puede volver a activar ni pausar, solo republicar como una publicación nueva. Para dejar de vender por un tiempo, pausala.",
  "edit.closeOk": "Finalizar publicación",
  "edit.error.empty": "Ingresá un valor.",
  "edit.error.amount": "Ingresá un importe como {example}: dígitos y un separador decimal, sin separador de miles.",
  "edit.error.decimals": "Los importes en {currency} tienen como máximo {n} decimales.",
  "edit.error.noDecimals": "Los importes en {currency} no tienen decimales.",
  "edit.error.maxDecimals": "Usá como máximo {n} decimales.",
  "edit.error.pricePositive": "El precio tiene que ser mayor que cero.",
  "edit.error.positive": "Ingresá un número mayor que cero (subir o bajar se elige en la lista).",
  "edit.error.tooLarge": "Ese número es demasiado grande.",
  "edit.error.stock": "Ingresá una cantidad entera de unidades, 0 o más.",
  "edit.error.percent": "Ingresá un porcentaje como {example}, con 2 decimales como máximo.",

  "bulk.open": "Edición masiva…",
  "bulk.selectFirst": "Primero marcá las publicaciones a cambiar, o la casilla del encabezado para todas las que coinciden con los filtros.",
  "bulk.select": "Seleccionar",
  "bulk.selectRow": "Seleccionar {title}",
  "bulk.selectAllMatching": {
    one: "Seleccionar {n} publicación que coincide con los filtros",
    other: "Seleccionar las {n} publicaciones que coinciden con los filtros",
  },
  "bulk.selectAllMatchingNoCount": "Seleccionar todas las publicaciones que coinciden con los filtros",
  "bulk.selected": { one: "{n} seleccionada", other: "{n} seleccionadas" },
  "bulk.allMatchingSelected": {
    one: "{n} publicación que coincide, seleccionada",
    other: "Las {n} publicaciones que coinciden están seleccionadas",
  },
  "bulk.clear": "Quitar la selección",
  "bulk.targetSelected": { one: "{n} publicación seleccionada", other: "{n} publicaciones seleccionadas" },
  "bulk.targetMatching": {
    one: "{n} publicación que coincide con los filtros",
    other: "las {n} publicaciones que coinciden con los filtros",
  },
  "bulk.title": "Edición masiva",
  "bulk.appliesTo": "Se aplica a {target}.",
  "bulk.change": "Cambio",
  "bulk.kind.set_price": "Fijar el precio",
  "bulk.kind.raise_percent": "Subir el precio un porcentaje",
  "bulk.kind.lower_percent": "Bajar el precio un porcentaje",
  "bulk.kind.raise_amount": "Subir el precio un importe",
  "bulk.kind.lower_amount": "Bajar el precio un importe",
  "bulk.kind.set_stock": "Fijar el stock",
  "bulk.kind.pause": "Pausar",
  "bulk.kind.activate": "Activar",
  "bulk.value.price": "Precio nuevo",
  "bulk.value.percent": "Porcentaje",
  "bulk.value.amount": "Importe",
  "bulk.value.stock": "Unidades",
  "bulk.hint.amount": "En la moneda de cada publicación, por ejemplo {example}.",
  "bulk.hint.percent": "Por ejemplo {example}. Los precios nuevos se redondean a la unidad mínima de la moneda (las mitades, al par).",
  "bulk.hint.stock": "Las publicaciones con variantes quedan afuera: fijá el stock de cada variante en el detalle del producto.",
  "bulk.preview": "Vista previa",
  "bulk.previewAgain": "Ver de nuevo",
  "bulk.apply": { one: "Aplicar {n} cambio", other: "Aplicar {n} cambios" },
  "bulk.changes": { one: "{n} cambio", other: "{n} cambios" },
  "bulk.skipped": { one: "{n} queda afuera", other: "{n} quedan afuera" },
  "bulk.firstRows": { one: "se muestran las primeras {n}", other: "se muestran las primeras {n}" },
  "bulk.col.listing": "Publicación",
  "bulk.col.now": "Ahora",
  "bulk.col.after": "Después",
  "bulk.leftOut": "Queda afuera: {reason}",
  "bulk.error.lowerAll": "Bajá menos del 100 %: un precio tiene que seguir siendo mayor que cero.",
  "bulk.resultQueued": { one: "{n} cambio en cola", other: "{n} cambios en cola" },
  "bulk.resultSkipped": { one: "{n} quedó afuera", other: "{n} quedaron afuera" },
  "bulk.resultHint": "Se envían a las tiendas en segundo plano. Seguilos en Actividad › Bandeja de salida.",
  "bulk.skip.notPositive": "el precio no sería mayor que cero",
  "bulk.skip.deleted": "la publicación ya no está en la tienda",
  "bulk.skip.tooLarge": "el precio sería demasiado grande",
  "bulk.skip.negativeStock": "el stock no puede ser negativo",
  "bulk.skip.variations": "tiene variantes: fijá el stock de cada variante",
  "bulk.skip.closed": "una publicación finalizada no se puede pausar ni activar",

  "outbox.intro":
    "Tus cambios en camino a las tiendas. Se envían antes de sincronizar cada tienda; un cambio que la tienda rechazó, o que choca con un cambio hecho en la tienda, te espera acá.",
  "outbox.empty": "Todavía no hay cambios. Cambiá un precio, un stock o un estado en Productos y aparece acá hasta que la tienda lo tenga.",
  "outbox.emptyFiltered": "Ningún cambio coincide con estos filtros.",
  "outbox.count": { one: "{n} cambio", other: "{n} cambios" },
  "outbox.waiting": { one: "{n} por enviar", other: "{n} por enviar" },
  "outbox.rejectedCount": { one: "{n} rechazado", other: "{n} rechazados" },
  "outbox.conflictCount": { one: "{n} conflicto", other: "{n} conflictos" },
  "outbox.changesWaiting": { one: "{n} cambio por enviar", other: "{n} cambios por enviar" },
  "outbox.open": "Abrir la bandeja de salida",
  "outbox.attentionTip": "Cambios rechazados por la tienda o en conflicto",
  "outbox.onlyListing": "Solo “{title}”",
  "outbox.base": "El valor desde el que partió",
  "outbox.to": "a",
  "outbox.conflictIntro": "El valor también cambió en la tienda. ¿Cuál queda?",
  "outbox.theirs": "En la tienda ahora",
  "outbox.mine": "El tuyo",
  "outbox.attempts": "Intentos",
  "outbox.queued": "En cola",
  "outbox.updated": "Último cambio",
  "outbox.nextTry": "Próximo intento",
  "outbox.inTime": "en {time}",
  "outbox.reason": "Motivo: {reason}",
  "outbox.shopSaid": "La tienda respondió",
  "outbox.lastError": "Último error",
  "outbox.newValue": "Valor nuevo ({field})",
  "outbox.retryWithValue": "Reintentar con este valor",
  "outbox.changeValue": "Cambiar el valor…",
  "outbox.discard": "Descartar",
  "outbox.keepMine": "Quedarme con el mío ({value})",
  "outbox.takeTheirs": "Tomar el de la tienda ({value})",
  "outbox.beingSent": "Enviando…",
  "status.sending": "Enviando",
  "status.sent": "Enviado",
  "status.rejected": "Rechazado",
  "status.conflict": "Conflicto",
  "status.discarded": "Descartado",

  "settings.title": "Ajustes",
  "settings.appearance": "Apariencia",
  "settings.theme": "Tema",
  "settings.theme.system": "Igual que el sistema",
  "settings.theme.light": "Claro",
  "settings.theme.dark": "Oscuro",
  "settings.language": "Idioma",
  "settings.inventory": "Inventario",
  "settings.lowStock": "Umbral de stock bajo",
  "settings.lowStockHint": "Los productos con esta cantidad de unidades o menos cuentan como stock bajo.",
  "settings.lowStockInvalid": "Ingresá un número entero de 0 o más.",
  "settings.saved": "Guardado",
  "settings.storage": "Los ajustes se guardan en esta computadora.",
  "settings.apps": "Apps de los marketplaces",
  "settings.appsHint":
    "storedesk se conecta a tus tiendas a través de una app que registrás en cada marketplace. Ingresá aquí sus credenciales; el secreto se guarda en esta computadora y no se vuelve a mostrar.",
  "settings.app.clientId": "ID de cliente",
  "settings.app.clientSecret": "Secreto de cliente",
  "settings.app.secretSaved": "•••• guardado",
  "settings.app.secretKeep": "Dejalo vacío para conservar el secreto guardado.",
  "settings.app.secretNeeded": "Ingresá el secreto de cliente de tu app.",
  "settings.app.redirectUri": "URI de redirección (opcional)",
  "settings.app.redirectHint":
    "Dejala vacía para usar una redirección local (http://127.0.0.1). Completala cuando tu app solo admite una dirección HTTPS registrada; en ese caso, al conectar pegás la URL final.",
  "settings.app.save": "Guardar",
  "settings.app.saving": "Guardando…",
  "settings.sync": "Sincronización en segundo plano",
  "settings.syncHint": "Cada cuánto storedesk le pide los cambios a cada tienda conectada mientras está abierto.",
  "settings.sync.orders": "Pedidos cada (minutos)",
  "settings.sync.shipments": "Envíos cada (minutos)",
  "settings.sync.products": "Productos cada (minutos)",
  "settings.sync.reconcile": "Revisión completa cada (horas)",
  "settings.sync.minutesHint": "De 1 minuto a 1.440 (un día).",
  "settings.sync.reconcileHint":
    "Una pasada completa que encuentra registros borrados o perdidos en el marketplace. De 1 hora a 720 (30 días).",
  "settings.sync.notify": "Avisarme de pedidos nuevos",
  "settings.sync.notifyHint": "Una notificación de escritorio por cada tanda de pedidos nuevos.",
  "settings.sync.invalid": "Ingresá un número entero.",
  "settings.sync.adjusted": "Algunos valores estaban fuera de rango y se ajustaron.",

  "status.active": "Activo",
  "status.paused": "Pausado",
  "status.closed": "Cerrado",
  "status.under_review": "En revisión",
  "status.paid": "Pagado",
  "status.payment_required": "Pago requerido",
  "status.payment_in_process": "Pago en proceso",
  "status.partially_paid": "Pago parcial",
  "status.cancelled": "Cancelado",
  "status.invalid": "Inválido",
  "status.deleted": "Eliminado",
  "status.pending_payment": "Pago pendiente",
  "status.refunded": "Reembolsado",
  "status.pending": "Pendiente",
  "status.handling": "En preparación",
  "status.ready": "Listo",
  "status.ready_to_ship": "Listo para enviar",
  "status.shipped": "Enviado",
  "status.delivered": "Entregado",
  "status.not_delivered": "No entregado",
  "status.connected": "Conectada",
  "status.needs_reconnect": "Requiere reconexión",
  "status.disconnected": "Desconectada",
  "status.running": "En curso",
  "status.ok": "OK",
  "status.success": "Correcta",
  "status.succeeded": "Correcta",
  "status.failed": "Con error",
  "status.error": "Error",
  "status.partial": "Parcial",
  "status.rate_limited": "Limitada",
  "status.interrupted": "Interrumpida",

  "nav.warehouse": "Depósito",
  "nav.warehouseCount": {
    one: "{n} pedido necesita tu atención en el depósito",
    other: "{n} pedidos necesitan tu atención en el depósito",
  },
  "kind.warehouse": "Depósito (ShipBob)",
  "kind.offers": "Servicio de ofertas",
  "status.not_routed": "No derivado",
  "status.held": "Retenido",
  "status.waiting": "En espera",
  "status.at_warehouse": "En el depósito",
  "status.exception": "Excepción",

  "orders.col.fulfilment": "Depósito",
  "orders.fulfilmentFilter": "Depósito",
  "orders.allFulfilment": "Depósito: todos",

  "fulfilment.title": "Depósito",
  "fulfilment.warehouse": "Depósito",
  "fulfilment.state": "Estado",
  "fulfilment.warehouseStatus": "Según el depósito",
  "fulfilment.orderId": "Pedido en el depósito",
  "fulfilment.notSentYet": "Todavía no enviado",
  "fulfilment.reference": "Referencia",
  "fulfilment.tracking": "Seguimiento",
  "fulfilment.openTracking": "Seguir el paquete",
  "fulfilment.shippedAt": "Despachado",
  "fulfilment.deliveredAt": "Entregado",
  "fulfilment.reason": "Motivo",
  "fulfilment.flag": "Requiere atención: {flag}",
  "fulfilment.lastError": "Último error",
  "fulfilment.timeline": "Historial",
  "fulfilment.noEvents": "Todavía no se envió ni se recibió nada.",
  "fulfilment.dir.sent": "Enviado",
  "fulfilment.dir.received": "Recibido",
  "fulfilment.dir.note": "Nota",
  "fulfilment.notRouted": "No se envió a un depósito.",

  "warehouse.title": "Depósito",
  "warehouse.rule": "Los pedidos de una tienda van a su depósito cuando están: {rule}.",
  "warehouse.ruleText": "pagados, no cancelados, todavía no despachados y no despachados por la logística propia del marketplace",
  "warehouse.ruleSkus":
    "El depósito reconoce los productos por SKU: un pedido con una línea sin SKU queda retenido hasta que se corrija.",
  "warehouse.issues": "Pedidos que necesitan tu atención",
  "warehouse.count": { one: "{n} pedido necesita tu atención", other: "{n} pedidos necesitan tu atención" },
  "warehouse.empty": "Nada requiere tu atención: ningún pedido está retenido, en excepción ni marcado.",
  "warehouse.noWarehouse": "Todavía no hay depósito",
  "warehouse.noWarehouseHint": "Agregá tu depósito de ShipBob en Tiendas y elegí qué tiendas despachan a través de él.",
  "warehouse.noRoutes": "Ninguna tienda despacha por un depósito todavía: elegilo en “Despacha por” en Tiendas.",
  "warehouse.needsToken": "{name} necesita un token nuevo: pegalo en Tiendas.",
  "warehouse.col.why": "Motivo",
  "warehouse.flagged": "Marcado",
  "warehouse.openOrder": "Abrir el pedido {id}",

  "shops.addWarehouse": "Agregar depósito",
  "shops.shipsThrough": "Despacha por",
  "shops.shipsThroughOf": "Qué depósito despacha los pedidos de {name}",
  "shops.shipsItself": "La tienda misma",
  "shops.channel": "El canal de ShipBob en el que se crean sus pedidos",
  "shops.newToken": "Token nuevo",
  "shops.tokenNoExpiry": "no vence",
  "shops.tokenLabel": "Token:",
  "shops.routeSaved": "{name}: los pedidos ahora se despachan por {warehouse}.",
  "shops.routeRemoved": "{name} ahora despacha sus propios pedidos.",
  "shops.warehouseAdded": "{name} se agregó: elegí qué tiendas despachan a través de él.",
  "shops.tokenSaved": "{name} aceptó el token nuevo.",

  "warehouseAdd.title": "Agregar depósito (ShipBob)",
  "warehouseAdd.nameHint": "Cómo se llama este depósito en storedesk.",
  "warehouseAdd.apiBaseHint": "Opcional: dejalo vacío para usar la API de ShipBob; una dirección de sandbox solo para pruebas.",
  "warehouseAdd.token": "Token de acceso personal",
  "warehouseAdd.tokenHint": "En ShipBob: Integrations > API Tokens. Creá un token de acceso personal y pegalo acá.",
  "warehouseAdd.submit": "Agregar depósito",
  "warehouseAdd.adding": "Verificando el token…",
  "warehouseToken.title": "Token nuevo para {name}",
  "warehouseToken.intro":
    "ShipBob ya no acepta el token guardado. Pegá un token de acceso personal nuevo (ShipBob: Integrations > API Tokens).",
  "warehouseToken.submit": "Guardar token",

  "nav.offers": "Ofertas",
  "sync.resource.offers": "Ofertas",
  "dashboard.fresh.offers": "Ofertas actualizadas {ago}",
  "dashboard.freshNever.offers": "Ofertas nunca actualizadas",

  "products.col.lowestOffer": "Menor oferta",
  "products.col.offerGap": "vs. menor",
  "products.offerGapTip": "Nuestro precio frente a la oferta más baja: {gap}",
  "products.aboveLowest": "Por encima de la oferta más baja en más de",
  "products.aboveLowestPercent": "Porcentaje por encima de la oferta más baja",
  "products.trackSelected": "Seguir ofertas",
  "products.trackSelectedTip": {
    one: "Seguir las ofertas de la {n} publicación marcada",
    other: "Seguir las ofertas de las {n} publicaciones marcadas",
  },
  "products.trackTickFirst": "Primero marcá las publicaciones cuyas ofertas querés seguir.",
  "products.trackNotAllMatching": "Marcá las publicaciones una por una para seguirlas: no todas las que coinciden a la vez.",
  "products.tracked": {
    one: "Ahora se sigue {n} publicación en el servicio de ofertas: sus ofertas llegan en la próxima actualización.",
    other: "Ahora se siguen {n} publicaciones en el servicio de ofertas: sus ofertas llegan en la próxima actualización.",
  },

  "offers.title": "Ofertas",
  "offers.noService": "Todavía no hay un servicio de ofertas: agregalo en Tiendas y después seguí productos.",
  "offers.notTracked": "Las ofertas de este producto no se siguen.",
  "offers.track": "Seguir ofertas",
  "offers.untrack": "Dejar de seguir",
  "offers.trackingAt": "Se sigue en {service}",
  "offers.stopped": "Ya no se sigue: su historial se conserva.",
  "offers.registering": "Registrándose en el servicio…",
  "offers.lastRefresh": "Última actualización",
  "offers.nextRefresh": "Próxima actualización",
  "offers.notRefreshed": "Todavía sin actualizar",
  "offers.lastError": "Último error",
  "offers.none": "Todavía no se vio ninguna oferta.",
  "offers.col.offer": "Oferta",
  "offers.col.price": "Precio",
  "offers.col.stock": "Stock",
  "offers.col.since": "Desde",
  "offers.active": "Activa",
  "offers.soldOutAt": "Agotada {time}",
  "offers.export": "Exportar CSV",
  "offers.exporting": "Exportando…",
  "offers.exportEmpty": "Todavía no hay historial para exportar.",
  "offers.exportedRows": { one: "{n} fila exportada", other: "{n} filas exportadas" },

  "chart.title": "Historial de precios",
  "chart.ranges": "Período",
  "chart.range.hour": "1 h",
  "chart.range.day": "24 h",
  "chart.range.week": "7 d",
  "chart.range.month": "30 d",
  "chart.range.all": "Todo",
  "chart.rangeTitle.hour": "La última hora",
  "chart.rangeTitle.day": "Las últimas 24 horas",
  "chart.rangeTitle.week": "Los últimos 7 días",
  "chart.rangeTitle.month": "Los últimos 30 días",
  "chart.rangeTitle.all": "Todo lo registrado",
  "chart.ourPrice": "Nuestro precio",
  "chart.lowest": "Oferta más baja",
  "chart.offer": "Oferta {id}",
  "chart.soldOut": "agotada",
  "chart.moreOffers": { one: "+{n} oferta más", other: "+{n} ofertas más" },
  "chart.empty": "Todavía no hay historial de precios en este período.",
  "chart.points": { one: "{n} observación en este período", other: "{n} observaciones en este período" },
  "chart.label": "Historial de precios en {currency}: una línea por oferta, nuestro precio y la oferta más baja. Pasá el puntero por encima, o usá las flechas, para leer un punto.",
  "chart.inStock": "{n} en stock",
  "chart.since": "desde {time}",

  "reprice.title": "Ajuste automático de precio",
  "reprice.enable": "Seguir la oferta más baja automáticamente",
  "reprice.offHint": "Desactivado: el precio solo cambia cuando lo cambiás vos.",
  "reprice.follow": "Seguir la oferta más baja menos",
  "reprice.byAmount": "un monto ({currency})",
  "reprice.byPercent": "un porcentaje",
  "reprice.amountHint": "0 iguala la oferta más baja.",
  "reprice.percentHint": "Por ejemplo {example}; menos de 100.",
  "reprice.floor": "Piso",
  "reprice.floorHint": "Nunca por debajo de este precio.",
  "reprice.ceiling": "Techo",
  "reprice.ceilingHint": "Nunca por encima de este precio.",
  "reprice.step": "Cambio mínimo",
  "reprice.stepHint": "Un cambio menor no se hace.",
  "reprice.every": "Como máximo una vez cada (segundos)",
  "reprice.everyHint": "Las ofertas se actualizan cada {n} s.",
  "reprice.save": "Guardar regla",
  "reprice.saving": "Guardando…",
  "reprice.saved": "Guardada: la regla mira la oferta más baja ahora y después de cada actualización.",
  "reprice.off": "Desactivar",
  "reprice.turnedOff": "El ajuste automático está desactivado.",
  "reprice.lastChange": "Último cambio de la regla: {time}",
  "reprice.noChangeYet": "La regla todavía no cambió el precio.",
  "reprice.note": "Sus cambios pasan por la bandeja de salida como los tuyos, cada uno con su motivo. Nunca pisa un cambio de precio tuyo que espera ser enviado.",
  "reprice.fieldError": "{field}: {message}",
  "reprice.error.floorCeiling": "El techo no puede estar por debajo del piso.",
  "reprice.error.percentMax": "Ingresá un porcentaje menor que 100.",
  "reprice.error.notNegative": "Ingresá 0 o más.",
  "reprice.error.stepPositive": "El cambio mínimo tiene que ser mayor que cero.",
  "reprice.error.every": "Ingresá una cantidad entera de segundos, 1 o más.",

  "offersView.count": { one: "{n} producto seguido", other: "{n} productos seguidos" },
  "offersView.list": "Productos seguidos",
  "offersView.col.product": "Producto",
  "offersView.col.ourPrice": "Nuestro precio",
  "offersView.col.lowest": "Oferta más baja",
  "offersView.col.offers": "Ofertas",
  "offersView.col.offersTip": "Ofertas activas",
  "offersView.col.refresh": "Última actualización",
  "offersView.col.rule": "Regla",
  "offersView.hasRule": "Ajuste automático",
  "offersView.stopped": "Detenido",
  "offersView.open": "Abrir {title}",
  "offersView.empty": "Todavía no se sigue ningún producto. En Productos, marcá las publicaciones a seguir y elegí “Seguir ofertas”.",
  "offersView.goProducts": "Ir a Productos",
  "offersView.noService": "Todavía no hay un servicio de ofertas",
  "offersView.noServiceHint": "Agregá tu servicio de ofertas en Tiendas con su token de actualización y después seguí productos desde Productos.",
  "offersView.needsToken": "{name} necesita un token de actualización nuevo: pegalo en Tiendas.",
  "offersView.preview": "Vista previa del ajuste",
  "offersView.previewTitle": "Vista previa del ajuste automático",
  "offersView.previewIntro": "Lo que cada regla cambiaría ahora. Acá no se cambia nada.",
  "offersView.previewEmpty": "Todavía ningún producto tiene una regla de ajuste.",
  "offersView.previewCol.now": "Ahora",
  "offersView.previewCol.proposed": "Propuesto",
  "offersView.previewCol.reason": "Motivo",
  "offersView.noChange": "Sin cambio",

  "shops.addOffers": "Agregar servicio de ofertas",
  "shops.offersAdded": "{name} se agregó: seguí productos desde Productos.",
  "offersAdd.title": "Agregar servicio de ofertas",
  "offersAdd.nameHint": "Cómo se llama este servicio en storedesk.",
  "offersAdd.apiBaseHint": "La dirección de la API del servicio.",
  "offersAdd.apiBaseInvalid": "Ingresá la dirección del servicio, que empiece con https:// (http:// solo para un servidor de pruebas).",
  "offersAdd.token": "Token de actualización",
  "offersAdd.tokenHint": "Lo obtenés en tu cuenta del servicio. Se guarda sellado en esta computadora y sirve para obtener tokens de acceso de corta duración.",
  "offersAdd.submit": "Agregar servicio",
  "offersAdd.refused": "El servicio rechazó el token de actualización: {message}",
  "offersToken.title": "Token de actualización nuevo para {name}",
  "offersToken.intro": "El servicio ya no acepta el token de actualización guardado. Pegá uno nuevo de tu cuenta del servicio.",

  "settings.sync.offers": "Actualizar ofertas cada (segundos)",
  "settings.sync.offersHint": "Cada cuánto se leen las ofertas de cada producto seguido. De 10 segundos a 86.400 (un día).",
};

/** Brazilian Portuguese, as Mercado Livre sellers in Brazil read it (você, "anúncio", "estoque"). */
export const pt: Dictionary = {
  "app.name": "storedesk",
  "app.loading": "Iniciando…",
  "app.startupFailed": "Não foi possível iniciar o storedesk",
  "app.retry": "Tentar de novo",

  "nav.dashboard": "Painel",
  "nav.shops": "Lojas",
  "nav.products": "Produtos",
  "nav.orders": "Pedidos",
  "nav.shipments": "Envios",
  "nav.activity": "Atividade",
  "nav.settings": "Configurações",
  "nav.main": "Navegação principal",

  "dberror.title": "Não foi possível abrir o banco de dados",
  "dberror.corrupt":
    "O arquivo do banco de dados está danificado, e o storedesk não consegue lê-lo. Isso pode acontecer depois de um travamento, com o disco cheio ou numa queda de energia.",
  "dberror.foreign":
    "O arquivo em que o storedesk guarda seus dados não é um banco de dados do storedesk. Talvez outro programa tenha gravado nele.",
  "dberror.schema_too_new":
    "O banco de dados foi gravado por uma versão mais nova do storedesk. Esta versão não consegue lê-lo com segurança. Atualize o storedesk para usar esses dados.",
  "dberror.io":
    "O storedesk não conseguiu ler nem gravar o arquivo do banco de dados. Verifique se o disco está conectado, se não está cheio e se você tem permissão para usar a pasta.",
  "dberror.path": "Arquivo do banco de dados:",
  "dberror.movedTo": "Seu arquivo antigo foi guardado em {path}",
  "dberror.notMoved": "Seu arquivo antigo ficou onde estava.",
  "dberror.details": "Detalhes técnicos",
  "dberror.resetHint":
    "Você pode começar de novo com um banco de dados vazio. Será preciso conectar suas lojas outra vez, e os dados delas serão sincronizados de novo.",
  "dberror.reset": "Começar com um banco de dados vazio",
  "dberror.resetting": "Criando um banco de dados novo…",
  "dberror.resetFailed": "Não foi possível criar o banco de dados novo: {message}",

  "common.search": "Buscar",
  "common.allShops": "Todas as lojas",
  "common.allStatuses": "Todos os status",
  "common.loading": "Carregando…",
  "common.loadingMore": "Carregando mais…",
  "common.retry": "Tentar de novo",
  "common.close": "Fechar",
  "common.cancel": "Cancelar",
  "common.error": "Algo deu errado: {message}",
  "common.none": "—",
  "common.yes": "Sim",
  "common.no": "Não",
  "common.shop": "Loja",
  "common.status": "Status",
  "common.filters": "Filtros",
  "common.sortAsc": "ordem crescente",
  "common.sortDesc": "ordem decrescente",
  "common.clearFilters": "Limpar filtros",
  "common.goToShops": "Ir para Lojas",
  "common.loaded": { one: "{n} carregado", other: "{n} carregados" },

  "table.loadFailed": "Não foi possível carregar a lista: {message}",
  "table.moreFailed": "Não foi possível carregar mais linhas: {message}",
  "table.newestFirst":
    "Muitos resultados: os mais recentes aparecem primeiro. Refine a busca para ordenar por uma coluna.",

  "time.justNow": "agora mesmo",
  "time.secondsAgo": "há {n} s",
  "time.minutesAgo": "há {n} min",
  "time.hoursAgo": "há {n} h",
  "time.daysAgo": "há {n} d",
  "time.inSeconds": "em {n} s",
  "time.inMinutes": "em {n} min",
  "time.inHours": "em {n} h",
  "time.inDays": "em {n} d",
  "time.never": "nunca",
  "time.ms": "{n} ms",
  "time.s": "{n} s",
  "time.min": "{n} min",
  "time.minS": "{m} min {s} s",
  "time.hMin": "{h} h {m} min",
  "time.running": "em andamento",

  "sync.title": "Sincronização em segundo plano",
  "sync.state.idle": "Em dia",
  "sync.state.syncing": "Sincronizando",
  "sync.state.offline": "Sem conexão",
  "sync.state.error": "Erro",
  "sync.state.paused": "Pausada",
  "sync.unavailable": "Status da sincronização indisponível",
  "sync.now": "Sincronizar agora",
  "sync.pause": "Pausar",
  "sync.resume": "Retomar",
  "sync.nowAll": "Sincronizar todas as lojas agora",
  "sync.pauseAll": "Pausar a sincronização em segundo plano",
  "sync.resumeAll": "Retomar a sincronização em segundo plano",
  "sync.nowShop": "Sincronizar {name} agora",
  "sync.pauseShop": "Pausar a sincronização de {name}",
  "sync.resumeShop": "Retomar a sincronização de {name}",
  "sync.shopN": "Loja {id}",
  "sync.job": "{shop} · {resource}",
  "sync.running": "Em andamento",
  "sync.records": { one: "{n} registro", other: "{n} registros" },
  "sync.recordsOf": { one: "{n} de {total} registro", other: "{n} de {total} registros" },
  "sync.moreJobs": { one: "mais {n} tarefa", other: "mais {n} tarefas" },
  "sync.shopsPaused": { one: "{n} loja pausada", other: "{n} lojas pausadas" },
  "sync.resource.products": "Produtos",
  "sync.resource.orders": "Pedidos",
  "sync.resource.shipments": "Envios",
  "sync.resource.reconcile": "Verificação completa",

  "dashboard.title": "Painel",
  "dashboard.products": "Produtos",
  "dashboard.orders": "Pedidos",
  "dashboard.shipmentsOpen": "Envios em aberto",
  "dashboard.lowStock": "Estoque baixo",
  "dashboard.lowStockHint": { one: "{n} unidade ou menos", other: "{n} unidades ou menos" },
  "dashboard.ordersPerDay": "Pedidos por dia",
  "dashboard.revenuePerDay": "Faturamento por dia ({currency})",
  "dashboard.last30": "Últimos 30 dias (UTC)",
  "dashboard.noRevenue": "Sem faturamento nos últimos 30 dias.",
  "dashboard.freshness": "Atualização das lojas",
  "dashboard.empty":
    "Conecte sua loja em Lojas, ou experimente lá a loja de demonstração, e os produtos, pedidos e envios dela vão aparecer aqui.",
  "dashboard.dayOrders": { one: "{day}: {n} pedido", other: "{day}: {n} pedidos" },
  "dashboard.dayRevenue": "{day}: {amount}",
  "dashboard.fresh.products": "Produtos sincronizados {ago}",
  "dashboard.fresh.orders": "Pedidos sincronizados {ago}",
  "dashboard.fresh.shipments": "Envios sincronizados {ago}",
  "dashboard.fresh.reconcile": "Verificação completa {ago}",
  "dashboard.freshNever.products": "Produtos nunca sincronizados",
  "dashboard.freshNever.orders": "Pedidos nunca sincronizados",
  "dashboard.freshNever.shipments": "Envios nunca sincronizados",
  "dashboard.freshNever.reconcile": "Ainda sem verificação completa",

  "shops.title": "Lojas",
  "shops.add": "Adicionar loja",
  "shops.empty": "Ainda não há lojas",
  "shops.emptyHint":
    "As lojas são os marketplaces que o storedesk sincroniza. Adicione sua loja do Mercado Livre ou experimente antes a loja de demonstração: um marketplace simulado com produtos e pedidos de exemplo, conectado do mesmo jeito que um real.",
  "shops.tryDemo": "Experimentar a loja de demonstração",
  "shops.col.name": "Nome",
  "shops.col.account": "Conta",
  "shops.col.site": "Site",
  "shops.col.status": "Status",
  "shops.col.token": "Validade do token",
  "shops.col.lastSync": "Última sincronização",
  "shops.col.created": "Adicionada",
  "shops.count": { one: "{n} loja", other: "{n} lojas" },
  "shops.col.actions": "Ações",
  "shops.col.sync": "Sincronização",
  "shops.tokenExpires": "expira {when}",
  "shops.tokenExpired": "expirou {when}",
  "shops.connect": "Conectar",
  "shops.reconnect": "Reconectar",
  "shops.disconnect": "Desconectar",
  "shops.remove": "Remover",
  "shops.disconnectTitle": "Desconectar {name}?",
  "shops.disconnectBody":
    "Os tokens são apagados; os dados da loja continuam disponíveis para consulta sem conexão. O storedesk deixa de sincronizá-la até você conectá-la de novo.",
  "shops.removeTitle": "Remover {name}?",
  "shops.removeBody":
    "Remove a loja e todos os produtos, pedidos e envios dela deste computador. Não dá para desfazer; a loja no marketplace não é alterada.",
  "shops.connected": "{name} está conectada.",
  "shops.connectedNoName": "A loja está conectada.",
  "shops.working": "Processando…",

  "add.title": "Adicionar loja",
  "add.kind": "Plataforma",
  "add.kindLater": "{kind} (em breve)",
  "add.name": "Nome",
  "add.nameHint": "Como esta loja aparece no storedesk.",
  "add.site": "País",
  "add.advanced": "Avançado",
  "add.advancedHint":
    "Só para ambientes de teste (sandbox). Deixe em branco para usar os endereços do próprio marketplace.",
  "add.apiBase": "URL base da API",
  "add.authBase": "URL base de autorização",
  "add.noApp":
    "Para conectar uma loja do {kind}, o storedesk precisa do ID do cliente e da chave secreta do seu aplicativo do {kind}. Informe esses dados primeiro em Configurações.",
  "add.goSettings": "Abrir Configurações",
  "add.submit": "Adicionar e conectar",
  "add.adding": "Adicionando…",

  "site.MLA": "Argentina",
  "site.MLB": "Brasil",
  "site.MLM": "México",
  "site.MLC": "Chile",
  "site.MCO": "Colômbia",
  "site.MLU": "Uruguai",
  "site.MPE": "Peru",

  "connect.title": "Autorize o storedesk no seu navegador",
  "connect.intro":
    "Seu navegador mostra a página de autorização do marketplace. Entre na sua conta e permita que o storedesk acesse a loja.",
  "connect.noBrowser": "Não foi possível abrir nenhum navegador. Abra este link manualmente no seu navegador:",
  "connect.link": "Link de autorização",
  "connect.openAgain": "Abrir de novo",
  "connect.copy": "Copiar",
  "connect.copied": "Copiado",
  "connect.waiting": "Aguardando o navegador…",
  "connect.pasteLabel": "Cole o endereço em que o navegador parou (ou o código)",
  "connect.pasteHint":
    "Depois que você permitir o acesso, o navegador vai para o endereço cadastrado no seu aplicativo. Copie o endereço completo da barra de endereços e cole aqui.",
  "connect.finish": "Concluir",
  "connect.finishing": "Concluindo…",
  "connect.failed": "A loja não foi conectada",
  "connect.tryAgain": "Tentar de novo",

  "kind.mercadolibre": "Mercado Livre",
  "kind.shopify": "Shopify",
  "kind.woocommerce": "WooCommerce",

  "products.title": "Produtos",
  "products.count": { one: "{n} produto", other: "{n} produtos" },
  "products.searchPlaceholder": "Buscar por título ou SKU",
  "products.lowStockOnly": "Só estoque baixo (≤ {n})",
  "products.empty": "Ainda não há produtos. Conecte uma loja em Lojas para sincronizar o catálogo dela.",
  "products.emptyFiltered":
    "Nenhum produto corresponde à sua busca ou aos filtros. Tente outras palavras ou limpe os filtros.",
  "products.col.title": "Título",
  "products.col.sku": "SKU",
  "products.col.shop": "Loja",
  "products.col.status": "Status",
  "products.col.price": "Preço",
  "products.col.stock": "Estoque",
  "products.col.updated": "Atualizado",
  "products.detail.remoteId": "ID do anúncio",
  "products.detail.sold": "Vendidos",
  "products.detail.created": "Criado",
  "products.detail.permalink": "Abrir anúncio",
  "products.detail.noPermalink": "Sem link público",
  "products.detail.variants": "Variações",
  "products.detail.noVariants": "Este produto não tem variações.",
  "products.detail.attributes": "Atributos",

  "orders.title": "Pedidos",
  "orders.count": { one: "{n} pedido", other: "{n} pedidos" },
  "orders.searchPlaceholder": "Buscar nº do pedido, comprador ou item",
  "orders.from": "De",
  "orders.to": "Até",
  "orders.empty": "Ainda não há pedidos. Conecte uma loja em Lojas para sincronizar os pedidos dela.",
  "orders.emptyFiltered":
    "Nenhum pedido corresponde à sua busca ou aos filtros. Tente outras palavras, outro período ou limpe os filtros.",
  "orders.col.number": "Nº do pedido",
  "orders.col.date": "Data",
  "orders.col.buyer": "Comprador",
  "orders.col.status": "Status",
  "orders.col.items": "Itens",
  "orders.col.total": "Total",
  "orders.col.shipment": "Envio",
  "orders.detail.title": "Pedido {id}",
  "orders.detail.buyer": "Comprador",
  "orders.detail.buyerName": "Nome",
  "orders.detail.buyerId": "ID do comprador",
  "orders.detail.totals": "Valores",
  "orders.detail.total": "Total",
  "orders.detail.paid": "Valor pago",
  "orders.detail.closed": "Fechado em",
  "orders.detail.items": "Itens",
  "orders.detail.noItems": "Este pedido não tem itens.",
  "orders.detail.itemTitle": "Título",
  "orders.detail.itemSku": "SKU",
  "orders.detail.itemQty": "Qtd.",
  "orders.detail.itemPrice": "Preço unitário",
  "orders.detail.shipment": "Envio",
  "orders.detail.noShipment": "Este pedido não tem envio.",

  "shipments.title": "Envios",
  "shipments.count": { one: "{n} envio", other: "{n} envios" },
  "shipments.searchPlaceholder": "Buscar rastreio ou nº do envio",
  "shipments.empty":
    "Ainda não há envios. Conecte uma loja em Lojas para sincronizar os envios dos pedidos dela.",
  "shipments.emptyFiltered":
    "Nenhum envio corresponde à sua busca ou aos filtros. Tente outro código de rastreio ou limpe os filtros.",
  "shipments.col.number": "Nº do envio",
  "shipments.col.order": "Nº do pedido",
  "shipments.col.status": "Status",
  "shipments.col.substatus": "Substatus",
  "shipments.col.tracking": "Rastreio",
  "shipments.col.mode": "Modalidade",
  "shipments.col.updated": "Atualizado",
  "shipments.col.created": "Criado",
  "shipments.detail.title": "Envio {id}",

  "activity.title": "Atividade",
  "activity.count": { one: "{n} sincronização", other: "{n} sincronizações" },
  "activity.empty":
    "Ainda não há sincronizações. Elas aparecem aqui quando uma loja conectada começa a sincronizar.",
  "activity.emptyFiltered": "Nenhuma sincronização corresponde a estes filtros.",
  "activity.col.shop": "Loja",
  "activity.col.resource": "Recurso",
  "activity.col.started": "Início",
  "activity.col.duration": "Duração",
  "activity.col.status": "Status",
  "activity.col.pages": "Páginas",
  "activity.col.requests": "Requisições",
  "activity.col.new": "Novos",
  "activity.col.changed": "Alterados",
  "activity.col.unchanged": "Sem alteração",
  "activity.col.rateLimited": "429",
  "activity.col.retries": "Novas tentativas",
  "activity.col.error": "Erro",
  "activity.detail.title": "Sincronização {id}",
  "activity.detail.finished": "Fim",
  "activity.col.ended": "Fim",
  "activity.col.quarantined": "Em quarentena",
  "activity.col.actions": "Ações",
  "activity.detail.total": "Total informado",
  "activity.sections": "Seções de atividade",
  "activity.tab.runs": "Sincronizações",
  "activity.tab.quarantine": "Registros em quarentena",
  "activity.filterResource": "Recurso",
  "activity.allResources": "Todos os recursos",
  "activity.retryRun": "Tentar de novo a sincronização {id}",
  "activity.retryStarted": "A sincronização {id} está sendo refeita.",
  "quarantine.intro":
    "Os registros que não puderam ser lidos durante uma sincronização ficam guardados aqui com os dados que o marketplace enviou. Tente de novo depois que a causa for resolvida.",
  "quarantine.empty": "Nenhum registro em quarentena. Todos os registros sincronizados até agora puderam ser lidos.",
  "quarantine.count": { one: "{n} registro", other: "{n} registros" },
  "quarantine.remoteId": "ID remoto",
  "quarantine.when": "Em quarentena desde",
  "quarantine.run": "Sincronização",
  "quarantine.showPayload": "Mostrar dados recebidos",
  "quarantine.retry": "Tentar de novo o registro {id}",
  "quarantine.retrying": "Tentando de novo…",
  "quarantine.retried": "O registro {id} foi lido e salvo.",
  "quarantine.stillFailing": "Ainda não pode ser lido: {message}",
  "quarantine.loadMore": "Carregar mais",

  "activity.tab.outbox": "Caixa de saída",
  "sync.noShops": "Nenhuma loja ainda",
  "sync.notSynced": "Ainda não sincronizada",
  "sync.offlineSince": "Sem conexão desde {time}",
  "sync.retryIn": ", nova tentativa em {time}",
  "sync.retryNow": ", tentando de novo agora",
  "sync.waitingOffline": {
    one: "{n} alteração será enviada quando a conexão voltar",
    other: "{n} alterações serão enviadas quando a conexão voltar",
  },
  "sync.resource.push": "Envio de alterações",
  "dashboard.fresh.push": "Alterações enviadas {ago}",
  "dashboard.freshNever.push": "Nenhuma alteração enviada ainda",
  "shops.notSynced": "Ainda não sincronizada",

  "edit.field.price": "Preço",
  "edit.field.stock": "Estoque",
  "edit.field.status": "Status",
  "edit.priceOf": "Preço de {title}",
  "edit.stockOf": "Estoque de {title}",
  "edit.variantStockOf": "Estoque de {variant}",
  "edit.saved": "{field} de “{title}”: {value}. Será enviado para a loja.",
  "edit.unchanged": "{field} de “{title}” já é {value} na loja: nada a enviar.",
  "edit.undo": "Desfazer",
  "edit.undone": "Desfeito: o valor da loja aparece de novo.",
  "edit.pending": "Pendente",
  "edit.pendingTip": { one: "{n} alteração aguardando envio", other: "{n} alterações aguardando envio" },
  "edit.attention": "Requer atenção",
  "edit.issuesTip": {
    one: "{n} alteração recusada pela loja ou em conflito: veja Atividade › Caixa de saída",
    other: "{n} alterações recusadas pela loja ou em conflito: veja Atividade › Caixa de saída",
  },
  "edit.seeChanges": "Ver as alterações dele na caixa de saída",
  "edit.listingStatus": "Status do anúncio",
  "edit.closedFinal": "Este anúncio está finalizado. Finalizar é definitivo no Mercado Livre: não é possível ativá-lo de novo.",
  "edit.closedListing": "Um anúncio finalizado não pode ser editado.",
  "edit.deletedListing": "Este anúncio não está mais na loja: não pode ser editado.",
  "edit.stockOfVariations":
    "Este anúncio tem variações: o estoque dele é a soma do estoque delas. Abra-o e edite o estoque de cada variação.",
  "edit.sumOfVariations": "A soma do estoque das variações",
  "edit.closeTitle": "Finalizar “{title}”?",
  "edit.closeBody":
    "Finalizar é definitivo no Mercado Livre: um anúncio finalizado não pode ser ativado nem pausado de novo, apenas republicado como um anúncio novo. Para parar de vender por um tempo, pause-o.",
  "edit.closeOk": "Finalizar anúncio",
  "edit.error.empty": "Informe um valor.",
  "edit.error.amount": "Informe um valor como {example}: dígitos e um separador decimal, sem separador de milhar.",
  "edit.error.decimals": "Valores em {currency} têm no máximo {n} casas decimais.",
  "edit.error.noDecimals": "Valores em {currency} não têm casas decimais.",
  "edit.error.maxDecimals": "Use no máximo {n} casas decimais.",
  "edit.error.pricePositive": "O preço precisa ser maior que zero.",
  "edit.error.positive": "Informe um número maior que zero (aumentar ou baixar se escolhe na lista).",
  "edit.error.tooLarge": "Esse número é grande demais.",
  "edit.error.stock": "Informe um número inteiro de unidades, 0 ou mais.",
  "edit.error.percent": "Informe uma porcentagem como {example}, com no máximo 2 casas decimais.",

  "bulk.open": "Edição em massa…",
  "bulk.selectFirst": "Marque antes os anúncios a alterar, ou a caixa do cabeçalho para todos os que correspondem aos filtros.",
  "bulk.select": "Selecionar",
  "bulk.selectRow": "Selecionar {title}",
  "bulk.selectAllMatching": {
    one: "Selecionar {n} anúncio que corresponde aos filtros",
    other: "Selecionar todos os {n} anúncios que correspondem aos filtros",
  },
  "bulk.selectAllMatchingNoCount": "Selecionar todos os anúncios que correspondem aos filtros",
  "bulk.selected": { one: "{n} selecionado", other: "{n} selecionados" },
  "bulk.allMatchingSelected": {
    one: "{n} anúncio correspondente selecionado",
    other: "Todos os {n} anúncios correspondentes estão selecionados",
  },
  "bulk.clear": "Limpar seleção",
  "bulk.targetSelected": { one: "{n} anúncio selecionado", other: "{n} anúncios selecionados" },
  "bulk.targetMatching": {
    one: "{n} anúncio que corresponde aos filtros",
    other: "todos os {n} anúncios que correspondem aos filtros",
  },
  "bulk.title": "Edição em massa",
  "bulk.appliesTo": "Vale para {target}.",
  "bulk.change": "Alteração",
  "bulk.kind.set_price": "Definir o preço",
  "bulk.kind.raise_percent": "Aumentar o preço em uma porcentagem",
  "bulk.kind.lower_percent": "Baixar o preço em uma porcentagem",
  "bulk.kind.raise_amount": "Aumentar o preço em um valor",
  "bulk.kind.lower_amount": "Baixar o preço em um valor",
  "bulk.kind.set_stock": "Definir o estoque",
  "bulk.kind.pause": "Pausar",
  "bulk.kind.activate": "Ativar",
  "bulk.value.price": "Novo preço",
  "bulk.value.percent": "Porcentagem",
  "bulk.value.amount": "Valor",
  "bulk.value.stock": "Unidades",
  "bulk.hint.amount": "Na moeda de cada anúncio, por exemplo {example}.",
  "bulk.hint.percent": "Por exemplo {example}. Os novos preços são arredondados para a menor unidade da moeda (metades para o par).",
  "bulk.hint.stock": "Anúncios com variações ficam de fora: defina o estoque de cada variação no detalhe do produto.",
  "bulk.preview": "Pré-visualizar",
  "bulk.previewAgain": "Pré-visualizar de novo",
  "bulk.apply": { one: "Aplicar {n} alteração", other: "Aplicar {n} alterações" },
  "bulk.changes": { one: "{n} alteração", other: "{n} alterações" },
  "bulk.skipped": { one: "{n} fica de fora", other: "{n} ficam de fora" },
  "bulk.firstRows": { one: "mostrando os primeiros {n}", other: "mostrando os primeiros {n}" },
  "bulk.col.listing": "Anúncio",
  "bulk.col.now": "Agora",
  "bulk.col.after": "Depois",
  "bulk.leftOut": "Fica de fora: {reason}",
  "bulk.error.lowerAll": "Baixe menos de 100 %: um preço precisa continuar maior que zero.",
  "bulk.resultQueued": { one: "{n} alteração na fila", other: "{n} alterações na fila" },
  "bulk.resultSkipped": { one: "{n} ficou de fora", other: "{n} ficaram de fora" },
  "bulk.resultHint": "Elas são enviadas às lojas em segundo plano. Acompanhe em Atividade › Caixa de saída.",
  "bulk.skip.notPositive": "o preço não seria maior que zero",
  "bulk.skip.deleted": "o anúncio não está mais na loja",
  "bulk.skip.tooLarge": "o preço seria grande demais",
  "bulk.skip.negativeStock": "o estoque não pode ser negativo",
  "bulk.skip.variations": "tem variações: defina o estoque de cada variação",
  "bulk.skip.closed": "um anúncio finalizado não pode ser pausado nem ativado",

  "outbox.intro":
    "Suas alterações a caminho das lojas. Elas são enviadas antes de cada sincronização da loja; uma alteração que a loja recusou, ou que conflita com uma mudança feita na loja, espera por você aqui.",
  "outbox.empty": "Nenhuma alteração ainda. Altere um preço, um estoque ou um status em Produtos e ela aparece aqui até a loja recebê-la.",
  "outbox.emptyFiltered": "Nenhuma alteração corresponde a estes filtros.",
  "outbox.count": { one: "{n} alteração", other: "{n} alterações" },
  "outbox.waiting": { one: "{n} aguardando", other: "{n} aguardando" },
  "outbox.rejectedCount": { one: "{n} recusada", other: "{n} recusadas" },
  "outbox.conflictCount": { one: "{n} conflito", other: "{n} conflitos" },
  "outbox.changesWaiting": { one: "{n} alteração aguardando", other: "{n} alterações aguardando" },
  "outbox.open": "Abrir a caixa de saída",
  "outbox.attentionTip": "Alterações recusadas pela loja ou em conflito",
  "outbox.onlyListing": "Apenas “{title}”",
  "outbox.base": "O valor de partida",
  "outbox.to": "para",
  "outbox.conflictIntro": "O valor também mudou na loja. Qual fica?",
  "outbox.theirs": "Na loja agora",
  "outbox.mine": "O seu",
  "outbox.attempts": "Tentativas",
  "outbox.queued": "Na fila",
  "outbox.updated": "Última mudança",
  "outbox.nextTry": "Próxima tentativa",
  "outbox.inTime": "em {time}",
  "outbox.reason": "Motivo: {reason}",
  "outbox.shopSaid": "A loja respondeu",
  "outbox.lastError": "Último erro",
  "outbox.newValue": "Novo valor ({field})",
  "outbox.retryWithValue": "Tentar de novo com este valor",
  "outbox.changeValue": "Mudar o valor…",
  "outbox.discard": "Descartar",
  "outbox.keepMine": "Manter o meu ({value})",
  "outbox.takeTheirs": "Usar o da loja ({value})",
  "outbox.beingSent": "Enviando…",
  "status.sending": "Enviando",
  "status.sent": "Enviada",
  "status.rejected": "Recusada",
  "status.conflict": "Conflito",
  "status.discarded": "Descartada",

  "settings.title": "Configurações",
  "settings.appearance": "Aparência",
  "settings.theme": "Tema",
  "settings.theme.system": "Igual ao sistema",
  "settings.theme.light": "Claro",
  "settings.theme.dark": "Escuro",
  "settings.language": "Idioma",
  "settings.inventory": "Estoque",
  "settings.lowStock": "Limite de estoque baixo",
  "settings.lowStockHint": "Produtos com esta quantidade de unidades ou menos contam como estoque baixo.",
  "settings.lowStockInvalid": "Informe um número inteiro igual ou maior que 0.",
  "settings.saved": "Salvo",
  "settings.storage": "As configurações ficam salvas neste computador.",
  "settings.apps": "Aplicativos dos marketplaces",
  "settings.appsHint":
    "O storedesk se conecta às suas lojas por meio de um aplicativo que você cadastra em cada marketplace. Informe as credenciais dele aqui; a chave secreta fica salva neste computador e não é exibida de novo.",
  "settings.app.clientId": "ID do cliente",
  "settings.app.clientSecret": "Chave secreta",
  "settings.app.secretSaved": "•••• salva",
  "settings.app.secretKeep": "Deixe em branco para manter a chave secreta salva.",
  "settings.app.secretNeeded": "Informe a chave secreta do seu aplicativo.",
  "settings.app.redirectUri": "URI de redirecionamento (opcional)",
  "settings.app.redirectHint":
    "Deixe em branco para usar um redirecionamento local (http://127.0.0.1). Preencha quando o seu aplicativo só aceitar um endereço HTTPS cadastrado; nesse caso, ao conectar, você cola a URL final.",
  "settings.app.save": "Salvar",
  "settings.app.saving": "Salvando…",
  "settings.sync": "Sincronização em segundo plano",
  "settings.syncHint": "Com que frequência o storedesk pede as alterações a cada loja conectada enquanto está aberto.",
  "settings.sync.orders": "Pedidos a cada (minutos)",
  "settings.sync.shipments": "Envios a cada (minutos)",
  "settings.sync.products": "Produtos a cada (minutos)",
  "settings.sync.reconcile": "Verificação completa a cada (horas)",
  "settings.sync.minutesHint": "De 1 minuto a 1.440 (um dia).",
  "settings.sync.reconcileHint":
    "Uma passada completa que encontra registros excluídos ou perdidos no marketplace. De 1 hora a 720 (30 dias).",
  "settings.sync.notify": "Avisar sobre novos pedidos",
  "settings.sync.notifyHint": "Uma notificação na área de trabalho para cada leva de novos pedidos.",
  "settings.sync.invalid": "Informe um número inteiro.",
  "settings.sync.adjusted": "Alguns valores estavam fora do intervalo e foram ajustados.",

  "status.active": "Ativo",
  "status.paused": "Pausado",
  "status.closed": "Finalizado",
  "status.under_review": "Em revisão",
  "status.paid": "Pago",
  "status.payment_required": "Aguardando pagamento",
  "status.payment_in_process": "Pagamento em processamento",
  "status.partially_paid": "Pago parcialmente",
  "status.cancelled": "Cancelado",
  "status.invalid": "Inválido",
  "status.deleted": "Excluído",
  "status.pending_payment": "Pagamento pendente",
  "status.refunded": "Reembolsado",
  "status.pending": "Pendente",
  "status.handling": "Em preparação",
  "status.ready": "Pronto",
  "status.ready_to_ship": "Pronto para envio",
  "status.shipped": "Enviado",
  "status.delivered": "Entregue",
  "status.not_delivered": "Não entregue",
  "status.connected": "Conectada",
  "status.needs_reconnect": "Requer reconexão",
  "status.disconnected": "Desconectada",
  "status.running": "Em andamento",
  "status.ok": "OK",
  "status.success": "Concluída",
  "status.succeeded": "Concluída",
  "status.failed": "Com falha",
  "status.error": "Erro",
  "status.partial": "Parcial",
  "status.rate_limited": "Limitada",
  "status.interrupted": "Interrompida",

  "nav.warehouse": "Armazém",
  "nav.warehouseCount": {
    one: "{n} pedido precisa de você no armazém",
    other: "{n} pedidos precisam de você no armazém",
  },
  "kind.warehouse": "Armazém (ShipBob)",
  "kind.offers": "Serviço de ofertas",
  "status.not_routed": "Não encaminhado",
  "status.held": "Retido",
  "status.waiting": "Aguardando",
  "status.at_warehouse": "No armazém",
  "status.exception": "Exceção",

  "orders.col.fulfilment": "Armazém",
  "orders.fulfilmentFilter": "Armazém",
  "orders.allFulfilment": "Armazém: todos",

  "fulfilment.title": "Armazém",
  "fulfilment.warehouse": "Armazém",
  "fulfilment.state": "Situação",
  "fulfilment.warehouseStatus": "Segundo o armazém",
  "fulfilment.orderId": "Pedido no armazém",
  "fulfilment.notSentYet": "Ainda não enviado",
  "fulfilment.reference": "Referência",
  "fulfilment.tracking": "Rastreio",
  "fulfilment.openTracking": "Rastrear o pacote",
  "fulfilment.shippedAt": "Despachado",
  "fulfilment.deliveredAt": "Entregue",
  "fulfilment.reason": "Motivo",
  "fulfilment.flag": "Precisa de atenção: {flag}",
  "fulfilment.lastError": "Último erro",
  "fulfilment.timeline": "Histórico",
  "fulfilment.noEvents": "Nada foi enviado ou recebido ainda.",
  "fulfilment.dir.sent": "Enviado",
  "fulfilment.dir.received": "Recebido",
  "fulfilment.dir.note": "Nota",
  "fulfilment.notRouted": "Não enviado a um armazém.",

  "warehouse.title": "Armazém",
  "warehouse.rule": "Os pedidos de uma loja vão para o armazém dela quando estão: {rule}.",
  "warehouse.ruleText": "pagos, não cancelados, ainda não despachados e não despachados pela logística própria do marketplace",
  "warehouse.ruleSkus":
    "O armazém reconhece os produtos pelo SKU: um pedido com uma linha sem SKU fica retido até ser corrigido.",
  "warehouse.issues": "Pedidos que precisam de você",
  "warehouse.count": { one: "{n} pedido precisa de você", other: "{n} pedidos precisam de você" },
  "warehouse.empty": "Nada precisa de você: nenhum pedido está retido, em exceção ou sinalizado.",
  "warehouse.noWarehouse": "Ainda não há armazém",
  "warehouse.noWarehouseHint": "Adicione seu armazém ShipBob em Lojas e escolha quais lojas enviam por ele.",
  "warehouse.noRoutes": "Nenhuma loja envia por um armazém ainda: escolha um em “Envia por” em Lojas.",
  "warehouse.needsToken": "{name} precisa de um novo token: cole um em Lojas.",
  "warehouse.col.why": "Motivo",
  "warehouse.flagged": "Sinalizado",
  "warehouse.openOrder": "Abrir o pedido {id}",

  "shops.addWarehouse": "Adicionar armazém",
  "shops.shipsThrough": "Envia por",
  "shops.shipsThroughOf": "Qual armazém envia os pedidos de {name}",
  "shops.shipsItself": "A própria loja",
  "shops.channel": "O canal do ShipBob em que os pedidos dela são criados",
  "shops.newToken": "Novo token",
  "shops.tokenNoExpiry": "não expira",
  "shops.tokenLabel": "Token:",
  "shops.routeSaved": "{name}: os pedidos agora são enviados por {warehouse}.",
  "shops.routeRemoved": "{name} agora envia os próprios pedidos.",
  "shops.warehouseAdded": "{name} foi adicionado: escolha quais lojas enviam por ele.",
  "shops.tokenSaved": "{name} aceitou o novo token.",

  "warehouseAdd.title": "Adicionar armazém (ShipBob)",
  "warehouseAdd.nameHint": "Como este armazém se chama no storedesk.",
  "warehouseAdd.apiBaseHint": "Opcional: deixe vazio para usar a API do ShipBob; um endereço de sandbox só para testes.",
  "warehouseAdd.token": "Token de acesso pessoal",
  "warehouseAdd.tokenHint": "No ShipBob: Integrations > API Tokens. Crie um token de acesso pessoal e cole aqui.",
  "warehouseAdd.submit": "Adicionar armazém",
  "warehouseAdd.adding": "Verificando o token…",
  "warehouseToken.title": "Novo token para {name}",
  "warehouseToken.intro":
    "O ShipBob não aceita mais o token salvo. Cole um novo token de acesso pessoal (ShipBob: Integrations > API Tokens).",
  "warehouseToken.submit": "Salvar token",

  "nav.offers": "Ofertas",
  "sync.resource.offers": "Ofertas",
  "dashboard.fresh.offers": "Ofertas atualizadas {ago}",
  "dashboard.freshNever.offers": "Ofertas nunca atualizadas",

  "products.col.lowestOffer": "Menor oferta",
  "products.col.offerGap": "vs. menor",
  "products.offerGapTip": "Nosso preço frente à menor oferta: {gap}",
  "products.aboveLowest": "Acima da menor oferta em mais de",
  "products.aboveLowestPercent": "Porcentagem acima da menor oferta",
  "products.trackSelected": "Acompanhar ofertas",
  "products.trackSelectedTip": {
    one: "Acompanhar as ofertas do {n} anúncio marcado",
    other: "Acompanhar as ofertas dos {n} anúncios marcados",
  },
  "products.trackTickFirst": "Marque antes os anúncios cujas ofertas você quer acompanhar.",
  "products.trackNotAllMatching": "Marque os anúncios um a um para acompanhá-los: não todos os que correspondem de uma vez.",
  "products.tracked": {
    one: "{n} anúncio passou a ser acompanhado no serviço de ofertas: as ofertas chegam na próxima atualização.",
    other: "{n} anúncios passaram a ser acompanhados no serviço de ofertas: as ofertas chegam na próxima atualização.",
  },

  "offers.title": "Ofertas",
  "offers.noService": "Ainda não há um serviço de ofertas: adicione um em Lojas e depois acompanhe produtos.",
  "offers.notTracked": "As ofertas deste produto não são acompanhadas.",
  "offers.track": "Acompanhar ofertas",
  "offers.untrack": "Parar de acompanhar",
  "offers.trackingAt": "Acompanhado em {service}",
  "offers.stopped": "Não é mais acompanhado: o histórico é mantido.",
  "offers.registering": "Sendo registrado no serviço…",
  "offers.lastRefresh": "Última atualização",
  "offers.nextRefresh": "Próxima atualização",
  "offers.notRefreshed": "Ainda não atualizado",
  "offers.lastError": "Último erro",
  "offers.none": "Nenhuma oferta vista até agora.",
  "offers.col.offer": "Oferta",
  "offers.col.price": "Preço",
  "offers.col.stock": "Estoque",
  "offers.col.since": "Desde",
  "offers.active": "Ativa",
  "offers.soldOutAt": "Esgotada {time}",
  "offers.export": "Exportar CSV",
  "offers.exporting": "Exportando…",
  "offers.exportEmpty": "Ainda não há histórico para exportar.",
  "offers.exportedRows": { one: "{n} linha exportada", other: "{n} linhas exportadas" },

  "chart.title": "Histórico de preços",
  "chart.ranges": "Período",
  "chart.range.hour": "1 h",
  "chart.range.day": "24 h",
  "chart.range.week": "7 d",
  "chart.range.month": "30 d",
  "chart.range.all": "Tudo",
  "chart.rangeTitle.hour": "A última hora",
  "chart.rangeTitle.day": "As últimas 24 horas",
  "chart.rangeTitle.week": "Os últimos 7 dias",
  "chart.rangeTitle.month": "Os últimos 30 dias",
  "chart.rangeTitle.all": "Tudo o que foi registrado",
  "chart.ourPrice": "Nosso preço",
  "chart.lowest": "Menor oferta",
  "chart.offer": "Oferta {id}",
  "chart.soldOut": "esgotada",
  "chart.moreOffers": { one: "+{n} oferta a mais", other: "+{n} ofertas a mais" },
  "chart.empty": "Ainda não há histórico de preços neste período.",
  "chart.points": { one: "{n} observação neste período", other: "{n} observações neste período" },
  "chart.label": "Histórico de preços em {currency}: uma linha por oferta, nosso preço e a menor oferta. Passe o ponteiro por cima, ou use as setas, para ler um ponto.",
  "chart.inStock": "{n} em estoque",
  "chart.since": "desde {time}",

  "reprice.title": "Ajuste automático de preço",
  "reprice.enable": "Acompanhar a menor oferta automaticamente",
  "reprice.offHint": "Desligado: o preço só muda quando você o altera.",
  "reprice.follow": "Acompanhar a menor oferta menos",
  "reprice.byAmount": "um valor ({currency})",
  "reprice.byPercent": "uma porcentagem",
  "reprice.amountHint": "0 iguala a menor oferta.",
  "reprice.percentHint": "Por exemplo {example}; menos de 100.",
  "reprice.floor": "Piso",
  "reprice.floorHint": "Nunca abaixo deste preço.",
  "reprice.ceiling": "Teto",
  "reprice.ceilingHint": "Nunca acima deste preço.",
  "reprice.step": "Mudança mínima",
  "reprice.stepHint": "Uma mudança menor não é feita.",
  "reprice.every": "No máximo uma vez a cada (segundos)",
  "reprice.everyHint": "As ofertas são atualizadas a cada {n} s.",
  "reprice.save": "Salvar regra",
  "reprice.saving": "Salvando…",
  "reprice.saved": "Salva: a regra olha a menor oferta agora e depois de cada atualização.",
  "reprice.off": "Desligar",
  "reprice.turnedOff": "O ajuste automático está desligado.",
  "reprice.lastChange": "Última mudança feita pela regra: {time}",
  "reprice.noChangeYet": "A regra ainda não mudou o preço.",
  "reprice.note": "As mudanças dela passam pela caixa de saída como as suas, cada uma com o motivo. Ela nunca passa por cima de uma alteração de preço sua que espera ser enviada.",
  "reprice.fieldError": "{field}: {message}",
  "reprice.error.floorCeiling": "O teto não pode ficar abaixo do piso.",
  "reprice.error.percentMax": "Informe uma porcentagem menor que 100.",
  "reprice.error.notNegative": "Informe 0 ou mais.",
  "reprice.error.stepPositive": "A mudança mínima precisa ser maior que zero.",
  "reprice.error.every": "Informe um número inteiro de segundos, 1 ou mais.",

  "offersView.count": { one: "{n} produto acompanhado", other: "{n} produtos acompanhados" },
  "offersView.list": "Produtos acompanhados",
  "offersView.col.product": "Produto",
  "offersView.col.ourPrice": "Nosso preço",
  "offersView.col.lowest": "Menor oferta",
  "offersView.col.offers": "Ofertas",
  "offersView.col.offersTip": "Ofertas ativas",
  "offersView.col.refresh": "Última atualização",
  "offersView.col.rule": "Regra",
  "offersView.hasRule": "Ajuste automático",
  "offersView.stopped": "Parado",
  "offersView.open": "Abrir {title}",
  "offersView.empty": "Nenhum produto é acompanhado ainda. Em Produtos, marque os anúncios a acompanhar e escolha “Acompanhar ofertas”.",
  "offersView.goProducts": "Ir para Produtos",
  "offersView.noService": "Ainda não há um serviço de ofertas",
  "offersView.noServiceHint": "Adicione o seu serviço de ofertas em Lojas com o token de atualização e depois acompanhe produtos em Produtos.",
  "offersView.needsToken": "{name} precisa de um novo token de atualização: cole um em Lojas.",
  "offersView.preview": "Prévia do ajuste",
  "offersView.previewTitle": "Prévia do ajuste automático",
  "offersView.previewIntro": "O que cada regra mudaria agora. Nada é alterado aqui.",
  "offersView.previewEmpty": "Nenhum produto tem uma regra de ajuste ainda.",
  "offersView.previewCol.now": "Agora",
  "offersView.previewCol.proposed": "Proposto",
  "offersView.previewCol.reason": "Motivo",
  "offersView.noChange": "Sem mudança",

  "shops.addOffers": "Adicionar serviço de ofertas",
  "shops.offersAdded": "{name} foi adicionado: acompanhe produtos em Produtos.",
  "offersAdd.title": "Adicionar serviço de ofertas",
  "offersAdd.nameHint": "Como este serviço se chama no storedesk.",
  "offersAdd.apiBaseHint": "O endereço da API do serviço.",
  "offersAdd.apiBaseInvalid": "Informe o endereço do serviço, começando com https:// (http:// só para um servidor de teste).",
  "offersAdd.token": "Token de atualização",
  "offersAdd.tokenHint": "Você o obtém na sua conta do serviço. Ele fica lacrado neste computador e serve para obter tokens de acesso de curta duração.",
  "offersAdd.submit": "Adicionar serviço",
  "offersAdd.refused": "O serviço recusou o token de atualização: {message}",
  "offersToken.title": "Novo token de atualização para {name}",
  "offersToken.intro": "O serviço não aceita mais o token de atualização salvo. Cole um novo da sua conta do serviço.",

  "settings.sync.offers": "Atualizar ofertas a cada (segundos)",
  "settings.sync.offersHint": "Com que frequência as ofertas de cada produto acompanhado são lidas. De 10 segundos a 86.400 (um dia).",
};

export const dictionaries: Record<Lang, Dictionary> = { en, es, pt };

// The channel-neutral states the lists filter by, in the order the filters offer them. The
// provider's own words (MercadoLibre's "under_review", "ready_to_ship", …) are only shown.
export const LISTING_STATES = ["active", "paused", "closed", "deleted"] as const satisfies readonly ListingState[];
export const ORDER_STATES = ["pending_payment", "paid", "cancelled", "refunded"] as const satisfies readonly OrderState[];
export const FULFILMENT_STATES = [
  "pending",
  "ready",
  "shipped",
  "delivered",
  "failed",
  "cancelled",
] as const satisfies readonly FulfilmentState[];
/** Where a store order stands with the warehouse, in the order the Orders filter offers them. */
export const FULFILMENT_STAGES = [
  "not_routed",
  "held",
  "waiting",
  "at_warehouse",
  "shipped",
  "delivered",
  "exception",
  "cancelled",
] as const satisfies readonly FulfilmentStage[];
type AllStages<Missing extends never> = Missing;
export type FulfilmentStagesComplete = AllStages<Exclude<FulfilmentStage, (typeof FULFILMENT_STAGES)[number]>>;
export const SYNC_RUN_STATUSES = ["running", "ok", "failed", "interrupted"] as const satisfies readonly SyncRunStatus[];
/** Every SyncResource, in the order the UI lists them. */
export const SYNC_RESOURCES = ["orders", "shipments", "products", "reconcile", "push", "offers"] as const satisfies readonly SyncResource[];
type AllResources<Missing extends never> = Missing;
export type SyncResourcesComplete = AllResources<Exclude<SyncResource, (typeof SYNC_RESOURCES)[number]>>;
/** Where an edit in the outbox stands, in the order the filter offers them. */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "rejected", "conflict", "discarded"] as const satisfies readonly OutboxStatus[];

/** The current language (reactive when read while rendering). */
export function lang(): Lang {
  return langState.lang;
}

/** The `lang` attribute of the page for a language (the Portuguese texts are Brazilian). */
const HTML_LANG: Record<Lang, string> = { en: "en", es: "es", pt: "pt-BR" };

export function setLang(l: Lang): void {
  langState.lang = l;
  if (typeof document !== "undefined") document.documentElement.lang = HTML_LANG[l];
}

/** A saved or chosen language code this UI has a dictionary for. */
export function isLang(v: unknown): v is Lang {
  return typeof v === "string" && (LANGS as readonly string[]).includes(v);
}

/** Translate a key in the current language, filling `{name}` placeholders. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(langState.lang, key, params);
}

export function translate(
  l: Lang,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const text = dictionaries[l][key] ?? en[key] ?? key;
  return params ? fill(text, params) : text;
}

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

const prCache = new Map<string, Intl.PluralRules>();
function pluralRules(loc: string): Intl.PluralRules {
  let r = prCache.get(loc);
  if (!r) {
    r = new Intl.PluralRules(loc);
    prCache.set(loc, r);
  }
  return r;
}

/**
 * Translate a count message in the current language: picks the plural form for `n` and fills
 * `{n}` with `n` grouped for the locale ("3,000 products" / "3.000 productos"). `params` fills
 * other placeholders and may override `{n}` (e.g. "200+").
 */
export function tp(key: PluralKey, n: number, params?: Record<string, string | number>): string {
  return translatePlural(langState.lang, key, n, params);
}

export function translatePlural(
  l: Lang,
  key: PluralKey,
  n: number,
  params?: Record<string, string | number>,
): string {
  const forms: PluralForms = dictionaries[l][key] ?? en[key];
  const loc = localeFor(l);
  const text = forms[pluralRules(loc).select(n)] ?? forms.other;
  return fill(text, { n: formatInt(n, loc), ...params });
}

/** Label for a status value; unknown statuses are shown as they come, made readable. */
export function statusLabel(status: string | null | undefined): string {
  if (!status) return translate(langState.lang, "common.none");
  const key = `status.${status}` as MessageKey;
  if (key in en) return t(key);
  return status.replace(/_/g, " ");
}

/**
 * The provider's own word for a record ("under_review"), readable, when it says more than the
 * neutral state it maps to; null when it is the same word (or missing).
 */
export function rawStatusNote(state: string, status: string | null | undefined): string | null {
  // Compared without case: a provider may spell the same word in capitals ("ACTIVE").
  if (!status || status.toLowerCase() === state) return null;
  return statusLabel(status);
}

/** A table cell's text for a neutral state: its label, then the provider's word when it differs ("Paused · Under review"). */
export function stateText(state: string, status: string | null | undefined): string {
  const note = rawStatusNote(state, status);
  return note === null ? statusLabel(state) : `${statusLabel(state)} · ${note}`;
}

/** "Orders", "Full check", …; an unknown resource is shown as it comes. */
export function resourceLabel(resource: string): string {
  const key = `sync.resource.${resource}` as MessageKey;
  if (key in en) return t(key);
  return resource.replace(/_/g, " ");
}

const DEFAULT_LOCALE: Record<Lang, string> = { en: "en-US", es: "es-AR", pt: "pt-BR" };

/** The BCP 47 locale for a language: the system's regional variant when it matches. */
export function localeFor(l: Lang): string {
  const nav = typeof navigator !== "undefined" ? navigator.language : "";
  if (nav && nav.toLowerCase().split("-")[0] === l && nav.includes("-")) return nav;
  return DEFAULT_LOCALE[l];
}

export function locale(): string {
  return localeFor(langState.lang);
}

// ---------------------------------------------------------------- numbers and money

const nfCache = new Map<string, Intl.NumberFormat>();
function nf(loc: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = loc + JSON.stringify(opts);
  let f = nfCache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(loc, opts);
    nfCache.set(k, f);
  }
  return f;
}

export function formatInt(n: number, loc: string = locale()): string {
  return nf(loc, { maximumFractionDigits: 0 }).format(n);
}

/**
 * How many decimals a currency's minor unit has (CLP 0, ARS 2, KWD 3): ISO 4217, as the backend
 * counts minor units (a locale's display habits do not change what a minor unit is).
 */
export function currencyDigits(currency: string): number {
  return minorDigits(currency);
}

/** The decimal separator of a locale ("." in en-US, "," in es-AR and pt-BR). */
export function decimalSeparator(loc: string = locale()): string {
  try {
    return nf(loc, {}).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".";
  } catch {
    return ".";
  }
}

/**
 * Exact decimal string for integer minor units, by string operations only:
 * (123456, 2) -> "1234.56", (5, 2) -> "0.05", (-5, 2) -> "-0.05", (990, 0) -> "990".
 */
export function minorToDecimalString(minor: number, digits: number): string {
  if (!Number.isFinite(minor)) return "0";
  const whole = BigInt(Math.trunc(minor));
  const negative = whole < 0n;
  let s = (negative ? -whole : whole).toString();
  if (digits <= 0) return (negative ? "-" : "") + s;
  s = s.padStart(digits + 1, "0");
  return (negative ? "-" : "") + s.slice(0, s.length - digits) + "." + s.slice(s.length - digits);
}

/** Formats Money in a locale, never turning the minor units into a float. */
export function formatMoney(m: Money | null | undefined, loc: string = locale()): string {
  if (!m) return translate(langState.lang, "common.none");
  let fmt: Intl.NumberFormat;
  const digits = currencyDigits(m.currency);
  try {
    fmt = nf(loc, {
      style: "currency",
      currency: m.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    // Not an ISO 4217 code Intl knows: show the plain number and the code.
    return `${minorToDecimalString(m.minor, digits)} ${m.currency}`;
  }
  // Intl.NumberFormat.format accepts exact decimal strings (ES2023); the cast is for older lib typings.
  const decimal = minorToDecimalString(m.minor, digits);
  return fmt.format(decimal as unknown as number);
}

// ---------------------------------------------------------------- dates and times

const dfCache = new Map<string, Intl.DateTimeFormat>();
function df(loc: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = loc + JSON.stringify(opts);
  let f = dfCache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(loc, opts);
    dfCache.set(k, f);
  }
  return f;
}

/** Date and time (local time zone) of unix milliseconds. */
/** A time a Date can hold (a token that "never expires" may come as a far-future number). */
export function isDateMs(ms: number | null | undefined): ms is number {
  return typeof ms === "number" && Number.isFinite(new Date(ms).getTime());
}

export function formatDateTime(ms: number | null | undefined, loc: string = locale()): string {
  if (!isDateMs(ms)) return translate(langState.lang, "common.none");
  return df(loc, { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

/** Compact date and time for table cells ("11/22/26, 2:28 PM" / "22/11/26, 14:28"). */
export function formatDateTimeShort(ms: number | null | undefined, loc: string = locale()): string {
  if (!isDateMs(ms)) return translate(langState.lang, "common.none");
  return df(loc, { dateStyle: "short", timeStyle: "short" }).format(new Date(ms));
}

export function formatDate(ms: number | null | undefined, loc: string = locale()): string {
  if (!isDateMs(ms)) return translate(langState.lang, "common.none");
  return df(loc, { dateStyle: "medium" }).format(new Date(ms));
}

/** Short day label for a UTC "YYYY-MM-DD" day. */
export function formatDay(day: string, loc: string = locale()): string {
  const [y, m, d] = day.split("-").map(Number);
  return df(loc, { day: "numeric", month: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** "3 min ago" / "hace 3 min", or "in 2 d" for future times. */
export function formatRelative(
  ms: number | null | undefined,
  now: number = Date.now(),
  l: Lang = langState.lang,
): string {
  if (ms === null || ms === undefined) return translate(l, "time.never");
  const diff = now - ms;
  const abs = Math.abs(diff);
  const past = diff >= 0;
  if (abs < 10_000) return translate(l, "time.justNow");
  const s = Math.floor(abs / 1000);
  if (s < 60) return translate(l, past ? "time.secondsAgo" : "time.inSeconds", { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return translate(l, past ? "time.minutesAgo" : "time.inMinutes", { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return translate(l, past ? "time.hoursAgo" : "time.inHours", { n: h });
  const d = Math.floor(h / 24);
  return translate(l, past ? "time.daysAgo" : "time.inDays", { n: d });
}

/**
 * How long ago, for a past-tense place ("Last sync", "synced …"): a time after `now` (a clock a
 * little ahead, a `now` not yet ticked) reads "just now", never "in 23 s".
 */
export function formatAgo(ms: number | null | undefined, now: number = Date.now(), l: Lang = langState.lang): string {
  if (ms === null || ms === undefined) return translate(l, "time.never");
  return formatRelative(Math.min(ms, now), now, l);
}

/** The clock time of unix milliseconds ("10:42"), with the day when it is not today ("May 3, 10:42"). */
export function formatClock(ms: number, now: number = Date.now(), loc: string = locale()): string {
  const at = new Date(ms);
  const today = new Date(now);
  const sameDay =
    at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay
    ? df(loc, { hour: "2-digit", minute: "2-digit" }).format(at)
    : df(loc, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(at);
}

/** A countdown to a time: "40 s", "1 min 5 s", "2 h 3 min" (0 s once it is reached). */
export function formatCountdown(ms: number, now: number = Date.now(), l: Lang = langState.lang): string {
  const s = Math.max(0, Math.floor((ms - now) / 1000));
  if (s < 60) return translate(l, "time.s", { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return translate(l, "time.minS", { m, s: s % 60 });
  return translate(l, "time.hMin", { h: Math.floor(m / 60), m: m % 60 });
}

/** Duration between two times, e.g. "850 ms", "12 s", "3 min 4 s", "1 h 2 min". */
export function formatDuration(ms: number | null | undefined, l: Lang = langState.lang): string {
  if (ms === null || ms === undefined) return translate(l, "time.running");
  if (ms < 1000) return translate(l, "time.ms", { n: Math.max(0, Math.round(ms)) });
  const s = Math.floor(ms / 1000);
  if (s < 60) return translate(l, "time.s", { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return translate(l, "time.minS", { m, s: s % 60 });
  return translate(l, "time.hMin", { h: Math.floor(m / 60), m: m % 60 });
}

// ---------------------------------------------------------------- offers and charts

/**
 * A distance in basis points as a signed percent with at most one decimal ("+7.5%", "-3%", "0%";
 * "+7,5 %" in es-AR). Only for display: a percent of a price gap, never an amount.
 */
export function formatGapBp(bp: number, loc: string = locale()): string {
  return nf(loc, { style: "percent", signDisplay: "exceptZero", minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(
    bp / 10_000,
  );
}

/**
 * A price axis label: the amount without the currency (the axis names it once), grouped for the locale,
 * with the currency's decimals only when the ticks' step needs them. Exact: formatted from the decimal string.
 */
export function formatAxisPrice(minor: number, currency: string, stepMinor: number, loc: string = locale()): string {
  const digits = currencyDigits(currency);
  const unit = 10 ** digits;
  const fraction = stepMinor % unit === 0 ? 0 : digits;
  const decimal = minorToDecimalString(minor, digits);
  return nf(loc, { minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(decimal as unknown as number);
}

/** A time axis label: the clock time for steps under a day ("14:00"), the day otherwise ("May 3"). */
export function formatTimeTick(ms: number, stepMs: number, loc: string = locale()): string {
  return stepMs < 86_400_000
    ? df(loc, { hour: "2-digit", minute: "2-digit" }).format(new Date(ms))
    : df(loc, { month: "short", day: "numeric" }).format(new Date(ms));
}
