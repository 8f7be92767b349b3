//! Background sync: the `Channel` trait connectors implement, the engine that runs one job, and the
//! scheduler that decides when each job runs.

pub mod channel;
pub mod engine;
pub mod plan;
pub mod scheduler;

pub use channel::{
    Channel, ChannelError, EditOutcome, FulfilmentOutcome, FulfilmentReport, LocalView, Next, OffersReport, Page,
    PushReport, Quarantined, Records, RequestTally,
};
pub use engine::{run_job, StopSignal};
