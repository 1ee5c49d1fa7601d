-- Requests per API client in the current clock minute. One row per client, counted by the same
-- statement that reads it, so every app node sees one count (no limiter state in memory).
create table api_rate_window (
  client_id uuid primary key references api_client (id) on delete cascade,
  window_start timestamptz not null,
  requests integer not null
);
