// English and Spanish dictionaries, the reactive current language, and locale-aware formatting
// of numbers, dates, relative times and money (money without float arithmetic).
import type { FulfilmentState } from "../bindings/FulfilmentState";
import type { ListingState } from "../bindings/ListingState";
import type { Money } from "../bindings/Money";
import type { OrderState } from "../bindings/OrderState";
import type { SyncResource } from "../bindings/SyncResource";
import type { SyncRunStatus } from "../bindings/SyncRunStatus";
import { langState, type Lang } from "./lang.svelte";

export type { Lang };
export const LANGS: Lang[] = ["en", "es"];

/**
 * A message that depends on a count, one text per CLDR plural category of the language
 * (Intl.PluralRules). `one` and `other` are required; a category a language lacks falls back to
 * `other` (Spanish "many", used for 1,000,000, reads like "other").
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
  "sync.retrying": "— retrying {when}",
  "sync.retryingNow": "— retrying now",
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
  "dashboard.neverSynced": "never synced",
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
  "shops.col.kind": "Platform",
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
  "products.col.variants": "Variants",
  "products.col.updated": "Updated",
  "products.detail.remoteId": "Listing ID",
  "products.detail.sold": "Sold",
  "products.detail.created": "Created",
  "products.detail.permalink": "Open listing",
  "products.detail.noPermalink": "No public link",
  "products.detail.variants": "Variants",
  "products.detail.noVariants": "This product has no variants.",
  "products.detail.attributes": "Attributes",
  "products.detail.offers": "Offers",
  "products.detail.noOffers": "No offers recorded for this product.",
  "products.detail.offerActive": "active",
  "products.detail.offerInactive": "inactive",
  "products.detail.inStock": "{n} in stock",
  "products.detail.priceHistory": "Price history",
  "products.detail.noHistory": "Not enough history for a chart yet.",

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
  "sync.retrying": "— reintento {when}",
  "sync.retryingNow": "— reintentando ahora",
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
  "dashboard.neverSynced": "nunca sincronizada",
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
  "shops.col.kind": "Plataforma",
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
  "products.col.variants": "Variantes",
  "products.col.updated": "Actualizado",
  "products.detail.remoteId": "ID de publicación",
  "products.detail.sold": "Vendidos",
  "products.detail.created": "Creado",
  "products.detail.permalink": "Abrir publicación",
  "products.detail.noPermalink": "Sin enlace público",
  "products.detail.variants": "Variantes",
  "products.detail.noVariants": "Este producto no tiene variantes.",
  "products.detail.attributes": "Atributos",
  "products.detail.offers": "Ofertas",
  "products.detail.noOffers": "No hay ofertas registradas para este producto.",
  "products.detail.offerActive": "activa",
  "products.detail.offerInactive": "inactiva",
  "products.detail.inStock": "{n} en stock",
  "products.detail.priceHistory": "Historial de precios",
  "products.detail.noHistory": "Todavía no hay suficiente historial para un gráfico.",

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
};

export const dictionaries: Record<Lang, Dictionary> = { en, es };

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
export const SYNC_RUN_STATUSES = ["running", "ok", "failed", "interrupted"] as const satisfies readonly SyncRunStatus[];
/** Every SyncResource, in the order the UI lists them. */
export const SYNC_RESOURCES = ["orders", "shipments", "products", "reconcile"] as const satisfies readonly SyncResource[];

/** The current language (reactive when read while rendering). */
export function lang(): Lang {
  return langState.lang;
}

export function setLang(l: Lang): void {
  langState.lang = l;
  if (typeof document !== "undefined") document.documentElement.lang = l;
}

export function isLang(v: unknown): v is Lang {
  return v === "en" || v === "es";
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

const DEFAULT_LOCALE: Record<Lang, string> = { en: "en-US", es: "es-AR" };

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

/** How many decimals a currency has (CLP 0, ARS 2, …), as Intl knows it. */
export function currencyDigits(currency: string, loc: string = "en-US"): number {
  try {
    return (
      nf(loc, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
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
  let digits: number;
  try {
    digits = currencyDigits(m.currency, loc);
    fmt = nf(loc, {
      style: "currency",
      currency: m.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    // Not an ISO 4217 code Intl knows: show the plain number and the code.
    digits = 2;
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
export function formatDateTime(ms: number | null | undefined, loc: string = locale()): string {
  if (ms === null || ms === undefined) return translate(langState.lang, "common.none");
  return df(loc, { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

/** Compact date and time for table cells ("11/22/26, 2:28 PM" / "22/11/26, 14:28"). */
export function formatDateTimeShort(ms: number | null | undefined, loc: string = locale()): string {
  if (ms === null || ms === undefined) return translate(langState.lang, "common.none");
  return df(loc, { dateStyle: "short", timeStyle: "short" }).format(new Date(ms));
}

export function formatDate(ms: number | null | undefined, loc: string = locale()): string {
  if (ms === null || ms === undefined) return translate(langState.lang, "common.none");
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
