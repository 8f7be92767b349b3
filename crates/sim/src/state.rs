//! The simulator's mutable state: records the simulation changed (everything else is derived from the seed),
//! OAuth codes/grants/tokens, scan cursors, and the runtime knobs (faults, latency, rate limit).

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::data::{self, Item, Order, Seller, Shipment};
use crate::{ClientApp, Faults, RateLimit, SimConfig, Stats};

/// Locks a mutex, recovering the data if a panicking thread poisoned it (the simulator keeps serving).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct Shared {
    pub seller: Seller,
    pub clients: Vec<ClientApp>,
    pub access_ttl: Duration,
    pub code_ttl: Duration,
    pub auto_approve: bool,
    pub control_enabled: bool,
    pub state: Mutex<State>,
    pub stats: Mutex<Stats>,
    pub runtime: Mutex<Runtime>,
    pub inflight: AtomicU64,
}

impl Shared {
    pub fn new(c: &SimConfig) -> Shared {
        let mut runtime = Runtime { faults: c.faults, latency: c.latency, rate: None, fault_counter: 0 };
        runtime.set_rate(c.rate_limit);
        Shared {
            seller: data::seller(c.seed),
            clients: c.clients.clone(),
            access_ttl: c.access_ttl,
            code_ttl: c.code_ttl,
            auto_approve: c.auto_approve,
            control_enabled: c.control,
            state: Mutex::new(State::new(
                c.seed,
                data::anchor_for(c.anchor_now),
                c.items.min(u32::MAX as u64),
                c.orders.min(u32::MAX as u64 / 2),
            )),
            stats: Mutex::new(Stats::default()),
            runtime: Mutex::new(runtime),
            inflight: AtomicU64::new(0),
        }
    }

    pub fn stats_snapshot(&self) -> Stats {
        lock(&self.stats).clone()
    }

    pub fn client(&self, id: &str) -> Option<&ClientApp> {
        self.clients.iter().find(|c| c.id == id)
    }
}

pub struct Bucket {
    pub limit: RateLimit,
    pub tokens: f64,
    pub last: Instant,
}

pub struct Runtime {
    pub faults: Faults,
    pub latency: Duration,
    pub rate: Option<Bucket>,
    pub fault_counter: u64,
}

impl Runtime {
    pub fn set_rate(&mut self, limit: Option<RateLimit>) {
        self.rate = limit.map(|l| Bucket { limit: l, tokens: l.burst as f64, last: Instant::now() });
    }

    /// Takes one token from the seller's bucket; false when it is empty.
    pub fn take_token(&mut self) -> bool {
        let Some(b) = self.rate.as_mut() else { return true };
        let now = Instant::now();
        let elapsed = now.duration_since(b.last).as_secs_f64();
        b.last = now;
        b.tokens = (b.tokens + elapsed * b.limit.per_second.max(0.0)).min(b.limit.burst as f64);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// OAuth records

pub struct Code {
    pub client_id: String,
    pub redirect_uri: String,
    /// (challenge, method) when the authorization request carried PKCE.
    pub pkce: Option<(String, String)>,
    pub expires: Instant,
    pub used: bool,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum AccessState {
    Live,
    /// Superseded by a refresh of its grant.
    Retired,
    /// Its grant was revoked or replaced by a new authorization.
    Revoked,
}

pub struct Access {
    pub grant: u64,
    pub expires: Instant,
    pub state: AccessState,
}

pub struct Refresh {
    pub grant: u64,
    pub client_id: String,
    pub used: bool,
}

pub struct Grant {
    pub client_id: String,
    pub revoked: bool,
}

// ---------------------------------------------------------------------------------------------------------------
// Search views and scan cursors

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ItemSort {
    Id,
    UpdatedDesc,
    UpdatedAsc,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct OrderFilter {
    pub status: Option<&'static str>,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

pub struct Scroll {
    pub view: Arc<Vec<u32>>,
    pub pos: usize,
    pub touched: Instant,
}

/// Scan cursors expire after 5 minutes without use, as MercadoLibre documents for scroll_id.
pub const SCROLL_TTL: Duration = Duration::from_secs(300);

/// A cached search result and the data version it was computed at.
type VersionedView = (u64, Arc<Vec<u32>>);

pub struct State {
    pub seed: u64,
    /// Seeded records are dated before this instant (unix ms).
    pub anchor: i64,
    pub items_count: u64,
    pub item_over: HashMap<u64, Item>,
    items_version: u64,
    item_views: HashMap<(Option<&'static str>, ItemSort), VersionedView>,
    pub orders_seeded: u64,
    pub orders_count: u64,
    pub order_over: HashMap<u64, Order>,
    pub ship_over: HashMap<u64, Shipment>,
    orders_version: u64,
    order_views: Vec<(OrderFilter, u64, Arc<Vec<u32>>)>,
    pub scrolls: HashMap<String, Scroll>,
    /// A scroll id just replaced by a newer one -> that newer one (each old id answers one retry).
    pub scroll_successors: HashMap<String, String>,
    pub codes: HashMap<String, Code>,
    pub access: HashMap<String, Access>,
    pub refresh: HashMap<String, Refresh>,
    pub grants: HashMap<u64, Grant>,
    pub next_grant: u64,
    pub ctl_counter: u64,
    last_stamp: i64,
    /// Items served with a malformed body (a price that is not a number), to exercise clients' quarantine.
    pub malformed_items: std::collections::HashSet<u64>,
}

impl State {
    fn new(seed: u64, anchor: i64, items: u64, orders: u64) -> State {
        State {
            seed,
            anchor,
            items_count: items,
            item_over: HashMap::new(),
            items_version: 0,
            item_views: HashMap::new(),
            orders_seeded: orders,
            orders_count: orders,
            order_over: HashMap::new(),
            ship_over: HashMap::new(),
            orders_version: 0,
            order_views: Vec::new(),
            scrolls: HashMap::new(),
            scroll_successors: HashMap::new(),
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            grants: HashMap::new(),
            next_grant: 1,
            ctl_counter: 0,
            last_stamp: 0,
            malformed_items: Default::default(),
        }
    }

    /// A timestamp for a change made now: the wall clock, but strictly increasing so that two changes never
    /// share a last_updated.
    pub fn stamp(&mut self) -> i64 {
        let t = crate::time::now_ms().max(self.last_stamp + 1);
        self.last_stamp = t;
        t
    }

    pub fn item(&self, i: u64) -> Option<Item> {
        if i >= self.items_count {
            return None;
        }
        Some(self.item_over.get(&i).cloned().unwrap_or_else(|| data::item(self.seed, self.anchor, i)))
    }

    fn item_key(&self, i: u64) -> (&'static str, i64) {
        match self.item_over.get(&i) {
            Some(it) => (it.status, it.last_updated),
            None => data::item_key(self.seed, self.anchor, i),
        }
    }

    /// An item's JSON as the API serves it (malformed on purpose when the control said so).
    pub fn item_body(&self, it: &Item, seller_id: u64) -> serde_json::Value {
        let mut v = data::item_json(it, seller_id);
        if self.malformed_items.contains(&it.index) {
            v["price"] = serde_json::Value::String("precio a convenir".into());
        }
        v
    }

    pub fn put_item(&mut self, it: Item) {
        self.item_over.insert(it.index, it);
        self.items_version += 1;
    }

    /// Item indexes matching `status`, in `sort` order; cached until an item changes.
    pub fn item_view(&mut self, status: Option<&'static str>, sort: ItemSort) -> Arc<Vec<u32>> {
        if let Some((v, view)) = self.item_views.get(&(status, sort)) {
            if *v == self.items_version {
                return view.clone();
            }
        }
        let mut keyed: Vec<(i64, u32)> = (0..self.items_count)
            .filter_map(|i| {
                let (s, lu) = self.item_key(i);
                (status.is_none() || status == Some(s)).then_some((lu, i as u32))
            })
            .collect();
        match sort {
            ItemSort::Id => {}
            ItemSort::UpdatedAsc => keyed.sort_unstable(),
            ItemSort::UpdatedDesc => keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1))),
        }
        let view = Arc::new(keyed.into_iter().map(|(_, i)| i).collect::<Vec<u32>>());
        self.item_views.insert((status, sort), (self.items_version, view.clone()));
        view
    }

    pub fn order(&self, i: u64) -> Option<Order> {
        if i >= self.orders_count {
            return None;
        }
        Some(
            self.order_over
                .get(&i)
                .cloned()
                .unwrap_or_else(|| data::order(self.seed, self.anchor, i, self.orders_seeded, self.items_count)),
        )
    }

    fn order_key(&self, i: u64) -> (&'static str, i64) {
        match self.order_over.get(&i) {
            Some(o) => (o.status, o.last_updated),
            None => data::order_key(self.seed, self.anchor, i, self.orders_seeded),
        }
    }

    pub fn shipment(&self, o: &Order) -> Shipment {
        self.ship_over.get(&o.index).cloned().unwrap_or_else(|| data::shipment(self.seed, o))
    }

    pub fn put_order(&mut self, o: Order, s: Option<Shipment>) {
        if let Some(s) = s {
            self.ship_over.insert(s.index, s);
        }
        self.orders_count = self.orders_count.max(o.index + 1);
        self.order_over.insert(o.index, o);
        self.orders_version += 1;
    }

    /// Order indexes matching the filter in date_created order (= index order); cached until an order changes.
    pub fn order_view(&mut self, f: OrderFilter) -> Arc<Vec<u32>> {
        if let Some((_, _, view)) = self.order_views.iter().find(|(k, v, _)| *k == f && *v == self.orders_version) {
            return view.clone();
        }
        let view: Vec<u32> = (0..self.orders_count)
            .filter(|&i| {
                let (s, lu) = self.order_key(i);
                f.status.is_none_or(|w| w == s) && f.from.is_none_or(|t| lu >= t) && f.to.is_none_or(|t| lu <= t)
            })
            .map(|i| i as u32)
            .collect();
        let view = Arc::new(view);
        let version = self.orders_version;
        self.order_views.retain(|(k, v, _)| *v == version && *k != f);
        if self.order_views.len() >= 8 {
            self.order_views.remove(0);
        }
        self.order_views.push((f, version, view.clone()));
        view
    }

    pub fn new_grant(&mut self, client_id: &str) -> u64 {
        // A new authorization of the same app replaces the previous grant: its tokens die.
        for (gid, g) in self.grants.iter_mut() {
            if g.client_id == client_id && !g.revoked {
                g.revoked = true;
                let gid = *gid;
                for a in self.access.values_mut().filter(|a| a.grant == gid) {
                    a.state = AccessState::Revoked;
                }
            }
        }
        let id = self.next_grant;
        self.next_grant += 1;
        self.grants.insert(id, Grant { client_id: client_id.to_string(), revoked: false });
        id
    }

    pub fn sweep_scrolls(&mut self) {
        let now = Instant::now();
        self.scrolls.retain(|_, s| now.duration_since(s.touched) < SCROLL_TTL);
        let live = &self.scrolls;
        self.scroll_successors.retain(|_, succ| live.contains_key(succ));
    }
}

/// A random opaque token body (hex).
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::fill(&mut buf).is_err() {
        // No OS randomness: fall back to a time-based mix (the simulator is a test tool, not a vault).
        let mut x = crate::time::now_ms() as u64 ^ 0xD1B5_4A32_D192_ED03;
        for b in buf.iter_mut() {
            x = data::mix(x);
            *b = x as u8;
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
