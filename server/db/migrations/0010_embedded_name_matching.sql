-- On the embedded engine (PGlite) pg_trgm fails at random inside a long-running process, so
-- names are matched in the application there (ADR 0009) and the trigram index is not kept:
-- every insert of a name would otherwise call into the failing module. PostgreSQL servers keep it.
do $$
begin
  if version() like '%PGlite%' then
    drop index if exists nominal_name_trgm_idx;
  end if;
end
$$;
