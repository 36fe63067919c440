-- Receipt codes for the voices recorded before receipts existed: one per questionnaire with free
-- text, one per contribution without a questionnaire (shared/receipts/code.ts: 12 characters of
-- 23456789ABCDEFGHJKMNPQRSTUVWXYZ). SQLite's random() is a ChaCha20 stream seeded from the
-- operating system, and `& 9223372036854775807` keeps it non-negative (abs() overflows on the
-- smallest integer). The app gives every new voice its code when it records it.
INSERT OR IGNORE INTO `receipts` (`code`, `process_id`, `response_id`, `contribution_id`)
SELECT substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1) || substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + (random() & 9223372036854775807) % 31, 1), `process_id`, `response_id`, `contribution_id` FROM (
  SELECT `r`.`process_id`, `r`.`id` AS `response_id`, NULL AS `contribution_id` FROM `responses` `r`
  WHERE EXISTS (SELECT 1 FROM `contributions` `c` WHERE `c`.`response_id` = `r`.`id`)
  UNION ALL
  SELECT `c`.`process_id`, NULL, `c`.`id` FROM `contributions` `c` WHERE `c`.`response_id` IS NULL
);
--> statement-breakpoint
-- A code drawn twice is skipped by OR IGNORE (at a million voices a chance of about 6·10^-7).
-- Rather than leave a voice without one, the migration then fails as a whole (the CHECK below),
-- is rolled back, and the next start draws again.
CREATE TEMP TABLE `receipts_missing` (`n` integer CHECK (`n` = 0));
--> statement-breakpoint
INSERT INTO `receipts_missing` (`n`)
SELECT (SELECT count(*) FROM `responses` `r` WHERE EXISTS (SELECT 1 FROM `contributions` `c` WHERE `c`.`response_id` = `r`.`id`)
          AND NOT EXISTS (SELECT 1 FROM `receipts` `x` WHERE `x`.`response_id` = `r`.`id`))
     + (SELECT count(*) FROM `contributions` `c` WHERE `c`.`response_id` IS NULL
          AND NOT EXISTS (SELECT 1 FROM `receipts` `x` WHERE `x`.`contribution_id` = `c`.`id`));
--> statement-breakpoint
DROP TABLE `receipts_missing`;
