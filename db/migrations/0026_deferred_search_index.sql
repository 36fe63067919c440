-- The quote search's index (contributions_fts, migration 0013) written once per write transaction
-- instead of once per contribution. FTS5 writes what it holds in memory to a new segment at every
-- savepoint and at every statement that opens one (an INSERT that fires triggers does), so the
-- per-row trigger made one segment per contribution: about a third of what recording a voice cost
-- on the survey's group commit and the stall sync. While `search_index_deferral` holds its row,
-- a new contribution's rowid goes to `search_index_pending`; db/search-index.ts puts the row there,
-- and before the transaction ends indexes every pending contribution in one statement, empties
-- the pending list and removes the row again. Both happen inside the one write transaction, so no
-- other connection ever sees the row or a contribution missing from the index; every other writer
-- (a seed, the shell, another process) keeps the immediate trigger.
CREATE TABLE `search_index_deferral` (`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1));
--> statement-breakpoint
CREATE TABLE `search_index_pending` (`contribution_rowid` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
DROP TRIGGER `contributions_fts_insert`;
--> statement-breakpoint
CREATE TRIGGER `contributions_fts_insert` AFTER INSERT ON `contributions`
WHEN NOT EXISTS (SELECT 1 FROM `search_index_deferral`)
BEGIN
  INSERT INTO `contributions_fts` (`rowid`, `masked_text`, `german`) VALUES (NEW.`rowid`, NEW.`masked_text`, '');
END;
--> statement-breakpoint
CREATE TRIGGER `contributions_fts_insert_deferred` AFTER INSERT ON `contributions`
WHEN EXISTS (SELECT 1 FROM `search_index_deferral`)
BEGIN
  INSERT OR IGNORE INTO `search_index_pending` (`contribution_rowid`) VALUES (NEW.`rowid`);
END;
