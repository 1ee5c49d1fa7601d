-- Migration 0010 dropped the trigram index on names where the database was the embedded engine of
-- the time (PGlite), whose pg_trgm failed at random. Every database is now a real PostgreSQL server
-- (ADR 0027), so the index is restored wherever it is missing; elsewhere this changes nothing.
create index if not exists nominal_name_trgm_idx on nominal_name using gin (vigil_fold(given_names || ' ' || family_name) gin_trgm_ops);
