//! `apex demo` end to end on the local stack: the binary the README tells users to run.

use std::process::Command;

fn demo(args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apex"));
    command.arg("demo").args(args).args(["--latency-ms", "20", "--timeout-s", "60"]);
    if let Ok(brokers) = std::env::var("APEX_KAFKA_BROKERS") {
        command.env("APEX_KAFKA_BROKERS", brokers);
    }
    let output = command.output().expect("apex runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "demo failed: {stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    stdout
}

#[test]
fn the_demo_goal_completes() {
    let out = demo(&["Book a flight to Paris tomorrow and send the confirmation to john@example.com"]);
    assert!(
        out.contains("plan from builtin: search_flights | book_flight (after search_flights) | send_email"),
        "{out}"
    );
    assert!(out.contains("ok send_email #1"), "{out}");
    assert!(out.contains("== workflow COMPLETED"), "{out}");
}

#[test]
fn a_forced_failure_is_compensated_in_reverse_order() {
    let out = demo(&[
        "Fly to Rome, book a hotel in Rome, pay with my card and email me at ann@example.org",
        "--fail",
        "send_email",
    ]);
    let at = |needle: &str| out.find(needle).unwrap_or_else(|| panic!("`{needle}` missing:\n{out}"));
    assert!(at("ok charge_payment undone") < at("ok book_hotel undone"));
    assert!(at("ok charge_payment undone") < at("ok book_flight undone"));
    assert!(out.contains("== workflow COMPENSATED"), "{out}");
}

#[test]
fn a_question_about_flights_searches_and_never_books() {
    let out = demo(&["What flights are there to Paris tomorrow?"]);
    assert!(out.contains("plan from builtin: search_flights"), "{out}");
    assert!(!out.contains("book_flight"), "asked to look, so nothing is booked:\n{out}");
    assert!(out.contains("== workflow COMPLETED"), "{out}");
}
