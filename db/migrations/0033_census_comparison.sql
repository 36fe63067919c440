-- The comparison with the Zensus („Vergleich mit dem Zensus“, `census` of a single-choice question)
-- is a mark of the survey now; until now participation read the answers to the questions keyed
-- `age-band` (its options the Zensus's age classes) and `years-in-germany` (everything but
-- `since-birth` immigrated). Stored surveys and drafts that ask such a question get that mark, so
-- every figure stays as it was: `{"dimension":"age"}` (the options are the classes) and
-- `{"dimension":"immigration","notImmigrated":["since-birth"]}`. Nothing else in a definition
-- changes, and a question is marked only where it would have been counted before.
--
-- A version with answers is never changed (migration 0016): the mark says how its answers are
-- compared, not what they mean, so its trigger steps aside for this one statement per question
-- and is created again as it was. Written by hand (`--custom`): drizzle-kit sees no change.
DROP TRIGGER `surveys_answered_version_immutable`;
--> statement-breakpoint
UPDATE `surveys` SET `definition` = json_set(`definition`, (SELECT q.fullkey FROM json_tree(`surveys`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'age-band' AND json_extract(q.value, '$.type') = 'single'
     AND (SELECT count(DISTINCT json_extract(o.value, '$.key')) FROM json_each(q.value, '$.options') o
          WHERE json_extract(o.value, '$.key') IN ('under-18', '18-29', '30-49', '50-64', '65-plus')) = 5) || '.census', json('{"dimension":"age"}'))
WHERE (SELECT q.fullkey FROM json_tree(`surveys`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'age-band' AND json_extract(q.value, '$.type') = 'single'
     AND (SELECT count(DISTINCT json_extract(o.value, '$.key')) FROM json_each(q.value, '$.options') o
          WHERE json_extract(o.value, '$.key') IN ('under-18', '18-29', '30-49', '50-64', '65-plus')) = 5) IS NOT NULL;
--> statement-breakpoint
UPDATE `surveys` SET `definition` = json_set(`definition`, (SELECT q.fullkey FROM json_tree(`surveys`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'years-in-germany' AND json_extract(q.value, '$.type') = 'single'
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') = 'since-birth')
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') <> 'since-birth')) || '.census', json('{"dimension":"immigration","notImmigrated":["since-birth"]}'))
WHERE (SELECT q.fullkey FROM json_tree(`surveys`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'years-in-germany' AND json_extract(q.value, '$.type') = 'single'
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') = 'since-birth')
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') <> 'since-birth')) IS NOT NULL;
--> statement-breakpoint
UPDATE `survey_drafts` SET `definition` = json_set(`definition`, (SELECT q.fullkey FROM json_tree(`survey_drafts`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'age-band' AND json_extract(q.value, '$.type') = 'single'
     AND (SELECT count(DISTINCT json_extract(o.value, '$.key')) FROM json_each(q.value, '$.options') o
          WHERE json_extract(o.value, '$.key') IN ('under-18', '18-29', '30-49', '50-64', '65-plus')) = 5) || '.census', json('{"dimension":"age"}'))
WHERE (SELECT q.fullkey FROM json_tree(`survey_drafts`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'age-band' AND json_extract(q.value, '$.type') = 'single'
     AND (SELECT count(DISTINCT json_extract(o.value, '$.key')) FROM json_each(q.value, '$.options') o
          WHERE json_extract(o.value, '$.key') IN ('under-18', '18-29', '30-49', '50-64', '65-plus')) = 5) IS NOT NULL;
--> statement-breakpoint
UPDATE `survey_drafts` SET `definition` = json_set(`definition`, (SELECT q.fullkey FROM json_tree(`survey_drafts`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'years-in-germany' AND json_extract(q.value, '$.type') = 'single'
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') = 'since-birth')
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') <> 'since-birth')) || '.census', json('{"dimension":"immigration","notImmigrated":["since-birth"]}'))
WHERE (SELECT q.fullkey FROM json_tree(`survey_drafts`.`definition`) q
   WHERE q.path LIKE '$.sections[%].questions' AND q.type = 'object'
     AND json_extract(q.value, '$.key') = 'years-in-germany' AND json_extract(q.value, '$.type') = 'single'
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') = 'since-birth')
     AND EXISTS (SELECT 1 FROM json_each(q.value, '$.options') o WHERE json_extract(o.value, '$.key') <> 'since-birth')) IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `surveys_answered_version_immutable` BEFORE UPDATE ON `surveys`
WHEN EXISTS (SELECT 1 FROM `responses` WHERE `responses`.`survey_id` = OLD.`id`)
BEGIN
  SELECT RAISE(ABORT, 'survey version has answers and cannot change');
END;
