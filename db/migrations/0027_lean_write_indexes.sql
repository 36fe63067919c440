DROP INDEX `answers_results`;--> statement-breakpoint
DROP INDEX `contributions_market_day`;--> statement-breakpoint
CREATE INDEX `contributions_market_day` ON `contributions` (`market_day_id`) WHERE "contributions"."market_day_id" is not null;--> statement-breakpoint
DROP INDEX `receipts_response`;--> statement-breakpoint
DROP INDEX `receipts_contribution`;--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_response` ON `receipts` (`response_id`) WHERE "receipts"."response_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_contribution` ON `receipts` (`contribution_id`) WHERE "receipts"."contribution_id" is not null;