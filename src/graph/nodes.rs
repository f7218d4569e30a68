//! Typed answers: `debug_token`'s data, and the phone-number and business-account nodes.

use super::errors::GraphError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `debug_token`'s `data` object.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct DebugData {
    pub app_id: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub application: Option<String>,
    pub expires_at: Option<i64>,
    pub data_access_expires_at: Option<i64>,
    #[serde(default)]
    pub is_valid: bool,
    pub issued_at: Option<i64>,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub granular_scopes: Vec<GranularScope>,
    pub user_id: Option<String>,
    pub profile_id: Option<String>,
    pub metadata: Option<Value>,
    pub error: Option<GraphError>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct GranularScope {
    pub scope: String,
    /// Absent when the permission applies to every asset.
    #[serde(default, deserialize_with = "ids_as_strings")]
    pub target_ids: Option<Vec<String>>,
}

/// Real answers carry target IDs as strings; the reference says integers. Take both.
fn ids_as_strings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let raw: Option<Vec<Value>> = Option::deserialize(d)?;
    Ok(raw.map(|ids| {
        ids.into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect()
    }))
}

/// WABA IDs a token is restricted to; `None` when it reaches every WABA.
pub fn target_ids(scopes: &[GranularScope]) -> Option<Vec<String>> {
    const WHATSAPP_SCOPES: &[&str] = &["whatsapp_business_management", "whatsapp_business_messaging"];
    let mut ids: Vec<String> = Vec::new();
    let mut restricted = false;
    for s in scopes.iter().filter(|s| WHATSAPP_SCOPES.contains(&s.scope.as_str())) {
        if let Some(t) = &s.target_ids {
            restricted = true;
            ids.extend(t.iter().cloned());
        }
    }
    ids.sort();
    ids.dedup();
    restricted.then_some(ids)
}

/// `GET /{phone-number-id}`: the fields wa-token asks for. Fields are declared in
/// alphabetical order, the order of the JSON that `inspect` prints; absent ones are left out.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct PhoneNumber {
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub account_mode: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub code_verification_status: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub display_phone_number: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub messaging_limit_tier: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name_status: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub platform_type: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub quality_rating: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<Throughput>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub verified_name: Option<String>,
}

/// `{"level": "STANDARD"}`
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct Throughput {
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

/// `GET /{waba-id}`: the fields wa-token asks for, in alphabetical order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct BusinessAccount {
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub account_review_status: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub business_verification_status: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub message_template_namespace: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub ownership_type: Option<String>,
    /// The `phone_numbers` edge, when it was asked for (doctor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_numbers: Option<Edge<PhoneNumber>>,
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub timezone_id: Option<String>,
}

/// A Graph edge: `{"data": [...], "paging": …}` (paging is not kept).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct Edge<T> {
    #[serde(default)]
    pub data: Vec<T>,
}

/// A scalar as text, whatever JSON type the server chose; anything else is absent. A field
/// of an odd type must not turn a whole answer into "unexpected shape".
fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    })
}
