mod check;
mod docs;
mod inspect;
mod props;
mod rotate;
mod send_test;
mod spec;
