CREATE TABLE `survey_translation_reviews` (
	`process_id` text NOT NULL,
	`language` text NOT NULL,
	`path` text NOT NULL,
	`german_hash` text NOT NULL,
	`reviewed_at` text NOT NULL,
	PRIMARY KEY(`process_id`, `language`, `path`),
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
