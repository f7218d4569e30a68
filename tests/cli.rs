//! The integration suite: the real binary against a local fake Graph API.

mod support;

mod cases;
