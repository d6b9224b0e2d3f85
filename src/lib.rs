//! Restride: a screening conversation for mothers returning to exercise after
//! birth. The dialog engine is pure; adapters (terminal, Telegram, simulate)
//! carry out its effects.

pub mod bot;
pub mod chat;
pub mod checkin;
pub mod cli;
pub mod clinic;
pub mod config;
pub mod dialog;
pub mod engine;
pub mod graph;
pub mod outbox;
pub mod plan;
pub mod simulate;
pub mod store;
pub mod telegram;
