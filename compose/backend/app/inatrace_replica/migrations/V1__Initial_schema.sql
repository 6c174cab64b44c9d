-- Initial schema of the INATrace replica. Follows the real entity naming:
-- PascalCase tables, camelCase columns, <field>_id foreign keys, MySQL enums.
-- Kept portable to MariaDB 10.11 (no utf8mb4_0900_ai_ci).

CREATE TABLE IF NOT EXISTS `Country` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `code` varchar(255) NOT NULL,
  `name` varchar(255) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_Country_code` (`code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `User` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `email` varchar(255) NOT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `language` enum('DE','EN','ES','RW') NOT NULL DEFAULT 'ES',
  `name` varchar(255) DEFAULT NULL,
  `password` varchar(255) DEFAULT NULL,
  `role` enum('REGIONAL_ADMIN','SYSTEM_ADMIN','USER') DEFAULT 'USER',
  `status` enum('ACTIVE','CONFIRMED_EMAIL','DEACTIVATED','UNCONFIRMED') NOT NULL DEFAULT 'UNCONFIRMED',
  `surname` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_User_email` (`email`),
  KEY `IDX_User_status` (`status`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `Document` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `contentType` varchar(255) DEFAULT NULL,
  `name` varchar(255) DEFAULT NULL,
  `size` bigint DEFAULT NULL,
  `storageKey` varchar(64) NOT NULL,
  `type` enum('GENERAL','IMAGE') NOT NULL DEFAULT 'GENERAL',
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_Document_storageKey` (`storageKey`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `Company` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `abbreviation` varchar(255) DEFAULT NULL,
  `about` text,
  `email` varchar(255) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `headquarters_address` varchar(255) DEFAULT NULL,
  `headquarters_city` varchar(255) DEFAULT NULL,
  `headquarters_state` varchar(255) DEFAULT NULL,
  `headquarters_zip` varchar(255) DEFAULT NULL,
  `headquarters_country_id` bigint DEFAULT NULL,
  `manager` varchar(255) DEFAULT NULL,
  `name` varchar(255) NOT NULL,
  `phone` varchar(255) DEFAULT NULL,
  `webPage` varchar(255) DEFAULT NULL,
  `logo_id` bigint DEFAULT NULL,
  `allowBeycoIntegration` bit(1) NOT NULL DEFAULT b'0',
  `displayPrefferedWayOfPayment` bit(1) NOT NULL DEFAULT b'0',
  `purchaseProofDocumentMultipleFarmers` bit(1) NOT NULL DEFAULT b'0',
  `status` enum('ACTIVE','DEACTIVATED','REGISTERED') NOT NULL DEFAULT 'REGISTERED',
  PRIMARY KEY (`id`),
  KEY `FK_Company_country` (`headquarters_country_id`),
  CONSTRAINT `FK_Company_country` FOREIGN KEY (`headquarters_country_id`) REFERENCES `Country` (`id`),
  CONSTRAINT `FK_Company_logo` FOREIGN KEY (`logo_id`) REFERENCES `Document` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `CompanyUser` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `role` enum('ACCOUNTANT','COMPANY_ADMIN','COMPANY_USER','MANAGER') DEFAULT NULL,
  `company_id` bigint NOT NULL,
  `user_id` bigint NOT NULL,
  PRIMARY KEY (`id`),
  CONSTRAINT `FK_CompanyUser_company` FOREIGN KEY (`company_id`) REFERENCES `Company` (`id`),
  CONSTRAINT `FK_CompanyUser_user` FOREIGN KEY (`user_id`) REFERENCES `User` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `ProductType` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `code` varchar(255) NOT NULL,
  `name` varchar(255) NOT NULL,
  `description` varchar(255) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_ProductType_code` (`code`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `FacilityType` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `code` varchar(255) NOT NULL,
  `label` varchar(255) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `Facility` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `name` varchar(255) NOT NULL,
  `isCollectionFacility` bit(1) NOT NULL DEFAULT b'0',
  `isPublic` bit(1) NOT NULL DEFAULT b'0',
  `isDeactivated` bit(1) NOT NULL DEFAULT b'0',
  `displayMayInvolveCollectors` bit(1) NOT NULL DEFAULT b'0',
  `displayOrganic` bit(1) NOT NULL DEFAULT b'1',
  `company_id` bigint NOT NULL,
  `facilityType_id` bigint DEFAULT NULL,
  PRIMARY KEY (`id`),
  CONSTRAINT `FK_Facility_company` FOREIGN KEY (`company_id`) REFERENCES `Company` (`id`),
  CONSTRAINT `FK_Facility_type` FOREIGN KEY (`facilityType_id`) REFERENCES `FacilityType` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `UserCustomer` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `name` varchar(255) DEFAULT NULL,
  `surname` varchar(255) DEFAULT NULL,
  `email` varchar(255) DEFAULT NULL,
  `phone` varchar(255) DEFAULT NULL,
  `gender` enum('DIVERSE','FEMALE','MALE','N_A') DEFAULT NULL,
  `location` varchar(255) DEFAULT NULL,
  `farmerCompanyInternalId` varchar(255) DEFAULT NULL,
  `hasSmartphone` bit(1) NOT NULL DEFAULT b'0',
  `type` enum('COLLECTOR','FARMER') NOT NULL DEFAULT 'FARMER',
  `bank_accountHolderName` varchar(255) DEFAULT NULL,
  `bank_accountNumber` varchar(255) DEFAULT NULL,
  `bank_bankName` varchar(255) DEFAULT NULL,
  `farm_areaUnit` varchar(255) DEFAULT NULL,
  `farm_totalCultivatedArea` decimal(38,2) DEFAULT NULL,
  `farm_maxProductionQuantity` decimal(38,2) DEFAULT NULL,
  `farm_organic` bit(1) DEFAULT NULL,
  `company_id` bigint NOT NULL,
  `productType_id` bigint DEFAULT NULL,
  PRIMARY KEY (`id`),
  CONSTRAINT `FK_UserCustomer_company` FOREIGN KEY (`company_id`) REFERENCES `Company` (`id`),
  CONSTRAINT `FK_UserCustomer_productType` FOREIGN KEY (`productType_id`) REFERENCES `ProductType` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `StockOrder` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `identifier` varchar(255) DEFAULT NULL,
  `internalLotNumber` varchar(255) DEFAULT NULL,
  `orderType` enum('GENERAL_ORDER','PROCESSING_ORDER','PURCHASE_ORDER','TRANSFER_ORDER') NOT NULL,
  `pricePerUnit` decimal(38,2) DEFAULT NULL,
  `cost` decimal(38,2) DEFAULT NULL,
  `paid` decimal(38,2) DEFAULT NULL,
  `balance` decimal(38,2) DEFAULT NULL,
  `currency` varchar(255) DEFAULT NULL,
  `totalQuantity` decimal(38,2) DEFAULT NULL,
  `totalGrossQuantity` decimal(38,2) DEFAULT NULL,
  `fulfilledQuantity` decimal(38,2) DEFAULT NULL,
  `availableQuantity` decimal(38,2) DEFAULT NULL,
  `tare` decimal(38,2) DEFAULT NULL,
  `damagedWeightDeduction` decimal(38,2) DEFAULT NULL,
  `productionDate` date DEFAULT NULL,
  `deliveryTime` date DEFAULT NULL,
  `isAvailable` bit(1) NOT NULL DEFAULT b'1',
  `isOpenOrder` bit(1) NOT NULL DEFAULT b'0',
  `isPurchaseOrder` bit(1) NOT NULL DEFAULT b'0',
  `organic` bit(1) NOT NULL DEFAULT b'0',
  `womenShare` bit(1) NOT NULL DEFAULT b'0',
  `preferredWayOfPayment` enum('BANK_TRANSFER','CASH','CASH_VIA_COLLECTOR','CHEQUE','OFFSETTING','UNKNOWN') DEFAULT NULL,
  `qrCodeTag` varchar(255) DEFAULT NULL,
  `sacNumber` int DEFAULT NULL,
  `company_id` bigint NOT NULL,
  `facility_id` bigint DEFAULT NULL,
  `producerUserCustomer_id` bigint DEFAULT NULL,
  `createdBy_id` bigint NOT NULL,
  `updatedBy_id` bigint DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `IDX_StockOrder_company` (`company_id`),
  CONSTRAINT `FK_StockOrder_company` FOREIGN KEY (`company_id`) REFERENCES `Company` (`id`),
  CONSTRAINT `FK_StockOrder_facility` FOREIGN KEY (`facility_id`) REFERENCES `Facility` (`id`),
  CONSTRAINT `FK_StockOrder_producer` FOREIGN KEY (`producerUserCustomer_id`) REFERENCES `UserCustomer` (`id`),
  CONSTRAINT `FK_StockOrder_createdBy` FOREIGN KEY (`createdBy_id`) REFERENCES `User` (`id`),
  CONSTRAINT `FK_StockOrder_updatedBy` FOREIGN KEY (`updatedBy_id`) REFERENCES `User` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `Transaction` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `updateTimestamp` datetime(6) DEFAULT NULL,
  `entityVersion` bigint NOT NULL DEFAULT 0,
  `currency` varchar(255) DEFAULT NULL,
  `initiationUserId` bigint DEFAULT NULL,
  `inputQuantity` decimal(38,2) DEFAULT NULL,
  `outputQuantity` decimal(38,2) DEFAULT NULL,
  `isProcessing` bit(1) NOT NULL DEFAULT b'0',
  `pricePerUnit` decimal(38,2) DEFAULT NULL,
  `rejectComment` varchar(255) DEFAULT NULL,
  `shipmentId` varchar(255) DEFAULT NULL,
  `status` enum('CANCELED','EXECUTED','PENDING') DEFAULT NULL,
  `company_id` bigint DEFAULT NULL,
  `sourceFacility_id` bigint DEFAULT NULL,
  `sourceStockOrder_id` bigint DEFAULT NULL,
  PRIMARY KEY (`id`),
  CONSTRAINT `FK_Transaction_company` FOREIGN KEY (`company_id`) REFERENCES `Company` (`id`),
  CONSTRAINT `FK_Transaction_facility` FOREIGN KEY (`sourceFacility_id`) REFERENCES `Facility` (`id`),
  CONSTRAINT `FK_Transaction_stockOrder` FOREIGN KEY (`sourceStockOrder_id`) REFERENCES `StockOrder` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Key/value settings (GlobalSettings entity): part of the initial schema, as in the fork.
CREATE TABLE IF NOT EXISTS `GlobalSettings` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `isPublic` bit(1) DEFAULT NULL,
  `name` varchar(128) NOT NULL,
  `value` longtext,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_GlobalSettings_name` (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS `AuthenticationToken` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `creationTimestamp` datetime(6) DEFAULT NULL,
  `expiration` datetime(6) DEFAULT NULL,
  `status` enum('ACTIVE','DISABLED') NOT NULL DEFAULT 'ACTIVE',
  `token` varchar(64) NOT NULL,
  `user_id` bigint NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UK_AuthenticationToken_token` (`token`),
  CONSTRAINT `FK_AuthenticationToken_user` FOREIGN KEY (`user_id`) REFERENCES `User` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
