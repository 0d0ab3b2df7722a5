-- Nothing wrote saved searches before this; should a copy exist, keep the older one.
DELETE FROM "saved_searches" AS "later" USING "saved_searches" AS "earlier" WHERE "later"."user_id" = "earlier"."user_id" AND "later"."query" = "earlier"."query" AND ("later"."created_at", "later"."id") > ("earlier"."created_at", "earlier"."id");--> statement-breakpoint
DROP INDEX "saved_searches_user_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "saved_searches_user_query_idx" ON "saved_searches" USING btree ("user_id","query");
