import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { Campaign } from '../modules/campaigns/campaign.entity.js';
import { Contract } from '../modules/contracts/contract.entity.js';
import { Document } from '../modules/contracts/document.entity.js';
import { Customer } from '../modules/customers/customer.entity.js';
import { Lead } from '../modules/leads/lead.entity.js';
import { Service } from '../modules/services/service.entity.js';
import { User } from '../modules/users/user.entity.js';
import { ApiToken } from '../modules/users/tokens.entity.js';
import { RecordEvent } from '../modules/history/record-event.entity.js';

// `date` columns stay 'YYYY-MM-DD' strings: parsing them into a local-time Date is what shifts days (AdminJS #1346).
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export const entities = [Service, Campaign, Lead, Customer, Contract, Document, User, ApiToken, RecordEvent];

export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    // Without a limit a request waits for a connection for as long as the database stays unreachable (or the pool
    // busy); with it the request fails and answers 503 with Retry-After.
    connectTimeoutMS: 10_000,
    extra: { max: poolSize, application_name: 'campaign-crm' },
  });
}
