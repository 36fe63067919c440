CREATE TABLE `posters` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`stall_session_id` text,
	`stadtteil_key` text,
	`place` text NOT NULL,
	`languages` text NOT NULL,
	`created_by` integer,
	`created_on` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`stall_session_id`) REFERENCES `stall_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `posters_process` ON `posters` (`process_id`);--> statement-breakpoint
ALTER TABLE `responses` ADD `poster_id` text REFERENCES posters(id);--> statement-breakpoint
CREATE INDEX `responses_poster` ON `responses` (`process_id`,`poster_id`);