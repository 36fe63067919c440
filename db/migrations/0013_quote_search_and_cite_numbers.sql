-- Cite numbers ("B-1042"): every contribution gets the next number of its process once, at insert,
-- whatever path inserts it (the app, the demo, a benchmark's SQL). The counter only counts up, so a
-- number is never given twice, not even after a contribution was deleted. Existing contributions are
-- numbered in the order they were recorded (captured day, then insertion order).
UPDATE `contributions` SET `cite_seq` = `numbered`.`seq`
FROM (SELECT `rowid` AS `rid`, row_number() OVER (PARTITION BY `process_id` ORDER BY `captured_on`, `rowid`) AS `seq` FROM `contributions`) AS `numbered`
WHERE `contributions`.`rowid` = `numbered`.`rid`;
--> statement-breakpoint
INSERT INTO `cite_counters` (`process_id`, `last`) SELECT `process_id`, max(`cite_seq`) FROM `contributions` GROUP BY `process_id`;
--> statement-breakpoint
CREATE TRIGGER `contributions_cite_seq` AFTER INSERT ON `contributions` WHEN NEW.`cite_seq` IS NULL
BEGIN
  INSERT INTO `cite_counters` (`process_id`, `last`) VALUES (NEW.`process_id`, 1)
    ON CONFLICT (`process_id`) DO UPDATE SET `last` = `last` + 1;
  UPDATE `contributions` SET `cite_seq` = (SELECT `last` FROM `cite_counters` WHERE `process_id` = NEW.`process_id`) WHERE `rowid` = NEW.`rowid`;
END;
--> statement-breakpoint
-- A cite number stays what it was given: no update may change it.
CREATE TRIGGER `contributions_cite_seq_fixed` BEFORE UPDATE OF `cite_seq` ON `contributions` WHEN OLD.`cite_seq` IS NOT NULL AND NEW.`cite_seq` IS NOT OLD.`cite_seq`
BEGIN
  SELECT RAISE(ABORT, 'a cite number never changes');
END;
--> statement-breakpoint
-- Full-text search over what working groups may read: the masked text and the masked German
-- rendering, never the original `text`. unicode61 with remove_diacritics 2 folds ä/ö/ü/é (and the
-- diacritics of Turkish and Polish) so "Bürger" and "burger" find each other; prefix queries
-- ("sprach*") work on the same index. The row id is the contribution's rowid.
CREATE VIRTUAL TABLE `contributions_fts` USING fts5(`masked_text`, `german`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `contributions_fts` (`rowid`, `masked_text`, `german`)
SELECT `c`.`rowid`, `c`.`masked_text`, coalesce(`t`.`masked_text`, '') FROM `contributions` `c` LEFT JOIN `contribution_translations` `t` ON `t`.`contribution_id` = `c`.`id`;
--> statement-breakpoint
CREATE TRIGGER `contributions_fts_insert` AFTER INSERT ON `contributions`
BEGIN
  INSERT INTO `contributions_fts` (`rowid`, `masked_text`, `german`) VALUES (NEW.`rowid`, NEW.`masked_text`, '');
END;
--> statement-breakpoint
CREATE TRIGGER `contributions_fts_update` AFTER UPDATE OF `masked_text` ON `contributions`
BEGIN
  UPDATE `contributions_fts` SET `masked_text` = NEW.`masked_text` WHERE `rowid` = NEW.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `contributions_fts_delete` AFTER DELETE ON `contributions`
BEGIN
  DELETE FROM `contributions_fts` WHERE `rowid` = OLD.`rowid`;
END;
--> statement-breakpoint
CREATE TRIGGER `translations_fts_insert` AFTER INSERT ON `contribution_translations`
BEGIN
  UPDATE `contributions_fts` SET `german` = NEW.`masked_text` WHERE `rowid` = (SELECT `rowid` FROM `contributions` WHERE `id` = NEW.`contribution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `translations_fts_update` AFTER UPDATE OF `masked_text` ON `contribution_translations`
BEGIN
  UPDATE `contributions_fts` SET `german` = NEW.`masked_text` WHERE `rowid` = (SELECT `rowid` FROM `contributions` WHERE `id` = NEW.`contribution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `translations_fts_delete` AFTER DELETE ON `contribution_translations`
BEGIN
  UPDATE `contributions_fts` SET `german` = '' WHERE `rowid` = (SELECT `rowid` FROM `contributions` WHERE `id` = OLD.`contribution_id`);
END;
