//! Meta's Graph API: the client, the pool its runs share and Meta's rate limits, its
//! errors and hint table, the typed nodes, the one concurrent read (`snapshot`) that
//! inspect, doctor and validation share, and how a request reaches its host (`net`: the
//! trust store in `trust`, the proxy in `proxy`).

mod client;
mod errors;
pub mod hints;
mod limits;
pub mod net;
mod nodes;
mod pool;
mod proxy;
mod snapshot;
mod trust;

pub use client::{Graph, MAX_BODY_BYTES, MintRequest, RevokeAnswer, appsecret_proof, decode_answer};
pub use errors::{CallError, GraphError, code_label};
pub use nodes::{BusinessAccount, DebugData, GranularScope, PhoneNumber, target_ids};
pub use pool::Pool;
pub use snapshot::{Snapshot, Want};
