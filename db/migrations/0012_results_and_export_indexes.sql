CREATE INDEX `answers_results` ON `answers` (`response_id`,`question_key`,`value`);--> statement-breakpoint
CREATE INDEX `contributions_process_day` ON `contributions` (`process_id`,`captured_on`,`id`);--> statement-breakpoint
CREATE INDEX `responses_results` ON `responses` (`process_id`,`flags`,`channel`,`language`,`stadtteil_key`,`survey_version`,`id`);