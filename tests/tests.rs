//! The one integration-test binary (`cargo test` runs every module here).

mod util;

mod cases;
mod check;
mod checkins;
mod cli;
mod clinic_process;
mod clinic_safety;
mod clinics;
mod erasure;
mod every_mum;
mod fake_api;
mod faults;
mod fuzz;
mod languages;
mod operator;
mod postgres;
mod process;
mod props;
mod requests;
mod requests_bin;
mod script;
mod telegram;
mod terminal;
mod transcripts;
mod webhook;
