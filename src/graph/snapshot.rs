//! One concurrent read of everything known about a token: `debug_token`, and the
//! configured phone number and business account read with the token itself. inspect,
//! doctor and the validation of a new token all start from it.

use super::client::Graph;
use super::errors::CallError;
use super::nodes::{BusinessAccount, DebugData, PhoneNumber};
use crate::secret::Secret;

pub const PHONE_FIELDS: &str = "id,display_phone_number,verified_name,quality_rating,code_verification_status,name_status,platform_type,throughput,account_mode,messaging_limit_tier,status";
const WABA_FIELDS: &str = "id,name,account_review_status,business_verification_status,ownership_type,timezone_id,message_template_namespace,currency";
/// doctor also checks that the phone number belongs to the business account.
const WABA_WITH_PHONES: &str = "id,name,account_review_status,business_verification_status,phone_numbers";
/// Enough to prove a new token reads the phone number.
const PHONE_BRIEF: &str = "id,display_phone_number,verified_name";

/// Which reads to make, and with which fields.
#[derive(Clone, Copy, Debug)]
pub enum Want {
    /// inspect: every field it shows.
    Everything,
    /// doctor: the business account with its phone numbers.
    Diagnosis,
    /// A new token's validation: a brief phone read, no business account.
    Validation,
}

/// The three answers; `None` where there was nothing to read.
#[derive(Debug)]
pub struct Snapshot {
    pub debug: Result<DebugData, CallError>,
    pub phone: Option<Result<PhoneNumber, CallError>>,
    pub waba: Option<Result<BusinessAccount, CallError>>,
}

impl Snapshot {
    pub async fn fetch(
        graph: &Graph,
        token: &Secret,
        phone_id: Option<&str>,
        waba_id: Option<&str>,
        want: Want,
    ) -> Snapshot {
        let (phone_fields, waba_fields) = match want {
            Want::Everything => (PHONE_FIELDS, Some(WABA_FIELDS)),
            Want::Diagnosis => (PHONE_FIELDS, Some(WABA_WITH_PHONES)),
            Want::Validation => (PHONE_BRIEF, None),
        };
        let (debug, phone, waba) = tokio::join!(
            graph.debug_token(token),
            async {
                match phone_id {
                    Some(id) => Some(graph.node::<PhoneNumber>(id, phone_fields, token).await),
                    None => None,
                }
            },
            async {
                match (waba_id, waba_fields) {
                    (Some(id), Some(fields)) => Some(graph.node::<BusinessAccount>(id, fields, token).await),
                    _ => None,
                }
            },
        );
        Snapshot { debug, phone, waba }
    }

    /// Whether Graph answered anything at all (an error envelope is an answer).
    pub fn reachable(&self) -> bool {
        fn answered<T>(r: &Result<T, CallError>) -> bool {
            matches!(r, Ok(_) | Err(CallError::Api(_)))
        }
        answered(&self.debug) || self.phone.as_ref().is_some_and(answered) || self.waba.as_ref().is_some_and(answered)
    }
}
