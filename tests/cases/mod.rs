mod check;
mod inspect;
mod rotate;
mod send_test;
mod spec;
