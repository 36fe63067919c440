-- The answers table WITHOUT ROWID: its rows live in the primary key's b-tree (response, question),
-- value included. Before, each answer was written three times — the rowid table, the primary key's
-- index and the covering index `answers_results` (dropped by 0027) — and a questionnaire has about
-- eight answers; now once, and the per-question counts read the same b-tree the covering index gave
-- them. drizzle does not model WITHOUT ROWID (db/schema.ts says so at the table): a migration that
-- rebuilds this table must keep it. Rows are copied as they are.
CREATE TABLE `answers_without_rowid` (
	`response_id` text NOT NULL,
	`question_key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`response_id`, `question_key`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `answers_without_rowid` (`response_id`, `question_key`, `value`) SELECT `response_id`, `question_key`, `value` FROM `answers`;
--> statement-breakpoint
DROP TABLE `answers`;
--> statement-breakpoint
ALTER TABLE `answers_without_rowid` RENAME TO `answers`;
