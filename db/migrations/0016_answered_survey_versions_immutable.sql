-- A survey version that has answers is never changed: every stored answer is judged against
-- it, and results read its questions by key. The service refuses with 409 first; this trigger
-- makes the rule hold for every writer (a script, a console). Deleting such a version is
-- already refused by the foreign key from responses.
CREATE TRIGGER `surveys_answered_version_immutable` BEFORE UPDATE ON `surveys`
WHEN EXISTS (SELECT 1 FROM `responses` WHERE `responses`.`survey_id` = OLD.`id`)
BEGIN
  SELECT RAISE(ABORT, 'survey version has answers and cannot change');
END;
