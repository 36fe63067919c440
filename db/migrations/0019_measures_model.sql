CREATE TABLE `contribution_outcomes` (
	`contribution_id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`passed_to` text,
	`decided_by` integer,
	`decided_on` text NOT NULL,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "contribution_outcomes_kind" CHECK("contribution_outcomes"."kind" in ('taken_up','not_pursued','passed_on'))
);
--> statement-breakpoint
CREATE INDEX `contribution_outcomes_process` ON `contribution_outcomes` (`process_id`,`kind`);--> statement-breakpoint
CREATE TABLE `guiding_goals` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`field_key` text NOT NULL,
	`text` text NOT NULL,
	`translations` text DEFAULT '{}' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `guiding_goals_field` ON `guiding_goals` (`process_id`,`field_key`,`sort_order`);--> statement-breakpoint
CREATE TABLE `measure_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`user_id` integer,
	`at` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `measure_changes_process` ON `measure_changes` (`process_id`,`id`);--> statement-breakpoint
CREATE INDEX `measure_changes_entity` ON `measure_changes` (`entity_id`,`id`);--> statement-breakpoint
CREATE TABLE `measure_contributions` (
	`measure_id` text NOT NULL,
	`contribution_id` text NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`measure_id`, `contribution_id`),
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `measure_contributions_contribution` ON `measure_contributions` (`contribution_id`);--> statement-breakpoint
CREATE TABLE `measure_result_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`measure_id` text NOT NULL,
	`kind` text NOT NULL,
	`ref` text NOT NULL,
	`option_key` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `measure_result_links_unique` ON `measure_result_links` (`measure_id`,`kind`,`ref`,`option_key`);--> statement-breakpoint
CREATE TABLE `measure_statuses` (
	`process_id` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`sort_order` integer NOT NULL,
	`concluded` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`process_id`, `key`),
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `measures` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`field_key` text NOT NULL,
	`guiding_goal_id` text,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`translations` text DEFAULT '{}' NOT NULL,
	`stadtteil_keys` text DEFAULT '[]' NOT NULL,
	`responsible` text,
	`partners` text DEFAULT '[]' NOT NULL,
	`status_key` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`milestones` text DEFAULT '[]' NOT NULL,
	`council_document` text,
	`council_decided_on` text,
	`budget_cents` integer,
	`budget_note` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`guiding_goal_id`) REFERENCES `guiding_goals`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "measures_progress" CHECK("measures"."progress" between 0 and 100),
	CONSTRAINT "measures_budget" CHECK("measures"."budget_cents" is null or "measures"."budget_cents" >= 0)
);
--> statement-breakpoint
CREATE INDEX `measures_field` ON `measures` (`process_id`,`field_key`,`sort_order`);