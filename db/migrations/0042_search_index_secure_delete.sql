-- The quote search's index forgets a deleted or changed contribution's words at once. By default
-- FTS5 only records a delete in a new segment and keeps the old words in the older segments until
-- they happen to be merged: after a process was deleted, or a name was masked by hand, its words
-- stayed readable in the database file (`strings` found them). With FTS5's `secure-delete` option
-- (kept in `contributions_fts_config`, so it holds for every connection) a delete takes the words
-- out of the segments it touches, and the connections' `secure_delete` (db/index.ts) writes zeros
-- over what SQLite frees. `optimize` merges what is there into one segment now, so words of voices
-- deleted before this migration go too.
INSERT INTO `contributions_fts` (`contributions_fts`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `contributions_fts` (`contributions_fts`) VALUES ('optimize');
