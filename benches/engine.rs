//! Engine figures for BENCHMARKS.md: `cargo bench --bench engine`.

use criterion::{Criterion, criterion_group, criterion_main};
use restride::dialog::{compile, load::Sources};
use restride::engine::{Env, Input, Session, step};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

fn case() -> BTreeMap<String, serde_json::Value> {
    let text = r#"
answers:
  consent: true
  emergency_signs: []
  warning_signs: []
  weeks_postpartum: 20
  delivery: caesarean
  cleared_to_exercise: true
  goals: [running, strength]
  breastfeeding: true
  health_conditions: []
  pelvic_symptoms: [leak_urine]
  tummy_gap: false
  bleeding_after_8_weeks: false
  back_pain: true
  back_pain_area: lower
  back_pain_intensity: 5
  back_serious_signs: []
  sb_leg_pain: false
  sb_shoulder_neck: true
  sb_walk_short: false
  sb_dress_slowly: true
  sb_unsafe_active: true
  sb_worry: false
  sb_never_better: false
  sb_no_enjoyment: false
  sb_bothersome: moderately
  phq_interest: 1
  phq_down: 1
  sleep: poor
  energy_eating: false
  height_cm: 168
  weight_kg: 70
  ran_before: true
  buggy_running: true
  foot_pain: false
"#;
    restride::simulate::parse_case(text).unwrap()
}

fn benches(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogs");
    let src = Sources::from_dir(&dir).unwrap();
    c.bench_function("load and validate all dialogs", |b| {
        b.iter(|| compile(black_box(&src)).unwrap())
    });
    let dialogs = compile(&src).unwrap();
    let constants = BTreeMap::from([("emergency_number".to_owned(), "999".to_owned())]);
    let env = Env {
        dialogs: &dialogs,
        constants: &constants,
        lang: "en",
    };
    let (s, _) = step(&env, Session::new("intake", 1, "h", 0), Input::Start, 0);
    c.bench_function("one step (answer consent)", |b| {
        b.iter(|| step(&env, black_box(s.clone()), Input::Text("yes".into()), 1))
    });
    let answers = case();
    c.bench_function("a whole intake through simulate", |b| {
        b.iter(|| restride::simulate::simulate(&env, black_box(&answers), None).unwrap())
    });
}

criterion_group!(engine, benches);
criterion_main!(engine);
