mod check;
mod inspect;
mod rotate;
