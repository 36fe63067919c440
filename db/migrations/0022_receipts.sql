CREATE TABLE `receipts` (
	`code` text PRIMARY KEY NOT NULL,
	`process_id` text NOT NULL,
	`response_id` text,
	`contribution_id` text,
	FOREIGN KEY (`process_id`) REFERENCES `processes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "receipts_one_owner" CHECK(("receipts"."response_id" is null) <> ("receipts"."contribution_id" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_response` ON `receipts` (`response_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_contribution` ON `receipts` (`contribution_id`);