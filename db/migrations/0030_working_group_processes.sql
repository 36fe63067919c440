-- A working group's account names the processes whose results it receives (db/schema.ts at
-- `users.processes`); before, its fields of action opened every process that had a field of
-- that key. Every existing working group keeps what it could read: all processes there are now.
ALTER TABLE `users` ADD `processes` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
UPDATE `users` SET `processes` = (SELECT coalesce(json_group_array(`slug`), '[]') FROM (SELECT `slug` FROM `processes` ORDER BY `created_at`, `slug`)) WHERE `role` = 'working_group';
