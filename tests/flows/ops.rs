//! The operator CLI against the real stack: the processor, planner, executor and projector run
//! as real processes on a topic prefix and database of the test's own; `apex submit` sends a
//! goal and follows it; `workflows`, `replay`, `resume`, `cache stats`, `locks list`,
//! `doctor` and `config` are run as an operator would.

use crate::support;

use std::time::{Duration, Instant};

use support::kafka::*;
use support::{apex, printed};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_submits_follows_inspects_and_replays_a_workflow() {
    let url = support::postgres::fresh("apex_ops").await.url;
    // Four partitions and three goals: a follower that read one partition only would miss most.
    let config = test_config(&[("APEX_PARTITIONS", "4")]);
    apex::kafka::topics::create(&config).await.expect("topics");
    let extra = [("APEX_DATABASE_URL", url.as_str()), ("APEX_MIGRATE_ON_START", "on")];
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let metrics = format!("127.0.0.1:{port}");
    let _roles = [
        RoleProcess::start_role(&config, "processor", "p", &[("APEX_METRICS_ADDR", &metrics)]),
        RoleProcess::start_role(&config, "planner", "planner", &extra),
        RoleProcess::start_role(&config, "executor", "executor", &extra),
        RoleProcess::start_role(&config, "projector", "projector", &extra),
    ];
    let mut env = env_of(&config, "cli");
    env.push(("APEX_DATABASE_URL".into(), url.clone()));
    env.push(("APEX_API_TOKENS".into(), r#"{"ops-token-0123456789": "acme"}"#.into()));

    let mut ids = Vec::new();
    for city in ["Oslo", "Riga", "Porto"] {
        let goal = format!("Book a flight to {city} tomorrow");
        let submitted =
            tokio::task::block_in_place(|| apex(&env, &["submit", &goal, "--tenant", "acme", "--timeout-s", "90"]));
        let out = printed(&submitted);
        assert!(submitted.status.success(), "{out}");
        assert!(out.contains("== workflow COMPLETED"), "{out}");
        let id = out
            .split("workflow ")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .expect("the workflow id is printed");
        ids.push(id.to_owned());
    }
    let id = ids[0].clone();

    let deadline = support::deadline(60);
    let listed = loop {
        let listed = apex(&env, &["workflows", "list", "--tenant", "acme", "--status", "completed"]);
        if printed(&listed).contains(&id) {
            break listed;
        }
        assert!(Instant::now() < deadline, "the projection never showed {id}: {}", printed(&listed));
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(printed(&listed).contains("Book a flight to Oslo tomorrow"));
    assert!(!printed(&apex(&env, &["workflows", "list", "--tenant", "globex"])).contains(&id), "tenants stay apart");
    let bad = apex(&env, &["workflows", "list", "--tenant", "acme", "--status", "done"]);
    assert!(!bad.status.success() && printed(&bad).contains("--status done: one of planning"), "{}", printed(&bad));

    let shown = printed(&apex(&env, &["workflows", "show", &id, "--tenant", "acme"]));
    assert!(
        shown.contains("status    completed")
            && shown.contains("WorkflowCompleted")
            && shown.contains("StepDispatched"),
        "{shown}"
    );

    let replay = apex(&env, &["replay", &id, "--tenant", "acme"]);
    assert!(replay.status.success(), "{}", printed(&replay));
    assert!(printed(&replay).contains("replay gate passed"), "{}", printed(&replay));
    // A history that the core would not decide again fails the gate, naming the event.
    let pool = apex::store::connect(&url).await.unwrap();
    let tampered: i64 = sqlx::query_scalar(
        "UPDATE workflow_events SET payload = jsonb_set(payload, '{attempt}', '7') WHERE workflow_id = $1 AND type = 'StepDispatched'
         AND sequence = (SELECT min(sequence) FROM workflow_events WHERE workflow_id = $1 AND type = 'StepDispatched') RETURNING sequence",
    )
    .bind(&id)
    .fetch_one(&pool)
    .await
    .unwrap();
    let failed = apex(&env, &["replay", &id, "--tenant", "acme"]);
    assert!(!failed.status.success());
    assert!(printed(&failed).contains(&format!("decides event #{tampered} differently")), "{}", printed(&failed));

    let resumed = apex(&env, &["resume", &id, "--tenant", "acme"]);
    assert!(resumed.status.success() && printed(&resumed).contains("not parked"), "{}", printed(&resumed));

    let stats = printed(&apex(&env, &["cache", "stats"]));
    assert!(stats.contains("entries        1"), "the planner cached the plan: {stats}");
    // An operator lists the cache and evicts the entry: the next goal is planned afresh.
    let listed = printed(&apex(&env, &["cache", "list", "--tenant", "acme"]));
    let line =
        listed.lines().find(|l| l.contains("Book a flight to {LOCATION} {DATE}")).unwrap_or_else(|| panic!("{listed}"));
    let origin = format!("`{}`", apex::planner::builtin::provenance());
    assert!(line.contains(&origin) && line.contains("book:flight"), "origin and intents: {line}");
    let id = line.split_whitespace().next().unwrap().to_owned();
    let evicted = apex(&env, &["cache", "evict", &id]);
    assert!(evicted.status.success() && printed(&evicted).contains("evicted 1 entry"), "{}", printed(&evicted));
    assert!(printed(&apex(&env, &["cache", "stats"])).contains("entries        0"));
    let again = apex(&env, &["cache", "evict", &id]);
    assert!(!again.status.success() && printed(&again).contains("no plan cache entry"), "{}", printed(&again));

    // A goal carrying terminal escapes (an OSC retitle, a screen clear) reaches the operator's
    // terminal escaped, never raw: in `apex submit`'s timeline and in `apex workflows list`.
    let hostile = "Book a flight to Lima tomorrow \u{1b}]0;pwned\u{7}\u{1b}[2J";
    let submitted =
        tokio::task::block_in_place(|| apex(&env, &["submit", hostile, "--tenant", "acme", "--timeout-s", "90"]));
    let out = printed(&submitted);
    assert!(submitted.status.success() && out.contains("Lima tomorrow \\u{1b}]0;pwned"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "no raw control characters: {out:?}");
    let deadline = support::deadline(60);
    let everything = loop {
        let listed = printed(&apex(&env, &["workflows", "list", "--tenant", "acme"]));
        if listed.contains("Lima") {
            break listed;
        }
        assert!(Instant::now() < deadline, "the projection never showed the fourth goal: {listed}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(everything.contains("Lima tomorrow \\u{1b}]0;pwned\\u{7}"), "escaped, visible: {everything}");
    assert!(!everything.contains('\u{1b}'), "no raw escape reaches the terminal: {everything:?}");
    assert!(apex(&env, &["locks", "list"]).status.success());

    let doctor = apex(&env, &["doctor"]);
    assert!(doctor.status.success(), "{}", printed(&doctor));
    assert!(
        printed(&doctor).contains("ok    postgres    connected; 1 of 1 migrations applied"),
        "{}",
        printed(&doctor)
    );
    let mut broken = env.clone();
    broken.push(("APEX_REDIS_URL".into(), "redis://:doctor-pw@127.0.0.1:1".into()));
    broken.push(("APEX_LLM_BASE_URL".into(), "http://127.0.0.1:1/v1?api-key=doctor-llm-key".into()));
    let doctor = apex(&broken, &["doctor"]);
    assert!(!doctor.status.success());
    let text = printed(&doctor);
    assert!(text.contains("FAIL  redis       redis://:****@127.0.0.1:1"), "{text}");
    assert!(!text.contains("doctor-pw") && !text.contains("doctor-llm-key"), "no secret printed: {text}");

    let scraped = reqwest::get(format!("http://{metrics}/metrics")).await.unwrap().text().await.unwrap();
    let folded: u64 = scraped
        .lines()
        .find_map(|l| l.strip_prefix("apex_envelopes_in_total "))
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    assert!(folded > 0, "the processor's /metrics counts what it folded:\n{scraped}");
    assert!(scraped.contains("apex_batch_commit_seconds_bucket"), "with latency histograms");
    assert!(scraped.contains("apex_consumer_lag{partition=\"0\"}"), "and consumer lag per partition:\n{scraped}");

    let mut secret = env.clone();
    secret.push(("APEX_LLM_API_KEY".into(), "sk-very-secret".into()));
    let text = printed(&apex(&secret, &["config"]));
    assert!(
        text.contains("APEX_LLM_API_KEY=****") && !text.contains("sk-very-secret") && !text.contains("ops-token"),
        "{text}"
    );
    pool.close().await;
}
