//! The load test's baseline (issue 7): the same intake written the way a Rust developer would
//! otherwise write it with teloxide: its `Dialogue` on `SqliteStorage` (JSON), a `Dispatcher`
//! with long polling, and a state machine with the same questions, buttons and callback data
//! (`1|<node>|<nonce>|<action>`) as Restride's intake, so `examples/loadtest.rs` drives both.
//!
//! ```sh
//! cargo build --release --example baseline_bot --features baseline
//! cargo run --release --example loadtest -- --baseline
//! ```
//!
//! Environment: `TELOXIDE_TOKEN`, `TELOXIDE_API_URL`, and `RESTRIDE_DATA_DIR` (the SQLite file
//! is `baseline.sqlite` in it). SIGINT or SIGTERM stop the dispatcher and exit 0.
//!
//! It keeps no clinical rules: only the same number of steps, buttons and messages, its answers
//! in the dialogue state, and a fixed plan text of about the size of Restride's.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::error::Error;
use teloxide::dispatching::dialogue::{self, SqliteStorage, serializer::Json};
use teloxide::dispatching::{DpHandlerDescription, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{ChatAction, InlineKeyboardButton, InlineKeyboardMarkup, MessageId};

type Storage = SqliteStorage<Json>;
type MyDialogue = Dialogue<State, Storage>;
type HandlerResult = Result<(), Box<dyn Error + Send + Sync>>;

/// The flow version in the callback data.
const VERSION: u32 = 1;

/// Where a mum is, with her answers so far (stored as JSON in SQLite by the dialogue).
#[derive(Clone, Default, Serialize, Deserialize)]
pub enum State {
    #[default]
    Start,
    Asking {
        step: usize,
        nonce: u32,
        /// The message with the current question's buttons (0: a typed question).
        message_id: i32,
        /// Ticked options of a multiple-choice question.
        ticked: Vec<usize>,
        answers: BTreeMap<String, String>,
    },
    Done {
        status: String,
        answers: BTreeMap<String, String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Yes (`y`) / no (`x`).
    YesNo(&'static str, &'static str),
    /// One of the options (`p0`, `p1`, ...).
    Choice,
    /// Toggles (`t0`, ...), none (`n`) and done (`d`).
    Multi(&'static str),
    /// A typed number; `skip` adds a Skip button (`s`).
    Number { min: i64, max: i64, skip: bool },
    /// Information only: sent, then the next node follows at once.
    Message,
    /// The review: carry on (`ok`) or change (`ch`).
    Review,
}

struct Node {
    id: &'static str,
    text: &'static str,
    kind: Kind,
    options: &'static [&'static str],
    /// Asked only when this holds for her answers so far.
    when: fn(&BTreeMap<String, String>) -> bool,
}

fn always(_: &BTreeMap<String, String>) -> bool {
    true
}
fn weeks_at_least(a: &BTreeMap<String, String>, w: i64) -> bool {
    a.get("weeks_postpartum")
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|v| v >= w)
}
fn weeks_6(a: &BTreeMap<String, String>) -> bool {
    weeks_at_least(a, 6)
}
fn weeks_8(a: &BTreeMap<String, String>) -> bool {
    weeks_at_least(a, 8)
}
fn baby_not_with_me(a: &BTreeMap<String, String>) -> bool {
    a.get("baby_status").is_some_and(|v| v != "p0")
}
fn back_pain(a: &BTreeMap<String, String>) -> bool {
    a.get("back_pain").is_some_and(|v| v == "y")
}
fn running(a: &BTreeMap<String, String>) -> bool {
    a.get("goals")
        .is_some_and(|v| v.split(',').any(|t| t == "0"))
}

const YES_NO: Kind = Kind::YesNo("Yes", "No");
const AGREE: Kind = Kind::YesNo("Agree", "Disagree");
const NONE: Kind = Kind::Multi("None of these");

/// The intake: Restride's nodes, in its order, with its button counts.
static NODES: &[Node] = &[
    Node {
        id: "consent",
        text: "Hi, I'm Restride. I help you get back to exercise safely after giving birth.\nI'll ask short questions, one at a time, then give you a plan. This is a check, not a diagnosis, and I'm not a doctor.\nI keep only your answers, to make your plan. Send /delete any time to erase them.\nIf you have an emergency sign right now (chest pain, trouble breathing, a fit), call 999 now.\nShall we start?",
        kind: Kind::YesNo("Yes, let's start", "Not now"),
        options: &[],
        when: always,
    },
    Node {
        id: "emergency_signs",
        text: "First, your safety. Tick anything happening now, or new for you.\nBreathless means at rest, or it came on suddenly. Bladder or bowel means you suddenly can't control them, or can't pass urine.",
        kind: NONE,
        options: &[
            "Chest pain",
            "Breathless",
            "A fit or seizure",
            "Thoughts of self-harm",
            "Thoughts of harming baby",
            "Confused, hallucinating",
            "Numb between the legs",
            "Bladder or bowel loss",
            "Both legs weak or numb",
        ],
        when: always,
    },
    Node {
        id: "warning_signs",
        text: "Thank you. And any of these, new or getting worse?\nHeavy bleeding: soaking a pad in an hour, or big clots. Wound: your caesarean, tear or epidural site is red, oozing or opening. Headache: severe, or with blurred vision.",
        kind: NONE,
        options: &[
            "Heavy bleeding or clots",
            "Fever",
            "Sore, swollen calf",
            "Wound problem",
            "Severe headache",
            "Fainting",
            "Severe tummy pain",
            "Swollen face or hands",
            "Racing heart",
            "Smelly discharge",
        ],
        when: always,
    },
    Node {
        id: "age_ok",
        text: "Just to check: are you 16 or older?",
        kind: Kind::YesNo("I am 16 or older", "I'm under 16"),
        options: &[],
        when: always,
    },
    Node {
        id: "pregnant_now",
        text: "Are you pregnant at the moment?\n\nExercise advice in pregnancy is different from after birth.",
        kind: Kind::YesNo("Yes, I'm pregnant", "No"),
        options: &[],
        when: always,
    },
    Node {
        id: "baby_status",
        text: "May I ask about your baby? Choose whichever fits.\n\nSo I can talk with you in the right way, and never assume.",
        kind: Kind::Choice,
        options: &[
            "My baby is with me",
            "My baby is in hospital",
            "My baby has died",
        ],
        when: always,
    },
    Node {
        id: "baby_ack",
        text: "Thank you for telling me. That is a lot to carry.\nLooking after your own body matters too. We'll go gently, and you can stop any time.",
        kind: Kind::Message,
        options: &[],
        when: baby_not_with_me,
    },
    Node {
        id: "weeks_postpartum",
        text: "How old is your baby?\nType it in weeks or months (like 10 weeks, or 3 months), or your baby's date of birth.",
        kind: Kind::Number {
            min: 0,
            max: 520,
            skip: false,
        },
        options: &[],
        when: always,
    },
    Node {
        id: "delivery",
        text: "How did you give birth?\n\nRecovery can differ after a caesarean or an assisted birth.",
        kind: Kind::Choice,
        options: &["Vaginal birth", "Forceps or ventouse", "Caesarean"],
        when: always,
    },
    Node {
        id: "cleared_to_exercise",
        text: "Have you had your postnatal check, and were you told exercise is fine?",
        kind: Kind::YesNo("Yes, all clear", "No, or not yet"),
        options: &[],
        when: weeks_6,
    },
    Node {
        id: "goals",
        text: "What would you like to work towards? Pick any.",
        kind: Kind::Multi("Not sure yet"),
        options: &[
            "Running",
            "Getting stronger",
            "Easing back pain",
            "General fitness",
        ],
        when: always,
    },
    Node {
        id: "breastfeeding",
        text: "Are you breastfeeding or expressing milk at the moment?\n\nIt changes a few tips, like drinking enough and bra support.",
        kind: YES_NO,
        options: &[],
        when: always,
    },
    Node {
        id: "health_conditions",
        text: "Do any of these apply to you now? Tick all that fit.\n\nSome conditions need a doctor's go-ahead first.",
        kind: NONE,
        options: &[
            "Heart condition",
            "High blood pressure",
            "Anaemia (low iron)",
            "Eating disorder",
            "A recent injury",
            "Chest pain when active",
            "Dizzy when active",
            "Another condition",
        ],
        when: always,
    },
    Node {
        id: "pelvic_symptoms",
        text: "A few private ones now. Since giving birth, have you had any of these?\nHeaviness means a dragging feeling, or a bulge in the vagina.",
        kind: NONE,
        options: &[
            "Leaking urine",
            "Sudden urge to pee",
            "Leaking wind or poo",
            "Heaviness or a bulge",
            "Pain during sex",
            "Hard to empty bowels",
            "Pelvic pain",
        ],
        when: always,
    },
    Node {
        id: "tummy_gap",
        text: "Lying on your back, lift your head a little.\nDo you see a gap, a bulge or a ridge (doming) down the middle of your tummy?",
        kind: YES_NO,
        options: &[],
        when: always,
    },
    Node {
        id: "bleeding_after_8_weeks",
        text: "Are you having any bleeding that isn't a period?\n\nThis long after birth, it should be checked.",
        kind: YES_NO,
        options: &[],
        when: weeks_8,
    },
    Node {
        id: "back_pain",
        text: "Have you had any back pain in the last 2 weeks?",
        kind: YES_NO,
        options: &[],
        when: always,
    },
    Node {
        id: "back_pain_area",
        text: "Where is it mostly?",
        kind: Kind::Choice,
        options: &["Lower back", "Upper or middle back", "Both"],
        when: back_pain,
    },
    Node {
        id: "back_pain_intensity",
        text: "On a typical day, how bad is it at its worst?\n0 = no pain, 10 = the worst you can imagine.",
        kind: Kind::Choice,
        options: &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
        when: back_pain,
    },
    Node {
        id: "back_serious_signs",
        text: "Do any of these apply? Tick all that fit.\nWeight loss: more than you'd expect after birth, with no clear reason. Night pain: it doesn't ease when you rest or change position.",
        kind: NONE,
        options: &[
            "Cancer, now or before",
            "Unexplained weight loss",
            "Bad pain at night",
            "A fall or accident",
            "Steroids or thin bones",
        ],
        when: back_pain,
    },
    Node {
        id: "startback_intro",
        text: "The next 9 questions are a standard back-pain check, the Keele STarT Back Tool, in my own words.\nThink about the last 2 weeks. STarT Back © Keele University.",
        kind: Kind::Message,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_leg_pain",
        text: "Last 2 weeks: at some point, the pain has spread from my back down a leg.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_shoulder_neck",
        text: "Last 2 weeks: at some point, I've had pain in my neck or shoulder too.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_walk_short",
        text: "Last 2 weeks: because of my back, I've only managed to walk short distances.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_dress_slowly",
        text: "Last 2 weeks: because of my back, getting dressed has taken me longer than usual.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_unsafe_active",
        text: "With a back problem like mine, I don't think it's really safe to be physically active.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_worry",
        text: "Last 2 weeks: worrying thoughts have been on my mind much of the time.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_never_better",
        text: "My back pain feels awful, and I think it will never get better.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_no_enjoyment",
        text: "Last 2 weeks: overall, the things I used to enjoy haven't given me enjoyment.",
        kind: AGREE,
        options: &[],
        when: back_pain,
    },
    Node {
        id: "sb_bothersome",
        text: "All in all, how much has your back pain bothered you over the last 2 weeks?",
        kind: Kind::Choice,
        options: &["Not at all", "A little", "Moderately", "A lot", "Extremely"],
        when: back_pain,
    },
    Node {
        id: "mood_intro",
        text: "Two quick questions about how you've been feeling, over the last 2 weeks.\nThey come from the PHQ-2 (Kroenke, Spitzer and Williams), in my own words.",
        kind: Kind::Message,
        options: &[],
        when: always,
    },
    Node {
        id: "phq_interest",
        text: "In the last 2 weeks, how often have you had little interest in, or joy from, doing things?",
        kind: Kind::Choice,
        options: &[
            "Never",
            "Some days",
            "Over half the days",
            "Almost every day",
        ],
        when: always,
    },
    Node {
        id: "phq_down",
        text: "In the last 2 weeks, how often have you felt low, depressed or without hope?",
        kind: Kind::Choice,
        options: &[
            "Never",
            "Some days",
            "Over half the days",
            "Almost every day",
        ],
        when: always,
    },
    Node {
        id: "sleep",
        text: "How has your sleep been lately, night wake-ups and all?",
        kind: Kind::Choice,
        options: &["Poor", "OK", "Good"],
        when: always,
    },
    Node {
        id: "energy_eating",
        text: "Are you worried about eating enough, or often low on energy?\n\nYour energy matters for recovery and for feeding.",
        kind: YES_NO,
        options: &[],
        when: always,
    },
    Node {
        id: "height_cm",
        text: "How tall are you, in cm? You can skip this.\n\nWith your weight, it shapes a few tips.",
        kind: Kind::Number {
            min: 120,
            max: 220,
            skip: true,
        },
        options: &[],
        when: always,
    },
    Node {
        id: "weight_kg",
        text: "And your weight, in kg? You can skip this too.\n\nWith your height, it shapes a few tips.",
        kind: Kind::Number {
            min: 35,
            max: 250,
            skip: true,
        },
        options: &[],
        when: always,
    },
    Node {
        id: "ran_before",
        text: "Did you run before or during your pregnancy?",
        kind: Kind::YesNo("Yes", "No, I'm new to it"),
        options: &[],
        when: running,
    },
    Node {
        id: "readiness_intro",
        text: "Running asks a lot of your pelvic floor, so there's a checklist first: two lists of simple tests.\nOnly count a test if you did it without pain, leaking, heaviness or dragging. Not tried them yet? That's fine, leave them unticked.",
        kind: Kind::Message,
        options: &[],
        when: running,
    },
    Node {
        id: "load_tests_passed",
        text: "Which of these have you done without pain, leaking, heaviness or dragging?",
        kind: Kind::Multi("I couldn't do any yet"),
        options: &[
            "Walk 30 min",
            "Balance 10 s",
            "10 one-leg squats",
            "Jog 1 min",
            "10 bounds",
            "10 hops",
            "10 running man",
        ],
        when: running,
    },
    Node {
        id: "strength_tests_passed",
        text: "And these strength tests, again only without pain, leaking, heaviness or dragging?",
        kind: Kind::Multi("I couldn't do any yet"),
        options: &[
            "20 calf raises",
            "20 bridges",
            "20 sit-to-stands",
            "20 side leg lifts",
        ],
        when: running,
    },
    Node {
        id: "buggy_running",
        text: "Would you like to run with your baby in a buggy or pram?",
        kind: YES_NO,
        options: &[],
        when: running,
    },
    Node {
        id: "foot_pain",
        text: "Do you get pain in your feet, shins or knees when you walk or run?",
        kind: YES_NO,
        options: &[],
        when: running,
    },
    Node {
        id: "review",
        text: "Here's what you told me. Tap any answer to change it, or carry on to your plan.",
        kind: Kind::Review,
        options: &[],
        when: always,
    },
];

/// Where the intake stops early, by (node, answer).
fn early_end(node: &str, answer: &str) -> Option<(&'static str, &'static str)> {
    match (node, answer) {
        ("consent", "x") => Some((
            "declined",
            "That's completely fine. I won't ask you anything.\nYou can come back any time with /start.",
        )),
        ("emergency_signs", a) if a != "none" => Some((
            "stopped_urgent",
            "Please call 999 now, or go to your nearest emergency department.",
        )),
        ("warning_signs", a) if a != "none" => Some((
            "stopped_urgent",
            "Please contact your midwife, GP or 111 today about this.",
        )),
        ("age_ok", "x") => Some((
            "not_eligible",
            "Thank you for telling me. Restride is made for people aged 16 and over.",
        )),
        ("pregnant_now", "y") => Some((
            "not_eligible",
            "Thank you for telling me. Restride is built for recovery after birth.",
        )),
        _ => None,
    }
}

/// A plan of about the length of Restride's (some 1,600 characters).
fn plan_text(answers: &BTreeMap<String, String>) -> String {
    let mut plan = String::from(
        "<b>Your Restride plan</b>\nMade from your answers today. It screens and suggests; it does not diagnose.\n\n\
         <b>See someone</b>\nNothing in your answers needs a doctor today. Your health visitor or GP can check your recovery at any visit.\n\n\
         <b>This week</b>\n• Pelvic floor squeezes: 3 times a day, 10 slow and 10 quick.\n\
         • Deep breathing with a gentle tummy draw-in: 10 breaths, twice a day.\n\
         • Walking with the buggy: start with 10 to 20 minutes and add 5 minutes a week.\n\
         • Glute bridges: 2 sets of 10, slow, breathing out as you lift.\n\
         • Side-lying leg lifts: 2 sets of 10 each side.\n\n\
         <b>Running</b>\nNot yet: build up walking and strength first, then the running checklist. Most mums are ready from about 12 weeks after birth when the checklist passes.\n\n\
         <b>Stop and get help if</b>\nYou have heavy bleeding, chest pain, sudden breathlessness, a painful swollen calf, or leaking or heaviness that gets worse with exercise.\n\n\
         <b>Why this plan</b>\nYou had your postnatal check and nothing in your answers holds exercise back, so the plan starts with the pelvic floor and your deep tummy muscles and builds up gently. \
         Sleep and feeding change how much energy you have: on a bad night, do the breathing and the squeezes and skip the rest. \
         Drink a glass of water before each walk while you are breastfeeding, and wear a supportive bra.\n\n\
         <b>Next</b>\nIn two weeks, if everything feels easy, add a second walk and a set of each exercise. Tell me with /update if anything changes.\n\n",
    );
    plan.push_str(&format!(
        "Your answers: {} questions. Send /plan to see this again, /summary for your answers.",
        answers.len()
    ));
    plan
}

fn data(node: &str, nonce: u32, action: &str) -> String {
    format!("{VERSION}|{node}|{nonce}|{action}")
}

fn keyboard(node: &Node, nonce: u32, ticked: &[usize]) -> Option<InlineKeyboardMarkup> {
    let button = |label: String, action: &str| {
        InlineKeyboardButton::callback(label, data(node.id, nonce, action))
    };
    let rows: Vec<Vec<InlineKeyboardButton>> = match node.kind {
        Kind::YesNo(yes, no) => vec![vec![button(yes.into(), "y"), button(no.into(), "x")]],
        Kind::Choice => node
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| vec![button((*o).into(), &format!("p{i}"))])
            .collect(),
        Kind::Multi(none) => {
            let mut rows: Vec<Vec<InlineKeyboardButton>> = node
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let label = if ticked.contains(&i) {
                        format!("✓ {o}")
                    } else {
                        (*o).to_owned()
                    };
                    vec![button(label, &format!("t{i}"))]
                })
                .collect();
            rows.push(vec![button(none.into(), "n"), button("Done".into(), "d")]);
            rows
        }
        Kind::Number { skip: true, .. } => vec![vec![button("Skip".into(), "s")]],
        Kind::Number { .. } | Kind::Message => return None,
        Kind::Review => vec![
            vec![button("Carry on to my plan".into(), "ok")],
            vec![button("Change an answer".into(), "ch")],
        ],
    };
    Some(InlineKeyboardMarkup::new(rows))
}

/// The label of what she chose, shown under the answered question.
fn chosen_label(node: &Node, action: &str, ticked: &[usize]) -> String {
    match (node.kind, action) {
        (Kind::YesNo(yes, _), "y") => yes.into(),
        (Kind::YesNo(_, no), _) => no.into(),
        (Kind::Multi(none), "n") => none.into(),
        (Kind::Multi(_), _) => ticked
            .iter()
            .filter_map(|i| node.options.get(*i).copied())
            .collect::<Vec<_>>()
            .join(", "),
        (Kind::Number { .. }, "s") => "Skipped".into(),
        (Kind::Review, _) => "Carry on".into(),
        _ => action
            .strip_prefix('p')
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| node.options.get(i))
            .map_or_else(|| action.to_owned(), |o| (*o).to_owned()),
    }
}

/// Sends the questions from `from` on (information messages go out as they come) and stores
/// where she is; the plan at the end.
async fn ask_from(
    bot: &Bot,
    dialogue: &MyDialogue,
    chat: ChatId,
    from: usize,
    nonce: u32,
    answers: BTreeMap<String, String>,
) -> HandlerResult {
    let mut step = from;
    let mut nonce = nonce;
    while let Some(node) = NODES.get(step) {
        if !(node.when)(&answers) {
            step += 1;
            continue;
        }
        nonce = nonce.wrapping_add(1);
        let mut send = bot.send_message(chat, node.text);
        if let Some(markup) = keyboard(node, nonce, &[]) {
            send = send.reply_markup(markup);
        }
        let message = send.await?;
        if node.kind == Kind::Message {
            step += 1;
            continue;
        }
        let message_id = match node.kind {
            Kind::Number { skip: false, .. } => 0,
            _ => message.id.0,
        };
        dialogue
            .update(State::Asking {
                step,
                nonce,
                message_id,
                ticked: Vec::new(),
                answers,
            })
            .await?;
        return Ok(());
    }
    // The end: the plan, then the check-in offer, as Restride sends them.
    bot.send_message(chat, "Thank you, that's everything. Here is your plan.")
        .await?;
    bot.send_chat_action(chat, ChatAction::Typing).await?;
    bot.send_message(chat, plan_text(&answers))
        .parse_mode(teloxide::types::ParseMode::Html)
        .await?;
    bot.send_message(
        chat,
        "Would you like a short daily check-in? It takes under a minute, and I'll adjust your plan as you go.",
    )
    .reply_markup(InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback("Yes please", "ci|yes"),
        InlineKeyboardButton::callback("No thanks", "ci|no"),
    ]]))
    .await?;
    dialogue
        .update(State::Done {
            status: "complete".into(),
            answers,
        })
        .await?;
    Ok(())
}

async fn on_message(bot: Bot, dialogue: MyDialogue, state: State, msg: Message) -> HandlerResult {
    let chat = msg.chat.id;
    if !msg.chat.is_private() {
        bot.send_message(chat, "Please talk to me in a private chat.")
            .await?;
        return Ok(());
    }
    let text = msg.text().unwrap_or("").trim();
    if text.starts_with("/start") {
        return match state {
            // Resume: ask the current question again.
            State::Asking {
                step,
                nonce,
                answers,
                ..
            } => ask_from(&bot, &dialogue, chat, step, nonce, answers).await,
            _ => ask_from(&bot, &dialogue, chat, 0, 0, BTreeMap::new()).await,
        };
    }
    match state {
        State::Asking {
            step,
            nonce,
            mut answers,
            ..
        } => {
            let node = &NODES[step];
            if let Kind::Number { min, max, .. } = node.kind {
                let number = text
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<i64>().ok())
                    .filter(|n| (min..=max).contains(n));
                match number {
                    Some(n) => {
                        answers.insert(node.id.to_owned(), n.to_string());
                        ask_from(&bot, &dialogue, chat, step + 1, nonce, answers).await
                    }
                    None => {
                        bot.send_message(
                            chat,
                            format!("Please type a number from {min} to {max}."),
                        )
                        .await?;
                        Ok(())
                    }
                }
            } else {
                bot.send_message(chat, "Please use the buttons under the question.")
                    .await?;
                Ok(())
            }
        }
        State::Start => {
            bot.send_message(chat, "Send /start to begin.").await?;
            Ok(())
        }
        State::Done { .. } => {
            bot.send_message(chat, "You have your plan. Send /start to begin again.")
                .await?;
            Ok(())
        }
    }
}

async fn on_callback(
    bot: Bot,
    dialogue: MyDialogue,
    state: State,
    q: CallbackQuery,
) -> HandlerResult {
    let Some(chat) = q.message.as_ref().map(|m| m.chat().id) else {
        bot.answer_callback_query(q.id).await?;
        return Ok(());
    };
    let raw = q.data.clone().unwrap_or_default();
    let parts: Vec<&str> = raw.split('|').collect();
    let State::Asking {
        step,
        nonce,
        message_id,
        mut ticked,
        mut answers,
    } = state
    else {
        bot.answer_callback_query(q.id).await?;
        return Ok(());
    };
    let node = &NODES[step];
    let current = parts.len() == 4
        && parts[0] == VERSION.to_string()
        && parts[1] == node.id
        && parts[2] == nonce.to_string();
    if !current {
        bot.answer_callback_query(q.id)
            .text("That question has moved on.")
            .await?;
        return Ok(());
    }
    bot.answer_callback_query(q.id).await?;
    let action = parts[3];
    if let (Kind::Multi(_), Some(i)) = (
        node.kind,
        action.strip_prefix('t').and_then(|i| i.parse().ok()),
    ) {
        // A toggle: redraw the buttons with the tick.
        if let Some(pos) = ticked.iter().position(|t| *t == i) {
            ticked.remove(pos);
        } else {
            ticked.push(i);
        }
        if let Some(markup) = keyboard(node, nonce, &ticked) {
            bot.edit_message_reply_markup(chat, MessageId(message_id))
                .reply_markup(markup)
                .await?;
        }
        dialogue
            .update(State::Asking {
                step,
                nonce,
                message_id,
                ticked,
                answers,
            })
            .await?;
        return Ok(());
    }
    if node.kind == Kind::Review && action == "ch" {
        return ask_from(&bot, &dialogue, chat, 0, nonce, BTreeMap::new()).await;
    }
    let value = match node.kind {
        Kind::Multi(_) if action == "n" || ticked.is_empty() => "none".to_owned(),
        Kind::Multi(_) => {
            ticked.sort_unstable();
            ticked
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        _ => action.to_owned(),
    };
    let label = chosen_label(node, action, &ticked);
    bot.edit_message_text(
        chat,
        MessageId(message_id),
        format!("{}\n\n✔ {label}", node.text),
    )
    .await?;
    answers.insert(node.id.to_owned(), value.clone());
    if let Some((status, text)) = early_end(node.id, &value) {
        bot.send_message(chat, text).await?;
        dialogue
            .update(State::Done {
                status: status.into(),
                answers,
            })
            .await?;
        return Ok(());
    }
    ask_from(&bot, &dialogue, chat, step + 1, nonce, answers).await
}

fn schema() -> UpdateHandler<Box<dyn Error + Send + Sync + 'static>> {
    let handler: Handler<'static, HandlerResult, DpHandlerDescription> =
        dialogue::enter::<Update, Storage, State, _>()
            .branch(Update::filter_message().endpoint(on_message))
            .branch(Update::filter_callback_query().endpoint(on_callback));
    handler
}

#[tokio::main]
async fn main() {
    let dir = std::env::var("RESTRIDE_DATA_DIR").unwrap_or_else(|_| "./data".into());
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {dir}: {e}");
        std::process::exit(1);
    }
    let path = std::path::Path::new(&dir).join("baseline.sqlite");
    let storage = match SqliteStorage::open(&path.to_string_lossy(), Json).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    let bot = Bot::from_env();
    let mut dispatcher = Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![storage])
        .enable_ctrlc_handler()
        .build();
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            return;
        };
        term.recv().await;
        // The dispatcher may still be starting: try for a while.
        for _ in 0..100 {
            match token.shutdown() {
                Ok(done) => {
                    done.await;
                    return;
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            }
        }
    });
    dispatcher.dispatch().await;
}
