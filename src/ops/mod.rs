//! For the operator: the metrics listener and the admin socket.

pub mod admin;
pub mod metrics;
