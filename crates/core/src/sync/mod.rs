//! Background sync: the role traits connectors implement (a `Connection` per shop), the engine that runs one job, and the
//! scheduler that decides when each job runs.

pub mod channel;
pub mod engine;
pub mod plan;
pub mod scheduler;

pub use channel::{
    ChannelError, Connection, EditOutcome, FulfilmentOutcome, FulfilmentReport, LocalView, Next, OffersReport,
    OffersSource, Page, Pull, PushReport, Quarantined, Records, RequestTally, SalesChannel, Warehouse,
};
pub use engine::{run_job, StopSignal};
