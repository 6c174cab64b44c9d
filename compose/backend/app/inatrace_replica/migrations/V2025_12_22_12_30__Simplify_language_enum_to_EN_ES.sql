-- The UI only ships English and Spanish: fold DE/RW users to ES, then narrow the enum.
-- Both statements are safe to run again after a repair.
UPDATE `User` SET `language` = 'ES' WHERE `language` NOT IN ('EN', 'ES');

ALTER TABLE `User` MODIFY COLUMN `language` enum('EN','ES') NOT NULL DEFAULT 'ES';
