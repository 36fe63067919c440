CREATE TABLE `removed_market_days` (
	`id` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`removed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade
);
