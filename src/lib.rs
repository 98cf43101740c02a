//! APEX Orchestrator: a Kafka-driven, event-sourced saga orchestrator for AI-agent workflows.
//!
//! [`core`] is the pure heart (envelopes, catalog, plans, the saga Decider). The shell roles
//! around it live in their own modules and only move bytes in and out of it.
//!
//! # Layout
//!
//! - **Pure core** (no IO, clock or randomness): [`core`].
//! - **Roles**, one consumer group each (`apex <role>`):
//!   [`processor`] (folds inputs, decides, publishes commands, outcomes and events),
//!   [`planner`] (goals into plans: templates, cache, LLM or built-in),
//!   [`executor`] (runs steps and compensations with the [`tools`] catalog),
//!   [`projector`] (events into PostgreSQL), [`api`] (HTTP, UI).
//!   [`worker`] is the command-worker runtime planner and executor share.
//! - **Infrastructure** the roles use: [`kafka`], [`codec`] (JSON, Avro), [`store`]
//!   (PostgreSQL), [`lock`] (Redis locks and fencing), [`claim`] (large outputs by reference),
//!   [`prices`] and [`budgets`] (LLM cost settings), [`config`], [`secret`], [`telemetry`],
//!   [`health`], [`metrics_server`], [`text`] (untrusted text made safe to show).
//! - **Binary edge and tooling**: [`cli`] (the `apex` commands), [`ops`] (operator commands),
//!   [`demo`] (the one-process demo), [`bench`] and [`workload`] (benchmarks).

pub mod codec;
pub mod core;

pub mod api;
pub mod bench;
pub mod budgets;
pub mod claim;
pub mod cli;
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
pub mod secret;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod tools;
pub mod worker;
pub mod workload;
