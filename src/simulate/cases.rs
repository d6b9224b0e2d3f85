//! The cases of `dialogs/tests/*.yaml`: each runs through `simulate` and is
//! compared with what it expects; a case that differs, or a file that does
//! not parse, is a diagnostic at its own line. `restride check` and the test
//! suite both run them through here.

use crate::dialog::diag::{Diagnostic, Pos};
use crate::dialog::load::Sources;
use crate::dialog::model::S;
use crate::dialog::required::compile_complete;
use crate::dialog::{Dialogs, compile::render, yaml};
use crate::engine::Env;
use crate::simulate::{self, SimError};
use serde::Deserialize;
use serde_json::Value as J;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: S<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
    answers: BTreeMap<String, J>,
    #[serde(default)]
    checkins: Option<Vec<Option<BTreeMap<String, J>>>>,
    /// The day of the first check-in (default 1; 0 is the intake's own day).
    #[serde(default = "day_one")]
    first_day: u32,
    expect: Expect,
}

fn day_one() -> u32 {
    1
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    exit: i32,
    error_mentions: Option<String>,
    status: Option<String>,
    asked: Option<Vec<String>>,
    urgency: Option<String>,
    referrals: Option<Vec<String>>,
    running: Option<String>,
    exercise_level: Option<String>,
    advice: Option<Vec<String>>,
    #[serde(default)]
    exercises_include: Vec<String>,
    #[serde(default)]
    exercises_exclude: Vec<String>,
    exercises_empty: Option<bool>,
    scores: Option<BTreeMap<String, J>>,
    checkins: Option<Vec<BTreeMap<String, J>>>,
}

/// What running the cases gave.
#[derive(Debug, Default)]
pub struct Report {
    /// How many cases ran.
    pub count: usize,
    /// How many of them do not give what they expect (or share a name).
    pub failed: usize,
    /// One per failing case or unreadable file.
    pub problems: Vec<Diagnostic>,
}

/// Runs every case of `cases` (the files of a `tests/` directory).
pub fn run(env: &Env, cases: &Sources) -> Report {
    let mut report = Report::default();
    let mut names: BTreeMap<String, Pos> = BTreeMap::new();
    for (rel, text) in &cases.files {
        let display = cases.display(rel);
        let file: File = match serde_saphyr::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                report.problems.push(yaml::error(&display, text, &e));
                continue;
            }
        };
        for case in file.cases {
            report.count += 1;
            let name = &case.name.value;
            let pos = Pos::new(&display, &case.name.referenced);
            let width = name.chars().count();
            if let Some(first) = names.get(name) {
                report.failed += 1;
                report.problems.push(
                    Diagnostic::new(pos, format!("case name `{name}` is used twice"))
                        .hint(format!(
                            "the first is at {first}; give each case its own name"
                        ))
                        .width(width),
                );
                continue;
            }
            names.insert(name.clone(), pos.clone());
            let bad = differences(env, &case);
            if !bad.is_empty() {
                report.failed += 1;
                report.problems.push(
                    Diagnostic::new(pos, format!("case `{name}` does not give what it expects"))
                        .hint(bad.join("\n           "))
                        .width(width),
                );
            }
        }
    }
    report
}

/// `restride check`: the dialogs, with every text the code sends, then the
/// cases when there are any. The summary lines, or every problem rendered.
pub fn check(
    src: &Sources,
    cases: Option<&Sources>,
    constants: &BTreeMap<String, String>,
) -> Result<(Dialogs, String), String> {
    let d = compile_complete(src).map_err(|diags| render(src, &diags))?;
    let mut summary = format!("{}\n", d.summary());
    if let Some(cases) = cases {
        let env = Env {
            dialogs: &d,
            constants,
            lang: crate::dialog::locales::EN,
        };
        let report = run(&env, cases);
        if !report.problems.is_empty() {
            let mut text = render(cases, &report.problems);
            if report.failed > 0 {
                text.push_str(&format!(
                    "{} of {} cases fail\n",
                    report.failed, report.count
                ));
            }
            return Err(text);
        }
        summary.push_str(&if report.count == 1 {
            "1 case passes\n".to_owned()
        } else {
            format!("{} cases pass\n", report.count)
        });
    }
    Ok((d, summary))
}

/// Every way the case's outcome differs from what it expects, one line each.
fn differences(env: &Env, case: &Case) -> Vec<String> {
    let got = simulate::simulate_from(env, &case.answers, case.checkins.as_deref(), case.first_day);
    let mut bad = match &got {
        Ok(j) => invariants(j),
        Err(_) => vec![],
    };
    bad.extend(compare(case, got));
    bad
}

fn set(v: &J) -> Vec<String> {
    let mut s = ordered(v);
    s.sort();
    s
}

fn ordered(v: &J) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The fields of `got` that differ from what the case expects.
fn compare(c: &Case, got: Result<J, SimError>) -> Vec<String> {
    let w = &c.expect;
    let mut bad = Vec::new();
    let out = match got {
        Err(e) => {
            if w.exit != e.code {
                bad.push(format!(
                    "exit: want {}, got {} ({})",
                    w.exit, e.code, e.message
                ));
            }
            if let Some(m) = &w.error_mentions
                && !e.message.contains(m.as_str())
            {
                bad.push(format!("error should name `{m}`: {}", e.message));
            }
            return bad;
        }
        Ok(j) => j,
    };
    if w.exit != 0 {
        bad.push(format!("exit: want {}, got 0", w.exit));
        return bad;
    }
    let o = &out["outcome"];
    let eq = |bad: &mut Vec<String>, name: &str, want: &Option<String>, got: &J| {
        if let Some(want) = want
            && got.as_str() != Some(want.as_str())
        {
            let got = got.as_str().map_or_else(|| got.to_string(), str::to_owned);
            bad.push(format!("{name}: want {want}, got {got}"));
        }
    };
    eq(&mut bad, "status", &w.status, &out["status"]);
    eq(&mut bad, "urgency", &w.urgency, &o["urgency"]);
    eq(&mut bad, "running", &w.running, &o["running"]);
    eq(
        &mut bad,
        "exercise_level",
        &w.exercise_level,
        &o["exercise_level"],
    );
    if let Some(a) = &w.asked {
        let got = ordered(&out["asked"]);
        if &got != a {
            bad.push(format!("asked: want {a:?}, got {got:?}"));
        }
    }
    for (name, want, got) in [
        ("referrals", &w.referrals, &o["referrals"]),
        ("advice", &w.advice, &o["advice"]),
    ] {
        if let Some(want) = want
            && sorted(want.clone()) != set(got)
        {
            bad.push(format!(
                "{name}: want {:?}, got {:?}",
                sorted(want.clone()),
                set(got)
            ));
        }
    }
    let ex = set(&o["exercises"]);
    for i in &w.exercises_include {
        if !ex.contains(i) {
            bad.push(format!("exercises should include {i}: {ex:?}"));
        }
    }
    for i in &w.exercises_exclude {
        if ex.contains(i) {
            bad.push(format!("exercises should not include {i}: {ex:?}"));
        }
    }
    if w.exercises_empty == Some(true) && !ex.is_empty() {
        bad.push(format!("exercises should be empty: {ex:?}"));
    }
    if let Some(scores) = &w.scores {
        for (k, v) in scores {
            let g = &o["scores"][k];
            let same = match (v.as_f64(), g.as_f64()) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                _ => v == g,
            };
            if !same {
                bad.push(format!("scores.{k}: want {v}, got {g}"));
            }
        }
    }
    if let Some(days) = &w.checkins {
        let got = out["checkins"].as_array().cloned().unwrap_or_default();
        for want in days {
            let day = want.get("day").and_then(J::as_u64).unwrap_or(0);
            let Some(g) = got.iter().find(|g| g["day"].as_u64() == Some(day)) else {
                bad.push(format!(
                    "checkins: no record for day {day} (got {} records)",
                    got.len()
                ));
                continue;
            };
            for (k, v) in want {
                let same = if v.is_array() {
                    set(v) == set(&g[k])
                } else {
                    v == &g[k]
                };
                if !same {
                    bad.push(format!("checkins day {day} {k}: want {v}, got {}", g[k]));
                }
            }
        }
        if days.is_empty() && !got.is_empty() {
            bad.push(format!("checkins: want [], got {} records", got.len()));
        }
    }
    bad
}

/// Every property SCREENING.md 3.7 and 3.8 asks of any outcome.
fn invariants(out: &J) -> Vec<String> {
    let mut bad = Vec::new();
    let o = &out["outcome"];
    let ex = ordered(&o["exercises"]);
    let status = out["status"].as_str().unwrap_or("");
    if status != "complete" {
        if !ex.is_empty() || !set(&o["advice"]).is_empty() {
            bad.push("an early end has exercises or advice".to_owned());
        }
        return bad;
    }
    if !(3..=8).contains(&ex.len()) {
        bad.push(format!("a complete plan has {} exercises", ex.len()));
    }
    let graded = o["running"] == "graded_return";
    if graded != ex.iter().any(|e| e == "walk_run_intervals") {
        bad.push("walk_run_intervals iff graded_return".to_owned());
    }
    let strength = |e: &String| {
        [
            "squat",
            "split_squat",
            "sit_to_stand",
            "side_lying_abduction",
        ]
        .contains(&e.as_str())
            || e.starts_with("single_leg_")
    };
    if o["exercise_level"] == "gentle" && ex.iter().any(strength) {
        bad.push("a strength exercise at gentle".to_owned());
    }
    if !set(&o["advice"]).contains(&"stop_if_symptoms".to_owned()) {
        bad.push("a complete outcome without stop_if_symptoms".to_owned());
    }
    bad
}
