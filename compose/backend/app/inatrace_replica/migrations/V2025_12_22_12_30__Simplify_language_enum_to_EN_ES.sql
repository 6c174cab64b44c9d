-- Same effect as the Fortaleza fork's migration of this version: German and Kinyarwanda
-- values become English in every table with a `language` column, then each enum is
-- narrowed to EN/ES (NOT NULL, except the audit table). Tables the schema lacks are
-- skipped, so the script runs on any INATrace database and again after a repair.

-- 1. Data first, so that narrowing the enums cannot truncate a value.
SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'CompanyTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `CompanyTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'FacilityTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `FacilityTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProcessingActionTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `ProcessingActionTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProcessingEvidenceFieldTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `ProcessingEvidenceFieldTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProcessingEvidenceTypeTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `ProcessingEvidenceTypeTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProductLabel');
SET @ddl = IF(@present > 0, 'UPDATE `ProductLabel` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProductSettings');
SET @ddl = IF(@present > 0, 'UPDATE `ProductSettings` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProductTypeTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `ProductTypeTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'SemiProductTranslation');
SET @ddl = IF(@present > 0, 'UPDATE `SemiProductTranslation` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'User');
SET @ddl = IF(@present > 0, 'UPDATE `User` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'User_AUD');
SET @ddl = IF(@present > 0, 'UPDATE `User_AUD` SET language = ''EN'' WHERE language IN (''DE'', ''RW'')', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

-- 2. The enums.
SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'CompanyTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `CompanyTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'FacilityTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `FacilityTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProcessingActionTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `ProcessingActionTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProcessingEvidenceFieldTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `ProcessingEvidenceFieldTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProcessingEvidenceTypeTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `ProcessingEvidenceTypeTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProductLabel');
SET @ddl = IF(@present > 0, 'ALTER TABLE `ProductLabel` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProductSettings');
SET @ddl = IF(@present > 0, 'ALTER TABLE `ProductSettings` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ProductTypeTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `ProductTypeTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'SemiProductTranslation');
SET @ddl = IF(@present > 0, 'ALTER TABLE `SemiProductTranslation` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'User');
SET @ddl = IF(@present > 0, 'ALTER TABLE `User` MODIFY COLUMN language ENUM(''EN'',''ES'') NOT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'User_AUD');
SET @ddl = IF(@present > 0, 'ALTER TABLE `User_AUD` MODIFY COLUMN language ENUM(''EN'',''ES'') DEFAULT NULL', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;
