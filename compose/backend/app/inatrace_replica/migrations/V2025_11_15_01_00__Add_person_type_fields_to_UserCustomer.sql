-- Plain ALTER (no IF NOT EXISTS): that form is MariaDB-only, and the schema must
-- run unchanged on MySQL 8.0.35 and on the offline MariaDB image.
ALTER TABLE `UserCustomer`
  ADD COLUMN `personType` enum('LEGAL','NATURAL') NOT NULL DEFAULT 'NATURAL',
  ADD COLUMN `documentType` varchar(32) DEFAULT NULL,
  ADD COLUMN `documentNumber` varchar(32) DEFAULT NULL;
