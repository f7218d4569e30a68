//! Meta's error codes turned into the fix a person needs.
//!
//! One table for every command. The codes and their meaning come from Meta's error-code
//! pages (graph-api-facts.md §2); the classification is by `code` and `error_subcode` only.

const ROTATE: &str = "generate a new token (Meta Business Settings › Users › System users › Generate new token), then run `wa-token rotate`";
const PERMISSIONS: &str = "in Meta Business Settings › Users › System users, assign the WhatsApp account to the system user, generate a new token with `whatsapp_business_messaging` and `whatsapp_business_management` ticked, then run `wa-token rotate`";

/// The plain cause and fix for a Graph error code, when we know one.
pub fn for_code(code: i64, subcode: Option<i64>) -> Option<String> {
    let hint = match (code, subcode) {
        (190, Some(463)) => format!("the token has expired: {ROTATE}"),
        (190, Some(460)) => format!("the token was invalidated by a password change or a security reset: {ROTATE}"),
        (190, Some(458)) => format!("the app was removed or de-authorised for this user: reinstall the app for the system user, {ROTATE}"),
        (190, Some(459)) => "the user is checkpointed: log in to facebook.com and clear the checkpoint, then generate a new token".to_string(),
        (190, Some(464)) => "the user is unconfirmed: confirm the account, then generate a new token".to_string(),
        (190, Some(466)) => format!("the token was revoked through the API: {ROTATE}"),
        (190, Some(467)) => format!("the session ended because the user logged out: {ROTATE}"),
        (190, Some(492)) => format!("the user lost their role on the page or business: restore it, {ROTATE}"),
        (190, _) => format!("the token is not valid (check it was copied whole, with no quotes or spaces): {ROTATE}"),
        (102, _) => format!("the session is invalid: {ROTATE}"),
        (0, _) => format!("Meta could not authenticate the app user (token expired or invalidated, or the user blocked apps): {ROTATE}"),
        (3, _) => format!("the app lacks the capability or permission for this call: check the token in the Access Token Debugger; {PERMISSIONS}"),
        (4, _) => "the app hit its rate limit: wait and retry; see the App Dashboard's rate-limit panel".to_string(),
        (17, _) => "the user hit its rate limit: wait and retry".to_string(),
        (341, _) => "the application limit was reached: wait and retry".to_string(),
        (10, _) => format!("permission denied: {PERMISSIONS}"),
        (100, Some(33)) => "no object with this ID can be reached: check WHATSAPP_PHONE_NUMBER_ID is the phone-number ID (API Setup), not the WABA ID or the phone number itself, and that the token was generated with access to it".to_string(),
        (100, _) => "Meta rejected a parameter: check the phone-number ID and the request".to_string(),
        (104, _) => "no access token reached Meta: check the token variable is set".to_string(),
        (200..=299, _) => format!("a permission is missing or was removed; tokens keep the grants they were generated with: {PERMISSIONS}"),
        (368, _) => "the account is temporarily blocked for policy violations: see Policy Enforcement in WhatsApp Manager, and wait".to_string(),
        (80007, _) => "too many calls to this WhatsApp Business Account: wait a bit and try again".to_string(),
        (130429, _) => "Cloud API throughput reached: lower the send rate and retry later".to_string(),
        (130472, _) => "the recipient's number is part of a Meta experiment: try another recipient".to_string(),
        (130497, _) => "the business cannot message users in this country: complete business verification in Meta Business Settings".to_string(),
        (131000, _) => "Meta failed for an unknown reason: retry once; if it persists, contact Meta Direct Support with the fbtrace_id".to_string(),
        (131005, _) => format!("access denied: the token lacks `whatsapp_business_messaging`, reaches another WhatsApp account, or billing is blocked; {PERMISSIONS}"),
        (131008, _) => "a required parameter is missing from the message".to_string(),
        (131009, _) => "a parameter value is not valid: check the recipient number (country code, digits only) and the phone-number ID".to_string(),
        (131016, _) => "the service is unavailable: retry later".to_string(),
        (131021, _) => "the recipient is the sending number itself: send to a different number".to_string(),
        (131026, _) => "the message is undeliverable: the recipient may not use WhatsApp, run an old version, or not have accepted the terms".to_string(),
        (131030, _) => "the recipient is not in the test number's allowed list: add it in the App Dashboard › WhatsApp › API Setup › To, or use a production number".to_string(),
        (131031, _) => "the business account is locked (policy or data verification): see Policy Enforcement and the Health Status API in WhatsApp Manager".to_string(),
        (131042, _) => "a payment problem blocks messaging: fix the payment method in WhatsApp Manager › Billing".to_string(),
        (131045, _) => "the phone number's certificate is wrong: register the number again".to_string(),
        (131047, _) => "more than 24 hours have passed since the recipient last wrote: send an approved template (the default `hello_world`) instead of --text".to_string(),
        (131048, _) => "the spam rate limit was hit: check the number's quality in WhatsApp Manager".to_string(),
        (131051, _) => "this message type is not supported".to_string(),
        (131056, _) => "too many messages to the same recipient in a short time: wait a minute (Meta allows about 1 message every 6 s per recipient)".to_string(),
        (131057, _) => "the account is in maintenance mode (throughput upgrade): wait and retry".to_string(),
        (132000, _) => "the template's parameter count does not match: `hello_world` takes none".to_string(),
        (132001, _) => "the template does not exist in this language or is not approved: check --template and --lang (`en_US` is not `en`) in WhatsApp Manager › Message templates".to_string(),
        (132005, _) => "the template's text is too long once filled in".to_string(),
        (132007, _) => "the template's content breaks WhatsApp policy".to_string(),
        (132012, _) => "a template parameter has the wrong format".to_string(),
        (132015, _) => "the template is paused for low quality: edit it or use another".to_string(),
        (132016, _) => "the template is disabled: use another".to_string(),
        (133000, _) => "a previous deregistration did not finish: deregister the number again".to_string(),
        (133004, _) => "the server is temporarily unavailable: retry later".to_string(),
        (133010, _) => "the phone number is not registered on the Cloud API: register it with `POST /{phone-number-id}/register` (messaging_product and a 6-digit pin)".to_string(),
        (133015, _) => "the number was recently deleted: wait 5 minutes and retry".to_string(),
        (133016, _) => "too many register/deregister attempts: wait before trying again".to_string(),
        (135000, _) => "Meta reports a generic user error: check the request parameters".to_string(),
        (1, _) | (2, _) => "a temporary problem at Meta: retry in a moment".to_string(),
        _ => return None,
    };
    Some(hint)
}

/// Why Meta refused `POST /{system-user-id}/access_tokens`, and what to do, in Meta's terms.
/// Codes as for every call; the meaning is this call's (graph-api-facts.md §5).
pub fn for_mint(code: i64, subcode: Option<i64>) -> Option<String> {
    let hint = match (code, subcode) {
        (190, _) | (102, _) => "the token that mints is not valid any more: a 60-day token not renewed in time is forfeited and cannot mint its successor; mint with an admin's token instead: `wa-token mint --admin-token-stdin --system-user-id ID` (an admin's token, or an admin system user's, from Business Settings › Users › System users)".to_string(),
        (100, Some(33)) => "no system user with this ID can be reached: check --system-user-id (Business Settings › Users › System users shows the ID)".to_string(),
        (100, _) => "the app must be installed for the system user before it can have a token: `POST /{system-user-id}/applications` with `business_app` set to WHATSAPP_APP_ID (or Business Settings › Users › System users › Assign assets › Apps), and the app must be claimed by the same business".to_string(),
        (200..=299, _) | (10, _) => "the token that mints must be the system user's own token, or an admin's or admin system user's token in the same business as the system user: use --admin-token-stdin with an admin's token".to_string(),
        (3962, _) => "a permission in --scope is not one the system user can be given: ask for whatsapp_business_messaging and whatsapp_business_management".to_string(),
        (452, _) => "the session of the token that mints is not valid: use a fresh admin token with --admin-token-stdin".to_string(),
        _ => return for_code(code, subcode),
    };
    Some(hint)
}

/// Why Meta refused `oauth/revoke`, and what to do.
pub fn for_revoke(code: i64, subcode: Option<i64>) -> Option<String> {
    let hint = match (code, subcode) {
        (1, _) => "Meta rejected the app secret: check WHATSAPP_APP_SECRET (App Dashboard › App settings › Basic)".to_string(),
        (101, _) => "Meta does not know this app ID: check WHATSAPP_APP_ID (App Dashboard › App settings › Basic)".to_string(),
        (100, _) => "the token, the token that revokes it and the app credentials must all belong to the same app: revoke a token of another app with that app's credentials".to_string(),
        (190, _) | (102, _) => "the token that makes the request is not valid: with --token-stdin it is the env file's token (check it with `wa-token check`); a token can also revoke itself, from an env file that holds it, with --current".to_string(),
        _ => return for_code(code, subcode),
    };
    Some(hint)
}

/// Where a missing permission is granted.
pub fn for_missing_scopes(missing: &[String]) -> String {
    let list = missing
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    format!(
        "the token lacks {list}: in Meta Business Settings › Users › System users, select the system user, Generate new token, tick {list}, then run `wa-token rotate`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(code: i64, sub: Option<i64>) -> Option<String> {
        for_code(code, sub)
    }

    #[test]
    fn every_code_users_meet_has_a_hint() {
        for code in [
            0, 3, 4, 10, 100, 190, 200, 250, 299, 368, 80007, 130429, 131000, 131005, 131008, 131009, 131021, 131026,
            131030, 131031, 131047, 131051, 131056, 132000, 132001, 133010,
        ] {
            assert!(hint(code, None).is_some(), "no hint for {code}");
        }
        assert!(hint(190, Some(463)).unwrap().contains("wa-token rotate"));
        assert!(hint(100, Some(33)).unwrap().contains("phone-number ID"));
        assert!(hint(131030, None).unwrap().contains("API Setup"));
        assert_eq!(hint(999_999, None), None);
    }

    #[test]
    fn mint_and_revoke_refusals_say_what_to_do() {
        assert!(for_mint(190, Some(463)).unwrap().contains("--admin-token-stdin"));
        assert!(for_mint(100, None).unwrap().contains("/applications"));
        assert!(for_mint(200, None).unwrap().contains("admin"));
        assert!(for_mint(100, Some(33)).unwrap().contains("--system-user-id"));
        assert!(for_revoke(1, None).unwrap().contains("WHATSAPP_APP_SECRET"));
        assert!(for_revoke(101, None).unwrap().contains("WHATSAPP_APP_ID"));
    }
}
