CREATE TABLE `answers` (
	`response_id` text NOT NULL,
	`question_key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`response_id`, `question_key`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `contribution_tags` (
	`contribution_id` text NOT NULL,
	`field_key` text NOT NULL,
	`source` text NOT NULL,
	`score` integer,
	`user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`contribution_id`, `field_key`),
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "tags_source" CHECK("contribution_tags"."source" in ('self','staff','suggested','reviewed'))
);
--> statement-breakpoint
CREATE INDEX `tags_field` ON `contribution_tags` (`field_key`);--> statement-breakpoint
CREATE TABLE `contributions` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`channel` text NOT NULL,
	`response_id` text,
	`question_key` text,
	`stall_session_id` text,
	`kind` text,
	`text` text NOT NULL,
	`masked_text` text NOT NULL,
	`language` text,
	`stadtteil_key` text,
	`stadtteil_source` text,
	`age_band` text,
	`captured_on` text NOT NULL,
	`status` text DEFAULT 'visible' NOT NULL,
	`hidden_reason` text,
	`flags` text DEFAULT '[]' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`content_hash` text NOT NULL,
	`created_by` integer,
	`reviewed_at` text,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stall_session_id`) REFERENCES `stall_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "contributions_channel" CHECK("contributions"."channel" in ('online','stall','paper','conference','workshop'))
);
--> statement-breakpoint
CREATE INDEX `contributions_process` ON `contributions` (`process_id`,`channel`);--> statement-breakpoint
CREATE INDEX `contributions_session` ON `contributions` (`stall_session_id`);--> statement-breakpoint
CREATE TABLE `districts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` text NOT NULL,
	`key` text NOT NULL,
	`nr` integer NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `districts_process_key` ON `districts` (`process_id`,`key`);--> statement-breakpoint
CREATE TABLE `dot_votes` (
	`id` text PRIMARY KEY NOT NULL,
	`stall_session_id` text NOT NULL,
	`option_key` text NOT NULL,
	`delta` integer NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`stall_session_id`) REFERENCES `stall_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "dot_votes_delta" CHECK("dot_votes"."delta" in (-1, 1))
);
--> statement-breakpoint
CREATE INDEX `dot_votes_session` ON `dot_votes` (`stall_session_id`);--> statement-breakpoint
CREATE TABLE `fields_of_action` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` text NOT NULL,
	`key` text NOT NULL,
	`parent_key` text,
	`label` text NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fields_process_key` ON `fields_of_action` (`process_id`,`key`);--> statement-breakpoint
CREATE TABLE `phases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` text NOT NULL,
	`nr` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`starts_on` text,
	`ends_on` text,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phases_process_nr` ON `phases` (`process_id`,`nr`);--> statement-breakpoint
CREATE TABLE `processes` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`city` text NOT NULL,
	`languages` text NOT NULL,
	`current_phase` integer NOT NULL,
	`opens_on` text,
	`closes_on` text,
	`suppression_threshold` integer DEFAULT 5 NOT NULL,
	`retention_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `processes_slug_unique` ON `processes` (`slug`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`survey_id` integer NOT NULL,
	`survey_version` integer NOT NULL,
	`channel` text NOT NULL,
	`language` text NOT NULL,
	`stadtteil_key` text,
	`stall_session_id` text,
	`submitted_on` text NOT NULL,
	`content_hash` text NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`stall_session_id`) REFERENCES `stall_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "responses_channel" CHECK("responses"."channel" in ('online','stall','paper','conference','workshop'))
);
--> statement-breakpoint
CREATE INDEX `responses_process` ON `responses` (`process_id`,`channel`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `stadtteile` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` text NOT NULL,
	`district_id` integer NOT NULL,
	`key` text NOT NULL,
	`nr` text NOT NULL,
	`name` text NOT NULL,
	`name_variants` text DEFAULT '[]' NOT NULL,
	`population` integer,
	`population_status` text,
	`population_source` text,
	`population_date` text,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stadtteile_process_key` ON `stadtteile` (`process_id`,`key`);--> statement-breakpoint
CREATE TABLE `stall_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`date` text NOT NULL,
	`place` text NOT NULL,
	`stadtteil_key` text,
	`staff` text DEFAULT '[]' NOT NULL,
	`content_hash` text NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `suggest_models` (
	`process_id` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`process_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`published_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `surveys_process_version` ON `surveys` (`process_id`,`version`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`fields_of_action` text DEFAULT '[]' NOT NULL,
	`disabled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);