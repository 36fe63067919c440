-- Responses get a second id (db/schema.ts at `responses`): `client_id` is the UUID the client
-- made, the key of idempotency; `id` stays the key the answers, voices and receipts point to,
-- and from now on the server makes it in day order (`dayOrderedId`), so a burst of responses
-- appends to each b-tree keyed by it. Every existing response keeps its id, which was the
-- client's: it becomes its client_id too.
ALTER TABLE `responses` ADD `client_id` text;--> statement-breakpoint
UPDATE `responses` SET `client_id` = `id`;--> statement-breakpoint
CREATE UNIQUE INDEX `responses_client` ON `responses` (`client_id`);
