//! Restride: a screening conversation for mothers returning to exercise after
//! birth. The dialog engine is pure; adapters (terminal, Telegram, simulate)
//! carry out its effects.

pub mod app;
pub mod checkin;
pub mod cli;
pub mod clinic;
pub mod config;
pub mod dialog;
pub mod engine;
pub mod files;
pub mod graph;
mod imports;
pub mod ops;
pub mod outbox;
pub mod plan;
pub mod render;
pub mod service;
pub mod simulate;
pub mod store;
pub mod telegram;
pub mod terminal;
pub mod texts;
