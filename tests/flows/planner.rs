//! The planner against real Redis Stack (the plan cache's RediSearch index) and, where an LLM
//! or an embeddings endpoint is needed, the OpenAI-compatible test double in
//! `tests/flows/support/openai.rs`. Every test works under a random Redis namespace; the last one
//! runs the planner role against the real processor on the real broker.

use crate::support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use apex::core::command::{Command, PlanGoal};
use apex::core::envelope::Envelope;
use apex::core::ids::CommandId;
use apex::core::input::{Input, PlanGenerated};
use apex::core::time::Timestamp;
use apex::planner::cache::PlanCache;
use apex::planner::catalog::ToolCatalog;
use apex::planner::embed::{Embedder, HashingEmbedder};
use apex::planner::llm::{LlmPlanner, Retries};
use apex::planner::openai::{ApiEmbedder, Endpoint, OpenAi};
use apex::planner::service::{CacheSettings, Fallback, Planner, Report};
use apex::tools::Tools;
use apex::tools::demo::DemoSettings;
use serde_json::json;
use support::openai::{FakeOpenAi, Reply};

fn redis_url() -> String {
    std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into())
}

fn namespace() -> String {
    format!("tp{}:", &uuid::Uuid::new_v4().simple().to_string()[..10])
}

/// Wednesday 25 November 2026, 10:00 UTC: "tomorrow" is the 26th.
fn now() -> Timestamp {
    Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

async fn cache_for(url: &str, ns: &str, embedder: &dyn Embedder) -> PlanCache {
    PlanCache::connect(url, ns, &embedder.id(), embedder.dimensions(), Duration::from_secs(600))
        .await
        .expect("Redis Stack")
}

fn catalog() -> ToolCatalog {
    ToolCatalog::of(&Tools::demo(&DemoSettings::default()))
}

fn planner(cache: Option<PlanCache>, fallback: Fallback, embedder: Arc<dyn Embedder>, threshold: f64) -> Planner {
    Planner {
        catalog: catalog(),
        embedder,
        cache,
        fallback,
        settings: CacheSettings { threshold, ..CacheSettings::default() },
        prices: r#"{"gpt-test": {"input_per_1k": 0.5, "output_per_1k": 1.5}}"#.parse().unwrap(),
    }
}

fn request(goal: &str) -> PlanGoal {
    PlanGoal {
        command_id: CommandId::from_uuid(uuid::Uuid::new_v4()),
        attempt: 1,
        goal: goal.into(),
        user_id: "u".into(),
    }
}

fn generated(report: &Report) -> &PlanGenerated {
    match &report.answer {
        Input::PlanGenerated(p) => p,
        other => panic!("expected a plan, got {other:?}"),
    }
}

/// The chat endpoint of the OpenAI double.
fn chat_endpoint(fake: &FakeOpenAi) -> Endpoint {
    Endpoint {
        base_url: fake.base_url.clone(),
        api_key: Some(apex::secret::Secret::new("sk-test")),
        model: "gpt-test".into(),
        timeout: Duration::from_secs(5),
        concurrency: 4,
    }
}

fn llm(fake: &FakeOpenAi, max_attempts: u32) -> Fallback {
    let endpoint = chat_endpoint(fake);
    let retries = Retries { max_attempts, initial_backoff: Duration::from_millis(50), ..Retries::default() };
    Fallback::Llm(LlmPlanner::new(OpenAi::new(endpoint).unwrap(), retries))
}

/// A plan for "book a flight to {LOCATION} {DATE}", written with placeholders as prompted.
fn flight_plan() -> String {
    json!({"steps": [
        {"id": "search", "tool": "search_flights", "input": {"to": "{{LOCATION_0}}", "date": "{{DATE_0}}"}},
        {"id": "book", "tool": "book_flight", "depends_on": ["search"], "input": {"to": "{{LOCATION_0}}", "date": "{{DATE_0}}"},
         "compensation": {"tool": "cancel_flight"}}
    ]})
    .to_string()
}

#[tokio::test]
async fn a_paraphrase_with_new_values_reuses_the_cached_plan() {
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let planner = planner(Some(cache.clone()), Fallback::Builtin(None), embedder, 0.9);

    let first =
        planner.plan("acme", &request("Book a flight to Paris tomorrow and email ann@example.org"), now()).await;
    assert_eq!(generated(&first).source, "builtin");
    let made_by = generated(&first).origin.clone();
    assert_eq!(made_by.as_deref(), Some(apex::planner::builtin::provenance().as_str()), "the maker and its version");
    assert!(generated(&first).catalog.as_ref().is_some_and(|c| !c.is_empty()), "the catalog it was made for");

    let second = planner
        .plan("acme", &request("Please reserve me a plane ticket to Rome on Friday and email bob@example.com"), now())
        .await;
    let plan = generated(&second);
    assert_eq!(plan.source, "cache", "{second:?}");
    assert_eq!(plan.origin, made_by, "a hit names the maker of the entry it reused");
    assert_eq!(plan.catalog, generated(&first).catalog);
    assert!(plan.similarity.unwrap() >= 0.9);
    assert_eq!(
        plan.template.as_deref(),
        Some("Please reserve me a plane ticket to {LOCATION} {DATE} and email {EMAIL}")
    );
    let book = plan.plan.steps.iter().find(|s| s.tool.as_str() == "book_flight").unwrap();
    assert_eq!(book.input.value(), &json!({"to": "Rome", "date": "2026-11-27"}));
    let mail = plan.plan.steps.iter().find(|s| s.tool.as_str() == "send_email").unwrap();
    assert_eq!(mail.input.value()["to"], "bob@example.com");
    assert_eq!(plan.parameters.as_ref().unwrap().value()["LOCATION_0"], "Rome");
    assert!(second.lookup.is_some());

    let stats = cache.stats().await.unwrap();
    assert_eq!((stats.entries, stats.hits), (1, 1));
}

#[tokio::test]
async fn opposite_intents_and_other_slots_are_rejected_with_the_reason() {
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    // A low threshold lets near misses through to the guard, which must stop them.
    let planner = planner(Some(cache), Fallback::Builtin(None), embedder, 0.3);
    planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;

    let cancel = planner.plan("acme", &request("Cancel the flight FL-1A2B3C4D to Paris tomorrow"), now()).await;
    assert_eq!(generated(&cancel).source, "builtin");
    assert_eq!(generated(&cancel).plan.steps[0].tool.as_str(), "cancel_flight");
    let reasons: Vec<&str> = cancel.rejected.iter().map(|(_, r)| r.reason()).collect();
    assert_eq!(reasons, ["slot_mismatch"], "{:?}", cancel.rejected);

    let cancel = planner.plan("acme", &request("Cancel the flight to Paris tomorrow"), now()).await;
    assert_eq!(generated(&cancel).plan.steps[0].tool.as_str(), "cancel_flight");
    assert!(cancel.rejected.iter().any(|(_, r)| r.reason() == "intent_mismatch"), "{:?}", cancel.rejected);

    let negated = planner.plan("acme", &request("Book a flight to Oslo tomorrow but no hotel"), now()).await;
    assert_eq!(generated(&negated).source, "builtin");
    assert!(negated.rejected.iter().any(|(_, r)| r.reason() == "intent_mismatch"), "{:?}", negated.rejected);
}

#[tokio::test]
async fn tenants_and_catalog_versions_never_share_plans() {
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let acme = planner(Some(cache.clone()), Fallback::Builtin(None), embedder.clone(), 0.9);
    acme.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;

    let other_tenant = acme.plan("globex", &request("Book a flight to Rome tomorrow"), now()).await;
    assert_eq!(generated(&other_tenant).source, "builtin");
    assert!(other_tenant.rejected.is_empty(), "acme's plan is not even a candidate for globex");

    let mut tools: Vec<(String, serde_json::Value)> = catalog().tools().clone().into_iter().collect();
    tools.push(("book_train".into(), json!({"type": "object"})));
    let mut upgraded = planner(Some(cache), Fallback::Builtin(None), embedder, 0.9);
    upgraded.catalog = ToolCatalog::new(tools);
    let after_upgrade = upgraded.plan("acme", &request("Book a flight to Rome tomorrow"), now()).await;
    assert_eq!(generated(&after_upgrade).source, "builtin", "a new catalog version starts afresh");
}

#[tokio::test]
async fn tenant_ids_with_any_characters_never_reach_each_others_plans() {
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let planner = planner(Some(cache.clone()), Fallback::Builtin(None), embedder, 0.9);
    // Each seeds a plan; RediSearch would read the raw ids as `acme` (split on `,`, case
    // folded, spaces trimmed) or as query syntax.
    let hostile = ["mallory,acme", "ACME", "Acme", " acme ", "acme|x", "{acme}", "@acme", "ac\0me", "äcme", "acme,"];
    for tenant in hostile {
        let seeded = planner.plan(tenant, &request("Book a flight to Paris tomorrow"), now()).await;
        assert_eq!(generated(&seeded).source, "builtin", "{tenant:?} starts with an empty cache of its own");
    }
    let victim = planner.plan("acme", &request("Book a flight to Rome tomorrow"), now()).await;
    assert_eq!(generated(&victim).source, "builtin", "no other tenant's plan reached acme: {victim:?}");
    assert!(victim.rejected.is_empty(), "not even as a candidate: {:?}", victim.rejected);
    for tenant in hostile {
        let again = planner.plan(tenant, &request("Book a flight to Oslo tomorrow"), now()).await;
        assert_eq!(generated(&again).source, "cache", "{tenant:?} reuses its own plan");
    }
    assert_eq!(cache.stats().await.unwrap().entries, hostile.len() as u64 + 1, "one entry per tenant");
}

#[tokio::test]
async fn a_shared_scope_and_a_tenant_opting_out_are_explicit_settings() {
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let mut shared = planner(Some(cache.clone()), Fallback::Builtin(None), embedder.clone(), 0.9);
    shared.settings.shared = true;
    shared.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    let other = shared.plan("globex", &request("Book a flight to Rome tomorrow"), now()).await;
    assert_eq!(generated(&other).source, "cache", "APEX_PLAN_CACHE_SCOPE=shared: tenants share plans");
    let own = planner(Some(cache.clone()), Fallback::Builtin(None), embedder.clone(), 0.9);
    let apart = own.plan("acme", &request("Book a flight to Oslo tomorrow"), now()).await;
    assert_eq!(generated(&apart).source, "builtin", "the shared scope is not acme's own");

    let mut opting_out = planner(Some(cache.clone()), Fallback::Builtin(None), embedder, 0.9);
    opting_out.settings.opted_out.insert("initech".into());
    let entries = cache.stats().await.unwrap().entries;
    for city in ["Paris", "Rome"] {
        let report = opting_out.plan("initech", &request(&format!("Book a flight to {city} tomorrow")), now()).await;
        assert_eq!(generated(&report).source, "builtin");
        assert!(report.lookup.is_none(), "an opted-out tenant's goals never read the cache");
    }
    assert_eq!(cache.stats().await.unwrap().entries, entries, "nor write it");
}

#[tokio::test]
async fn with_redis_down_goals_are_still_planned() {
    let mut redis = support::redis::PrivateRedis::start();
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis.url(), &namespace(), embedder.as_ref()).await;
    let planner = planner(Some(cache), Fallback::Builtin(None), embedder, 0.9);
    planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    redis.kill();

    let errors = apex::telemetry::plan_cache_errors();
    let report = planner.plan("acme", &request("Book a flight to Rome tomorrow"), now()).await;
    assert_eq!(generated(&report).source, "builtin");
    assert_eq!(generated(&report).plan.steps[1].input.value()["to"], "Rome");
    assert!(apex::telemetry::plan_cache_errors() > errors, "the outage is counted");
}

#[tokio::test]
async fn the_llm_plans_a_miss_and_the_next_similar_goal_costs_no_call() {
    let fake = FakeOpenAi::start(Some("sk-test"), vec![Reply::Content(flight_plan())]);
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let planner = planner(Some(cache), llm(&fake, 3), embedder, 0.9);

    let first = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    let plan = generated(&first);
    assert_eq!(plan.source, "llm");
    assert_eq!(plan.plan.steps[1].input.value(), &json!({"to": "Paris", "date": "2026-11-26"}));
    let usage = plan.usage.clone().unwrap();
    assert_eq!(usage.calls, 1);
    assert!(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
    assert_eq!(usage.model.as_deref(), Some("gpt-test"), "the model that spent them");
    let priced = (usage.prompt_tokens as f64 * 0.5 + usage.completion_tokens as f64 * 1.5) / 1000.0;
    assert_eq!(usage.cost, Some(priced), "priced where spent, from APEX_LLM_PRICES");
    let sent = &fake.chats()[0];
    assert_eq!(sent["response_format"]["type"], "json_schema", "structured output is asked for");
    assert!(sent["messages"][1]["content"].as_str().unwrap().contains("{{LOCATION_0}} = Paris"));

    let second = planner.plan("acme", &request("Book flights to Lisbon next Friday"), now()).await;
    assert_eq!(generated(&second).source, "cache");
    assert_eq!(generated(&second).plan.steps[1].input.value(), &json!({"to": "Lisbon", "date": "2026-12-04"}));
    assert_eq!(fake.chats().len(), 1, "the cache hit made no LLM call");
}

#[tokio::test]
async fn invalid_replies_are_fed_back_until_the_model_gets_it_right() {
    let unknown_tool = flight_plan().replace("search_flights", "teleport");
    let fake = FakeOpenAi::start(
        Some("sk-test"),
        vec![
            Reply::Content("Sure! Here is your plan: step 1, book".into()),
            Reply::Content(unknown_tool),
            Reply::Content(format!("```json\n{}\n```", flight_plan())),
        ],
    );
    let planner = planner(None, llm(&fake, 3), Arc::new(HashingEmbedder::default()), 0.9);
    let report = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    assert_eq!(generated(&report).source, "llm");
    assert_eq!(generated(&report).usage.as_ref().unwrap().calls, 3);
    let chats = fake.chats();
    let last_message =
        |i: usize| chats[i]["messages"].as_array().unwrap().last().unwrap()["content"].as_str().unwrap().to_owned();
    assert!(last_message(1).contains("not a plan"), "{}", last_message(1));
    assert!(last_message(2).contains("no tool named `teleport`"), "{}", last_message(2));
    assert_eq!(
        chats[2]["messages"].as_array().unwrap().len(),
        6,
        "system, user, then two rounds of reply and correction"
    );
}

#[tokio::test]
async fn injected_steps_and_invented_values_are_refused_fed_back_and_never_cached() {
    // The model was steered (by text it saw elsewhere) into doing more than the goal says.
    let goal = "Book a flight to Paris tomorrow and email the confirmation to john@example.com";
    let step = |id: &str, tool: &str, input: serde_json::Value| json!({"id": id, "tool": tool, "input": input});
    let flight = step("book", "book_flight", json!({"to": "{{LOCATION_0}}", "date": "{{DATE_0}}"}));
    let mail = |to: &str| step("mail", "send_email", json!({"to": to}));
    let injected = [
        // A payment the goal does not ask for.
        json!({"steps": [flight, step("pay", "charge_payment", json!({"amount": 99999}))]}),
        // A recipient the goal never gave.
        json!({"steps": [flight, mail("mallory@evil.example")]}),
    ];
    let fake = FakeOpenAi::start(Some("sk-test"), injected.iter().map(|p| Reply::Content(p.to_string())).collect());
    let embedder: Arc<dyn Embedder> = Arc::new(HashingEmbedder::default());
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let planner = planner(Some(cache), llm(&fake, 2), embedder, 0.9);
    let report = planner.plan("acme", &request(goal), now()).await;
    let Input::PlanFailed(failed) = &report.answer else { panic!("an injected plan was accepted: {report:?}") };
    assert!(failed.reason.contains("must take its value from the goal"), "the last refusal: {}", failed.reason);
    let chats = fake.chats();
    let correction = chats[1]["messages"].as_array().unwrap().last().unwrap()["content"].as_str().unwrap().to_owned();
    assert!(
        correction.contains("uses `charge_payment` (pay:payment), which the goal does not ask for"),
        "the refusal is fed back like any validation error: {correction}"
    );

    // Nothing was cached: the same goal asks the model again, which now plans what was asked.
    fake.push([Reply::Content(json!({"steps": [flight, mail("john@example.com")]}).to_string())]);
    let again = planner.plan("acme", &request(goal), now()).await;
    assert_eq!(generated(&again).source, "llm", "no refused plan was cached");
    assert_eq!(generated(&again).plan.steps.len(), 2);
}

#[tokio::test]
async fn exhausted_attempts_and_a_bad_key_fail_the_plan_with_the_reason() {
    let fake = FakeOpenAi::start(Some("sk-test"), vec![Reply::Content("{}".into()), Reply::Content("[]".into())]);
    let planner = planner(None, llm(&fake, 2), Arc::new(HashingEmbedder::default()), 0.9);
    let report = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    let Input::PlanFailed(failed) = &report.answer else { panic!("{report:?}") };
    assert!(failed.reason.starts_with("the model gave no valid plan in 2 attempt(s)"), "{}", failed.reason);

    let wrong_key = FakeOpenAi::start(Some("sk-other"), vec![Reply::Content(flight_plan())]);
    let planner = self::planner(None, llm(&wrong_key, 2), Arc::new(HashingEmbedder::default()), 0.9);
    let report = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    let Input::PlanFailed(failed) = &report.answer else { panic!("{report:?}") };
    assert!(failed.reason.contains("HTTP 401"), "{}", failed.reason);
}

#[tokio::test]
async fn rate_limits_are_waited_out_as_the_server_asks() {
    let fake = FakeOpenAi::start(Some("sk-test"), vec![Reply::Status(429, Some(0.3)), Reply::Content(flight_plan())]);
    let planner = planner(None, llm(&fake, 1), Arc::new(HashingEmbedder::default()), 0.9);
    let started = Instant::now();
    let report = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    assert_eq!(generated(&report).source, "llm", "a 429 does not spend the only attempt");
    assert!(started.elapsed() >= Duration::from_millis(300), "Retry-After honoured");
    assert_eq!(fake.chats().len(), 2);
}

#[tokio::test]
async fn an_embeddings_endpoint_can_drive_the_cache() {
    let fake = FakeOpenAi::start(Some("sk-test"), vec![]);
    let endpoint = Endpoint {
        base_url: fake.base_url.clone(),
        api_key: Some(apex::secret::Secret::new("sk-test")),
        model: "text-embed-test".into(),
        timeout: Duration::from_secs(5),
        concurrency: 4,
    };
    let embedder: Arc<dyn Embedder> = Arc::new(ApiEmbedder::connect(OpenAi::new(endpoint).unwrap()).await.unwrap());
    assert_eq!(embedder.dimensions(), 64);
    let cache = cache_for(&redis_url(), &namespace(), embedder.as_ref()).await;
    let planner = planner(Some(cache), Fallback::Builtin(None), embedder, 0.95);
    planner.plan("acme", &request("Book a hotel in Rome tomorrow for 3 nights"), now()).await;
    let again = planner.plan("acme", &request("Book a hotel in Vienna on Friday for 2 nights"), now()).await;
    assert_eq!(generated(&again).source, "cache");
    assert_eq!(
        generated(&again).plan.steps[0].input.value(),
        &json!({"city": "Vienna", "date": "2026-11-27", "nights": 2})
    );
    assert!(fake.embedding_requests() >= 3, "probe plus one per goal");
}

fn command_envelope(goal: &str) -> Envelope<Command> {
    let workflow = apex::core::ids::WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs =
        apex::core::builder::InputBuilder::new(workflow, apex::core::ids::TenantId::parse("acme").unwrap(), "test");
    inputs.goal(now(), goal, None).map(|_| Command::PlanGoal(request(goal)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redelivered_plan_command_never_calls_the_llm_twice() {
    let fake = FakeOpenAi::start(Some("sk-test"), vec![Reply::Content(flight_plan()), Reply::Content(flight_plan())]);
    let mut config = support::kafka::test_config(&[
        ("APEX_LLM_BASE_URL", &fake.base_url),
        ("APEX_LLM_API_KEY", "sk-test"),
        ("APEX_PLAN_CACHE", "off"),
    ]);
    config.redis_url = Some(apex::secret::Secret::new(redis_url()));
    let command = command_envelope("Book a flight to Paris tomorrow");
    let first_instance = apex::planner::Role::new(&config, apex::planner::build(&config).await.unwrap()).await;
    let second_instance = apex::planner::Role::new(&config, apex::planner::build(&config).await.unwrap()).await;
    let (a, b, c) = (
        first_instance.handle(&command).await,
        first_instance.handle(&command).await,
        second_instance.handle(&command).await,
    );
    let (a, b, c) = (a.unwrap().to_json(), b.unwrap().to_json(), c.unwrap().to_json());
    assert_eq!(a, b);
    assert_eq!(a, c, "another planner instance answers from the stored answer");
    assert_eq!(fake.chats().len(), 1, "one LLM call for three deliveries");
}

#[test]
fn the_planner_role_answers_plan_commands_from_the_processor() {
    use support::kafka::*;
    let fake = FakeOpenAi::start(Some("sk-test"), vec![support::openai::Reply::Content(flight_plan())]);
    let config = test_config(&[]);
    create_topics(&config);
    let topics = apex::kafka::topics::Topics::new(&config.topic_prefix);
    let _processor = RoleProcess::start(&config, "p");
    let _planner = RoleProcess::start_role(
        &config,
        "planner",
        "planner",
        &[("APEX_LLM_BASE_URL", &fake.base_url), ("APEX_LLM_API_KEY", "sk-test")],
    );
    let _executor = TestExecutor::start(&config, |command| match command {
        Command::PlanGoal(_) => Reply::Ignore,
        _ => Reply::Done(json!({"ok": true})),
    });
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.envelopes]);
    let publisher = Publisher::new(&config);
    let workflow = apex::core::ids::WorkflowId::from_uuid(uuid::Uuid::new_v4());
    let mut inputs =
        apex::core::builder::InputBuilder::new(workflow, apex::core::ids::TenantId::parse("acme").unwrap(), "test");
    let wall = apex::clock::wall_clock();
    publisher.input(&config, &inputs.goal(wall, "Book a flight to Paris tomorrow", None));
    let seen = collector
        .wait_until(90, "the workflow's outcome", |s| outcomes(s, &topics).contains_key(&workflow.to_string()));
    assert_eq!(outcomes(&seen, &topics)[&workflow.to_string()], ["orchestrator:agent.workflow_completed"]);
    let plan = seen
        .iter()
        .filter(|s| s.topic == topics.envelopes)
        .filter_map(|s| match s.envelope()?.payload {
            apex::core::message::Message::Input(Input::PlanGenerated(p)) => Some(p),
            _ => None,
        })
        .next()
        .expect("the planner's answer on apex.envelopes");
    assert_eq!(plan.source, "llm");
    let tomorrow = apex::planner::dates::today(wall).succ_opt().unwrap().format("%Y-%m-%d").to_string();
    assert_eq!(plan.plan.steps[1].input.value(), &json!({"to": "Paris", "date": tomorrow}));
    assert_eq!(fake.chats().len(), 1);
}

/// `GET /metrics` of the role listening on `addr` (plain HTTP/1.0 over a socket).
fn scrape(addr: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).ok()?;
    stream.write_all(b"GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut body = String::new();
    stream.read_to_string(&mut body).ok()?;
    Some(body)
}

/// Cached mistakes heal: a tool refuses the step of a cached plan for good, the saga asks the
/// planners to discard the entry, and the next goal of that shape is planned afresh rather than
/// given the plan again. The fresh plan, which works, is then reused (the control).
#[test]
fn a_cached_plan_whose_step_a_tool_refuses_is_discarded_and_the_next_goal_planned_afresh() {
    use support::kafka::*;
    let config = test_config(&[]);
    create_topics(&config);
    let topics = apex::kafka::topics::Topics::new(&config.topic_prefix);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let metrics = format!("127.0.0.1:{port}");
    let _processor = RoleProcess::start(&config, "p");
    let _planner = RoleProcess::start_role(&config, "planner", "planner", &[("APEX_METRICS_ADDR", &metrics)]);
    let _executor = TestExecutor::start(&config, |command| match command {
        Command::ExecuteStep(c) if c.tool.as_str() == "book_flight" && c.input.value()["to"] == "Oslo" => {
            Reply::Fail { retryable: false }
        }
        Command::PlanGoal(_) | Command::DiscardCachedPlan(_) => Reply::Ignore,
        _ => Reply::Done(json!({"ok": true})),
    });
    let collector = Collector::start(&config, &[&topics.outcomes, &topics.envelopes]);
    let publisher = Publisher::new(&config);
    let mut plans = Vec::new();
    for (city, outcome) in [
        ("Oslo", "orchestrator:agent.workflow_failed"),
        ("Riga", "orchestrator:agent.workflow_completed"),
        ("Rome", "orchestrator:agent.workflow_completed"),
    ] {
        let workflow = apex::core::ids::WorkflowId::from_uuid(uuid::Uuid::new_v4());
        let tenant = apex::core::ids::TenantId::parse("acme").unwrap();
        let mut inputs = apex::core::builder::InputBuilder::new(workflow, tenant, "test");
        let goal = format!("Book a flight to {city} tomorrow");
        publisher.input(&config, &inputs.goal(apex::clock::wall_clock(), &goal, None));
        let seen = collector.wait_until(90, &format!("the outcome of {goal}"), |s| {
            outcomes(s, &topics).contains_key(&workflow.to_string())
        });
        assert_eq!(outcomes(&seen, &topics)[&workflow.to_string()], [outcome], "{goal}");
        let plan = seen
            .iter()
            .filter(|s| s.topic == topics.envelopes)
            .filter_map(|s| s.envelope())
            .filter(|e| e.correlation_id == workflow)
            .find_map(|e| match e.payload {
                apex::core::message::Message::Input(Input::PlanGenerated(p)) => Some(p),
                _ => None,
            })
            .expect("the planner's answer");
        plans.push((plan.source.clone(), plan.cache_entry.clone()));
        if city == "Oslo" {
            // The discard is asynchronous: wait until the planner has deleted the entry.
            let deadline = support::deadline(60);
            loop {
                let scraped = scrape(&metrics);
                if scraped.as_deref().is_some_and(|m| m.contains("apex_cached_plans_discarded_total 1")) {
                    break;
                }
                assert!(std::time::Instant::now() < deadline, "the entry was never discarded: {scraped:?}");
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
    let (oslo, riga, rome) = (&plans[0], &plans[1], &plans[2]);
    assert_eq!(oslo.0, "builtin");
    assert!(oslo.1.is_some(), "a fresh plan names the entry it was stored as: {oslo:?}");
    assert_eq!(riga.0, "builtin", "planned afresh, not the discarded plan again: {riga:?}");
    assert_eq!(rome.0, "cache", "the fresh plan that worked is reused: {rome:?}");
    assert_eq!(rome.1, riga.1, "the entry Riga's plan was stored as");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_holds_back_every_call_to_that_provider_for_its_retry_after() {
    let fake = FakeOpenAi::start(Some("sk-test"), vec![Reply::Status(429, Some(1.0)), Reply::Content(flight_plan())]);
    let client = OpenAi::new(chat_endpoint(&fake)).unwrap();
    let message = [serde_json::json!({"role": "user", "content": "plan"})];
    let limited = client.chat(&message, None).await;
    assert!(matches!(limited, Err(apex::planner::openai::ProviderError::RateLimited { .. })), "{limited:?}");
    // Another call through a clone (another goal's planning) waits out the provider's pause
    // before it is sent. A lower bound: a sleep never ends early, so this cannot flake.
    let paused = std::time::Instant::now();
    client.clone().chat(&message, None).await.expect("answered after the pause");
    assert!(paused.elapsed() >= Duration::from_millis(900), "sent after {:?}", paused.elapsed());
    assert_eq!(fake.chats().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_started_while_redis_is_down_uses_the_cache_once_it_is_back() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut config = support::kafka::test_config(&[]);
    config.redis_url = Some(apex::secret::Secret::new(format!("redis://127.0.0.1:{port}")));
    let planner = apex::planner::build(&config).await.expect("starts without Redis");
    let down = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    assert_eq!(generated(&down).source, "builtin", "planned without the cache");

    let _redis = support::redis::PrivateRedis::start_on(port);
    let first = planner.plan("acme", &request("Book a flight to Paris tomorrow"), now()).await;
    assert_eq!(generated(&first).source, "builtin", "a miss, now cached");
    let second = planner.plan("acme", &request("Book a flight to Rome tomorrow"), now()).await;
    assert_eq!(generated(&second).source, "cache", "the cache is used once Redis is back: {second:?}");
}
