CREATE TABLE `cite_counters` (
	`process_id` text PRIMARY KEY NOT NULL,
	`last` integer NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `contribution_translations` (
	`contribution_id` text PRIMARY KEY NOT NULL,
	`language` text DEFAULT 'de' NOT NULL,
	`text` text NOT NULL,
	`masked_text` text NOT NULL,
	`source` text DEFAULT 'human' NOT NULL,
	`translated_by` integer,
	`translated_at` text NOT NULL,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`translated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "translations_language" CHECK("contribution_translations"."language" = 'de'),
	CONSTRAINT "translations_source" CHECK("contribution_translations"."source" in ('human'))
);
--> statement-breakpoint
ALTER TABLE `contributions` ADD `cite_seq` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `contributions_cite` ON `contributions` (`process_id`,`cite_seq`);