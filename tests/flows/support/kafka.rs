//! A private corner of the real broker per test: random topic prefix and group, the `apex`
//! binary as a child process (so it can be killed), a scripted executor, and a collector of
//! everything the processor publishes. Every wait has a deadline.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command as Process, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use apex::config::Config;
use apex::core::command::Command;
use apex::core::envelope::Envelope;
use apex::core::input::Input;
use apex::core::message::Message as AnyMessage;
use apex::kafka::topics::Topics;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Headers, Message};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{Offset, TopicPartitionList};

pub const PARTITIONS: i32 = 2;

/// Settings for a test: a fresh prefix and group.
pub fn test_config(extra: &[(&str, &str)]) -> Config {
    let prefix = format!("t{}.", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    vars.insert("APEX_TOPIC_PREFIX".into(), prefix.clone());
    vars.insert("APEX_GROUP_ID".into(), format!("{prefix}processor"));
    vars.insert("APEX_PARTITIONS".into(), PARTITIONS.to_string());
    vars.insert("APEX_SESSION_TIMEOUT_MS".into(), "6000".into());
    vars.insert("APEX_BATCH_MAX_MS".into(), "20".into());
    if let Ok(brokers) = std::env::var("APEX_KAFKA_BROKERS") {
        vars.insert("APEX_KAFKA_BROKERS".into(), brokers);
    }
    for (k, v) in extra {
        vars.insert((*k).into(), (*v).into());
    }
    Config::from_lookup(|n| vars.get(n).cloned(), vars.keys().cloned()).expect("test config")
}

/// The environment a child `apex` needs to see `config`.
pub fn env_of(config: &Config, instance: &str) -> Vec<(String, String)> {
    let mut env = vec![
        ("APEX_KAFKA_BROKERS".into(), config.brokers.clone()),
        ("APEX_TOPIC_PREFIX".into(), config.topic_prefix.clone()),
        ("APEX_GROUP_ID".into(), config.group_id.clone()),
        ("APEX_INSTANCE_ID".into(), instance.to_owned()),
        ("APEX_PARTITIONS".into(), config.partitions.to_string()),
        ("APEX_SESSION_TIMEOUT_MS".into(), config.session_timeout_ms.to_string()),
        ("APEX_BATCH_MAX_MS".into(), config.batch_max_ms.to_string()),
        ("APEX_MAX_ENVELOPE_BYTES".into(), config.max_envelope_bytes.to_string()),
        ("APEX_CLAIM_CHECK_BYTES".into(), config.claim_check_bytes.to_string()),
        (
            "APEX_PROCESSING_GUARANTEE".into(),
            match config.guarantee {
                apex::config::Guarantee::ExactlyOnce => "exactly_once".into(),
                apex::config::Guarantee::AtLeastOnce => "at_least_once".into(),
            },
        ),
        ("APEX_FAULT_DELAY_COMMIT_MS".into(), config.fault_delay_commit_ms.to_string()),
        ("APEX_FAULT_RESTORE_FAILURES".into(), config.fault_restore_failures.to_string()),
        ("APEX_FAULT_RESTORE_HOLD_MS".into(), config.fault_restore_hold_ms.to_string()),
        ("APEX_STATIC_MEMBERSHIP".into(), if config.static_membership { "on" } else { "off" }.into()),
        ("RUST_LOG".into(), "info".into()),
    ];
    if let Some(region) = &config.region {
        env.push(("APEX_REGION".into(), region.clone()));
        env.push(("APEX_LEASE_TTL_MS".into(), config.lease_ttl_ms.to_string()));
    }
    if let Some(url) = &config.redis_url {
        env.push(("APEX_REDIS_URL".into(), url.expose().to_owned()));
    }
    if let Some(url) = &config.schema_registry_url {
        env.push(("APEX_SCHEMA_REGISTRY_URL".into(), url.expose().to_owned()));
        env.push(("APEX_OUTPUT_FORMAT".into(), "avro".into()));
    }
    env
}

/// Creates the topics of `config`.
pub fn create_topics(config: &Config) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(apex::kafka::topics::create(config)).expect("topics");
}

/// A running `apex <role>` child process (the processor unless said otherwise).
pub struct RoleProcess {
    pub child: Child,
    pub log: std::path::PathBuf,
}

impl RoleProcess {
    pub fn start(config: &Config, instance: &str) -> Self {
        Self::start_role(config, "processor", instance, &[])
    }

    /// Runs `apex <role>` with `config` plus `extra` variables.
    pub fn start_role(config: &Config, role: &str, instance: &str, extra: &[(&str, &str)]) -> Self {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("logs");
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join(format!("{}{instance}.log", config.topic_prefix));
        let file = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let child = Process::new(env!("CARGO_BIN_EXE_apex"))
            .arg(role)
            .envs(env_of(config, instance))
            .envs(extra.iter().copied())
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("apex starts");
        Self { child, log }
    }

    /// SIGKILL: no chance to commit or clean up.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then wait for a clean exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let status = self.stop_within(Duration::from_secs(30));
        status.unwrap_or_else(|| panic!("role did not stop on SIGTERM; log: {}", self.log.display()))
    }

    /// SIGTERM and wait up to `limit`; `None` if it is still running then.
    fn stop_within(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Some(status);
        }
        let _ = Process::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for RoleProcess {
    /// Stops the role as production does (SIGTERM: it commits or aborts its transaction), and
    /// only then kills it. A role killed mid-transaction leaves that transaction open on the
    /// local broker, which never times it out, and read_committed readers were seen to stall
    /// behind such leftovers (tests/flows/processor.rs has the one test that must kill -9).
    fn drop(&mut self) {
        if self.stop_within(Duration::from_secs(15)).is_none() {
            self.kill9();
        }
    }
}

/// Produces raw records.
pub struct Publisher {
    producer: BaseProducer,
}

impl Publisher {
    pub fn new(config: &Config) -> Self {
        Self { producer: apex::kafka::client::producer(config, None).create().unwrap() }
    }

    pub fn send(&self, topic: &str, key: Option<&[u8]>, value: &[u8]) {
        let mut record = BaseRecord::<[u8], [u8]>::to(topic).payload(value);
        if let Some(key) = key {
            record = record.key(key);
        }
        self.producer.send(record).map_err(|(e, _)| e).expect("produce");
        self.producer.flush(Duration::from_secs(10)).expect("flush");
    }

    /// Produces every `(key, value)` to `topic`, then waits once for all to be acknowledged
    /// (a flush per record costs ≥ 100 ms in rust-rdkafka, which would pace a test's input).
    pub fn send_all<'a>(&self, topic: &str, records: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) {
        for (key, value) in records {
            let record = BaseRecord::<[u8], [u8]>::to(topic).key(key).payload(value);
            apex::kafka::delivery::send(&self.producer, record).expect("produce");
        }
        apex::kafka::delivery::drain(&self.producer, Duration::from_secs(30)).expect("acknowledged");
    }

    pub fn input(&self, config: &Config, envelope: &Envelope<Input>) {
        let topics = Topics::new(&config.topic_prefix);
        self.send(&topics.envelopes, Some(envelope.correlation_id.to_string().as_bytes()), &envelope.to_json());
    }
}

/// A record read back, with its headers.
#[derive(Debug, Clone)]
pub struct Seen {
    pub topic: String,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub headers: BTreeMap<String, String>,
}

impl Seen {
    pub fn envelope(&self) -> Option<Envelope<AnyMessage>> {
        let codec = apex::codec::wire::WireCodec::new(apex::config::Format::Json, usize::MAX, None, None).ok()?;
        codec.decode(&self.value).ok()
    }
}

/// Reads every output topic (read_committed) into memory, in the background.
pub struct Collector {
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Collector {
    pub fn start(config: &Config, which: &[&str]) -> Self {
        let reader: BaseConsumer = apex::kafka::client::reader(config).create().unwrap();
        let mut tpl = TopicPartitionList::new();
        for topic in which {
            for p in 0..config.partitions {
                tpl.add_partition_offset(topic, p, Offset::Beginning).unwrap();
            }
        }
        reader.assign(&tpl).unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !st.load(Ordering::Relaxed) {
                if let Some(Ok(m)) = reader.poll(Duration::from_millis(50)) {
                    let headers = m
                        .headers()
                        .map(|h| {
                            h.iter()
                                .map(|h| {
                                    (
                                        h.key.to_owned(),
                                        String::from_utf8_lossy(h.value.unwrap_or_default()).into_owned(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    s.lock().unwrap().push(Seen {
                        topic: m.topic().to_owned(),
                        key: m.key().unwrap_or_default().to_vec(),
                        value: m.payload().unwrap_or_default().to_vec(),
                        headers,
                    });
                }
            }
        });
        Self { seen, stop, thread: Some(thread) }
    }

    pub fn snapshot(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits until `done` holds for what was seen, or panics at the deadline with `what`.
    pub fn wait_until(&self, seconds: u64, what: &str, done: impl Fn(&[Seen]) -> bool) -> Vec<Seen> {
        let deadline = super::deadline(seconds);
        loop {
            let seen = self.snapshot();
            if done(&seen) {
                return seen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; saw {} records", seen.len());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What the test executor answers to a command.
pub enum Reply {
    Done(serde_json::Value),
    /// Done, reporting this many LLM tokens spent (one call, model `gpt-test`).
    Spent(serde_json::Value, u64),
    Fail {
        retryable: bool,
    },
    Ignore,
}

/// A scripted executor/planner: answers each distinct command id once, in its own thread.
pub struct TestExecutor {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    pub acted: Arc<Mutex<Vec<Command>>>,
}

impl TestExecutor {
    pub fn start(config: &Config, script: impl Fn(&Command) -> Reply + Send + 'static) -> Self {
        let topics = Topics::new(&config.topic_prefix);
        let reader: BaseConsumer = apex::kafka::client::reader(config).create().unwrap();
        let mut tpl = TopicPartitionList::new();
        for p in 0..config.partitions {
            tpl.add_partition_offset(&topics.commands, p, Offset::Beginning).unwrap();
        }
        reader.assign(&tpl).unwrap();
        let publisher = Publisher::new(config);
        let config = config.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let acted = Arc::new(Mutex::new(Vec::new()));
        let (st, ac) = (stop.clone(), acted.clone());
        let thread = std::thread::spawn(move || {
            let mut done = std::collections::HashSet::new();
            while !st.load(Ordering::Relaxed) {
                let Some(Ok(m)) = reader.poll(Duration::from_millis(50)) else { continue };
                let codec =
                    apex::codec::wire::WireCodec::new(apex::config::Format::Json, usize::MAX, None, None).unwrap();
                let Ok(envelope) = codec.decode::<AnyMessage>(m.payload().unwrap_or_default()) else { continue };
                let AnyMessage::Command(command) = envelope.payload else { continue };
                if !done.insert(command.command_id()) {
                    continue;
                }
                ac.lock().unwrap().push(command.clone());
                let mut inputs = apex::core::builder::InputBuilder::new(
                    envelope.correlation_id,
                    envelope.tenant_id.clone(),
                    &format!("executor-{}", command.command_id()),
                );
                let now = apex::core::time::Timestamp::from_millis(
                    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64,
                );
                let reply = script(&command);
                let input = match (&command, reply) {
                    (_, Reply::Ignore) => {
                        // Not acted on: the same command sent again may be answered later.
                        done.remove(&command.command_id());
                        ac.lock().unwrap().pop();
                        continue;
                    }
                    (Command::PlanGoal(p), Reply::Done(plan)) => {
                        inputs.plan(now, p.command_id, serde_json::from_value(plan).expect("scripted plan"))
                    }
                    (Command::PlanGoal(p), Reply::Spent(plan, tokens)) => {
                        let mut answer =
                            inputs.plan(now, p.command_id, serde_json::from_value(plan).expect("scripted plan"));
                        if let Input::PlanGenerated(generated) = &mut answer.payload {
                            generated.usage = Some(apex::core::input::TokenUsage {
                                calls: 1,
                                prompt_tokens: tokens,
                                completion_tokens: 0,
                                model: Some("gpt-test".into()),
                                cost: None,
                            });
                        }
                        answer
                    }
                    (Command::ExecuteStep(c), Reply::Done(output)) => inputs.step_done(now, c, output),
                    (Command::ExecuteStep(c), Reply::Fail { retryable }) => {
                        inputs.step_failed(now, c, "scripted failure", retryable)
                    }
                    (Command::CompensateStep(c), Reply::Done(_)) => inputs.compensated(now, c),
                    (Command::CompensateStep(c), Reply::Fail { retryable }) => {
                        inputs.compensation_failed(now, c, retryable)
                    }
                    (Command::RequestApproval(c), Reply::Done(_)) => {
                        inputs.signal(now, "approve", Some(c.step_id.clone()))
                    }
                    _ => continue,
                };
                publisher.input(&config, &input);
            }
        });
        Self { stop, thread: Some(thread), acted }
    }
}

impl Drop for TestExecutor {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The outcomes seen, by workflow id.
pub fn outcomes(seen: &[Seen], topics: &Topics) -> BTreeMap<String, Vec<&'static str>> {
    let mut out: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for s in seen.iter().filter(|s| s.topic == topics.outcomes) {
        if let Some(envelope) = s.envelope() {
            use apex::core::envelope::Payload;
            out.entry(envelope.correlation_id.to_string()).or_default().push(envelope.payload.event_type());
        }
    }
    out
}

/// Checks that no command was decided twice under different ids and that no workflow has
/// more than one distinct outcome (copies of one record are fine: consumers drop them).
pub fn assert_no_double_decisions(seen: &[Seen], topics: &Topics) {
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in seen.iter().filter(|s| s.topic == topics.commands) {
        let Some(envelope) = s.envelope() else { continue };
        let AnyMessage::Command(c) = &envelope.payload else { continue };
        let what = match c {
            Command::PlanGoal(p) => format!("plan/{}", p.attempt),
            Command::ExecuteStep(e) => format!("exec/{}/{}", e.step_id, e.attempt),
            Command::CompensateStep(e) => format!("comp/{}/{}", e.step_id, e.attempt),
            Command::RequestApproval(r) => format!("approve/{}", r.step_id),
            Command::DiscardCachedPlan(d) => format!("discard/{}", d.entry),
        };
        ids.entry(format!("{}/{what}", envelope.correlation_id)).or_default().insert(c.command_id().to_string());
    }
    for (what, set) in &ids {
        assert_eq!(set.len(), 1, "{what} was decided with different ids: {set:?}");
    }
    let mut distinct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in seen.iter().filter(|s| s.topic == topics.outcomes) {
        if let Some(e) = s.envelope() {
            distinct.entry(e.correlation_id.to_string()).or_default().insert(e.event_id.to_string());
        }
    }
    for (workflow, set) in &distinct {
        assert_eq!(set.len(), 1, "workflow {workflow} has several outcomes");
    }
}
