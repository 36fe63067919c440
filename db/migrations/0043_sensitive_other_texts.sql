-- What a resident wrote under „Anderes“ for a sensitive question (a language spoken at home) was kept
-- in the answer: it never became a voice, nothing read it, and the retention date did not reach it.
-- Answers now keep only that "other" was chosen (`answersForStorage`); this forgets the texts stored
-- before. Only sensitive questions ever stored a written "other" (`{"other":"…"}`, alone or in a list).
UPDATE `answers` SET `value` = '"other"' WHERE `value` LIKE '{%';
--> statement-breakpoint
UPDATE `answers` SET `value` = (SELECT json_group_array(CASE WHEN `e`.`type` = 'object' THEN 'other' ELSE `e`.`value` END) FROM json_each(`answers`.`value`) `e`) WHERE `value` LIKE '[%{%';
