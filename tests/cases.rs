//! Runs every case of `dialogs/tests/*.yaml` through `simulate` (the runner
//! `restride check` uses) and reports each field that differs from what the
//! case expects.

use crate::util::{env, root};
use restride::dialog::compile::render;
use restride::dialog::load::Sources;
use restride::simulate::cases;

#[test]
fn every_dialog_case_gives_its_expected_outcome() {
    let src = Sources::cases(&root().join("dialogs"))
        .unwrap()
        .expect("dialogs/tests");
    let report = cases::run(&env(), &src);
    assert!(report.count >= 60, "only {} dialog cases", report.count);
    assert!(
        report.problems.is_empty(),
        "{} of {} cases differ:\n{}",
        report.failed,
        report.count,
        render(&src, &report.problems)
    );
}
