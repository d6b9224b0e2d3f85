//! Restride: a screening conversation for mothers returning to exercise after
//! birth. The dialog engine is pure; adapters (terminal, Telegram, simulate)
//! carry out its effects.

pub mod contract;
pub mod dialog;
pub mod engine;
pub mod simulate;
pub mod plan;
pub mod config;
pub mod store;
pub mod graph;
pub mod chat;
pub mod cli;
