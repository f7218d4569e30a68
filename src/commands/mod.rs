//! One file per subcommand.

pub mod check;
pub mod completions;
pub mod inspect;
pub mod rotate;
pub mod send_test;
