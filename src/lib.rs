//! APEX Orchestrator: a Kafka-driven, event-sourced saga orchestrator for AI-agent workflows.
//!
//! [`core`] is the pure heart (envelopes, catalog, plans, the saga Decider). The shell roles
//! around it live in their own modules and only move bytes in and out of it.
//!
//! # Layout
//!
//! - **Pure core** (no IO, clock or randomness): [`core`], the `apex-core` crate
//!   (`crates/apex-core`), re-exported here.
//! - **Roles**, one consumer group each (`apex <role>`):
//!   [`processor`] (folds inputs, decides, publishes commands, outcomes and events),
//!   [`planner`] (goals into plans: templates, cache, LLM or built-in),
//!   [`executor`] (runs steps and compensations with the [`tools`] catalog),
//!   [`projector`] (events into PostgreSQL), [`api`] (HTTP, UI).
//!   [`worker`] is the command-worker runtime planner and executor share.
//! - **Infrastructure** the roles use: [`kafka`], [`codec`] (JSON, Avro), [`store`]
//!   (PostgreSQL), [`lock`] (Redis locks and fencing), [`claim`] (large outputs by reference),
//!   [`prices`] and [`budgets`] (LLM cost settings), [`retry`] (backoff), [`clock`], [`shutdown`] (signals), [`config`], [`secret`], [`telemetry`],
//!   [`health`], [`metrics_server`].
//! - **Binary edge and tooling**: [`cli`] (the `apex` commands), [`ops`] (operator commands),
//!   [`demo`] (the one-process demo); `bench` and `workload` (benchmarks, behind the default
//!   feature `bench`: production images are built without them).

pub mod codec;
/// The pure core lives in its own crate ([`apex_core`]) so the compiler enforces its purity;
/// it is re-exported here so the shell and the tests name it `apex::core`.
pub use apex_core as core;
/// Untrusted text made safe to show; pure, so it lives with the core (the core's errors quote it).
pub use apex_core::text;

pub mod api;
#[cfg(feature = "bench")]
pub mod bench;
pub mod budgets;
pub mod claim;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod executor;
pub mod health;
pub mod kafka;
pub mod lock;
pub mod metrics_server;
pub mod ops;
pub mod planner;
pub mod prices;
pub mod processor;
pub mod projector;
pub mod retry;
pub mod secret;
pub mod shutdown;
pub mod store;
pub mod telemetry;
pub mod tools;
pub mod worker;
#[cfg(feature = "bench")]
pub mod workload;
