CREATE TABLE `admin_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`process` integer DEFAULT 0 NOT NULL,
	`survey` integer DEFAULT 0 NOT NULL,
	`model` integer DEFAULT 0 NOT NULL
);
