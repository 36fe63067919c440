-- The moderation queue counts 300,000 contributions from indexes alone: `contributions_process` carries the id, status, review and flags, `tags_source` whether a tag is firm or suggested; `contributions_market_day` the response, so a market day's notes are counted without reading the rows.
DROP INDEX `contributions_process`;--> statement-breakpoint
DROP INDEX `contributions_market_day`;--> statement-breakpoint
CREATE INDEX `contributions_process` ON `contributions` (`process_id`,`channel`,`id`,`status`,`reviewed_at`,`flags`);--> statement-breakpoint
CREATE INDEX `contributions_market_day` ON `contributions` (`market_day_id`,`response_id`) WHERE "contributions"."market_day_id" is not null;--> statement-breakpoint
CREATE INDEX `tags_source` ON `contribution_tags` (`contribution_id`,`source`);