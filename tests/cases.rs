//! Runs every case of `dialogs/tests/*.yaml` through `simulate` and reports
//! each field that differs from what the case expects.

use crate::util::{env, root};
use restride::simulate::{self, SimError};
use serde::Deserialize;
use serde_json::Value as J;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Case {
    name: String,
    #[serde(default)]
    note: Option<String>,
    answers: BTreeMap<String, J>,
    #[serde(default)]
    checkins: Option<Vec<Option<BTreeMap<String, J>>>>,
    expect: Expect,
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

fn set(v: &J) -> Vec<String> {
    let mut s: Vec<String> = v
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    s.sort();
    s
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The fields of `got` that differ from `want`, one line each.
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
        let got: Vec<String> = set_ordered(&out["asked"]);
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

fn set_ordered(v: &J) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Every property SCREENING.md 3.7 and 3.8 asks of any outcome.
fn invariants(out: &J) -> Vec<String> {
    let mut bad = Vec::new();
    let o = &out["outcome"];
    let ex = set_ordered(&o["exercises"]);
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
    if o["exercise_level"] == "gentle"
        && ex.iter().any(|e| {
            [
                "squat",
                "split_squat",
                "sit_to_stand",
                "side_lying_abduction",
            ]
            .contains(&e.as_str())
                || e.starts_with("single_leg_")
        })
    {
        bad.push("a strength exercise at gentle".to_owned());
    }
    if !set(&o["advice"]).contains(&"stop_if_symptoms".to_owned()) {
        bad.push("a complete outcome without stop_if_symptoms".to_owned());
    }
    bad
}

#[test]
fn every_dialog_case_gives_its_expected_outcome() {
    let env = env();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut files: Vec<_> = std::fs::read_dir(root().join("dialogs/tests"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut names = std::collections::BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: File =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.cases {
            count += 1;
            assert!(
                names.insert(case.name.clone()),
                "case name {} is used twice",
                case.name
            );
            let got = simulate::simulate(&env, &case.answers, case.checkins.as_deref());
            let mut bad = match &got {
                Ok(j) => invariants(j),
                Err(_) => vec![],
            };
            bad.extend(compare(&case, got));
            if !bad.is_empty() {
                failures.push(format!(
                    "{} ({}):\n    {}",
                    case.name,
                    path.file_name().unwrap().to_string_lossy(),
                    bad.join("\n    ")
                ));
            }
        }
    }
    assert!(count >= 60, "only {count} dialog cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
