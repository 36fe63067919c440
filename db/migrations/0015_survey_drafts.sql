CREATE TABLE `survey_drafts` (
	`process_id` text PRIMARY KEY NOT NULL,
	`definition` text NOT NULL,
	`texts` text NOT NULL,
	`revision` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
