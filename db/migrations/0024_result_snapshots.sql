CREATE TABLE `result_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`content` text NOT NULL,
	`sha256` text NOT NULL,
	`released_on` text NOT NULL,
	`released_by` integer,
	`withdrawn_on` text,
	`withdrawn_by` integer,
	`withdrawn_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `result_snapshots_process` ON `result_snapshots` (`process_id`,`released_on`);--> statement-breakpoint
ALTER TABLE `processes` ADD `data_licence` text DEFAULT 'dl-de/by-2-0' NOT NULL;--> statement-breakpoint
CREATE TRIGGER `result_snapshots_frozen` BEFORE UPDATE OF `id`, `process_id`, `content`, `sha256`, `released_on` ON `result_snapshots`
BEGIN SELECT RAISE(ABORT, 'a released snapshot never changes'); END;
