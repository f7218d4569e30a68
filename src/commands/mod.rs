//! One file per subcommand.

pub mod check;
pub mod completions;
pub mod doctor;
pub mod inspect;
pub mod refresh;
pub mod rotate;
pub mod send_test;
