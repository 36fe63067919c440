-- `settings`: what the server decided once for its database (db/schema.ts). Every database that
-- has a process was started before, and every start until now seeded the default process: it
-- counts as seeded, so deleting the default process later does not bring it back on a restart.
CREATE TABLE `settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
INSERT INTO `settings` (`name`, `value`) SELECT 'default_process', 'seeded' WHERE EXISTS (SELECT 1 FROM `processes`);
--> statement-breakpoint
-- The browser a session was signed in on (the hash of its device cookie's nonce); older sessions have none.
ALTER TABLE `sessions` ADD `device` text;
