//! Issue 15 for clinics: what a deleted or withdrawn mum leaves queued for
//! staff, one chat flooding staff with summaries, references that outlive a
//! deletion, and single-patient links taken by strangers.

use crate::clinics::{
    NORTH_STAFF, SOUTH_STAFF, World, audit, now, open_and_share, patient_link, reference,
};
use crate::util::texts;
use restride::ops::admin::Request;
use restride::telegram::core::Incoming;

/// Issue 15: a single-patient link is matched only after the share consent
/// and with the code the clinic gave her apart from the link; a stranger who
/// opens it first gets nothing of the clinic's, and a second opener after
/// the match is told it is used.
#[test]
fn a_single_patient_link_needs_her_code_after_consent_and_is_audited() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    let (token, code) = patient_link(&w, "APPT-4411");
    assert!(
        !token.contains("4411") && !token.contains("north"),
        "opaque: {token}"
    );
    assert!(token.len() <= 64 && code.len() == 6);
    // A stranger opens it first: no match without the code.
    let stranger = 151;
    let t = open_and_share(&w, stranger, &token);
    assert!(t.contains("short code"), "{t}");
    for _ in 0..2 {
        assert!(w.say(stranger, "ABC123").contains("doesn't match"));
    }
    let t = w.say(stranger, "ZZZ999");
    assert!(t.contains("couldn't match"), "{t}");
    assert_eq!(
        w.core.store.session(stranger).unwrap().unwrap().patient_ref,
        None
    );
    // Her: the code the clinic gave her, typed loosely.
    let mum = 150;
    open_and_share(&w, mum, &token);
    let t = w.say(mum, &format!(" {} ", code.to_lowercase()));
    assert!(t.contains("that matches"), "{t}");
    w.intake(mum, "sh|y");
    let north = w.inbox(NORTH_STAFF);
    assert!(north.contains("APPT-4411"), "{north}");
    assert!(w.say(NORTH_STAFF, "/patients").contains("APPT-4411"));
    assert!(
        w.say(NORTH_STAFF, "/patient APPT-4411")
            .contains(&reference(&w, "north", mum))
    );
    let stranger_ref = reference(&w, "north", stranger);
    assert!(
        !w.say(NORTH_STAFF, "/patient APPT-4411")
            .contains(&stranger_ref)
    );
    // Someone else with the same link now: told it is used.
    let t = w.say(152, &format!("/start {token}"));
    assert!(t.contains("used already"), "{t}");
    assert_eq!(
        w.core.store.session(152).unwrap().unwrap().patient_ref,
        None
    );
    let log = audit(&w, "north");
    assert!(log.contains("link_matched"), "{log}");
    // The operator's list, and revoking.
    let list = w
        .admin(
            Request::LinkList {
                clinic: "north".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "matched");
    let (other, _) = patient_link(&w, "APPT-5000");
    let revoked = w
        .admin(
            Request::LinkRevoke {
                clinic: "north".into(),
                which: "APPT-5000".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(revoked[0]["revoked"], 1);
    assert!(w.core.store.read().link(&other).unwrap().is_none());
    assert!(audit(&w, "north").contains("link_revoked"));
}

/// Wrong codes from several chats lock the link for everyone.
#[test]
fn a_link_locks_after_five_wrong_codes() {
    let w = World::new();
    let (token, code) = patient_link(&w, "APPT-7");
    for chat in [160, 161] {
        open_and_share(&w, chat, &token);
        for _ in 0..3 {
            w.say(chat, "WRONG1");
        }
    }
    let list = w
        .admin(
            Request::LinkList {
                clinic: "north".into(),
            },
            now(),
        )
        .unwrap();
    assert_eq!(list[0]["status"], "locked");
    // Even the right code no longer matches.
    let t = open_and_share(&w, 162, &token);
    assert!(!t.contains("short code"), "{t}");
    w.say(162, &code);
    assert_eq!(
        w.core.store.session(162).unwrap().unwrap().patient_ref,
        None
    );
    assert!(audit(&w, "north").contains("link_locked"));
}

/// Issue 15: what a deleted or withdrawn mum leaves queued for staff.
#[test]
fn summaries_queued_for_staff_go_with_her_deletion_withdrawal_or_their_removal() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    w.enrol("north", SOUTH_STAFF);
    let queued = |staff: i64, r: &str| {
        w.core
            .store
            .outbox(staff)
            .unwrap()
            .iter()
            .any(|(_, o)| texts(std::slice::from_ref(o)).contains(r))
    };
    // Nothing is delivered here (as when the staff chats fail): the
    // summaries wait in the outbox.
    let (deleted, withdrawn) = (180, 181);
    for mum in [deleted, withdrawn] {
        w.say(mum, "/start north");
        w.intake(mum, "sh|y");
    }
    let (rd, rw) = (
        reference(&w, "north", deleted),
        reference(&w, "north", withdrawn),
    );
    assert!(queued(NORTH_STAFF, &rd) && queued(NORTH_STAFF, &rw));
    w.say(deleted, "/delete");
    w.tap(deleted, "del|yes");
    assert!(!queued(NORTH_STAFF, &rd), "her summary went with her");
    assert!(!queued(SOUTH_STAFF, &rd));
    assert!(queued(NORTH_STAFF, &rw), "another mum's stays");
    w.tap(withdrawn, "sh|w");
    assert!(!queued(NORTH_STAFF, &rw), "withdrawn: not sent after all");

    let kept = 182;
    w.say(kept, "/start north");
    w.intake(kept, "sh|y");
    let rk = reference(&w, "north", kept);
    w.admin(
        Request::StaffRemove {
            clinic: "north".into(),
            id: SOUTH_STAFF,
        },
        now(),
    )
    .unwrap();
    assert!(!queued(SOUTH_STAFF, &rk), "removed staff get nothing more");
    assert!(queued(NORTH_STAFF, &rk));
}

/// Issue 15: withdrawing and sharing again, over and over, sends her summary
/// to each staff member once, and the audit records that one share.
#[test]
fn sharing_the_same_plan_again_sends_nothing_new() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    w.enrol("north", SOUTH_STAFF);
    let mum = 185;
    w.say(mum, "/start north");
    w.intake(mum, "sh|y");
    let r = reference(&w, "north", mum);
    for _ in 0..10 {
        w.tap(mum, "sh|w");
        w.tap(mum, "sh|y");
    }
    for staff in [NORTH_STAFF, SOUTH_STAFF] {
        assert_eq!(
            w.inbox(staff).matches("Restride summary").count(),
            1,
            "{}",
            w.inbox(staff)
        );
    }
    assert!(w.say(NORTH_STAFF, "/patients").contains(&r), "on the list");
    assert_eq!(audit(&w, "north").matches("summary_sent").count(), 2);
}

/// Issue 15: a mum who deletes and comes back is a new patient to the
/// clinic: her old and new summaries cannot be linked by their reference.
#[test]
fn a_reference_does_not_survive_a_deletion() {
    let w = World::new();
    w.enrol("north", NORTH_STAFF);
    let mum = 187;
    w.say(mum, "/start north");
    w.intake(mum, "sh|y");
    let before = reference(&w, "north", mum);
    w.say(mum, "/delete");
    w.tap(mum, "del|yes");
    w.handle(
        Incoming::Text {
            chat: mum,
            text: "/start north".into(),
        },
        now() + 600,
    );
    w.intake(mum, "sh|y");
    let after = reference(&w, "north", mum);
    assert_ne!(before, after);
    let list = w.say(NORTH_STAFF, "/patients");
    assert!(list.contains(&after) && !list.contains(&before), "{list}");
}
