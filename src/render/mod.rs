//! Pictures drawn in memory: the progress chart and the clinic poster.

pub mod chart;
pub mod poster;
