mod check;
mod inspect;
