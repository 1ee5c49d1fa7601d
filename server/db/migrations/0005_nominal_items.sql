-- A record's attachments ("items"): addresses, photographs, documents, vehicles, risk
-- assessments, MAPPA, activity, disclosures and the rest. One table, because every kind shares
-- the same life (sensitivity, optimistic locking, history, removal); each kind's fields are
-- defined and validated in register.items.ts, so the row holds them as checked JSON.
create table nominal_item (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  kind text not null check (kind ~ '^[a-z][a-z-]{1,40}$'),
  sensitivity text not null default 'standard' check (sensitivity in ('standard', 'restricted')),
  data jsonb not null check (jsonb_typeof(data) = 'object'),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid references app_user (id),
  updated_at timestamptz not null default now(),
  updated_by uuid references app_user (id),
  -- Removed items leave the record's pages but stay, with their history, for the audit trail.
  removed_at timestamptz
);
create index nominal_item_nominal_idx on nominal_item (nominal_id, kind) where removed_at is null;

-- Every version an item has had, written by the same statement that changes it: the full
-- history the MAPPA and risk pages show, and what a merge keeps.
create table nominal_item_history (
  item_id uuid not null references nominal_item (id),
  version integer not null,
  data jsonb not null,
  sensitivity text not null,
  changed_at timestamptz not null,
  changed_by uuid references app_user (id),
  removed boolean not null default false,
  primary key (item_id, version)
);

-- Photographs and documents. Kept in the database so that a backup holds the whole record and
-- a transaction covers the file with its item; the type is the one found in the bytes.
create table nominal_file (
  id uuid primary key default gen_random_uuid(),
  nominal_id uuid not null references nominal (id),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  byte_size integer not null check (byte_size > 0),
  sha256 text not null,
  content bytea not null,
  created_at timestamptz not null default now(),
  created_by uuid references app_user (id)
);
create index nominal_file_nominal_idx on nominal_file (nominal_id);

-- In-app messages to a user: break-glass reads of their records, transfers waiting for them,
-- escalations. Email and other channels read the outbox.
create table user_message (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  subject text not null,
  body text not null,
  link text check (link is null or link like '/%'),
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index user_message_user_idx on user_message (user_id, created_at desc);
