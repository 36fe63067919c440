-- The comparison with the Zensus („Vergleich mit dem Zensus“, `census` of a single-choice question)
-- is a mark of the survey now; until now participation read the answers to the questions keyed
-- `age-band` (its options the Zensus's age classes) and `years-in-germany` (everything but
-- `since-birth` immigrated). Stored surveys and drafts that ask such a question get that mark, so
-- every figure stays as it was: `{"dimension":"age"}` (the options are the classes) and
-- `{"dimension":"immigration","notImmigrated":["since-birth"]}`. Nothing else in a definition
-- changes, and a question is marked only where it would have been counted before.
--
-- A version with answers is never changed (migration 0016): the mark says how its answers are
-- compared, not what they mean, so its trigger steps aside for these statements and is created
-- again as it was. Written by hand (`--custom`): drizzle-kit sees no change.
-- Every stored definition, the published versions' and the drafts'.
CREATE TEMP VIEW `census_stored` AS
  SELECT 'surveys' AS `tbl`, CAST(`id` AS TEXT) AS `ref`, `definition` FROM `surveys`
  UNION ALL SELECT 'survey_drafts', `process_id`, `definition` FROM `survey_drafts`;
--> statement-breakpoint
-- Each question to mark: where it stands in its definition and the mark it gets.
CREATE TEMP TABLE `census_marks` AS
  SELECT d.`tbl` AS `tbl`, d.`ref` AS `ref`, json_extract(q.value, '$.key') AS `question`, q.fullkey || '.census' AS `path`,
    CASE json_extract(q.value, '$.key') WHEN 'age-band' THEN '{"dimension":"age"}' ELSE '{"dimension":"immigration","notImmigrated":["since-birth"]}' END AS `mark`
  FROM `census_stored` d, json_tree(d.`definition`) q
  WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object' AND json_extract(q.value, '$.type') = 'single'
    AND (
      (json_extract(q.value, '$.key') = 'age-band'
        AND (SELECT count(DISTINCT json_extract(o.value, '$.key')) FROM json_each(q.value, '$.options') o
             WHERE json_extract(o.value, '$.key') IN ('under-18', '18-29', '30-49', '50-64', '65-plus')) = 5)
      OR (json_extract(q.value, '$.key') = 'years-in-germany'
        AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') = 'since-birth')
        AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') <> 'since-birth'))
    );
--> statement-breakpoint
DROP TRIGGER `surveys_answered_version_immutable`;
--> statement-breakpoint
UPDATE `surveys` SET `definition` = json_set(`definition`, m.`path`, json(m.`mark`))
FROM `census_marks` m WHERE m.`tbl` = 'surveys' AND m.`ref` = CAST(`surveys`.`id` AS TEXT) AND m.`question` = 'age-band';
--> statement-breakpoint
UPDATE `surveys` SET `definition` = json_set(`definition`, m.`path`, json(m.`mark`))
FROM `census_marks` m WHERE m.`tbl` = 'surveys' AND m.`ref` = CAST(`surveys`.`id` AS TEXT) AND m.`question` = 'years-in-germany';
--> statement-breakpoint
UPDATE `survey_drafts` SET `definition` = json_set(`definition`, m.`path`, json(m.`mark`))
FROM `census_marks` m WHERE m.`tbl` = 'survey_drafts' AND m.`ref` = `survey_drafts`.`process_id` AND m.`question` = 'age-band';
--> statement-breakpoint
UPDATE `survey_drafts` SET `definition` = json_set(`definition`, m.`path`, json(m.`mark`))
FROM `census_marks` m WHERE m.`tbl` = 'survey_drafts' AND m.`ref` = `survey_drafts`.`process_id` AND m.`question` = 'years-in-germany';
--> statement-breakpoint
CREATE TRIGGER `surveys_answered_version_immutable` BEFORE UPDATE ON `surveys`
WHEN EXISTS (SELECT 1 FROM `responses` WHERE `responses`.`survey_id` = OLD.`id`)
BEGIN
  SELECT RAISE(ABORT, 'survey version has answers and cannot change');
END;
--> statement-breakpoint
DROP TABLE `census_marks`;
--> statement-breakpoint
DROP VIEW `census_stored`;
