//! Fuzz what wa-token makes of a server's answer: any status and body decode to a value or
//! a classified error, whose messages and hints render without panicking and carry no
//! control character (server text is made one harmless line where it is decoded).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wa_token::graph::{CallError, decode_answer};

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.split_first() {
        Some((first, rest)) => (200 + u16::from(*first) % 400, rest),
        None => (200, data),
    };
    for outcome in decode_answer(status, body) {
        if let Err(e) = outcome {
            if let CallError::Api(g) = &e {
                assert!(!g.message.chars().any(char::is_control), "a control character survived");
                let _ = g.hint();
                let _ = g.summary();
            }
            let failure = e.into_failure("debug_token failed");
            assert!(!failure.message.contains('\n'), "a line break survived: {:?}", failure.message);
        }
    }
});
