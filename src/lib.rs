//! APEX Orchestrator: a Kafka-driven, event-sourced saga orchestrator for AI-agent workflows.
//!
//! [`core`] is the pure heart (envelopes, catalog, plans, the saga Decider). The shell roles
//! around it live in their own modules and only move bytes in and out of it.

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
