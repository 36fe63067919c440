-- A market day an admin merged into another (two tablets created the same one offline) is remembered
-- with the one it went into: what a tablet sends later naming it is filed there (`mergeMarketDay`).
ALTER TABLE `removed_market_days` ADD `merged_into` text;
