CREATE TABLE `population_groups` (
	`process_id` text NOT NULL,
	`stadtteil_key` text NOT NULL,
	`dimension` text NOT NULL,
	`category` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`process_id`, `stadtteil_key`, `dimension`, `category`),
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "population_groups_dimension" CHECK("population_groups"."dimension" in ('age','nationality','immigration')),
	CONSTRAINT "population_groups_count" CHECK("population_groups"."count" >= 0)
);
--> statement-breakpoint
ALTER TABLE `stadtteile` ADD `population_licence` text;