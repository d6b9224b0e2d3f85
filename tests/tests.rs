//! The one integration-test binary (`cargo test` runs every module here).

mod util;

mod cases;
mod check;
mod cli;
mod props;
mod telegram;
mod transcripts;
