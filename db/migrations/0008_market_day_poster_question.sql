ALTER TABLE `stall_sessions` ADD `board_question` text;--> statement-breakpoint
ALTER TABLE `stall_sessions` ADD `board_options` text;