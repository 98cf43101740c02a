//! Every integration test of APEX, as one test binary with a module per flow (zero2prod's
//! layout): linking the whole crate once instead of once per file is what a 2-core machine
//! feels most. Run one flow with `cargo test --test flows <module>::`.
//!
//! Layout:
//! - the wire and the core: `contract` (envelopes, Avro, JSON Schema), `core_properties`
//!   (saga invariants under random interleavings), `architecture` (the core stays pure), `docs`
//!   (generated catalogs and the README's tables stay true);
//! - one role each, on the real stack: `processor`, `planner`, `executor`, `tools`, `projector`,
//!   `locks`, `migrations`, `minilm` (feature `minilm`);
//! - whole systems: `demo`, `api`, `ops` (the operator CLI), `regions` (active-active),
//!   `avro_wire` (a schema registry), `hostile` (poison input), `faults` (a broker of the
//!   test's own, paused and restarted under load), `deploy` (compose and the Helm chart);
//! - `support`: the stack's clients, private brokers and Redis instances, the HTTP doubles
//!   (OpenAI, schema registry) and `patience`, the one setting that scales every deadline.

mod support;

mod api;
mod architecture;
mod avro_wire;
mod contract;
mod core_properties;
mod demo;
mod deploy;
mod docs;
mod executor;
mod faults;
mod hostile;
mod locks;
mod migrations;
#[cfg(feature = "minilm")]
mod minilm;
mod ops;
mod planner;
mod processor;
mod projector;
mod regions;
mod tools;
