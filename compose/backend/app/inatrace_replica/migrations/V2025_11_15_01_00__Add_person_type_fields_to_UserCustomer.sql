-- Same effect as the Fortaleza fork's migration of this version: natural or legal person,
-- and for a legal person its company name and legal representative. Each column is added
-- only if missing (information_schema guard), so a repair can run the script again.

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'UserCustomer' AND COLUMN_NAME = 'personType');
SET @ddl = IF(@present = 0, 'ALTER TABLE `UserCustomer` ADD COLUMN personType ENUM(''NATURAL'',''LEGAL'') DEFAULT NULL COMMENT ''Person type: NATURAL (individual) or LEGAL (company)''', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'UserCustomer' AND COLUMN_NAME = 'companyName');
SET @ddl = IF(@present = 0, 'ALTER TABLE `UserCustomer` ADD COLUMN companyName VARCHAR(255) DEFAULT NULL COMMENT ''Legal entity company name''', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;

SET @present = (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'UserCustomer' AND COLUMN_NAME = 'legalRepresentative');
SET @ddl = IF(@present = 0, 'ALTER TABLE `UserCustomer` ADD COLUMN legalRepresentative VARCHAR(255) DEFAULT NULL COMMENT ''Legal representative full name''', 'SELECT 1');
PREPARE stmt FROM @ddl; EXECUTE stmt; DEALLOCATE PREPARE stmt;
