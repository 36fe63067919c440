DROP INDEX `answers_results`;--> statement-breakpoint
DROP INDEX `contributions_market_day`;--> statement-breakpoint
CREATE INDEX `contributions_market_day` ON `contributions` (`market_day_id`) WHERE "contributions"."market_day_id" is not null;