//! What the offers service holds: registered products with their live offers, the change log, the JWTs it
//! handed out, and the knobs tests turn.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{OffersConfig, OffersStats};
use crate::state::Runtime;

pub use crate::state::lock;

/// One change the market made, as a client observing every minute sees it: an offer appeared or changed
/// (`active`, with its price and stock now), or vanished (`active: false`, with the last price and stock a
/// client could have seen).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OfferLogRow {
    pub product_id: String,
    pub offer_id: String,
    pub minute: u64,
    pub price: i64,
    pub stock: i64,
    pub active: bool,
}

#[derive(Clone, Debug)]
pub struct SimOffer {
    pub id: String,
    pub price: i64,
    pub stock: i64,
}

#[derive(Clone, Debug)]
pub struct Product {
    pub index: u64,
    pub name: String,
    pub description: String,
    pub base: i64,
    pub offers: Vec<SimOffer>,
}

pub struct State {
    pub seed: u64,
    pub minute: u64,
    /// Products registered so far (also counts re-registrations: each gets fresh offers).
    pub registered: u64,
    pub offers_made: u64,
    pub products: BTreeMap<String, Product>,
    pub log: Vec<OfferLogRow>,
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A UUID-shaped id (version 4 layout) from a number.
fn uuid_of(n: u64) -> String {
    let (a, b) = (mix(n ^ 0x0ff3_5eed), mix(n.wrapping_add(0x9e37_79b9_7f4a_7c15)));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

impl State {
    /// A draw in 0..n for (product, minute, slot).
    fn draw(&self, product: u64, slot: u64, n: u64) -> u64 {
        mix(self.seed ^ mix(product.wrapping_mul(1_000_003) ^ mix(self.minute.wrapping_mul(7_919) ^ slot))) % n.max(1)
    }

    fn new_offer(&mut self, product: u64, base: i64, slot: u64) -> SimOffer {
        self.offers_made += 1;
        let price = base * (90 + self.draw(product, slot, 21) as i64) / 100;
        let stock = 3 + self.draw(product, slot + 1, 40) as i64;
        SimOffer { id: uuid_of(self.seed ^ self.offers_made.wrapping_mul(31)), price: price.max(1), stock }
    }

    fn log_row(&mut self, product_id: &str, o: &SimOffer, active: bool) {
        let row = OfferLogRow {
            product_id: product_id.to_owned(),
            offer_id: o.id.clone(),
            minute: self.minute,
            price: o.price,
            stock: o.stock,
            active,
        };
        self.log.push(row);
    }

    /// Registers a product: two to five offers around a base price of its own.
    pub fn register(&mut self, id: &str, name: &str, description: &str) {
        self.registered += 1;
        let index = self.registered;
        let base = 5_000 + self.draw(index, 1, 195_000) as i64;
        let count = 2 + self.draw(index, 2, 4);
        let offers: Vec<SimOffer> = (0..count).map(|k| self.new_offer(index, base, 10 + k * 2)).collect();
        for o in &offers {
            self.log_row(id, o, true);
        }
        self.products.insert(
            id.to_owned(),
            Product { index, name: name.to_owned(), description: description.to_owned(), base, offers },
        );
    }

    /// One minute of the market.
    pub fn tick(&mut self) {
        self.minute += 1;
        let ids: Vec<String> = self.products.keys().cloned().collect();
        for id in ids {
            let Some(mut p) = self.products.remove(&id) else { continue };
            let mut kept = Vec::new();
            for (k, o) in p.offers.drain(..).enumerate() {
                let slot = 100 + k as u64 * 10;
                let mut next = o.clone();
                if self.draw(p.index, slot, 100) < 35 {
                    let pct = 1 + self.draw(p.index, slot + 1, 5) as i64;
                    let up = self.draw(p.index, slot + 2, 2) == 0;
                    next.price = (o.price * if up { 100 + pct } else { 100 - pct } / 100).max(1);
                }
                match self.draw(p.index, slot + 3, 100) {
                    0..=24 => next.stock = o.stock - (1 + self.draw(p.index, slot + 4, 3) as i64),
                    25..=29 => next.stock = o.stock + 5 + self.draw(p.index, slot + 5, 16) as i64,
                    _ => {}
                }
                if next.stock <= 0 {
                    // Sold out: it disappears; a client last saw it as it was.
                    self.log_row(&id, &o, false);
                } else {
                    if next.price != o.price || next.stock != o.stock {
                        self.log_row(&id, &next, true);
                    }
                    kept.push(next);
                }
            }
            if self.draw(p.index, 7, 100) < 10 || kept.is_empty() {
                let o = self.new_offer(p.index, p.base, 9_000 + self.minute);
                self.log_row(&id, &o, true);
                kept.push(o);
            }
            p.offers = kept;
            self.products.insert(id, p);
        }
    }

    /// The service forgets a product: its offers are gone (logged as vanished).
    pub fn forget(&mut self, id: &str) -> bool {
        let Some(p) = self.products.remove(id) else { return false };
        for o in &p.offers {
            self.log_row(id, o, false);
        }
        true
    }

    /// A scripted market: the product's offers become exactly these; differences are logged.
    pub fn set_offers(&mut self, id: &str, offers: &[(&str, i64, i64)]) -> bool {
        let Some(mut p) = self.products.remove(id) else { return false };
        let mut next = Vec::new();
        for (offer_id, price, stock) in offers {
            let o = SimOffer { id: (*offer_id).to_owned(), price: *price, stock: *stock };
            match p.offers.iter().find(|x| x.id == o.id) {
                Some(old) if old.price == o.price && old.stock == o.stock => {}
                _ => self.log_row(id, &o, true),
            }
            next.push(o);
        }
        for old in p.offers.iter().filter(|x| !next.iter().any(|n| n.id == x.id)) {
            let old = old.clone();
            self.log_row(id, &old, false);
        }
        p.offers = next;
        self.products.insert(id.to_owned(), p);
        true
    }
}

/// Knobs beyond the shared fault runtime.
pub struct Extra {
    pub jwt_ttl: Duration,
    pub revoked: HashSet<String>,
    pub jwts: u64,
}

pub struct Shared {
    pub refresh_tokens: Vec<String>,
    pub state: Mutex<State>,
    pub stats: Mutex<OffersStats>,
    pub runtime: Mutex<Runtime>,
    pub extra: Mutex<Extra>,
}

impl Shared {
    pub fn new(c: &OffersConfig) -> Shared {
        Shared {
            refresh_tokens: c.refresh_tokens.clone(),
            state: Mutex::new(State {
                seed: c.seed,
                minute: 0,
                registered: 0,
                offers_made: 0,
                products: BTreeMap::new(),
                log: Vec::new(),
            }),
            stats: Mutex::new(OffersStats::default()),
            runtime: Mutex::new(Runtime { faults: c.faults, latency: c.latency, rate: None, fault_counter: 0 }),
            extra: Mutex::new(Extra { jwt_ttl: c.jwt_ttl, revoked: HashSet::new(), jwts: 0 }),
        }
    }
}
