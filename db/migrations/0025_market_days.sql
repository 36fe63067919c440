-- A market day is called a market day: `stall_sessions` becomes `market_days`, and every column
-- that points to it (`stall_session_id` on responses, contributions, dot votes and QR posters) becomes
-- `market_day_id`. SQLite's RENAME keeps the rows and rewrites the foreign keys of the other
-- tables, their indexes and any trigger that names them; only the index names are renamed by hand.
ALTER TABLE `stall_sessions` RENAME TO `market_days`;--> statement-breakpoint
ALTER TABLE `responses` RENAME COLUMN `stall_session_id` TO `market_day_id`;--> statement-breakpoint
ALTER TABLE `contributions` RENAME COLUMN `stall_session_id` TO `market_day_id`;--> statement-breakpoint
ALTER TABLE `dot_votes` RENAME COLUMN `stall_session_id` TO `market_day_id`;--> statement-breakpoint
ALTER TABLE `posters` RENAME COLUMN `stall_session_id` TO `market_day_id`;--> statement-breakpoint
DROP INDEX `contributions_session`;--> statement-breakpoint
CREATE INDEX `contributions_market_day` ON `contributions` (`market_day_id`);--> statement-breakpoint
DROP INDEX `dot_votes_session`;--> statement-breakpoint
CREATE INDEX `dot_votes_market_day` ON `dot_votes` (`market_day_id`);
