-- Extensions the directory needs, on PGlite and PostgreSQL alike:
-- pg_trgm for typo-tolerant matching, cube + earthdistance for radius search, unaccent for search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
