-- Admins correct market days (date, place, Stadtteil): a version for their corrections, and the Stadtteile a market day was corrected away from, so notes a tablet sends later from its older copy follow the correction.
ALTER TABLE `market_days` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `market_days` ADD `former_stadtteil_keys` text DEFAULT '[]' NOT NULL;