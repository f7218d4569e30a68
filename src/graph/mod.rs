//! Meta's Graph API: the client, the pool its runs share and Meta's rate limits, its
//! errors and hint table, the typed nodes, and the one concurrent read (`snapshot`) that
//! inspect, doctor and validation share.

mod client;
mod errors;
pub mod hints;
mod limits;
mod nodes;
mod pool;
mod snapshot;

pub use client::{Graph, MAX_BODY_BYTES, appsecret_proof};
pub use errors::{CallError, GraphError, code_label};
pub use nodes::{BusinessAccount, DebugData, GranularScope, PhoneNumber, target_ids};
pub use pool::Pool;
pub use snapshot::{Snapshot, Want};
