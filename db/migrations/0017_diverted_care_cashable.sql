-- Diverted care says whether it cut an existing budget line (a cashable saving) or avoided care that
-- would otherwise have started (cost avoidance, the default, and what every earlier record was
-- reported as). DOMAIN.md: report both, labelled. See docs/decisions/0015-evidence-dashboard.md.
ALTER TABLE "diverted_care" ADD COLUMN "cashable" boolean DEFAULT false NOT NULL;