-- The queryable event store and projections.
-- workflow_instances keeps the original system's schema exactly and adds what APEX needs.

CREATE TABLE IF NOT EXISTS workflow_instances (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workflow_id text NOT NULL UNIQUE,
  status text NOT NULL, -- planning, running, compensating, parked, completed, compensated, failed, cancelled
  input jsonb NOT NULL,
  result jsonb,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  tenant_id text NOT NULL DEFAULT '',
  version bigint NOT NULL DEFAULT 0,      -- events folded so far
  current_step text,
  trace_id text
);

CREATE INDEX IF NOT EXISTS idx_workflow_instances_status ON workflow_instances(status);
CREATE INDEX IF NOT EXISTS idx_workflow_instances_created ON workflow_instances(created_at DESC);
CREATE INDEX IF NOT EXISTS idx_workflow_instances_tenant ON workflow_instances(tenant_id, created_at DESC);

-- Every aggregate event, once: (workflow_id, sequence) makes redelivery harmless.
CREATE TABLE IF NOT EXISTS workflow_events (
  workflow_id text NOT NULL,
  sequence bigint NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  recorded_at timestamptz NOT NULL,
  tenant_id text NOT NULL DEFAULT '',
  PRIMARY KEY (workflow_id, sequence)
);

CREATE INDEX IF NOT EXISTS idx_workflow_events_type ON workflow_events(type);

-- Periodic aggregate snapshots (as written to the state topic).
CREATE TABLE IF NOT EXISTS agent_checkpoints (
  workflow_id text NOT NULL,
  version bigint NOT NULL,
  state jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, version)
);
