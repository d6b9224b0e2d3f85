//! What a change of dialog files does to stored sessions.

use super::Session;
use crate::dialog::Dialogs;

/// (sessions in progress, how many of them stand on a node the new version lacks).
pub fn count_moves(d: &Dialogs, sessions: &[(i64, Session)]) -> (usize, usize) {
    let open: Vec<&Session> = sessions
        .iter()
        .map(|(_, s)| s)
        .filter(|s| !s.finished())
        .collect();
    let moved = open
        .iter()
        .filter(|s| {
            let Some(flow) = d.flow(&s.flow) else {
                return true;
            };
            s.node.as_deref().is_some_and(|n| flow.node(n).is_none()) || s.version != flow.version
        })
        .count();
    (open.len(), moved)
}
