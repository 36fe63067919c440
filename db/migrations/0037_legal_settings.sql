CREATE TABLE `legal_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`operator_name` text DEFAULT '' NOT NULL,
	`operator_address` text DEFAULT '' NOT NULL,
	`represented_by` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`data_protection_officer` text DEFAULT '' NOT NULL,
	`supervisory_authority` text DEFAULT '' NOT NULL,
	`accessibility_contact` text DEFAULT '' NOT NULL,
	`enforcement_body` text DEFAULT '' NOT NULL,
	`accessibility_statement_on` text,
	`known_limitations` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "legal_settings_one_row" CHECK("legal_settings"."id" = 1)
);
